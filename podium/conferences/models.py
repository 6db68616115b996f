"""Conference cycles, advisors' availability, slots and bookings.

A cycle is one round of conferences at a school (for example the fall
student-led conferences): its days and their time windows, the slot length,
rooms, modes and the booking window. Advisors give their availability inside
the days' windows and slots are generated from it. A slot holds one
conference, or, in the simultaneous format, one per seat; a booking claims a
seat of a slot, and the database refuses a second active booking of the same
seat, so two families pressing "book" at the same instant cannot both get it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from podium.binder.models import Artifact, Goal, GradeBand, Measure, SelfAssessment
from podium.conferences.agenda import DEFAULT_MINUTES, SectionKind, default_prompt, default_title
from podium.roster.models import HOME_LANGUAGES, Guardian, School, SchoolYear, Staff, Student

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from django_stubs_ext import StrOrPromise


class Room(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="room_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class CycleQuerySet(models.QuerySet["Cycle"]):
    def current(self) -> CycleQuerySet:
        """Cycles not cancelled whose last day is today or later."""
        return self.filter(is_cancelled=False, days__on__gte=timezone.localdate()).distinct()


class Cycle(models.Model):
    """One round of conferences at a school."""

    class Placement(models.TextChoices):
        FAMILIES = "families", _("Families book their own times")
        SCHOOL = "school", _("Families give the times they can come; the school places everyone")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="cycles")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="cycles")
    name = models.CharField(_("name"), max_length=100, help_text=_("For example Fall conferences."))
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"), default=20)
    buffer_minutes = models.PositiveSmallIntegerField(
        _("buffer between slots (minutes)"), default=0
    )
    seats_per_slot = models.PositiveSmallIntegerField(
        _("families per slot"),
        default=1,
        help_text=_(
            "More than one for the simultaneous format: several families in the room at once, "
            "each student leading their own conference."
        ),
    )
    rooms = models.ManyToManyField(Room, blank=True, related_name="cycles", verbose_name=_("rooms"))
    offers_in_person = models.BooleanField(_("in person"), default=True)
    offers_online = models.BooleanField(_("online"), default=True)
    booking_opens_at = models.DateTimeField(_("booking opens"))
    booking_closes_at = models.DateTimeField(_("booking closes"))
    changes_until = models.DateTimeField(
        _("changes allowed until"),
        help_text=_("After this, families contact the school to change or cancel."),
    )
    participation_target = models.PositiveSmallIntegerField(
        _("participation target (%)"), default=95
    )
    report_cards_at_conference = models.BooleanField(
        _("report cards are handed out at the conference"), default=False
    )
    paired_event = models.CharField(
        _("paired event"),
        max_length=200,
        blank=True,
        help_text=_("Shown on invitations, for example: the spring concert at 6 pm."),
    )
    contact = models.CharField(
        _("whom families contact"),
        max_length=200,
        blank=True,
        help_text=_("For example: the front office, 503-555-0100."),
    )
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    placement = models.CharField(
        _("how families get their times"),
        max_length=10,
        choices=Placement.choices,
        default=Placement.FAMILIES,
    )
    times_close_at = models.DateTimeField(
        _("families give their times until"),
        null=True,
        blank=True,
        help_text=_("When the school places every family: the end of the collection window."),
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-booking_opens_at"]
        verbose_name = _("conference cycle")
        verbose_name_plural = _("conference cycles")
        constraints = [
            models.CheckConstraint(
                condition=Q(booking_closes_at__gt=models.F("booking_opens_at")),
                name="cycle_booking_window_ordered",
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=5) & Q(slot_minutes__lte=120),
                name="cycle_slot_length_sensible",
            ),
            models.CheckConstraint(
                condition=Q(seats_per_slot__gte=1) & Q(seats_per_slot__lte=12),
                name="cycle_seats_sensible",
            ),
            models.CheckConstraint(
                condition=Q(participation_target__lte=100), name="cycle_target_is_a_percentage"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.school_year_id and self.school_id and self.school_year.school_id != self.school_id:
            raise ValidationError(_("The school year belongs to another school."))
        if (
            self.booking_opens_at
            and self.booking_closes_at
            and self.booking_closes_at <= self.booking_opens_at
        ):
            raise ValidationError(_("Booking must close after it opens."))
        if not (self.offers_in_person or self.offers_online):
            raise ValidationError(_("Offer conferences in person, online, or both."))

    @property
    def zone(self) -> ZoneInfo:
        return self.school.zone

    @property
    def is_simultaneous(self) -> bool:
        return self.seats_per_slot > 1

    def is_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return not self.is_cancelled and self.booking_opens_at <= now < self.booking_closes_at

    def allows_changes(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return not self.is_cancelled and now < self.changes_until

    @property
    def is_placed_by_school(self) -> bool:
        return self.placement == self.Placement.SCHOOL

    @property
    def collects_times(self) -> bool:
        """Families give their times and wait for the school's schedule."""
        return self.is_placed_by_school and self.published_at is None

    def takes_times(self, now: dt.datetime | None = None) -> bool:
        """Families may give or change their times now."""
        now = now or timezone.now()
        closes = self.times_close_at or self.booking_closes_at
        return (
            self.collects_times and not self.is_cancelled and self.booking_opens_at <= now < closes
        )

    def modes(self) -> list[Booking.Mode]:
        modes = []
        if self.offers_in_person:
            modes.append(Booking.Mode.IN_PERSON)
        if self.offers_online:
            modes.append(Booking.Mode.ONLINE)
        return modes


