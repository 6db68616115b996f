"""Families pressing "book" at the same instant, at a running server.

gunicorn serves Podium from several processes with several threads each, on
the database this run uses: a SQLite file, or a PostgreSQL database of its
own when DATABASE_URL names PostgreSQL (see tests/conferences/live.py).
Fifty families, each signed in through a real sign-in link and looking at
the booking page, post the same time at the same instant: exactly one gets
it, the others are told it was just taken.

The control run takes the protection away (the unique active seat) and
fires again. On PostgreSQL the race then shows: each transaction reads the
seat as free, and only the index stops the second insert. On SQLite it does
not: a booking's transaction begins IMMEDIATE, holding the write lock from
before the seat is read until the booking commits, so bookings take turns.
Each database's run checks what is true of it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from tests.conferences.live import (
    Browser,
    Database,
    Page,
    Server,
    at_once,
    in_parallel,
    input_value,
    names_postgresql,
    serving,
)

pytestmark = pytest.mark.live

FAMILIES = 50
# The same form sent this many times at once: enough that some presses truly overlap.
PRESSES = 8
JUST_TAKEN = "Sorry, that time was just taken. Here are the nearest free times."
WORLD = "tests.conferences.test_concurrency:one_time_and_many_families"
ON_POSTGRESQL = names_postgresql(os.environ.get("DATABASE_URL"))


# --- run in the live database by a subprocess ------------------------------------------------


def one_time_and_many_families(*, families: int) -> dict[str, Any]:
    """An advisor with three times, 16:00 to 17:00; `families` families in her advisory.

    Every family has a sign-in link and has not booked; they all want 16:20.
    """
    from django.db import transaction
    from django.utils import timezone

    from podium.accounts.models import SignInLink
    from podium.conferences.actions import set_availability
    from podium.conferences.models import ConferenceDay, Cycle, Room, Slot
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
    from tests.cast import make_staff

    school = School.objects.create(name="Riverside K-12", timezone="America/Los_Angeles")
    year = SchoolYear.objects.create(
        school=school,
        name="2026-27",
        starts_on=dt.date(2026, 8, 20),
        ends_on=dt.date(2027, 6, 10),
        is_current=True,
    )
    advisor = make_staff(school, "rivera", Staff.Role.ADVISOR, "Elena", "Rivera", "Ms.")
    advisory = Advisory.objects.create(school_year=year, advisor=advisor, name="4R", room="12")
    now = timezone.now()
    cycle = Cycle.objects.create(
        school=school,
        school_year=year,
        name="Fall conferences",
        booking_opens_at=now - dt.timedelta(days=1),
        booking_closes_at=now + dt.timedelta(days=9),
        changes_until=now + dt.timedelta(days=9),
    )
    day = ConferenceDay.objects.create(
        cycle=cycle,
        on=timezone.localdate(now, school.zone) + dt.timedelta(days=10),
        starts=dt.time(16),
        ends=dt.time(18),
    )
    room = Room.objects.create(school=school, name="12")
    set_availability(advisor=advisor, day=day, windows=[(dt.time(16), dt.time(17), room)])
    wanted = Slot.objects.get(advisor=advisor, day=day, starts_at=day.at(dt.time(16, 20)))
    made = []
    with transaction.atomic():
        for n in range(families):
            student = Student.objects.create(
                school=school, first_name=f"Child{n}", last_name="Family", grade=4, sis_id=f"{n:06}"
            )
            AdvisoryMembership.objects.create(advisory=advisory, student=student)
            guardian = Guardian.objects.create(
                first_name=f"Parent{n}", last_name="Family", email=f"family{n}@example.com"
            )
            StudentGuardian.objects.create(student=student, guardian=guardian)
            user = guardian.ensure_user()
            made.append({"student": student.pk, "token": SignInLink.issue(user)})
    return {"cycle": cycle.pk, "slot": wanted.pk, "families": made}


def bookings_of(database: Database, slot: int) -> list[dict[str, Any]]:
    """The slot's active bookings, each with the kinds of the outbox rows written with it."""
    rows = database.execute(
        "SELECT b.id, b.seat, b.student_id, m.kind, COUNT(m.id)"
        " FROM conferences_booking b"
        " LEFT JOIN outreach_message m ON m.topic = 'booking-' || b.id"
        " WHERE b.slot_id = %s AND b.status = 'active'"
        " GROUP BY b.id, b.seat, b.student_id, m.kind",
        [slot],
    )
    found: dict[int, dict[str, Any]] = {}
    for pk, seat, student, kind, count in rows:
        booking = found.setdefault(pk, {"pk": pk, "seat": seat, "student": student, "messages": {}})
        if kind is not None:
            booking["messages"][kind] = count
    return list(found.values())


# --- fixtures and steps ----------------------------------------------------------------------


