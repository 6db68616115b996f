"""Any sequence of bookings, moves, cancellations and moved days keeps the booking rules.

A hypothesis state machine books, books siblings together, moves, cancels
and moves whole days, in any order, against a small world where seats run
out quickly. A plain Python model of the cycle says beforehand whether each
step succeeds, is refused, or finds its time taken; after every step the
database must hold exactly what the model holds, the rules must stand on
their own, and the outbox must hold the step's messages (or, for a refused
step, nothing must have changed at all).

The world: Riverside's winter cycle, two days three and eight days from now.
Ms. Rivera advises Mateo and Ana, Mr. Chen Lupe and Ben, Mr. Okafor Linh, Kai
and Noor. Mr. Okafor runs the simultaneous format: two families at a time.
Mateo and Lupe are Sofía's children, Ben and Kai are Ama's; Ana's father Luis
is linked to her but may not book.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, NamedTuple, TypeVar

from django.db import transaction
from django.utils import timezone
from hypothesis import event
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

from podium.accounts.models import User
from podium.conferences.actions import (
    REMINDERS,
    BookingError,
    SlotTaken,
    book,
    book_together,
    cancel,
    move,
    move_day,
    set_availability,
)
from podium.conferences.models import Booking, ConferenceDay, Cycle, Slot
from podium.outreach.models import Message
from podium.roster.models import (
    AdvisoryMembership,
    Guardian,
    Student,
    StudentGuardian,
)
from tests.cast import Cast, make_student

Outcome = Literal["ok", "taken", "refused"]
T = TypeVar("T")


class SlotKey(NamedTuple):
    advisor: str
    day: int
    at: dt.time


SLOT_LENGTH = dt.timedelta(minutes=20)
# Days as (days from today, from, until).
DAYS = ((3, dt.time(15), dt.time(18)), (8, dt.time(8), dt.time(12)))
AVAILABILITY = {
    "rivera": ((0, dt.time(16), dt.time(16, 40)), (1, dt.time(9), dt.time(9, 20))),
    "chen": ((0, dt.time(16, 20), dt.time(17)), (1, dt.time(9, 20), dt.time(9, 40))),
    "okafor": ((0, dt.time(16, 20), dt.time(16, 40)), (1, dt.time(9, 20), dt.time(9, 40))),
}
SEATS = {"rivera": 1, "chen": 1, "okafor": 2}
# What the availability above makes. At 16:20 on the first day all three
# advisors meet families; Ms. Rivera's 16:00 ends as the others' 16:20 begins.
SLOTS = (
    SlotKey("rivera", 0, dt.time(16)),
    SlotKey("rivera", 0, dt.time(16, 20)),
    SlotKey("rivera", 1, dt.time(9)),
    SlotKey("chen", 0, dt.time(16, 20)),
    SlotKey("chen", 0, dt.time(16, 40)),
    SlotKey("chen", 1, dt.time(9, 20)),
    SlotKey("okafor", 0, dt.time(16, 20)),
    SlotKey("okafor", 1, dt.time(9, 20)),
)
ADVISOR = {
    "mateo": "rivera",
    "ana": "rivera",
    "lupe": "chen",
    "ben": "chen",
    "linh": "okafor",
    "kai": "okafor",
    "noor": "okafor",
}
# (child, guardian, may book)
LINKS = (
    ("mateo", "sofia", True),
    ("lupe", "sofia", True),
    ("linh", "minh", True),
    ("ana", "carmen", True),
    ("ana", "luis", False),
    ("ben", "ama", True),
    ("kai", "ama", True),
    ("noor", "priya", True),
)
MAY_BOOK = {child: frozenset(g for c, g, may in LINKS if c == child and may) for child in ADVISOR}


def siblings_of(child: str) -> frozenset[str]:
    """Children who share a guardian with `child`, whether or not that guardian may book."""
    guardians = {g for c, g, _may in LINKS if c == child}
    return frozenset(c for c, g, _may in LINKS if g in guardians and c != child)


SIBLINGS = {child: siblings_of(child) for child in ADVISOR}
FAMILIES = (("mateo", "lupe"), ("ben", "kai"))
GUARDIANS = sorted({g for _c, g, _may in LINKS})


class Ask(NamedTuple):
    """A booking asked for: a child, a time, and who asks ("school" or a guardian)."""

    student: str
    slot: SlotKey
    by: str


class AskTogether(NamedTuple):
    """Back-to-back conferences asked for: each child's time, and who asks."""

    pairs: tuple[tuple[str, SlotKey], ...]
    by: str


