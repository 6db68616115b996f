from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from podium.accounts.access import Role, get_student_for, role_required
from podium.privacy.models import AccessLog


@role_required(Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN)
@require_GET
def student_access_log(request: HttpRequest, student_id: int) -> HttpResponse:
    """Who has read this student's record: the record of disclosures a family may ask for."""
    student = get_student_for(request.user, student_id)
    entries = AccessLog.objects.filter(student=student).select_related("user")[:500]
    return render(request, "privacy/access_log.html", {"student": student, "entries": entries})
