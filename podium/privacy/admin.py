from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from podium.accounts.access import Role, role_of
from podium.privacy.models import AccessLog
from podium.roster.admin import scope


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the log is only ever added to."""

    list_display = ["at", "user", "role", "student", "what", "path"]
    list_filter = ["role", "what"]
    search_fields = ["student__last_name", "user__username"]
    date_hierarchy = "at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope(
            super().get_queryset(request).select_related("user", "student"),
            request,
            "student__school",
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return role_of(request.user) in {Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN}

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
