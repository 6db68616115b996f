"""The Django admin, usable by a school admin: each sees and edits only their own school."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from podium.accounts.access import Role, role_of, staff_of
from podium.accounts.models import User
from podium.roster.models import (
    Advisory,
    AdvisoryMembership,
    Guardian,
    School,
    SchoolYear,
    Staff,
    Student,
    StudentGuardian,
)

# How to reach the school from each model a school admin may pick in a form.
SCHOOL_PATHS: dict[type[Model], str] = {
    School: "pk",
    SchoolYear: "school",
    Staff: "school",
    Student: "school",
    Advisory: "school_year__school",
    Guardian: "student_links__student__school",
}


def admin_school_id(request: HttpRequest) -> int | None:
    """The school a (non-superuser) admin works for; None for a district admin."""
    if request.user.is_superuser:
        return None
    staff = staff_of(request.user)
    return staff.school_id if staff is not None else -1


def scope(queryset: QuerySet[Any], request: HttpRequest, path: str) -> QuerySet[Any]:
    school_id = admin_school_id(request)
    if school_id is None:
        return queryset
    return queryset.filter(**{path: school_id}).distinct()


class SchoolAdminsOnly:
    """Only school admins (and the district) work in these admin pages."""

    def _is_admin(self, request: HttpRequest) -> bool:
        return role_of(request.user) in {Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN}

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._is_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_admin(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._is_admin(request)


class SchoolScoped(SchoolAdminsOnly):
    """Limits rows and choices to the admin's school; lets school admins in."""

    school_path = "school"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scope(super().get_queryset(request), request, self.school_path)  # type: ignore[misc]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        path = SCHOOL_PATHS.get(db_field.related_model)
        if path is not None:
            kwargs["queryset"] = scope(db_field.related_model.objects.all(), request, path)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


@admin.register(School)
class SchoolAdmin(SchoolScoped, admin.ModelAdmin):
    school_path = "pk"
    list_display = ["name", "timezone"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser


@admin.register(SchoolYear)
class SchoolYearAdmin(SchoolScoped, admin.ModelAdmin):
    list_display = ["name", "school", "starts_on", "ends_on", "is_current"]
    list_filter = ["is_current"]


class StaffForm(forms.ModelForm):
    username = forms.CharField(label=_("Username"), max_length=150, required=False)
    password = forms.CharField(
        label=_("Password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Set when adding a staff member; leave empty to keep the current one."),
    )

    class Meta:
        model = Staff
        fields = [
            "school",
            "role",
            "title",
            "first_name",
            "last_name",
            "email",
            "languages",
            "sis_id",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk is None:
            username = (data.get("username") or "").strip()
            if not username or not data.get("password"):
                raise forms.ValidationError(
                    _("A new staff member needs a username and a password.")
                )
            if User.objects.filter(username__iexact=username).exists():
                self.add_error("username", _("That username is taken."))
        return data


@admin.register(Staff)
class StaffAdmin(SchoolScoped, admin.ModelAdmin):
    form = StaffForm
    list_display = ["last_name", "first_name", "role", "school", "email"]
    list_filter = ["role"]
    search_fields = ["first_name", "last_name", "email"]

    def save_model(self, request: HttpRequest, obj: Staff, form: Any, change: bool) -> None:
        password = form.cleaned_data.get("password")
        # School admins work in this admin; other staff may not enter it.
        enters_admin = obj.role == Staff.Role.SCHOOL_ADMIN
        if not change:
            obj.user = User.objects.create_user(
                username=form.cleaned_data["username"].strip(),
                email=obj.email,
                password=password,
                is_staff=enters_admin,
            )
        else:
            changed = []
            if password:
                obj.user.set_password(password)
                changed.append("password")
            if obj.user.is_staff != enters_admin and not obj.user.is_superuser:
                obj.user.is_staff = enters_admin
                changed.append("is_staff")
            if changed:
                obj.user.save(update_fields=changed)
        super().save_model(request, obj, form, change)


class GuardianLinkInline(SchoolScoped, admin.TabularInline):
    model = StudentGuardian
    extra = 1
    school_path = "student__school"
    autocomplete_fields = ["student", "guardian"]


class MembershipInline(SchoolScoped, admin.TabularInline):
    model = AdvisoryMembership
    extra = 0
    school_path = "student__school"
    autocomplete_fields = ["student"]


@admin.register(Student)
class StudentAdmin(SchoolScoped, admin.ModelAdmin):
    list_display = ["last_name", "first_name", "preferred_name", "grade", "sis_id", "is_active"]
    list_filter = ["grade", "is_active"]
    search_fields = ["first_name", "last_name", "preferred_name", "sis_id"]
    exclude = ["user"]
    inlines = [GuardianLinkInline]


@admin.register(Guardian)
class GuardianAdmin(SchoolScoped, admin.ModelAdmin):
    school_path = "student_links__student__school"
    list_display = [
        "last_name",
        "first_name",
        "email",
        "mobile",
        "home_language",
        "contact_channel",
    ]
    list_filter = ["home_language", "contact_channel"]
    search_fields = ["first_name", "last_name", "email", "mobile"]
    exclude = ["user"]
    inlines = [GuardianLinkInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """A guardian another school also links is not one school's to delete.

        Deleting them would delete the other school's links too, and the
        confirmation page would list that school's children.
        """
        if not super().has_delete_permission(request, obj):
            return False
        school_id = admin_school_id(request)
        if obj is None or school_id is None:
            return True
        return not obj.student_links.exclude(student__school_id=school_id).exists()


@admin.register(Advisory)
class AdvisoryAdmin(SchoolScoped, admin.ModelAdmin):
    school_path = "school_year__school"
    list_display = ["name", "advisor", "school_year", "room"]
    # Only the years the admin's own advisories are in: the plain filter would
    # list every school's years.
    list_filter = [("school_year", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "advisor__last_name"]
    inlines = [MembershipInline]
