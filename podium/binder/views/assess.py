"""Self-assessment: the student rates themself on each learning target of their grade."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from podium.accounts.access import Role, get_binder_student_for, role_of
from podium.binder.forms_data import SelfAssessmentForm
from podium.binder.models import GradeBand, LearningTarget, SelfAssessment
from podium.privacy.models import AccessLog

# How many earlier ratings a target shows before folding the rest away.
HISTORY_SHOWN = 5


@dataclass
class Row:
    target: LearningTarget
    history: list[SelfAssessment]

    @property
    def latest(self) -> SelfAssessment | None:
        return self.history[0] if self.history else None

    @property
    def recent(self) -> list[SelfAssessment]:
        return self.history[:HISTORY_SHOWN]

    @property
    def older(self) -> list[SelfAssessment]:
        return self.history[HISTORY_SHOWN:]


@login_required
@require_http_methods(["GET", "POST"])
def assess(request: HttpRequest, student_id: int) -> HttpResponse:
    """Each learning target of the student's grade, on the grade band's scale, with its history.

    A tap on a level (a smiley face for K–2) adds a rating; earlier ones are
    kept so growth shows. With htmx only that target's block is redrawn.
    """
    student = get_binder_student_for(request.user, student_id)
    band = GradeBand.of(student.grade)
    targets = LearningTarget.objects.for_student(student)
    # The self-assessment is the student's own: only they rate; their adults read it.
    may_rate = role_of(request.user) == Role.STUDENT and student.user_id == request.user.pk
    form = None
    if request.method == "POST":
        if not may_rate:
            raise Http404
        form = SelfAssessmentForm(request.POST, targets=targets, band=band)
        if form.is_valid():
            target = form.cleaned_data["target"]
            SelfAssessment.objects.create(
                student=student,
                target=target,
                band=band,
                level=form.cleaned_data["level"],
                note=form.cleaned_data["note"],
            )
            if request.htmx:  # type: ignore[attr-defined]
                ratings = SelfAssessment.objects.filter(student=student, target=target)
                row = Row(target, ratings.history_by_target().get(target.pk, []))
                with timezone.override(student.school.zone):
                    return render(
                        request,
                        "binder/assess/assess.html#target",
                        {
                            "row": row,
                            "student": student,
                            "band": band,
                            "may_rate": True,
                            "saved": True,
                        },
                    )
            url = reverse("binder:assess", args=[student.pk])
            return redirect(f"{url}?saved={target.pk}#target-{target.pk}")

    AccessLog.objects.record(
        user=request.user,
        role=role_of(request.user),
        student=student,
        what="self-assessment",
        path=request.path,
    )
    ratings = SelfAssessment.objects.filter(student=student, target__in=targets)
    history = ratings.history_by_target()
    rows = [
        Row(target, history.get(target.pk, []))
        for target in targets.order_by("subject", "statement")
    ]
    saved = request.GET.get("saved", "")
    return render(
        request,
        "binder/assess/assess.html",
        {
            "student": student,
            "band": band,
            "rows": rows,
            "may_rate": may_rate,
            "saved_target": int(saved) if saved.isdigit() else None,
            "error": form is not None,
        },
        status=400 if form is not None else 200,
    )