class ConferenceDay(models.Model):
    """A day of the cycle and its window, e.g. a minimum day 12:30–17:30."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="days")
    on = models.DateField(_("date"))
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    label = models.CharField(
        _("label"), max_length=100, blank=True, help_text=_("For example Minimum day or Evening.")
    )

    class Meta:
        ordering = ["on", "starts"]
        verbose_name = _("conference day")
        verbose_name_plural = _("conference days")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "on"], name="day_unique_date"),
            models.CheckConstraint(condition=Q(ends__gt=models.F("starts")), name="day_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.starts:%H:%M}–{self.ends:%H:%M}"

    def at(self, time: dt.time) -> dt.datetime:
        """`time` on this day in the school's zone, as an aware datetime."""
        return dt.datetime.combine(self.on, time, tzinfo=self.cycle.zone)


class Availability(models.Model):
    """When an advisor is free for conferences on a day; slots are generated from it."""

    day = models.ForeignKey(ConferenceDay, on_delete=models.CASCADE, related_name="availability")
    advisor = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="availability")
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    room = models.ForeignKey(
        Room, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("room")
    )

    class Meta:
        ordering = ["day__on", "starts"]
        verbose_name = _("availability")
        verbose_name_plural = _("availability")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")), name="availability_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.advisor} {self.day.on} {self.starts:%H:%M}–{self.ends:%H:%M}"


class SlotQuerySet(models.QuerySet["Slot"]):
    def with_taken(self) -> SlotQuerySet:
        return self.annotate(
            taken=Count("bookings", filter=Q(bookings__status=Booking.Status.ACTIVE))
        )

    def free(self) -> SlotQuerySet:
        """Slots with a seat left, from now on."""
        return (
            self.with_taken()
            .filter(taken__lt=models.F("seats"), starts_at__gt=timezone.now())  # type: ignore[misc]
            .order_by("starts_at")
        )


class Slot(models.Model):
    """A time an advisor can hold a conference; `seats` families at once."""

    day = models.ForeignKey(ConferenceDay, on_delete=models.CASCADE, related_name="slots")
    advisor = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.ForeignKey(Room, on_delete=models.SET_NULL, null=True, blank=True)
    seats = models.PositiveSmallIntegerField(default=1)

    objects = SlotQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["advisor", "starts_at"], name="slot_unique_time"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ordered"
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="slot_has_a_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.advisor} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def cycle(self) -> Cycle:
        return self.day.cycle


class BookingQuerySet(models.QuerySet["Booking"]):
    def active(self) -> BookingQuerySet:
        return self.filter(status=Booking.Status.ACTIVE)

    def held(self) -> BookingQuerySet:
        """Conferences that took place (their outcome recorded as held)."""
        return self.filter(conference__outcome=Conference.Outcome.HELD)


def meeting_token() -> str:
    return secrets.token_urlsafe(12)


