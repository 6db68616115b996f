"""Sending what the outbox holds: due messages, rendered in the recipient's language."""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from podium.conferences.models import Conference
from podium.conferences.pdf import summary_filename, summary_pdf
from podium.outreach.calendar import booking_url, conference_ics
from podium.outreach.models import Message

log = logging.getLogger(__name__)

# Messages that carry the conference's calendar file.
WITH_CALENDAR = {
    Message.Kind.CONFIRMATION,
    Message.Kind.CHANGED,
    Message.Kind.DAY_MOVED,
    Message.Kind.CANCELLED,
}


def render(message: Message) -> EmailMultiAlternatives:
    if message.kind == Message.Kind.SUMMARY:
        return render_summary(message)
    facts = message.context
    zone = zoneinfo.ZoneInfo(facts["zone"])
    context = {
        "kind": message.kind,
        "facts": facts,
        "starts_at": dt.datetime.fromisoformat(facts["starts_at"]).astimezone(zone),
        "ends_at": dt.datetime.fromisoformat(facts["ends_at"]).astimezone(zone),
        "old_date": dt.date.fromisoformat(facts["old_date"]) if facts.get("old_date") else None,
        "link": booking_url(facts),
        "name": message.guardian.first_name if message.guardian else "",
    }
    with translation.override(message.language), timezone.override(zone):
        subject = " ".join(
            render_to_string("outreach/email/conference_subject.txt", context).split()
        )
        text = render_to_string("outreach/email/conference.txt", context)
        html = render_to_string("outreach/email/conference.html", context)
    email = EmailMultiAlternatives(subject=subject, body=text, to=[message.to])
    email.attach_alternative(html, "text/html")
    if message.kind in WITH_CALENDAR:
        cancelled = message.kind == Message.Kind.CANCELLED
        ics = conference_ics(facts, language=message.language, cancelled=cancelled)
        part = MIMEText(ics.decode(), "calendar", "utf-8")
        part.set_param("method", "CANCEL" if cancelled else "PUBLISH")
        part.add_header("Content-Disposition", "attachment", filename="conference.ics")
        email.attach(part)
    return email


def render_summary(message: Message) -> EmailMultiAlternatives:
    """The conference summary, with its PDF drawn now from the database in the reader's language."""
    facts = message.context
    conference = Conference.objects.select_related(
        "booking__student", "booking__slot__advisor", "booking__cycle__school"
    ).get(pk=facts["conference"], booking_id=facts["booking"])
    zone = zoneinfo.ZoneInfo(facts["zone"])
    booking_id = facts["booking"]
    context = {
        "facts": facts,
        "starts_at": dt.datetime.fromisoformat(facts["starts_at"]).astimezone(zone),
        "link": settings.SITE_URL + reverse("conferences:summary", args=[booking_id]),
        "feedback_link": settings.SITE_URL + reverse("conferences:feedback", args=[booking_id]),
        "name": message.guardian.first_name if message.guardian else "",
    }
    with translation.override(message.language), timezone.override(zone):
        subject = " ".join(render_to_string("outreach/email/summary_subject.txt", context).split())
        text = render_to_string("outreach/email/summary.txt", context)
        html = render_to_string("outreach/email/summary.html", context)
    email = EmailMultiAlternatives(subject=subject, body=text, to=[message.to])
    email.attach_alternative(html, "text/html")
    pdf = summary_pdf(conference, language=message.language)
    email.attach(summary_filename(conference), pdf, "application/pdf")
    return email


def send_one(message: Message) -> bool:
    try:
        render(message).send()
    except Exception as error:  # any failure is retried later
        log.warning("message %s not sent: %r", message.pk, error)
        message.record_failure(repr(error))
        return False
    message.record_sent()
    return True


def send_due(*, limit: int = 200) -> tuple[int, int]:
    """Send up to `limit` due messages; returns (sent, failed this time)."""
    sent = failed = 0
    locks = connection.features.has_select_for_update_skip_locked
    for _ in range(limit):
        if locks:
            # Several workers: each message is locked by the one sending it.
            with transaction.atomic():
                message = Message.objects.due().select_for_update(skip_locked=True).first()
                if message is None:
                    break
                ok = send_one(message)
        else:
            # SQLite has one worker; holding its write lock while the mail
            # server answers would stall every booking.
            message = Message.objects.due().first()
            if message is None:
                break
            ok = send_one(message)
        sent += ok
        failed += not ok
    return sent, failed
