"""After the conference: the summary page and PDF, sending it, and the family's feedback.

Whoever may see the booking reads the summary (the student, their
guardians, their advisor, the school's admins); families once the conference
is held, staff as soon as it is recorded. A conference not held yet answers
with a page that says so rather than a 404: the booking is theirs to see.
Families read only the notes the teacher shared.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.accounts.access import (
    Role,
    get_booking_for,
    get_booking_to_run,
    role_required,
    sees_private_notes,
)
from podium.conferences.forms_summary import FeedbackForm
from podium.conferences.models import Booking, Conference, Feedback
from podium.conferences.pdf import summary_filename, summary_pdf
from podium.conferences.summary import (
    AlreadySent,
    build_summary,
    conference_of,
    family_languages,
    send_summary,
    summary_recipients,
)
from podium.conferences.views.booking import guardian_of, log_read

READERS = (Role.STUDENT, Role.GUARDIAN, Role.ADVISOR, Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN)
INTERFACE_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def readable_conference(request: HttpRequest, booking: Booking) -> Conference | None:
    """The booking's conference if this reader may read its summary now, else None."""
    conference = conference_of(booking)
    if conference is None:
        return None
    if conference.is_held:
        return conference
    # Staff see the summary take shape before the outcome is recorded.
    if sees_private_notes(request.user) and not conference.outcome:
        return conference
    return None


def not_held(request: HttpRequest, booking: Booking) -> HttpResponse:
    with timezone.override(booking.cycle.zone):
        return render(
            request,
            "conferences/summary/not_held.html",
            {"booking": booking, "conference": conference_of(booking)},
        )


@role_required(*READERS)
@require_GET
def summary(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = get_booking_for(request.user, booking_id)
    conference = readable_conference(request, booking)
    if conference is None:
        return not_held(request, booking)
    staff = sees_private_notes(request.user)
    guardian = guardian_of(request)
    log_read(request, booking.student, "conference summary")
    with timezone.override(booking.cycle.zone):
        content = build_summary(conference, for_staff=staff)
        languages = family_languages(booking.student) if staff else []
        return render(
            request,
            "conferences/summary/page.html",
            {
                "summary": content,
                "staff": staff,
                "guardian": guardian,
                "my_feedback": Feedback.objects.filter(
                    conference=conference, guardian=guardian
                ).first()
                if guardian
                else None,
                "recipients": summary_recipients(booking.student) if staff else [],
                "pdf_languages": [translation.get_language_info(code) for code in languages],
            },
        )


@role_required(*READERS)
@require_GET
def summary_pdf_view(request: HttpRequest, booking_id: int) -> HttpResponse:
    """The family's summary as a PDF, in the reader's language (staff may ask for another)."""
    booking = get_booking_for(request.user, booking_id)
    conference = readable_conference(request, booking)
    if conference is None:
        raise Http404
    language = translation.get_language()
    asked = request.GET.get("language", "")
    if sees_private_notes(request.user) and asked in INTERFACE_LANGUAGES:
        language = asked
    log_read(request, booking.student, "conference summary PDF")
    started = time.perf_counter()
    pdf = summary_pdf(conference, language=language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{summary_filename(conference)}"'
    response["Server-Timing"] = f"pdf;dur={(time.perf_counter() - started) * 1000:.0f}"
    return response


@role_required(Role.ADVISOR, Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN)
@require_POST
def summary_send(request: HttpRequest, booking_id: int) -> HttpResponse:
    """Queue the summary e-mail for the family; a second sending must be asked for."""
    booking = get_booking_to_run(request.user, booking_id)
    conference = conference_of(booking)
    if conference is None or not conference.is_held:
        messages.error(
            request, _("The summary can be sent once the conference is recorded as held.")
        )
        return redirect("conferences:summary", booking.pk)
    try:
        queued = send_summary(conference=conference, again=request.POST.get("again") == "1")
    except AlreadySent:
        messages.error(
            request,
            _("The summary was already sent. To send it again, press “Send it again”."),
        )
        return redirect("conferences:summary", booking.pk)
    if queued:
        messages.success(
            request,
            _("The summary is on its way to %(names)s.")
            % {"names": ", ".join(m.guardian.full_name for m in queued if m.guardian)},
        )
    else:
        messages.error(request, _("No guardian of this student has an e-mail address."))
    return redirect("conferences:summary", booking.pk)


@role_required(Role.GUARDIAN)
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, booking_id: int) -> HttpResponse:
    """A guardian's few answers after a held conference; a second visit changes them."""
    booking = get_booking_for(request.user, booking_id)
    guardian = guardian_of(request)
    if guardian is None or not booking.student.guardian_links.filter(guardian=guardian).exists():
        raise Http404
    conference = conference_of(booking)
    if conference is None or not conference.is_held:
        return not_held(request, booking)
    existing = Feedback.objects.filter(conference=conference, guardian=guardian).first()
    form = FeedbackForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        # One row per guardian and conference, even if the form is sent twice at once.
        Feedback.objects.update_or_create(
            conference=conference, guardian=guardian, defaults=form.cleaned_data
        )
        messages.success(request, _("Thank you. Your answers reach the teacher."))
        return redirect("conferences:summary", booking.pk)
    with timezone.override(booking.cycle.zone):
        return render(
            request,
            "conferences/summary/feedback.html",
            {"booking": booking, "form": form, "existing": existing},
            status=400 if form.is_bound else 200,
        )