class Booking(models.Model):
    """A student's conference: a seat of a slot, claimed by the family or by staff for them."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("booked")
        CANCELLED = "cancelled", _("cancelled")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="bookings")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings")
    seat = models.PositiveSmallIntegerField(default=1)
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="bookings")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    mode = models.CharField(_("how"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    meeting_token = models.CharField(max_length=32, default=meeting_token, editable=False)
    interpreter_language = models.CharField(
        _("interpreter"), max_length=10, choices=HOME_LANGUAGES, blank=True
    )
    interpreter = models.ForeignKey(
        Staff,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interpreting",
        limit_choices_to={"role": Staff.Role.INTERPRETER},
    )
    private_time = models.BooleanField(_("a few minutes with the teacher alone"), default=False)
    invited = models.ManyToManyField(
        Guardian, blank=True, related_name="invitations", verbose_name=_("also invited")
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    guardian = models.ForeignKey(
        Guardian,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
        help_text=_("The guardian the conference was booked with; messages go to them."),
    )
    # The form's one-time key: a repeated or double-clicked request finds the
    # booking the first one made instead of making another.
    # NULL, not "": only keyed requests are unique.
    request_key = models.CharField(  # noqa: DJ001
        max_length=64, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["slot__starts_at", "seat"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            # The rule that nothing else may break: one active conference per seat.
            models.UniqueConstraint(
                fields=["slot", "seat"],
                condition=Q(status="active"),
                name="booking_one_per_seat",
            ),
            models.UniqueConstraint(
                fields=["cycle", "student"],
                condition=Q(status="active"),
                name="booking_one_per_student",
            ),
            models.UniqueConstraint(fields=["request_key"], name="booking_unique_request"),
            models.CheckConstraint(condition=Q(seat__gte=1), name="booking_seat_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.student} {self.slot}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def meeting_url(self) -> str:
        if self.mode != self.Mode.ONLINE:
            return ""
        return settings.MEETING_URL_PATTERN.format(token=self.meeting_token)

    def can_be_changed(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.is_active and self.cycle.allows_changes(now) and self.slot.starts_at > now


# The conference itself: the agenda, the student's plan, what happened, and after.


class AgendaTemplate(models.Model):
    """How every conference of a grade band runs at a school: its ordered sections."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="agendas")
    band = models.CharField(_("grade band"), max_length=4, choices=GradeBand.choices)

    class Meta:
        ordering = ["school", "band"]
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")
        constraints = [
            models.UniqueConstraint(fields=["school", "band"], name="agenda_one_per_band"),
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.get_band_display()}"

    @classmethod
    def for_band(cls, school: School, band: str) -> AgendaTemplate:
        """The school's agenda for `band`, made from the defaults the first time it is asked for."""
        agenda, created = cls.objects.get_or_create(school=school, band=band)
        if created:
            AgendaSection.objects.bulk_create(
                AgendaSection(agenda=agenda, kind=kind, position=position, minutes=minutes)
                for position, (kind, minutes) in enumerate(DEFAULT_MINUTES.items(), start=1)
            )
        return agenda

    @property
    def minutes(self) -> int:
        return sum(section.minutes for section in self.sections.all())


