"""The binder in the Django admin: a school admin keeps their school's learning targets.

A target students have rated cannot be deleted (the ratings protect it); it is
retired by unticking "in use".
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from podium.accounts.access import staff_of
from podium.binder.models import LearningTarget
from podium.roster.admin import SchoolScoped


@admin.register(LearningTarget)
class LearningTargetAdmin(SchoolScoped, admin.ModelAdmin):
    list_display = ["statement", "subject", "grade_from", "grade_to", "is_active", "school"]
    list_filter = ["subject", "is_active", "grade_from"]
    search_fields = ["statement", "success_criteria"]
    exclude = ["created_by"]

    def save_model(
        self, request: HttpRequest, obj: LearningTarget, form: Any, change: bool
    ) -> None:
        if not change:
            obj.created_by = staff_of(request.user)
        super().save_model(request, obj, form, change)