def times_for(student: str) -> st.SearchStrategy[SlotKey]:
    """Mostly the child's own advisor's times, sometimes anyone's."""
    own = [slot for slot in SLOTS if slot.advisor == ADVISOR[student]]
    return st.one_of(st.sampled_from(own), st.sampled_from(SLOTS))


def askers_for(children: tuple[str, ...]) -> st.SearchStrategy[str]:
    """The school, the children's own guardians, or any guardian at all."""
    family = sorted(set().union(*(MAY_BOOK[child] for child in children)))
    return st.one_of(st.just("school"), st.sampled_from(family), st.sampled_from(GUARDIANS))


def ask(student: str) -> st.SearchStrategy[Ask]:
    return st.builds(Ask, st.just(student), times_for(student), askers_for((student,)))


def ask_together(family: tuple[str, ...]) -> st.SearchStrategy[AskTogether]:
    pairs = st.tuples(*(st.tuples(st.just(child), times_for(child)) for child in family))
    return st.builds(AskTogether, pairs, askers_for(family))


asks = st.sampled_from(sorted(ADVISOR)).flatmap(ask)
family_asks = st.sampled_from(FAMILIES).flatmap(ask_together)


# --- the world ----------------------------------------------------------------------


@dataclass
class World:
    cycle: Cycle
    days: list[ConferenceDay]
    students: dict[str, Student]
    guardians: dict[str, Guardian]
    users: dict[str, User]
    slots: dict[SlotKey, int]
    # Read back from the roster, so the rules below are checked against it, not the model.
    advisor_of: dict[int, int]
    sibling_pairs: set[tuple[int, int]]


def make_world(cast: Cast) -> World:
    zone = cast.school.zone
    now = timezone.now()
    today = timezone.localdate(now, zone)
    cycle = Cycle.objects.create(
        school=cast.school,
        school_year=cast.year,
        name="Winter conferences",
        slot_minutes=20,
        booking_opens_at=now - dt.timedelta(days=1),
        booking_closes_at=now + dt.timedelta(days=30),
        changes_until=now + dt.timedelta(days=30),
    )
    days = [
        ConferenceDay.objects.create(
            cycle=cycle, on=today + dt.timedelta(days=ahead), starts=starts, ends=ends
        )
        for ahead, starts, ends in DAYS
    ]
    advisors = {
        "rivera": cast.advisor,
        "chen": cast.sibling_advisor,
        "okafor": cast.outsider_advisor,
    }
    for name, windows in AVAILABILITY.items():
        for day, starts, ends in windows:
            set_availability(advisor=advisors[name], day=days[day], windows=[(starts, ends, None)])
    # Mr. Okafor's room holds two families at once.
    Slot.objects.filter(advisor=cast.outsider_advisor).update(seats=SEATS["okafor"])

    children = {
        "mateo": cast.student,
        "lupe": cast.sibling,
        "linh": cast.other_student,
        "ana": make_student(cast.school, cast.advisory, "Ana", "Lopez", 4, "100042"),
        "ben": make_student(cast.school, cast.sibling_advisory, "Ben", "Mensah", 0, "100078"),
        "kai": make_student(cast.school, cast.outsider_advisory, "Kai", "Mensah", 7, "100513"),
        "noor": make_student(cast.school, cast.outsider_advisory, "Noor", "Aziz", 7, "100514"),
    }
    guardians = {"sofia": cast.guardian, "minh": cast.other_guardian}
    for key, first, last in (
        ("ama", "Ama", "Mensah"),
        ("carmen", "Carmen", "Lopez"),
        ("luis", "Luis", "Lopez"),
        ("priya", "Priya", "Aziz"),
    ):
        guardians[key] = Guardian.objects.create(
            first_name=first, last_name=last, email=f"{key}@example.com"
        )
    for child, guardian, may in LINKS:
        StudentGuardian.objects.get_or_create(
            student=children[child], guardian=guardians[guardian], defaults={"may_book": may}
        )
    users = {key: guardian.ensure_user() for key, guardian in guardians.items()}
    users["school"] = cast.school_admin.user

    made = {
        SlotKey(name, index, timezone.localtime(starts_at, zone).time()): pk
        for name, staff in advisors.items()
        for index, day in enumerate(days)
        for pk, starts_at in Slot.objects.filter(advisor=staff, day=day).values_list(
            "pk", "starts_at"
        )
    }
    assert sorted(made) == sorted(SLOTS)

    households: dict[int, set[int]] = {}
    for student_id, guardian_id in StudentGuardian.objects.values_list("student_id", "guardian_id"):
        households.setdefault(guardian_id, set()).add(student_id)
    return World(
        cycle=cycle,
        days=days,
        students=children,
        guardians=guardians,
        users=users,
        slots=made,
        advisor_of=dict(
            AdvisoryMembership.objects.filter(school_year=cast.year).values_list(
                "student_id", "advisory__advisor_id"
            )
        ),
        sibling_pairs={
            (a, b)
            for household in households.values()
            for a in household
            for b in household
            if a != b
        },
    )