class AgendaSection(models.Model):
    """One part of the conference; a blank title or prompt reads as the default, translated."""

    agenda = models.ForeignKey(AgendaTemplate, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(_("kind"), max_length=12, choices=SectionKind.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(
        _("title"), max_length=100, blank=True, help_text=_("Leave blank for the default title.")
    )
    prompt = models.TextField(
        _("prompt"),
        blank=True,
        help_text=_("What the student is asked to prepare. Leave blank for the default."),
    )
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=3)

    class Meta:
        ordering = ["agenda", "position", "pk"]
        verbose_name = _("agenda section")
        verbose_name_plural = _("agenda sections")

    def __str__(self) -> str:
        return str(self.heading)

    @property
    def heading(self) -> StrOrPromise:
        return self.title or default_title(self.kind)

    @property
    def question(self) -> StrOrPromise:
        return self.prompt or default_prompt(self.kind, self.agenda.band)


class Plan(models.Model):
    """A student's plan for leading their conference of one cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="plans")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="plans")
    agenda = models.ForeignKey(AgendaTemplate, on_delete=models.PROTECT, related_name="plans")
    # The goals the student presents: last cycle's, reviewed, and the new ones.
    goals = models.ManyToManyField(Goal, blank=True, related_name="plans")
    rehearsed_at = models.DateTimeField(null=True, blank=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    ready_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["cycle", "student"]
        verbose_name = _("conference plan")
        verbose_name_plural = _("conference plans")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "student"], name="plan_one_per_cycle"),
        ]

    def __str__(self) -> str:
        return f"{self.student} – {self.cycle}"

    @property
    def is_ready(self) -> bool:
        return self.ready_at is not None


class PlanSection(models.Model):
    """What the student will say and show in one section, in one or two languages."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    # A section students have prepared cannot be deleted from the agenda.
    section = models.ForeignKey(AgendaSection, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("what I will say"), blank=True)
    language = models.CharField(_("language"), max_length=10, choices=HOME_LANGUAGES, default="en")
    text_2 = models.TextField(_("what I will say, second language"), blank=True)
    language_2 = models.CharField(
        _("second language"), max_length=10, choices=HOME_LANGUAGES, blank=True
    )
    audio = models.FileField(upload_to="plans/%Y/%m/", blank=True)
    audio_type = models.CharField(max_length=100, blank=True)
    audio_size = models.PositiveIntegerField(default=0)
    artifacts = models.ManyToManyField(Artifact, blank=True, related_name="+")
    measures = models.ManyToManyField(Measure, blank=True, related_name="+")
    assessments = models.ManyToManyField(SelfAssessment, blank=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["plan", "section__position", "section_id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "section"], name="plan_section_once"),
        ]

    def __str__(self) -> str:
        return f"{self.plan}: {self.section}"


class Rehearsal(models.Model):
    """One run through the deck against the timer: seconds spent on each section."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rehearsals")
    # {agenda section id (as text): seconds}
    seconds = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.plan} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def total_seconds(self) -> int:
        return sum(int(value) for value in self.seconds.values())


class Conference(models.Model):
    """What happened at one booked conference: who came, the timing, the outcome."""

    class Outcome(models.TextChoices):
        HELD = "held", _("Held")
        NO_SHOW = "no_show", _("Did not come")
        RESCHEDULED = "rescheduled", _("Rescheduled")

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="conference")
    plan = models.ForeignKey(
        Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="conferences"
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    summary_sent_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["booking__slot__starts_at"]
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True)
                | Q(started_at__isnull=False, ended_at__gte=models.F("started_at")),
                name="conference_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return str(self.booking)

    @property
    def is_held(self) -> bool:
        return self.outcome == self.Outcome.HELD


class Attendance(models.Model):
    """Someone at the conference: a guardian, a Dream Team member, the interpreter."""

    class Kind(models.TextChoices):
        GUARDIAN = "guardian", _("Family")
        DREAM_TEAM = "dream_team", _("Dream Team")
        INTERPRETER = "interpreter", _("Interpreter")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendance")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    guardian = models.ForeignKey(
        Guardian, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    staff = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    mode = models.CharField(
        _("how"), max_length=10, choices=Booking.Mode.choices, default=Booking.Mode.IN_PERSON
    )

    class Meta:
        ordering = ["conference", "kind", "name"]

    def __str__(self) -> str:
        return self.name


class SectionTime(models.Model):
    """How long a section actually took at the conference."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="times")
    section = models.ForeignKey(AgendaSection, on_delete=models.PROTECT, related_name="+")
    seconds = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["conference", "section__position"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "section"], name="section_time_once"),
        ]

    def __str__(self) -> str:
        return f"{self.section}: {self.seconds} s"