@dataclass
class Family:
    """A signed-in family looking at their child's booking page."""

    browser: Browser
    student: int
    path: str
    page: Page

    def presses_book(self, address: tuple[str, int], slot: int) -> Callable[[], Callable[[], Page]]:
        """The form as the page filled it in, with `slot` chosen, ready to send to `address`."""
        prefix = f"c{self.student}"
        fields = {
            "csrfmiddlewaretoken": self.page.csrf_token(),
            f"{prefix}-slot": str(slot),
            f"{prefix}-mode": "in_person",
            f"{prefix}-request_key": input_value(self.page.body, f"{prefix}-request_key"),
        }
        return lambda: self.browser.at(address).prepare("POST", self.path, fields)


def signed_in_and_looking(address: tuple[str, int], cycle: int, family: dict[str, Any]) -> Family:
    browser = Browser(address)
    browser.sign_in(family["token"])
    path = f"/conferences/{cycle}/student/{family['student']}/"
    page = browser.get(path)
    assert page.status == 200
    return Family(browser=browser, student=family["student"], path=path, page=page)


@dataclass
class Prepared:
    """The world in a migrated database, every family signed in and looking at the booking page.

    The sessions are in the database, so each test serves a fresh copy of it
    and the families come back to it as they left.
    """

    database: Database
    slot: int
    families: list[Family]


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prepared]:
    database = Database.create(
        like=os.environ.get("DATABASE_URL"), workdir=Path(tmp_path_factory.mktemp("live"))
    )
    try:
        database.migrate()
        world = database.run(WORLD, families=FAMILIES)
        with Server(database) as server:
            families = in_parallel(
                [
                    partial(signed_in_and_looking, server.address, world["cycle"], f)
                    for f in world["families"]
                ]
            )
        yield Prepared(database=database, slot=world["slot"], families=families)
    finally:
        database.drop()


def booking_id(answer: Page) -> int:
    assert answer.status == 302, answer.status
    assert answer.location.startswith("/conferences/booking/"), answer.location
    return int(answer.location.rstrip("/").rsplit("/", 1)[1])


def nearest_times(answer: Page) -> list[str]:
    """The times offered instead, as the family reads them."""
    notice = answer.body.split(JUST_TAKEN, 1)[1].split("</ul>", 1)[0]
    return [item.rsplit(", ", 1)[1] for item in re.findall(r"<li>(.*?)</li>", notice)]


@dataclass
class Race:
    answers: list[Page]
    bookings: list[dict[str, Any]]
    log: str

    @property
    def statuses(self) -> Counter[int]:
        return Counter(a.status for a in self.answers)

    def won(self) -> list[Page]:
        return [a for a in self.answers if a.status == 302]


def race(prepared: Prepared, *, unique_seat: bool) -> Race:
    """Every family presses "book" for the same time at once."""
    with serving(prepared.database) as server:
        if not unique_seat:
            server.database.execute("DROP INDEX booking_one_per_seat")
        answers = at_once(
            [f.presses_book(server.address, prepared.slot) for f in prepared.families]
        )
        return Race(answers, bookings_of(server.database, prepared.slot), server.log_tail())


# --- the tests -------------------------------------------------------------------------------


def test_fifty_families_pressing_book_at_once_get_one_booking(prepared: Prepared) -> None:
    found = race(prepared, unique_seat=True)

    assert found.statuses == {302: 1, 409: FAMILIES - 1}, found.log
    for answer in found.answers:
        if answer.status == 409:
            assert nearest_times(answer) == ["4 p.m.", "4:40 p.m."]
    (winner,) = found.won()
    (booking,) = found.bookings
    assert booking["pk"] == booking_id(winner)
    assert booking["seat"] == 1
    # Written in the booking's transaction: the confirmation and three reminders.
    assert booking["messages"] == {"confirmation": 1, "reminder": 3}


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the control run for PostgreSQL")
def test_without_the_unique_seat_postgresql_books_the_same_time_many_times(
    prepared: Prepared,
) -> None:
    found = race(prepared, unique_seat=False)

    assert len(found.won()) > 1, found.statuses
    assert 500 not in found.statuses, found.log
    assert sorted(b["pk"] for b in found.bookings) == sorted(booking_id(a) for a in found.won())
    assert {b["seat"] for b in found.bookings} == {1}


@pytest.mark.skipif(ON_POSTGRESQL, reason="the control run for SQLite")
def test_without_the_unique_seat_sqlite_still_books_once_because_bookings_take_turns(
    prepared: Prepared,
) -> None:
    found = race(prepared, unique_seat=False)

    assert found.statuses == {302: 1, 409: FAMILIES - 1}, found.log
    assert len(found.bookings) == 1


def test_pressing_book_again_and_again_books_once_and_every_press_shows_the_booking(
    prepared: Prepared,
) -> None:
    """A double click, or an impatient family: the same form, sent many times at once."""
    family = prepared.families[0]
    with serving(prepared.database) as server:
        press = family.presses_book(server.address, prepared.slot)
        answers = at_once([press] * PRESSES)
        found = bookings_of(server.database, prepared.slot)

    (booking,) = found
    assert booking["student"] == family.student
    assert booking["messages"] == {"confirmation": 1, "reminder": 3}
    assert [a.status for a in answers] == [302] * PRESSES
    assert {booking_id(a) for a in answers} == {booking["pk"]}
