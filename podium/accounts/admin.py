from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from podium.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts across schools: for district admins (superusers) only.

    School admins manage their people through the roster pages, and set
    staff passwords there.
    """

    fieldsets = (*DjangoUserAdmin.fieldsets, ("Podium", {"fields": ("language",)}))  # type: ignore[misc]
    list_display = ["username", "email", "language", "is_active", "is_staff", "last_login"]
