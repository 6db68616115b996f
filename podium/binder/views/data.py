"""The student's data: measures tracked over time, drawn as charts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from podium.accounts.access import (
    can_edit_binder,
    get_binder_student_for,
    get_measure_for,
    role_of,
)
from podium.binder.charts import chart_svg
from podium.binder.forms_data import DataPointForm, MeasureForm
from podium.binder.models import DataPoint, Measure
from podium.privacy.models import AccessLog
from podium.roster.models import Student


def _today(student: Student) -> dt.date:
    return timezone.localdate(timezone=student.school.zone)


def _log(request: HttpRequest, student: Student) -> None:
    AccessLog.objects.record(
        user=request.user,
        role=role_of(request.user),
        student=student,
        what="data",
        path=request.path,
    )


def _card(measure: Measure, student: Student, form: DataPointForm | None) -> dict[str, object]:
    return {
        "measure": measure,
        "chart": chart_svg(measure, list(measure.points.all()), student.grade),
        "form": form,
    }


def _points() -> Prefetch[Any]:
    return Prefetch("points", queryset=DataPoint.objects.order_by("on"))


@login_required
@require_GET
def measures(request: HttpRequest, student_id: int) -> HttpResponse:
    """Every measure of the student, each with its chart and, for those who may, a quick entry."""
    student = get_binder_student_for(request.user, student_id)
    _log(request, student)
    can_edit = can_edit_binder(request.user, student)
    today = _today(student)
    cards = [
        _card(
            measure,
            student,
            _point_form(measure, today) if can_edit else None,
        )
        for measure in student.measures.prefetch_related(_points()).order_by("name")
    ]
    return render(
        request,
        "binder/data/measures.html",
        {
            "student": student,
            "cards": cards,
            "can_edit": can_edit,
        },
    )


# What schools usually track, offered as the student types (in their language).
SUGGESTIONS = [
    gettext_lazy("Reading level"),
    gettext_lazy("Multiplication facts I know"),
    gettext_lazy("Words per minute"),
    gettext_lazy("Sight words I know"),
    gettext_lazy("Attendance (%)"),
    gettext_lazy("Homework turned in (%)"),
]


@login_required
@require_http_methods(["GET", "POST"])
def add_measure(request: HttpRequest, student_id: int) -> HttpResponse:
    student = get_binder_student_for(request.user, student_id, write=True)
    form = MeasureForm(request.POST or None, instance=Measure(student=student))
    if request.method == "POST" and form.is_valid():
        measure = form.save()
        messages.success(request, _("Added. Now enter the first value."))
        return redirect("binder:measure", measure.pk)
    return render(
        request,
        "binder/data/measure_form.html",
        {"student": student, "form": form, "suggestions": SUGGESTIONS},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure(request: HttpRequest, measure_id: int) -> HttpResponse:
    """One measure: its chart, its values, and (for the student and their adults) new values.

    A POST adds the value of a day (a second value for the same day replaces
    the first), removes a value, or changes the measure itself.
    """
    measure = get_measure_for(request.user, measure_id, write=request.method == "POST")
    student = measure.student
    today = _today(student)
    action = request.POST.get("action", "point") if request.method == "POST" else ""
    if action == "delete-point":
        point_id = request.POST.get("point", "")
        deleted = point_id.isdigit() and measure.points.filter(pk=point_id).delete()[0]
        if not deleted:
            raise Http404
        messages.success(request, _("The value was removed."))
        return redirect("binder:measure", measure.pk)

    # A copy, so that a refused change does not show up in the page's heading.
    measure_form = MeasureForm(
        request.POST if action == "edit" else None,
        instance=Measure.objects.get(pk=measure.pk) if action == "edit" else measure,
    )
    point_form = _point_form(measure, today, request.POST if action == "point" else None)
    if action == "edit" and measure_form.is_valid():
        measure_form.save()
        messages.success(request, _("Saved."))
        return redirect("binder:measure", measure.pk)
    if action == "point" and point_form.is_valid():
        assert request.user.is_authenticated
        DataPoint.objects.update_or_create(
            measure=measure,
            on=point_form.cleaned_data["on"],
            defaults={"value": point_form.cleaned_data["value"], "entered_by": request.user},
        )
        if request.htmx:  # type: ignore[attr-defined]
            return _card_response(request, measure, _point_form(measure, today), saved=True)
        if request.POST.get("back") == "list":
            return redirect(reverse("binder:data", args=[student.pk]) + f"#measure-{measure.pk}")
        messages.success(request, _("Saved."))
        return redirect("binder:measure", measure.pk)
    if action == "point" and request.htmx:  # type: ignore[attr-defined]
        # htmx swaps only a 2xx answer: the card comes back with the error in it.
        return _card_response(request, measure, point_form)

    _log(request, student)
    points = list(measure.points.order_by("on"))
    return render(
        request,
        "binder/data/measure.html",
        {
            "student": student,
            "measure": measure,
            "chart": chart_svg(measure, points, student.grade),
            "points": points[::-1],
            "can_edit": can_edit_binder(request.user, student),
            "point_form": point_form,
            "measure_form": measure_form,
        },
        status=400 if request.method == "POST" else 200,
    )


def _point_form(measure: Measure, today: dt.date, data: QueryDict | None = None) -> DataPointForm:
    return DataPointForm(data, prefix=f"m{measure.pk}", initial={"on": today}, today=today)


def _card_response(
    request: HttpRequest, measure: Measure, form: DataPointForm, *, saved: bool = False
) -> HttpResponse:
    """The measure's card on the data page, redrawn after a value was entered there."""
    student = measure.student
    measure = Measure.objects.prefetch_related(_points()).get(pk=measure.pk)
    return render(
        request,
        "binder/data/measures.html#measure-card",
        {**_card(measure, student, form), "student": student, "can_edit": True, "saved": saved},
    )


@login_required
@require_GET
def chart(request: HttpRequest, measure_id: int) -> HttpResponse:
    """The chart alone, as an SVG file, for slides, PDFs and anyone who wants the picture."""
    measure = get_measure_for(request.user, measure_id)
    _log(request, measure.student)
    svg = chart_svg(measure, list(measure.points.order_by("on")), measure.student.grade)
    response = HttpResponse(
        '<?xml version="1.0" encoding="utf-8"?>\n' + svg,
        content_type="image/svg+xml; charset=utf-8",
    )
    # Never run as a document: no sniffing into HTML, no script, no same-origin rights.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    patch_cache_control(response, private=True, no_cache=True)
    return response
