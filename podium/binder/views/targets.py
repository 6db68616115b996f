"""The school's learning targets: "I can…" statements with success criteria, by grade range."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from podium.accounts.access import (
    Role,
    get_target_for,
    role_of,
    role_required,
    staff_of,
    targets_visible_to,
)
from podium.binder.forms_data import LearningTargetForm, TargetFilterForm
from podium.binder.models import LearningTarget
from podium.roster.models import School

TARGET_KEEPERS = (Role.ADVISOR, Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN)


@role_required(*TARGET_KEEPERS)
@require_GET
def targets(request: HttpRequest) -> HttpResponse:
    """The school's targets, filtered by grade and subject; retired ones last."""
    filters = TargetFilterForm(request.GET or None)
    found = (
        filters.filter(targets_visible_to(request.user))
        .select_related("school")
        .order_by("-is_active", "subject", "grade_from", "statement")
    )
    return render(
        request,
        "binder/targets/targets.html",
        {"targets": found, "filters": filters, "is_district": _is_district(request)},
    )


def _is_district(request: HttpRequest) -> bool:
    return role_of(request.user) == Role.DISTRICT_ADMIN


def _schools(request: HttpRequest) -> QuerySet[School] | None:
    """A district admin picks the school; everyone else adds to their own."""
    return School.objects.order_by("name") if _is_district(request) else None


@role_required(*TARGET_KEEPERS)
@require_http_methods(["GET", "POST"])
def add(request: HttpRequest) -> HttpResponse:
    staff = staff_of(request.user)
    target = LearningTarget(created_by=staff)
    if staff is not None:
        target.school_id = staff.school_id
    form = LearningTargetForm(request.POST or None, instance=target, schools=_schools(request))
    if request.method == "POST" and form.is_valid():
        target = form.save(commit=False)
        if "school" in form.cleaned_data:
            target.school = form.cleaned_data["school"]
        target.save()
        messages.success(request, _("The learning target was added."))
        return redirect("binder:targets")
    return render(
        request,
        "binder/targets/target_form.html",
        {"form": form, "target": None},
        status=400 if request.method == "POST" else 200,
    )


@role_required(*TARGET_KEEPERS)
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, target_id: int) -> HttpResponse:
    target = get_target_for(request.user, target_id)
    form = LearningTargetForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("binder:targets")
    return render(
        request,
        "binder/targets/target_form.html",
        {"form": form, "target": target},
        status=400 if request.method == "POST" else 200,
    )
