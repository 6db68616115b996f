"""The summaries a family can go back to, for a page whose view belongs to another part."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from podium.conferences.models import Booking, Conference
from podium.roster.models import Student

register = template.Library()


@register.simple_tag
def held_bookings(students: Iterable[Student]) -> dict[int, list[Booking]]:
    """Each student's held conferences (as bookings, newest first), whatever the cycle.

    One query for them all. Called only with students the page's view already
    fetched through the access layer.
    """
    found: dict[int, list[Booking]] = {}
    bookings = (
        Booking.objects.filter(
            student__in=[student.pk for student in students],
            conference__outcome=Conference.Outcome.HELD,
        )
        .select_related("cycle")
        .order_by("-slot__starts_at")
    )
    for booking in bookings:
        found.setdefault(booking.student_id, []).append(booking)
    return found


@register.filter
def of_student(held: dict[int, list[Booking]], student: Student) -> list[Booking]:
    return held.get(student.pk, [])[:3]