# --- the model ----------------------------------------------------------------------


@dataclass
class Held:
    """A booking as the model expects it."""

    student: str
    slot: SlotKey
    seat: int
    active: bool
    # The guardian it was booked with, if a guardian booked it.
    guardian: str | None

    @property
    def told(self) -> frozenset[str]:
        """The guardians its messages go to."""
        return frozenset({self.guardian}) if self.guardian else MAY_BOOK[self.student]


@dataclass
class Model:
    zone: dt.tzinfo
    dates: list[dt.date]
    bookings: dict[int, Held] = field(default_factory=dict)

    def starts(self, slot: SlotKey) -> dt.datetime:
        return dt.datetime.combine(self.dates[slot.day], slot.at, tzinfo=self.zone)

    def ends(self, slot: SlotKey) -> dt.datetime:
        return self.starts(slot) + SLOT_LENGTH

    def active(self) -> dict[int, Held]:
        return {pk: held for pk, held in self.bookings.items() if held.active}

    def holders(self, slot: SlotKey) -> list[Held]:
        return [held for held in self.active().values() if held.slot == slot]

    def first_free_seat(self, slot: SlotKey) -> int:
        taken = {held.seat for held in self.holders(slot)}
        return min(set(range(1, SEATS[slot.advisor] + 1)) - taken)

    def family_is_busy(self, student: str, slot: SlotKey) -> bool:
        return any(
            held.student in SIBLINGS[student]
            and self.starts(held.slot) < self.ends(slot)
            and self.ends(held.slot) > self.starts(slot)
            for held in self.active().values()
        )

    def booking(self, student: str, slot: SlotKey, guardian: str | None) -> Outcome:
        if slot.advisor != ADVISOR[student]:
            return "refused"
        if guardian is not None and guardian not in MAY_BOOK[student]:
            return "refused"
        if self.family_is_busy(student, slot):
            return "refused"
        # A full time is answered with the nearest free times, before anything
        # about the child's own booking.
        if len(self.holders(slot)) >= SEATS[slot.advisor]:
            return "taken"
        if any(held.student == student for held in self.active().values()):
            return "refused"
        return "ok"

    def booking_together(self, pairs: list[tuple[str, SlotKey]], guardian: str | None) -> Outcome:
        times = sorted((self.starts(slot), self.ends(slot)) for _student, slot in pairs)
        if any(later[0] < earlier[1] for earlier, later in itertools.pairwise(times)):
            return "refused"
        trial = copy.deepcopy(self)
        for placeholder, (student, slot) in enumerate(pairs, start=1):
            outcome = trial.booking(student, slot, guardian)
            if outcome != "ok":
                return outcome
            trial.record_booking(-placeholder, student, slot, guardian)
        return "ok"

    def record_booking(self, pk: int, student: str, slot: SlotKey, guardian: str | None) -> None:
        self.bookings[pk] = Held(student, slot, self.first_free_seat(slot), True, guardian)

    def moving(self, pk: int, slot: SlotKey) -> Outcome:
        held = self.bookings[pk]
        if not held.active:
            return "refused"
        if slot == held.slot:
            return "ok"
        if slot.advisor != ADVISOR[held.student] or self.family_is_busy(held.student, slot):
            return "refused"
        if len(self.holders(slot)) >= SEATS[slot.advisor]:
            return "taken"
        return "ok"

    def cancelling(self, pk: int) -> Outcome:
        return "ok" if self.bookings[pk].active else "refused"

    def moving_day(self, to: dt.date, today: dt.date) -> Outcome:
        return "refused" if to <= today or to in self.dates else "ok"


