"""Calendar files (.ics) for a conference, in the family's language and the school's zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event


def conference_ics(facts: dict[str, Any], *, language: str, cancelled: bool = False) -> bytes:
    """One VEVENT for the conference `facts` describes (see conferences.actions.booking_facts)."""
    zone = zoneinfo.ZoneInfo(facts["zone"])
    starts = dt.datetime.fromisoformat(facts["starts_at"]).astimezone(zone)
    ends = dt.datetime.fromisoformat(facts["ends_at"]).astimezone(zone)
    with translation.override(language):
        summary = _("Student-led conference: %(student)s with %(advisor)s") % facts
        lines = [facts["school"]]
        if facts.get("meeting_url"):
            lines.append(_("Online: %(url)s") % {"url": facts["meeting_url"]})
        if facts.get("paired_event"):
            lines.append(facts["paired_event"])
        lines.append(_("To change: %(url)s") % {"url": booking_url(facts)})
        location = facts.get("meeting_url") or (
            _("%(school)s, room %(room)s") % facts if facts.get("room") else facts["school"]
        )
    calendar = Calendar()
    calendar.add("prodid", "-//Podium//Student-led conferences//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", f"booking-{facts['booking']}@{settings.SITE_URL.split('://')[-1]}")
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    # Each version of the event supersedes the last in the family's calendar.
    event.add("sequence", int(dt.datetime.now(dt.UTC).timestamp()) - 1_700_000_000)
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("summary", summary)
    event.add("location", location)
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def booking_url(facts: dict[str, Any]) -> str:
    from django.urls import reverse

    return settings.SITE_URL + reverse("conferences:booking", args=[facts["booking"]])