class Note(models.Model):
    """The teacher's note: private to staff, or shared with the family in the summary."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("note"))
    shared = models.BooleanField(_("share with the family"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:50]


class FamilyInput(models.Model):
    """What the family said in the room: a commitment to help, or a question."""

    class Kind(models.TextChoices):
        COMMITMENT = "commitment", _("What I will do to help")
        QUESTION = "question", _("Question")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="inputs")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.COMMITMENT)
    guardian = models.ForeignKey(
        Guardian, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by = models.CharField(_("who"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=10, choices=HOME_LANGUAGES, default="en")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:50]


class FollowUp(models.Model):
    """Something the advisor owes a family after the conference, such as time alone."""

    class Reason(models.TextChoices):
        PRIVATE_TIME = "private_time", _("Time with the teacher alone")
        QUESTION = "question", _("A question to answer")
        NO_SHOW = "no_show", _("Did not come")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="follow_ups")
    advisor = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="follow_ups")
    reason = models.CharField(max_length=14, choices=Reason.choices)
    detail = models.TextField(_("detail"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["done_at", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "reason"],
                condition=Q(done_at__isnull=True),
                name="follow_up_open_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.conference}"


class Feedback(models.Model):
    """A guardian's few answers after the conference."""

    class Answer(models.IntegerChoices):
        YES = 3, _("Yes")
        SOMEWHAT = 2, _("Somewhat")
        NO = 1, _("No")

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="feedback")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="+")
    time_well_spent = models.PositiveSmallIntegerField(
        _("Was the time well spent?"), choices=Answer.choices
    )
    heard_enough_from_teacher = models.PositiveSmallIntegerField(
        _("Did you hear enough from the teacher?"), choices=Answer.choices
    )
    wants_private_time = models.BooleanField(
        _("Would you like time alone with the teacher next time?"), default=False
    )
    comment = models.TextField(_("Anything else?"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(fields=["conference", "guardian"], name="feedback_once"),
        ]

    def __str__(self) -> str:
        return f"{self.guardian}: {self.conference}"


# --- the school-wide schedule: families' times, runs of the scheduler -----------------


class FamilyTimes(models.Model):
    """When a family can come to a cycle placed by the school, and what they need.

    One row per guardian who answered; guardians of the same children share
    their household's answer (the newest counts).
    """

    class TimeOfDay(models.TextChoices):
        EARLIER = "earlier", _("Earlier in the day")
        LATER = "later", _("Later in the day")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="family_times")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="times")
    interpreter_language = models.CharField(
        _("interpreter"), max_length=10, choices=HOME_LANGUAGES, blank=True
    )
    time_of_day = models.CharField(
        _("which part of the day suits you best"),
        max_length=10,
        choices=TimeOfDay.choices,
        blank=True,
    )
    preferred_day = models.ForeignKey(
        ConferenceDay,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("which day suits you best"),
    )
    mode = models.CharField(
        _("how"), max_length=10, choices=Booking.Mode.choices, default=Booking.Mode.IN_PERSON
    )
    note = models.TextField(_("anything the school should know"), blank=True, max_length=500)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("family's times")
        verbose_name_plural = _("families' times")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "guardian"], name="family_times_once"),
        ]

    def __str__(self) -> str:
        return f"{self.guardian} {self.cycle}"


class FamilyWindow(models.Model):
    """A stretch of a conference day the family can come."""

    times = models.ForeignKey(FamilyTimes, on_delete=models.CASCADE, related_name="windows")
    day = models.ForeignKey(ConferenceDay, on_delete=models.CASCADE, related_name="+")
    starts = models.TimeField()
    ends = models.TimeField()

    class Meta:
        ordering = ["day__on", "starts"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")), name="family_window_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day.on} {self.starts:%H:%M}–{self.ends:%H:%M}"


class ScheduleRun(models.Model):
    """One run of the school-wide scheduler: its progress, its draft, whether it was published."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        RUNNING = "running", _("running")
        DONE = "done", _("ready to review")
        FAILED = "failed", _("failed")
        PUBLISHED = "published", _("published")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="schedule_runs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    time_limit = models.PositiveSmallIntegerField(_("seconds to search"), default=30)
    fraction = models.FloatField(default=0)
    phase = models.CharField(max_length=40, blank=True)
    placed = models.PositiveIntegerField(default=0)
    students = models.PositiveIntegerField(default=0)
    # The draft: where each student goes (slot ids), who is left out and why,
    # and the figures; adjusted by the office before it is published.
    draft = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")
        constraints = [
            models.CheckConstraint(
                condition=Q(fraction__gte=0) & Q(fraction__lte=1), name="run_fraction_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_working(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}