# --- the database, as seen before and after a step --------------------------------------


class SlotRow(NamedTuple):
    advisor: int
    seats: int
    starts: dt.datetime
    ends: dt.datetime


class BookingRow(NamedTuple):
    student: int
    slot: int
    seat: int
    status: str
    guardian: int | None


class MessageRow(NamedTuple):
    kind: str
    guardian: int | None
    topic: str
    status: str
    send_after: dt.datetime


@dataclass(frozen=True)
class Snapshot:
    days: dict[int, dt.date]
    slots: dict[int, SlotRow]
    bookings: dict[int, BookingRow]
    messages: dict[int, MessageRow]


def snapshot(cycle: Cycle) -> Snapshot:
    slots = Slot.objects.filter(day__cycle=cycle)
    bookings = Booking.objects.filter(cycle=cycle)
    return Snapshot(
        days=dict(ConferenceDay.objects.filter(cycle=cycle).values_list("pk", "on")),
        slots={
            pk: SlotRow(advisor, seats, starts, ends)
            for pk, advisor, seats, starts, ends in slots.values_list(
                "pk", "advisor_id", "seats", "starts_at", "ends_at"
            )
        },
        bookings={
            pk: BookingRow(student, slot, seat, status, guardian)
            for pk, student, slot, seat, status, guardian in bookings.values_list(
                "pk", "student_id", "slot_id", "seat", "status", "guardian_id"
            )
        },
        messages={
            pk: MessageRow(kind, guardian, topic, status, at)
            for pk, kind, guardian, topic, status, at in Message.objects.values_list(
                "pk", "kind", "guardian_id", "topic", "status", "send_after"
            )
        },
    )


def attempt(step: Callable[[], T]) -> tuple[Outcome, T | None]:
    try:
        result = step()
    except SlotTaken:
        return "taken", None
    except BookingError:
        return "refused", None
    return "ok", result


# --- the machine ----------------------------------------------------------------------


