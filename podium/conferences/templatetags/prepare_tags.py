"""Links from the home pages into preparing a conference."""

from __future__ import annotations

from django import template

from podium.conferences.models import Cycle

register = template.Library()


@register.simple_tag
def current_cycles(school_id: int) -> list[Cycle]:
    """The school's cycles still to come, for the home pages' links to plans and readiness."""
    return list(Cycle.objects.current().filter(school_id=school_id).order_by("booking_opens_at"))