class BookingMachine(RuleBasedStateMachine):
    """Each step asks the model first, acts, then compares the database before and after."""

    # Bookings as they were made; cancelling one moves it to `cancelled`.
    bookings = Bundle("bookings")
    cancelled = Bundle("cancelled")

    def __init__(self, world: World) -> None:
        super().__init__()
        self.world = world
        self.zone = world.cycle.school.zone
        self.model = Model(zone=self.zone, dates=[day.on for day in world.days])
        self.guardian_pk = {key: guardian.pk for key, guardian in world.guardians.items()}
        # Each run starts from the same world and leaves nothing behind.
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()
        # The database as last read: after the previous step, before the next.
        self.seen = snapshot(world.cycle)

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.savepoint.__exit__(None, None, None)

    def slot(self, key: SlotKey) -> Slot:
        return Slot.objects.select_related("day__cycle__school").get(pk=self.world.slots[key])

    def guardian(self, booker: str) -> Guardian | None:
        return None if booker == "school" else self.world.guardians[booker]

    def by(self, booking: int, *, staff: bool) -> User:
        """The school admin, or a guardian of the child."""
        return self.world.users["school" if staff else min(self.model.bookings[booking].told)]

    # --- steps --------------------------------------------------------------------------

    @rule(target=bookings, ask=asks)
    def book(self, ask: Ask) -> object:
        student, slot, booker = ask
        guardian = None if booker == "school" else booker
        expected = self.model.booking(student, slot, guardian)
        started = timezone.now()

        outcome, booking = attempt(
            lambda: book(
                student=self.world.students[student],
                slot=self.slot(slot),
                by=self.world.users[booker],
                guardian=self.guardian(booker),
                staff=guardian is None,
            )
        )

        event(f"book: {outcome}")
        assert outcome == expected
        before, after = self.look()
        if booking is None:
            assert after == before
            return multiple()
        self.model.record_booking(booking.pk, student, slot, guardian)
        self.told(before, after, Message.Kind.CONFIRMATION, [booking.pk], started)
        return booking.pk

    @rule(target=bookings, ask=family_asks)
    def book_siblings_together(self, ask: AskTogether) -> object:
        pairs, booker = list(ask.pairs), ask.by
        guardian = None if booker == "school" else booker
        expected = self.model.booking_together(pairs, guardian)
        started = timezone.now()

        outcome, made = attempt(
            lambda: book_together(
                pairs=[(self.world.students[s], self.slot(key)) for s, key in pairs],
                by=self.world.users[booker],
                guardian=self.guardian(booker),
                staff=guardian is None,
            )
        )

        event(f"book together: {outcome}")
        assert outcome == expected
        before, after = self.look()
        if made is None:
            assert after == before
            return multiple()
        assert [b.student_id for b in made] == [self.world.students[s].pk for s, _slot in pairs]
        for booking, (student, slot) in zip(made, pairs, strict=True):
            self.model.record_booking(booking.pk, student, slot, guardian)
        self.told(before, after, Message.Kind.CONFIRMATION, [b.pk for b in made], started)
        return multiple(*(b.pk for b in made))

    @rule(booking=bookings, data=st.data(), staff=st.booleans())
    def move(self, booking: int, data: st.DataObject, staff: bool) -> None:
        self.try_moving(booking, data, staff=staff)

    @rule(booking=cancelled, data=st.data(), staff=st.booleans())
    def move_a_cancelled_conference(self, booking: int, data: st.DataObject, staff: bool) -> None:
        self.try_moving(booking, data, staff=staff)

    @rule(target=cancelled, booking=consumes(bookings), staff=st.booleans())
    def cancel(self, booking: int, staff: bool) -> object:
        self.try_cancelling(booking, staff=staff)
        return booking

    @rule(booking=cancelled, staff=st.booleans())
    def cancel_again(self, booking: int, staff: bool) -> None:
        self.try_cancelling(booking, staff=staff)

    @rule(day=st.sampled_from((0, 1)), days_from_today=st.integers(min_value=-1, max_value=10))
    def move_day(self, day: int, days_from_today: int) -> None:
        today = timezone.localdate(timezone.now(), self.zone)
        to = today + dt.timedelta(days=days_from_today)
        expected = self.model.moving_day(to, today)
        moving = sorted(pk for pk, held in self.model.active().items() if held.slot.day == day)
        started = timezone.now()

        outcome, families = attempt(
            lambda: move_day(day=self.world.days[day], to=to, by=self.world.users["school"])
        )

        event(f"move day: {outcome}")
        assert outcome == expected
        before, after = self.look()
        if outcome != "ok":
            assert after == before
            return
        assert families == len(moving)
        # Every time of the day is on the new date at the same time of day, and
        # every booking still holds its time.
        for pk in (self.world.slots[key] for key in SLOTS if key.day == day):
            was = timezone.localtime(before.slots[pk].starts, self.zone)
            now = timezone.localtime(after.slots[pk].starts, self.zone)
            assert (now.date(), now.time()) == (to, was.time())
        assert after.bookings == before.bookings
        self.model.dates[day] = to
        self.told(before, after, Message.Kind.DAY_MOVED, moving, started)

    def try_moving(self, booking: int, data: st.DataObject, *, staff: bool) -> None:
        slot = data.draw(times_for(self.model.bookings[booking].student), label="to")
        expected = self.model.moving(booking, slot)
        stays = self.model.bookings[booking].slot == slot
        started = timezone.now()

        outcome, _moved = attempt(
            lambda: move(
                booking=Booking.objects.get(pk=booking),
                slot=self.slot(slot),
                by=self.by(booking, staff=staff),
                staff=staff,
            )
        )

        event(f"move: {outcome}{' (same time)' if stays else ''}")
        assert outcome == expected
        before, after = self.look()
        if outcome != "ok" or stays:
            assert after == before
            return
        held = self.model.bookings[booking]
        held.seat, held.slot = self.model.first_free_seat(slot), slot
        self.told(before, after, Message.Kind.CHANGED, [booking], started)

    def try_cancelling(self, booking: int, *, staff: bool) -> None:
        expected = self.model.cancelling(booking)
        started = timezone.now()

        outcome, _cancelled = attempt(
            lambda: cancel(
                booking=Booking.objects.get(pk=booking),
                by=self.by(booking, staff=staff),
                staff=staff,
            )
        )

        event(f"cancel: {outcome}")
        assert outcome == expected
        before, after = self.look()
        if outcome != "ok":
            assert after == before
            return
        self.model.bookings[booking].active = False
        self.told(before, after, Message.Kind.CANCELLED, [booking], started)

    # --- what a step leaves behind ------------------------------------------------------

    def look(self) -> tuple[Snapshot, Snapshot]:
        """The database as the step found it and as it left it, which the invariant checks."""
        before, self.seen = self.seen, snapshot(self.world.cycle)
        return before, self.seen

    def told(
        self, before: Snapshot, after: Snapshot, kind: str, pks: list[int], started: dt.datetime
    ) -> None:
        """Each booking in `pks` told its guardians `kind`, with fresh reminders while it stands.

        No older message changed but the pending reminders of those bookings, now withdrawn.
        """
        finished = timezone.now()
        topics = {f"booking-{pk}": pk for pk in pks}
        for pk, message in before.messages.items():
            if (
                message.topic in topics
                and message.kind == Message.Kind.REMINDER
                and message.status == Message.Status.PENDING
            ):
                message = message._replace(status=Message.Status.WITHDRAWN)
            assert after.messages[pk] == message
        new = [message for pk, message in after.messages.items() if pk not in before.messages]
        assert all(m.topic in topics and m.status == Message.Status.PENDING for m in new)
        assert Counter(
            (m.kind, m.guardian, m.topic) for m in new if m.kind != Message.Kind.REMINDER
        ) == Counter(
            (kind, self.guardian_pk[g], f"booking-{pk}")
            for pk in pks
            for g in self.model.bookings[pk].told
        )
        for topic, pk in topics.items():
            reminders = {
                (m.guardian, m.send_after)
                for m in new
                if m.kind == Message.Kind.REMINDER and m.topic == topic
            }
            # A reminder falling due while the step ran may or may not be written.
            assert self.reminders(pk, finished) <= reminders <= self.reminders(pk, started)

    def reminders(self, pk: int, now: dt.datetime) -> set[tuple[int, dt.datetime]]:
        held = self.model.bookings[pk]
        if not held.active:
            return set()
        # The outbox counts back in real hours, whatever the clocks do in between.
        starts = self.model.starts(held.slot).astimezone(dt.UTC)
        return {
            (self.guardian_pk[g], starts - ahead)
            for g in held.told
            for ahead in REMINDERS
            if starts - ahead > now
        }

    @invariant()
    def the_database_keeps_the_rules_and_holds_what_the_model_holds(self) -> None:
        """Read from the database as the last step left it (see `look`)."""
        self.check_rules(self.seen)
        self.check_model(self.seen)

    def check_rules(self, seen: Snapshot) -> None:
        """The rules, read from the database and the roster alone."""
        active = [b for b in seen.bookings.values() if b.status == Booking.Status.ACTIVE]
        per_slot = Counter(b.slot for b in active)
        for b in active:
            slot = seen.slots[b.slot]
            assert per_slot[b.slot] <= slot.seats
            assert 1 <= b.seat <= slot.seats
            assert slot.advisor == self.world.advisor_of[b.student]
        assert len({(b.slot, b.seat) for b in active}) == len(active)
        assert len({b.student for b in active}) == len(active)
        for one, other in itertools.combinations(active, 2):
            if (one.student, other.student) in self.world.sibling_pairs:
                first, second = seen.slots[one.slot], seen.slots[other.slot]
                assert first.ends <= second.starts or second.ends <= first.starts

    def check_model(self, seen: Snapshot) -> None:
        world, model = self.world, self.model
        assert seen.days == {day.pk: on for day, on in zip(world.days, model.dates, strict=True)}
        assert {pk: (row.starts, row.ends) for pk, row in seen.slots.items()} == {
            world.slots[key]: (model.starts(key), model.ends(key)) for key in SLOTS
        }
        assert seen.bookings == {
            pk: BookingRow(
                world.students[held.student].pk,
                world.slots[held.slot],
                held.seat,
                Booking.Status.ACTIVE if held.active else Booking.Status.CANCELLED,
                self.guardian_pk[held.guardian] if held.guardian else None,
            )
            for pk, held in model.bookings.items()
        }


def test_any_sequence_of_bookings_moves_and_cancellations_keeps_the_rules(cast: Cast) -> None:
    world = make_world(cast)

    class InThisWorld(BookingMachine):
        def __init__(self) -> None:
            super().__init__(world)

    run_state_machine_as_test(
        InThisWorld,
        settings=hypothesis_settings(max_examples=30, stateful_step_count=20, deadline=None),
    )
