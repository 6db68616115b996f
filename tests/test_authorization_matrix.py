"""The authorization matrix: every URL pattern, for every role, against every object.

The test walks the project's URL resolver, Django admin included, so no page
can be added without an access rule here: a pattern missing from RULES fails
and says so. For each role of the shared cast and each object the pattern
takes, the page is requested. Where the role must not see the object, any
answer but a refusal fails: a 2xx, or a redirect that ends on content (a
refusal is a 404, a 403 on a role-gated page, the sign-in page for someone
signed out, the admin's login for someone who is not staff, or the admin's
index for a school admin asking for another school's row). Where the role must
see it, the page must answer as declared and show the object, so the matrix
cannot pass by refusing everyone. Every answer is also searched for the names
of people the role may not see.

To add a page: give build_world the rows it needs (one per school, family or
advisor it could leak), then a Rule in RULES keyed by the pattern's name: its
targets, how to build the URL's kwargs from a target, its methods, and what
each role must get for each target. A new ModelAdmin gets an entry in
ADMIN_MODELS, which writes the rules of all its admin pages. A POST that
changes or deletes its object gets a fresh row per request from its kwargs
(see fresh_artifact), so no answer depends on the order of the requests.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings as project_settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db.models import F, Model
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from PIL import Image

from podium.accounts.badges import badge_token
from podium.accounts.models import SignInLink, User
from podium.accounts.tasks import send_signin_link
from podium.binder.models import (
    Artifact,
    Comment,
    DataPoint,
    Goal,
    GoalStep,
    LearningTarget,
    Measure,
    Reflection,
    Subject,
)
from podium.conferences.actions import set_availability
from podium.conferences.agenda import SectionKind
from podium.conferences.forms_placing import blocks
from podium.conferences.models import (
    AgendaTemplate,
    Booking,
    Conference,
    ConferenceDay,
    Cycle,
    FamilyInput,
    FamilyTimes,
    FamilyWindow,
    FollowUp,
    Note,
    Plan,
    PlanSection,
    Rehearsal,
    Room,
    ScheduleRun,
    Slot,
)
from podium.conferences.planning import ensure_plan
from podium.privacy.models import AccessLog
from podium.roster.models import (
    Advisory,
    Guardian,
    School,
    SchoolYear,
    Staff,
    Student,
    StudentGuardian,
)
from tests.cast import Cast

ROLES = (
    "anonymous",
    "student",
    "guardian",
    "advisor",
    "sibling_advisor",
    "outsider_advisor",
    "school_admin",
    "interpreter",
    "other_school_admin",
    "no_role",
    "district_admin",
)
STUDENTS = ("student", "sibling", "other_student", "other_school_student")
ADVISORIES = ("advisory", "sibling_advisory", "outsider_advisory", "other_school_advisory")
RIVERSIDE_STUDENTS = {"student", "sibling", "other_student"}

# Who sees which student, from podium/accounts/access.py.
SEES_STUDENTS: dict[str, set[str]] = {
    "anonymous": set(),
    "student": {"student"},
    "guardian": {"student", "sibling"},
    "advisor": {"student"},
    "sibling_advisor": {"sibling"},
    "outsider_advisor": {"other_student"},
    "school_admin": RIVERSIDE_STUDENTS,
    "interpreter": set(),
    "other_school_admin": {"other_school_student"},
    "no_role": set(),
    "district_admin": set(STUDENTS),
}
# Who sets passwords and reissues badges: advisors and admins, of the students they see.
MANAGERS = {
    "advisor",
    "sibling_advisor",
    "outsider_advisor",
    "school_admin",
    "other_school_admin",
    "district_admin",
}
SEES_ADVISORIES: dict[str, set[str]] = {
    "advisor": {"advisory"},
    "sibling_advisor": {"sibling_advisory"},
    "outsider_advisor": {"outsider_advisory"},
    "school_admin": {"advisory", "sibling_advisory", "outsider_advisory"},
    "other_school_admin": {"other_school_advisory"},
    "district_admin": set(ADVISORIES),
}
# Who reads the access log of a student they see.
RECORD_KEEPERS = {"school_admin", "other_school_admin", "district_admin"}
# Who enters the Django admin, and the school they are limited to (None: all).
ADMIN_STAFF: dict[str, str | None] = {
    "school_admin": "school",
    "other_school_admin": "other_school",
    "district_admin": None,
}

# Names that give a student or a school away: no page may show them to a role
# that may not see that student or has nothing to do with that school.
FAMILY_NAMES = {
    "student": ("Mateo",),
    "sibling": ("Lupe",),
    "other_student": ("Linh", "Minh"),
    "other_school_student": ("Jonah", "Rachel"),
}
# Each school's learning target: a school's targets are its own staff's.
TARGET_STATEMENTS = {
    "school": "I can explain photosynthesis",
    "other_school": "I can graph linear equations",
}
# Each school's conference cycle and its room.
CYCLE_NAMES = {"school": "Harvest conferences", "other_school": "Snowfall conferences"}
# Riverside's conferences of the spring before, for which Mateo prepared a plan too.
EARLIER_CYCLE_NAME = "Blossom conferences"
ROOM_NAMES = {"school": "Cedar Hall", "other_school": "Maple Hall"}
SCHOOL_NAMES: dict[str, tuple[str, ...]] = {
    school: (*names, TARGET_STATEMENTS[school], CYCLE_NAMES[school], ROOM_NAMES[school])
    for school, names in (
        ("school", ("Riverside", "Rivera", "Okafor")),
        ("other_school", ("Hillcrest", "Novak", "Baker")),
    )
}
SCHOOL_NAMES["school"] += (EARLIER_CYCLE_NAME,)
# Each school's cycle placed by the school from families' times.
PLACED_CYCLE_NAMES = {"school": "Frost conferences", "other_school": "Thaw conferences"}
for _school, _name in PLACED_CYCLE_NAMES.items():
    SCHOOL_NAMES[_school] += (_name,)
# The schools each role has to do with; any other role is at Riverside.
SCHOOLS_OF_ROLE: dict[str, set[str]] = {
    "anonymous": set(),
    "no_role": set(),
    "other_school_admin": {"other_school"},
    "district_admin": {"school", "other_school"},
}


# The binder: each row's label, whose binder it is in, and its title, which no
# page may show to a role that does not see that student.
ARTIFACTS = {
    "work": ("student", "Volcano model"),
    "draft": ("student", "Rainstorm poem"),
    "sibling_work": ("sibling", "Butterfly story"),
    "other_student_work": ("other_student", "Tectonic plates"),
    "other_school_work": ("other_school_student", "Telescope diagram"),
}
# Waiting for the advisor's approval: the family does not see it.
DRAFTS = {"draft"}
# Lupe's work is typed: no file, no thumbnail, no recorded reflection. Every
# other piece is a photo with a thumbnail and a recorded reflection.
TYPED = {"sibling_work"}
MEASURES = {
    "measure": ("student", "Fraction facts"),
    "other_student_measure": ("other_student", "Pushups"),
    "other_school_measure": ("other_school_student", "Laps swum"),
}
GOALS = {
    "goal": ("student", "Finish a chapter book"),
    "other_student_goal": ("other_student", "Join the orchestra"),
    "other_school_goal": ("other_school_student", "Win a chess game"),
}
# Each goal's one next step.
STEPS = {
    "goal": "Visit the library",
    "other_student_goal": "Practise scales",
    "other_school_goal": "Study openings",
}
# The advisor's note on Mateo's approved work: for him, not for his family.
COMMENT = "Label the magma chamber"
OWNERS = {label: row[0] for rows in (ARTIFACTS, MEASURES, GOALS) for label, row in rows.items()}
# What the family never sees of the binders they see.
FAMILY_HIDDEN = {ARTIFACTS["draft"][1], COMMENT}


def binder_texts(student: str) -> set[str]:
    rows = (*ARTIFACTS.items(), *MEASURES.items(), *GOALS.items())
    texts = {title for _label, (owner, title) in rows if owner == student}
    texts |= {STEPS[goal] for goal, (owner, _title) in GOALS.items() if owner == student}
    return texts | ({COMMENT} if student == "student" else set())


def conference_texts(student: str) -> set[str]:
    """What the student will say, and what their conference left: notes, input, a follow-up."""
    texts = {PLAN_SAYS[student], SHARED_NOTES[student], PRIVATE_NOTES[student]}
    texts |= {FOLLOW_UPS[student], *COMMITMENTS.get(student, ())}
    return texts


# The student and the guardian: the family, who never read a teacher's private note.
FAMILIES = {"student", "guardian"}


def forbidden_names(role: str) -> set[str]:
    seen = SEES_STUDENTS[role]
    names = {name for key, names in FAMILY_NAMES.items() if key not in seen for name in names}
    names |= {
        text
        for key in STUDENTS
        if key not in seen
        for text in binder_texts(key) | conference_texts(key)
    }
    if role == "guardian":
        names |= FAMILY_HIDDEN
    if role in FAMILIES:
        names |= set(PRIVATE_NOTES.values())
    if not seen & {"student", "sibling"}:
        names.add("Sofía")
    schools = SCHOOLS_OF_ROLE.get(role, {"school"})
    names |= {name for key, names in SCHOOL_NAMES.items() if key not in schools for name in names}
    return names


# --- expectations -------------------------------------------------------------


@dataclass(frozen=True)
class Allow:
    """The role reaches the page: this status, showing these texts, or redirecting here.

    A redirect to a row the request makes is a function, asked once the request is done.
    """

    status: int = 200
    shows: tuple[str, ...] = ()
    location: str | Callable[[], str] = ""


@dataclass(frozen=True)
class Deny:
    """Anything but a refusal fails: one of these statuses, or a redirect to a refusal page."""

    statuses: frozenset[int] = frozenset({404})


NOT_FOUND = Deny()
REFUSED = Deny(frozenset({403, 404}))
Expect = Allow | Deny


# --- the world the matrix runs in: the cast and a few more rows -----------------


@dataclass
class World:
    cast: Cast
    objects: dict[str, Model]
    school_of: dict[str, str]
    list_text: dict[str, str]

    def __getitem__(self, label: str) -> Any:
        return self.objects[label]

    def user(self, role: str) -> User | None:
        cast = self.cast
        users: dict[str, User | None] = {
            "anonymous": None,
            "student": cast.student.user,
            "guardian": cast.guardian.user,
            "no_role": cast.no_role_user,
            "district_admin": cast.district_admin,
        }
        if role in users:
            return users[role]
        staff: Staff = getattr(cast, role)
        return staff.user


@functools.cache
def tiny_image(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), (200, 40, 40)).save(buffer, format=image_format)
    return buffer.getvalue()


# The first bytes of an Ogg file: enough for a recording that is only served back.
RECORDING = b"OggS" + bytes(60)


def build_binder(cast: Cast) -> dict[str, Model]:
    """Each student's work, data and goals, and a learning target at each school.

    The files are real (in the test's MEDIA_ROOT), so the file pages can answer.
    """
    students = {
        "student": cast.student,
        "sibling": cast.sibling,
        "other_student": cast.other_student,
        "other_school_student": cast.other_school_student,
    }
    rows: dict[str, Model] = {
        label: LearningTarget.objects.create(
            school=school,
            subject=Subject.SCIENCE,
            statement=TARGET_STATEMENTS[school_label],
            grade_from=0,
            grade_to=12,
        )
        for label, school_label, school in (
            ("learning_target", "school", cast.school),
            ("other_school_learning_target", "other_school", cast.other_school),
        )
    }
    artifacts: dict[str, Artifact] = {}
    for label, (student, title) in ARTIFACTS.items():
        typed = label in TYPED
        artifact = Artifact(
            student=students[student],
            kind=Artifact.Kind.TEXT if typed else Artifact.Kind.PHOTO,
            title=title,
            text="Once upon a time" if typed else "",
            approved_at=None if label in DRAFTS else timezone.now(),
        )
        if not typed:
            artifact.content_type = "image/png"
            artifact.size = len(tiny_image("PNG"))
            artifact.file.save("work.png", ContentFile(tiny_image("PNG")), save=False)
            artifact.thumbnail.save("work.webp", ContentFile(tiny_image("WEBP")), save=False)
        artifact.save()
        if not typed:
            reflection = Reflection(
                artifact=artifact,
                prompt=Reflection.Prompt.LEARNED,
                text="I learned a lot.",
                audio_type="audio/ogg",
                audio_size=len(RECORDING),
            )
            reflection.audio.save("answer.ogg", ContentFile(RECORDING), save=False)
            reflection.save()
        artifacts[label] = artifact
    Comment.objects.create(artifact=artifacts["work"], author=cast.advisor.user, text=COMMENT)
    measures: dict[str, Measure] = {}
    for label, (student, name) in MEASURES.items():
        measures[label] = Measure.objects.create(student=students[student], name=name)
        for on, value in ((dt.date(2026, 9, 1), 12), (POINT_DAY, 17)):
            DataPoint.objects.create(measure=measures[label], on=on, value=value)
    goals: dict[str, Goal] = {}
    for label, (student, title) in GOALS.items():
        goals[label] = Goal.objects.create(student=students[student], title=title)
        rows[f"{label}_step"] = GoalStep.objects.create(goal=goals[label], text=STEPS[label])
    # Mateo's goal shows his work as evidence, the draft too (which his family must not see).
    goals["goal"].artifacts.add(artifacts["work"], artifacts["draft"])
    goals["goal"].measures.add(measures["measure"])
    return rows | artifacts | measures | goals


# Conferences: each student's advisor, and the first day's times (20 minutes
# from 13:00: 0 is 13:00, 3 is 14:00) of the conference booked in the world
# and of the one a request books or moves it to. Mateo's and Lupe's never
# overlap, so no request finds their family at two conferences at once.
ADVISOR_OF = {
    "student": "rivera",
    "sibling": "chen",
    "other_student": "okafor",
    "other_school_student": "baker",
}
BOOKED_AT = {"student": 0, "sibling": 1, "other_student": 0, "other_school_student": 0}
LATER_AT = {"student": 3, "sibling": 4, "other_student": 4, "other_school_student": 3}
BOOKINGS = tuple(f"{student}_booking" for student in STUDENTS)
# The school's labels of its cycle, its first conference day and its room.
CYCLES = {"school": "cycle", "other_school": "other_school_cycle"}
DAYS = {"school": "day", "other_school": "other_school_day"}
ROOMS = {"school": "room", "other_school": "other_school_room"}
CYCLE_LABELS = tuple(CYCLES.values())
DAY_LABELS = tuple(DAYS.values())


def slot_at(advisor: Staff, day: ConferenceDay, index: int) -> Slot:
    return Slot.objects.filter(advisor=advisor, day=day).order_by("starts_at")[index]


def build_conferences(cast: Cast, other_year: SchoolYear) -> dict[str, Model]:
    """A cycle at each school, open for booking, its days ten and twelve days away.

    Each advisor is free on the first day from 13:00 to 15:00, and every
    student has a conference: Mateo's and Lupe's booked by Sofía, Mateo's with
    Mr. Haddad interpreting.
    """
    advisors = {
        "rivera": cast.advisor,
        "chen": cast.sibling_advisor,
        "okafor": cast.outsider_advisor,
        "baker": Staff.objects.get(user__username="baker"),
    }
    cycles: dict[str, Cycle] = {}
    days: dict[str, ConferenceDay] = {}
    rooms: dict[str, Room] = {}
    now = timezone.now()
    for school_label, school, year in (
        ("school", cast.school, cast.year),
        ("other_school", cast.other_school, other_year),
    ):
        first = timezone.localdate(now, school.zone) + dt.timedelta(days=10)
        cycles[school_label] = cycle = Cycle.objects.create(
            school=school,
            school_year=year,
            name=CYCLE_NAMES[school_label],
            booking_opens_at=now - dt.timedelta(days=1),
            booking_closes_at=now + dt.timedelta(days=9),
            changes_until=now + dt.timedelta(days=9),
        )
        rooms[school_label] = Room.objects.create(school=school, name=ROOM_NAMES[school_label])
        cycle.rooms.add(rooms[school_label])
        days[school_label] = ConferenceDay.objects.create(
            cycle=cycle, on=first, starts=dt.time(12, 30), ends=dt.time(17, 30)
        )
        ConferenceDay.objects.create(
            cycle=cycle, on=first + dt.timedelta(days=2), starts=dt.time(16), ends=dt.time(20)
        )
    # Who booked: Sofía her children's conferences, Minh Linh's, Ms. Novak Jonah's for his family.
    guardians = {
        "student": cast.guardian,
        "sibling": cast.guardian,
        "other_student": cast.other_guardian,
    }
    rows: dict[str, Model] = {"haddad": cast.interpreter}
    for student_label, advisor_label in ADVISOR_OF.items():
        school_label = "school" if student_label in RIVERSIDE_STUDENTS else "other_school"
        advisor, day = advisors[advisor_label], days[school_label]
        set_availability(
            advisor=advisor, day=day, windows=[(dt.time(13), dt.time(15), rooms[school_label])]
        )
        guardian = guardians.get(student_label)
        mateo = student_label == "student"
        rows[f"{student_label}_booking"] = Booking.objects.create(
            cycle=cycles[school_label],
            slot=slot_at(advisor, day, BOOKED_AT[student_label]),
            student=getattr(cast, student_label),
            guardian=guardian,
            booked_by=guardian.user if guardian else cast.other_school_admin.user,
            interpreter_language="es" if mateo else "",
            interpreter=cast.interpreter if mateo else None,
        )
    for school_label in ("school", "other_school"):
        rows[CYCLES[school_label]] = cycles[school_label]
        rows[DAYS[school_label]] = days[school_label]
        rows[ROOMS[school_label]] = rooms[school_label]
    return rows | {label: advisors[label] for label in ("chen", "okafor", "baker")}


# The conference day. Each student has a plan for their school's cycle with one
# section prepared (what they will say, typed and recorded) and one rehearsal;
# Mateo's plan also shows his work (his draft too, which his family must not
# see), his data and his goal. Mateo's, Linh's and Jonah's conferences were
# held; Lupe's is being run, its outcome not recorded yet. Each conference has
# a note shared with the family, a private one for staff, and a follow-up for
# its advisor; Sofía made a commitment at Mateo's.
PLANS = tuple(f"{student}_plan" for student in STUDENTS)
# Each plan's prepared section, with its recording, and its rehearsal.
SAID_SECTIONS = tuple(f"{student}_section" for student in STUDENTS)
REHEARSALS = tuple(f"{student}_rehearsal" for student in STUDENTS)
FOLLOW_UP_LABELS = tuple(f"{student}_follow_up" for student in STUDENTS)
PLAN_SAYS = {
    "student": "My volcano erupts with vinegar",
    "sibling": "I can hop on one foot",
    "other_student": "Earthquakes start where plates meet",
    "other_school_student": "My sundial tells the time",
}
HELD = {"student", "other_student", "other_school_student"}
SHARED_NOTES = {
    "student": "Explained the fraction strategies clearly",
    "sibling": "Counted to twenty all by herself",
    "other_student": "A careful lab partner",
    "other_school_student": "Plays chess with patience",
}
# The teacher's private notes: for staff, never for a family.
PRIVATE_NOTES = {
    "student": "Reading support referral still pending",
    "sibling": "Speech screening was requested",
    "other_student": "Attendance plan in place since October",
    "other_school_student": "Weekly check-in with the counselor",
}
FOLLOW_UPS = {
    "student": "When is the family reading night?",
    "sibling": "Wants a word about naps",
    "other_student": "Ask about orchestra tryouts",
    "other_school_student": "Call about the field trip form",
}
COMMITMENTS = {"student": ("Leeremos juntos cada noche",)}
# Mateo's plan of Riverside's earlier cycle, and a section of his plan with no recording.
EARLIER_PLAN = "earlier_plan"
SILENT_SECTION = "silent_section"
# Whose each row of the conference day is.
DAY_OWNERS = {
    f"{student}_{row}": student
    for student in STUDENTS
    for row in ("plan", "section", "rehearsal", "follow_up", "booking")
} | {EARLIER_PLAN: "student", SILENT_SECTION: "student"}


def build_conference_day(cast: Cast, rows: dict[str, Model]) -> dict[str, Model]:
    """The students' plans, their conferences and what the conferences left (see PLAN_SAYS)."""
    bookings = Booking.objects.select_related(
        "cycle", "student__school", "slot__advisor__user", "guardian"
    ).in_bulk([rows[label].pk for label in BOOKINGS])
    made: dict[str, Model] = {}
    plans: dict[str, Plan] = {}
    for student in STUDENTS:
        booking = bookings[rows[f"{student}_booking"].pk]
        plans[student] = plan = ensure_plan(cycle=booking.cycle, student=booking.student)
        sections = {s.section.kind: s for s in plan.sections.select_related("section")}
        said = sections[SectionKind.ENJOY]
        said.text = PLAN_SAYS[student]
        said.audio_type, said.audio_size = "audio/ogg", len(RECORDING)
        said.audio.save("said.ogg", ContentFile(RECORDING), save=False)
        said.save()
        made[f"{student}_plan"], made[f"{student}_section"] = plan, said
        made[f"{student}_rehearsal"] = Rehearsal.objects.create(
            plan=plan, seconds={str(said.section_id): 100}
        )
        if student == "student":
            sections[SectionKind.WORK].artifacts.add(rows["work"].pk, rows["draft"].pk)
            sections[SectionKind.DATA].measures.add(rows["measure"].pk)
            plan.goals.add(rows["goal"].pk)
            made[SILENT_SECTION] = sections[SectionKind.WORK]
        held = student in HELD
        conference = Conference.objects.create(
            booking=booking,
            plan=plan,
            outcome=Conference.Outcome.HELD if held else "",
            started_at=booking.slot.starts_at if held else None,
            ended_at=booking.slot.ends_at if held else None,
        )
        advisor = booking.slot.advisor
        Note.objects.bulk_create(
            Note(conference=conference, author=advisor.user, text=text, shared=shared)
            for text, shared in ((SHARED_NOTES[student], True), (PRIVATE_NOTES[student], False))
        )
        FamilyInput.objects.bulk_create(
            FamilyInput(conference=conference, guardian=booking.guardian, text=text, language="es")
            for text in COMMITMENTS.get(student, ())
        )
        made[f"{student}_follow_up"] = FollowUp.objects.create(
            conference=conference,
            advisor=advisor,
            reason=FollowUp.Reason.QUESTION,
            detail=FOLLOW_UPS[student],
        )
    now = timezone.now()
    earlier = Cycle.objects.create(
        school=cast.school,
        school_year=cast.year,
        name=EARLIER_CYCLE_NAME,
        booking_opens_at=now - dt.timedelta(days=60),
        booking_closes_at=now - dt.timedelta(days=40),
        changes_until=now - dt.timedelta(days=40),
    )
    ConferenceDay.objects.create(
        cycle=earlier,
        on=timezone.localdate(now, cast.school.zone) - dt.timedelta(days=30),
        starts=dt.time(13),
        ends=dt.time(17),
    )
    made[EARLIER_PLAN] = ensure_plan(cycle=earlier, student=cast.student)
    made["agenda"] = plans["student"].agenda
    made["other_school_agenda"] = plans["other_school_student"].agenda
    return made


def build_world(cast: Cast) -> World:
    other_school_guardian = Guardian.objects.get(email="rachel@example.com")
    other_year = SchoolYear.objects.get(school=cast.other_school)
    objects: dict[str, Model] = {
        "school": cast.school,
        "other_school": cast.other_school,
        "year": cast.year,
        "other_year": other_year,
        "rivera": cast.advisor,
        "park": cast.school_admin,
        "novak": cast.other_school_admin,
        "student": cast.student,
        "sibling": cast.sibling,
        "other_student": cast.other_student,
        "other_school_student": cast.other_school_student,
        "guardian": cast.guardian,
        "other_guardian": cast.other_guardian,
        "other_school_guardian": other_school_guardian,
        "advisory": cast.advisory,
        "sibling_advisory": cast.sibling_advisory,
        "outsider_advisory": cast.outsider_advisory,
        "other_school_advisory": cast.other_school_advisory,
        "log": AccessLog.objects.record(
            user=cast.advisor.user, role="advisor", student=cast.student, what="student record"
        ),
        "other_school_log": AccessLog.objects.record(
            user=cast.other_school_admin.user,
            role="admin",
            student=cast.other_school_student,
            what="student record",
        ),
        "mateo_account": cast.student.user,  # type: ignore[dict-item]
        "novak_account": cast.other_school_admin.user,
        "group": Group.objects.create(name="Counsellors"),
        "task_result": DBTaskResult.objects.get(
            pk=send_signin_link.enqueue(email="nobody@example.com", base_url="/").id
        ),
        **build_binder(cast),
        **build_conferences(cast, other_year),
    }
    objects |= build_conference_day(cast, objects)
    objects |= build_school_schedule(objects)
    hillcrest = {
        "other_school",
        "other_year",
        "novak",
        "other_school_student",
        "other_school_guardian",
        "other_school_advisory",
        "other_school_log",
        "other_school_learning_target",
        *(label for label, owner in OWNERS.items() if owner == "other_school_student"),
        "other_school_goal_step",
        "baker",
        "other_school_cycle",
        "other_school_day",
        "other_school_room",
        "other_school_student_booking",
        *(label for label, owner in DAY_OWNERS.items() if owner == "other_school_student"),
        "other_school_agenda",
        "other_school_placed_cycle",
        "other_school_run",
    }
    # Accounts, groups and tasks belong to no school: only the district sees them.
    districts = {"mateo_account", "novak_account", "group", "task_result"}
    school_of = {
        label: "other_school" if label in hillcrest else "" if label in districts else "school"
        for label in objects
    }
    list_text = {
        "school": "Riverside K-12",
        "other_school": "Hillcrest Middle",
        "year": "Riverside K-12",
        "other_year": "Hillcrest Middle",
        "rivera": "Rivera",
        "park": "Park",
        "novak": "Novak",
        "guardian": "Sofía",
        "other_guardian": "Minh",
        "other_school_guardian": "Rachel",
        "log": "Mateo García",
        "other_school_log": "Jonah Miller",
        "mateo_account": "mateog041",
        "novak_account": "novak",
        "group": "Counsellors",
        "task_result": str(objects["task_result"].pk),
        "learning_target": TARGET_STATEMENTS["school"],
        "other_school_learning_target": TARGET_STATEMENTS["other_school"],
    }
    for label in ("agenda", "other_school_agenda"):
        list_text[label] = str(objects[label])
    for school_label in ("school", "other_school"):
        list_text[CYCLES[school_label]] = CYCLE_NAMES[school_label]
        list_text[ROOMS[school_label]] = ROOM_NAMES[school_label]
    for label in STUDENTS:
        list_text[label] = objects[label].first_name  # type: ignore[attr-defined]
        list_text[f"{label}_booking"] = objects[label].full_name  # type: ignore[attr-defined]
    for label in ADVISORIES:
        list_text[label] = f">{objects[label].name}<"  # type: ignore[attr-defined]
    return World(cast=cast, objects=objects, school_of=school_of, list_text=list_text)


# --- the rules ------------------------------------------------------------------

Kwargs = Callable[[World, str], dict[str, Any]]
ExpectFor = Callable[[World, str, str], Expect]
NO_TARGET = ""


@dataclass(frozen=True)
class Rule:
    expect: ExpectFor
    kwargs: Kwargs = lambda world, target: {}
    targets: tuple[str, ...] = (NO_TARGET,)
    methods: tuple[str, ...] = ("GET",)
    data: Callable[[World, str], dict[str, Any]] = lambda world, target: {}
    # For a pattern without a name: how to build its address.
    path: Callable[[World, str], str] | None = None
    # No role may use the page (the admin's "add" of a log that is only appended to).
    closed: bool = False


def anyone(expect: Expect) -> ExpectFor:
    return lambda world, role, target: expect


def student_id(world: World, target: str) -> dict[str, Any]:
    return {"student_id": world[target].pk}


def advisory_id(world: World, target: str) -> dict[str, Any]:
    return {"advisory_id": world[target].pk}


def sees_student(world: World, role: str, target: str) -> Expect:
    if target in SEES_STUDENTS[role]:
        return Allow(shows=(world[target].full_name,))
    return NOT_FOUND


def manages_student(world: World, role: str, target: str) -> Expect:
    if role in MANAGERS and target in SEES_STUDENTS[role]:
        if world[target].signs_in_with_badge:
            # K–2 students have no password: a clear "uses a badge" page.
            return Allow(status=400)
        return Allow(shows=(world[target].full_name,))
    return NOT_FOUND


def reissues_badge(world: World, role: str, target: str) -> Expect:
    if role in MANAGERS and target in SEES_STUDENTS[role]:
        student_page = reverse("roster:student", args=[world[target].pk])
        return Allow(status=302, location=f"{student_page}?badge=reissued")
    return NOT_FOUND


def sees_advisory(world: World, role: str, target: str) -> Expect:
    if target in SEES_ADVISORIES.get(role, set()):
        return Allow(shows=(world[target].name,))
    return NOT_FOUND


def reads_access_log(world: World, role: str, target: str) -> Expect:
    if role in RECORD_KEEPERS and target in SEES_STUDENTS[role]:
        return Allow(shows=(world[target].full_name,))
    return NOT_FOUND


HOME_SHOWS = {
    "student": ("Mateo",),
    "guardian": ("Mateo García", "Lupe García"),
    "advisor": ("Mateo García",),
    "sibling_advisor": ("Lupe García",),
    "outsider_advisor": ("Linh Tran",),
    "school_admin": ("Riverside K-12",),
    # The conference Mr. Haddad interprets: the one student he sees.
    "interpreter": ("Haddad", "Mateo García"),
    "other_school_admin": ("Hillcrest Middle",),
    "no_role": ("dana",),
    "district_admin": ("Riverside K-12", "Hillcrest Middle"),
}


def home(world: World, role: str, target: str) -> Expect:
    if role == "anonymous":
        return NOT_FOUND
    return Allow(shows=HOME_SHOWS[role])


def signin_page(world: World, role: str, target: str) -> Expect:
    return Allow() if role == "anonymous" else Allow(status=302, location="/")


def link_token(world: World, target: str) -> dict[str, Any]:
    guardian_user = world.cast.guardian.user
    assert guardian_user is not None
    if target == "garbage":
        return {"token": "not-a-sign-in-link"}
    token = SignInLink.issue(guardian_user)
    if target == "spent_link":
        link = SignInLink.find_usable(token)
        assert link is not None
        link.use()
    return {"token": token}


def uses_link(world: World, role: str, target: str) -> Expect:
    return Allow() if target == "fresh_link" else NOT_FOUND


def badge(world: World, target: str) -> dict[str, Any]:
    if target == "garbage":
        return {"token": "not-a-badge"}
    students = {"lupe_badge": "sibling", "reissued_badge": "sibling", "mateo_badge": "student"}
    student = Student.objects.get(pk=world[students[target]].pk)
    token = badge_token(student)
    if target == "reissued_badge":
        Student.objects.filter(pk=student.pk).update(badge_version=F("badge_version") + 1)
    return {"token": token}


def uses_badge(world: World, role: str, target: str) -> Expect:
    # The badge is the credential: whoever holds Lupe's badge sees her name. A
    # grade 4 student signs in with a password, and a reissued badge is dead.
    return Allow(shows=("Lupe",)) if target == "lupe_badge" else NOT_FOUND


def uses_badge_post(world: World, role: str, target: str) -> Expect:
    return Allow(status=302, location="/") if target == "lupe_badge" else NOT_FOUND


RULES: dict[str, Rule] = {
    "home": Rule(expect=home),
    "healthz": Rule(expect=anyone(Allow(shows=("ok",)))),
    "accounts:signin": Rule(expect=signin_page),
    "accounts:signin_password": Rule(
        expect=anyone(Allow(status=400)),
        methods=("POST",),
        data=lambda world, target: {"username": "nobody", "password": "wrong"},
    ),
    "accounts:request_link": Rule(
        expect=anyone(Allow(status=302, location="/accounts/signin/link/sent/")),
        methods=("POST",),
        data=lambda world, target: {"email": "nobody@example.com"},
    ),
    "accounts:link_sent": Rule(expect=anyone(Allow())),
    "accounts:link": Rule(
        expect=lambda world, role, target: (
            Allow(status=302, location="/") if target == "fresh_link" else NOT_FOUND
        ),
        kwargs=link_token,
        targets=("fresh_link", "spent_link", "garbage"),
        methods=("POST",),
    ),
    "accounts:badge": Rule(
        expect=uses_badge,
        kwargs=badge,
        targets=("lupe_badge", "reissued_badge", "mateo_badge", "garbage"),
    ),
    "accounts:signout": Rule(
        expect=anyone(Allow(status=302, location="/accounts/signin/")), methods=("POST",)
    ),
    "accounts:language": Rule(
        expect=anyone(Allow(status=302, location="/")),
        methods=("POST",),
        data=lambda world, target: {"language": "en", "next": "/"},
    ),
    "roster:student": Rule(expect=sees_student, kwargs=student_id, targets=STUDENTS),
    "roster:student_password": Rule(
        expect=manages_student,
        kwargs=student_id,
        targets=STUDENTS,
        methods=("GET", "POST"),
    ),
    "roster:reissue_badge": Rule(
        expect=reissues_badge, kwargs=student_id, targets=STUDENTS, methods=("POST",)
    ),
    "roster:advisory": Rule(expect=sees_advisory, kwargs=advisory_id, targets=ADVISORIES),
    "roster:advisory_badges": Rule(expect=sees_advisory, kwargs=advisory_id, targets=ADVISORIES),
    "privacy:access_log": Rule(expect=reads_access_log, kwargs=student_id, targets=STUDENTS),
}
# A sign-in link's GET shows the button and spends nothing; its POST signs in.
LINK_GET = Rule(
    expect=uses_link, kwargs=link_token, targets=("fresh_link", "spent_link", "garbage")
)
BADGE_POST = Rule(
    expect=uses_badge_post,
    kwargs=badge,
    targets=("lupe_badge", "reissued_badge", "mateo_badge", "garbage"),
    methods=("POST",),
)
EXTRA_RULES: dict[str, tuple[Rule, ...]] = {
    "accounts:link": (LINK_GET,),
    "accounts:badge": (BADGE_POST,),
}


# --- the binder -------------------------------------------------------------------
#
# From podium/accounts/access.py: whoever sees a student reads their binder, the
# family only the work the advisor approved; the student and the advisors and
# admins who see the student change it; only those advisors and admins approve
# and comment; only the student rates themself and shares work with the Dream Team.

ARTIFACT_LABELS = tuple(ARTIFACTS)
MEASURE_LABELS = tuple(MEASURES)
GOAL_LABELS = tuple(GOALS)
LEARNING_TARGETS = ("learning_target", "other_school_learning_target")
# Who keeps the learning targets, of which schools (role_required and targets_visible_to).
KEEPS_TARGETS_OF: dict[str, set[str]] = {
    "advisor": {"school"},
    "sibling_advisor": {"school"},
    "outsider_advisor": {"school"},
    "school_admin": {"school"},
    "other_school_admin": {"other_school"},
    "district_admin": {"school", "other_school"},
}


# REVIEWERS in access.py: the advisors and admins, the same roles as MANAGERS.
BINDER_REVIEWERS = MANAGERS


def reviews_binder(role: str, student: str) -> bool:
    """The advisors and admins who see the student: they approve and comment."""
    return role in BINDER_REVIEWERS and student in SEES_STUDENTS[role]


def edits_binder(role: str, student: str) -> bool:
    if role == "student":
        return student == "student"
    return reviews_binder(role, student)


def sees_work(role: str, label: str) -> bool:
    if role == "guardian" and label in DRAFTS:
        return False
    return OWNERS[label] in SEES_STUDENTS[role]


def titles_of(student: str, role: str) -> tuple[str, ...]:
    return tuple(
        title
        for label, (owner, title) in ARTIFACTS.items()
        if owner == student and sees_work(role, label)
    )


def artifact_id(world: World, target: str) -> dict[str, Any]:
    return {"artifact_id": world[target].pk}


def measure_id(world: World, target: str) -> dict[str, Any]:
    return {"measure_id": world[target].pk}


def goal_id(world: World, target: str) -> dict[str, Any]:
    return {"goal_id": world[target].pk}


def target_id(world: World, target: str) -> dict[str, Any]:
    return {"target_id": world[target].pk}


def fresh_artifact(world: World, target: str) -> dict[str, Any]:
    """A copy of the piece of work, for a request that changes or deletes it.

    Each request gets its own, so no request finds what an earlier one did; the
    copy takes the target's label, so the expectation names it.
    """
    original: Artifact = world[target]
    copy = Artifact.objects.create(
        student_id=original.student_id,
        kind=original.kind,
        title=original.title,
        text=original.text,
        approved_at=original.approved_at,
    )
    world.objects[target] = copy
    return {"artifact_id": copy.pk}


def work_url(world: World, target: str) -> str:
    return reverse("binder:work", args=[world[target].pk])


def reads_binder(world: World, role: str, target: str) -> Expect:
    if target not in SEES_STUDENTS[role]:
        return NOT_FOUND
    return Allow(shows=(world[target].first_name, *titles_of(target, role)))


def edits_binder_page(world: World, role: str, target: str) -> Expect:
    """A form to add to the binder: the student and their advisors and admins."""
    return Allow(shows=(world[target].first_name,)) if edits_binder(role, target) else NOT_FOUND


def posts_empty_form(world: World, role: str, target: str) -> Expect:
    """An empty form sent by someone who may change the binder: the form again, 400."""
    return Allow(status=400) if edits_binder(role, OWNERS.get(target, target)) else NOT_FOUND


def reads_self_assessment(world: World, role: str, target: str) -> Expect:
    if target not in SEES_STUDENTS[role]:
        return NOT_FOUND
    school = "other_school" if target == "other_school_student" else "school"
    return Allow(shows=(world[target].first_name, TARGET_STATEMENTS[school]))


def rating(world: World, target: str) -> dict[str, Any]:
    """A rating of a target of the student's school and grade."""
    hillcrest = target == "other_school_student"
    learning_target = world["other_school_learning_target" if hillcrest else "learning_target"]
    return {"target": learning_target.pk, "level": 3}


def rates_self(world: World, role: str, target: str) -> Expect:
    if role == "student" and target == "student":
        learning_target = world["learning_target"].pk
        url = reverse("binder:assess", args=[world[target].pk])
        return Allow(status=302, location=f"{url}?saved={learning_target}#target-{learning_target}")
    return NOT_FOUND


def reads_data(world: World, role: str, target: str) -> Expect:
    if target not in SEES_STUDENTS[role]:
        return NOT_FOUND
    names = tuple(name for owner, name in MEASURES.values() if owner == target)
    return Allow(shows=(world[target].first_name, *names))


def reads_goals(world: World, role: str, target: str) -> Expect:
    if target not in SEES_STUDENTS[role]:
        return NOT_FOUND
    goals = [goal for goal, (owner, _title) in GOALS.items() if owner == target]
    texts = tuple(text for goal in goals for text in (GOALS[goal][1], STEPS[goal]))
    # The evidence is the work this role may see: Mateo's family not his draft.
    evidence = titles_of(target, role) if target == "student" else ()
    return Allow(shows=(world[target].first_name, *texts, *evidence))


def reads_work(world: World, role: str, target: str) -> Expect:
    if not sees_work(role, target):
        return NOT_FOUND
    # The advisor's comments are working notes with the student, not for the family.
    comment = (COMMENT,) if target == "work" and role != "guardian" else ()
    return Allow(shows=(ARTIFACTS[target][1], *comment))


def reads_file(shows: str) -> ExpectFor:
    """A stored file, to whoever sees the work; a 404 where there is none."""

    def expect(world: World, role: str, target: str) -> Expect:
        if target in TYPED or not sees_work(role, target):
            return NOT_FOUND
        return Allow(shows=(shows,))

    return expect


def edits_work(world: World, role: str, target: str) -> Expect:
    if not edits_binder(role, OWNERS[target]):
        return NOT_FOUND
    return Allow(shows=(ARTIFACTS[target][1],))


def saves_work(world: World, role: str, target: str) -> Expect:
    if not edits_binder(role, OWNERS[target]):
        return NOT_FOUND
    return Allow(status=302, location=work_url(world, target))


def work_as_it_is(world: World, target: str) -> dict[str, Any]:
    artifact = world[target]
    return {"title": artifact.title, "text": artifact.text, "language": artifact.language}


def deletes_work(world: World, role: str, target: str) -> Expect:
    if not edits_binder(role, OWNERS[target]):
        return NOT_FOUND
    student = world[OWNERS[target]]
    return Allow(status=302, location=reverse("binder:binder", args=[student.pk]))


def reflection(world: World, target: str) -> dict[str, Any]:
    return {"language": "en", "learned-text": "I learned to measure."}


def approves_work(world: World, role: str, target: str) -> Expect:
    if not reviews_binder(role, OWNERS[target]):
        return NOT_FOUND
    return Allow(status=302, location=work_url(world, target))


def comments_work(world: World, role: str, target: str) -> Expect:
    if not reviews_binder(role, OWNERS[target]):
        return NOT_FOUND
    return Allow(status=302, location=f"{work_url(world, target)}#comments")


def shares_work(world: World, role: str, target: str) -> Expect:
    if role != "student" or OWNERS[target] != "student":
        return NOT_FOUND
    if target in DRAFTS:
        # Only approved work goes to the Dream Team: the page says so.
        return Allow(status=400, shows=(ARTIFACTS[target][1],))
    return Allow(status=302, location=work_url(world, target))


def reviews_advisory(world: World, role: str, target: str) -> Expect:
    expected = sees_advisory(world, role, target)
    if isinstance(expected, Deny):
        return expected
    # Mateo's draft waits in Ms. Rivera's advisory; everything else is approved.
    waiting = (ARTIFACTS["draft"][1],) if target == "advisory" else ()
    return Allow(shows=(*expected.shows, *waiting))


def reads_measure(world: World, role: str, target: str) -> Expect:
    if OWNERS[target] not in SEES_STUDENTS[role]:
        return NOT_FOUND
    return Allow(shows=(MEASURES[target][1],))


# A day that has a value: each POST replaces it, so every request finds the same.
POINT_DAY = dt.date(2026, 9, 15)


def data_point(world: World, target: str) -> dict[str, Any]:
    prefix = f"m{world[target].pk}"
    return {"action": "point", f"{prefix}-on": POINT_DAY.isoformat(), f"{prefix}-value": "18"}


def adds_data_point(world: World, role: str, target: str) -> Expect:
    if not edits_binder(role, OWNERS[target]):
        return NOT_FOUND
    return Allow(status=302, location=reverse("binder:measure", args=[world[target].pk]))


def goals_url(world: World, target: str) -> str:
    goal: Goal = world[target]
    return f"{reverse('binder:goals', args=[goal.student_id])}#goal-{goal.pk}"


def edits_goal(world: World, role: str, target: str) -> Expect:
    if not edits_binder(role, OWNERS[target]):
        return NOT_FOUND
    return Allow(shows=(GOALS[target][1],))


def reviews_goal(world: World, role: str, target: str) -> Expect:
    if not edits_binder(role, OWNERS[target]):
        return NOT_FOUND
    return Allow(status=302, location=goals_url(world, target))


def step_of(world: World, target: str) -> dict[str, Any]:
    if target == "foreign_step":
        # Mateo's goal with a step of Linh's: no one ticks it off through his goal.
        return {"goal_id": world["goal"].pk, "step_id": world["other_student_goal_step"].pk}
    return {"goal_id": world[target].pk, "step_id": world[f"{target}_step"].pk}


def ticks_step(world: World, role: str, target: str) -> Expect:
    if target == "foreign_step" or not edits_binder(role, OWNERS[target]):
        return NOT_FOUND
    return Allow(status=302, location=goals_url(world, target))


def keeps_targets(world: World, role: str, target: str) -> Expect:
    schools = KEEPS_TARGETS_OF.get(role)
    if schools is None:
        return NOT_FOUND
    return Allow(shows=tuple(TARGET_STATEMENTS[school] for school in sorted(schools)))


def new_target(world: World, target: str) -> dict[str, Any]:
    # The school is asked of the district admin only; anyone else adds to their own.
    return {
        "statement": "I can name the planets",
        "subject": Subject.SCIENCE,
        "grade_from": 3,
        "grade_to": 5,
        "is_active": "on",
        "school": world["school"].pk,
    }


def adds_target(world: World, role: str, target: str) -> Expect:
    if role not in KEEPS_TARGETS_OF:
        return NOT_FOUND
    return Allow(status=302, location=reverse("binder:targets"))


def keeps_target(world: World, role: str, target: str) -> Expect:
    if world.school_of[target] not in KEEPS_TARGETS_OF.get(role, set()):
        return NOT_FOUND
    return Allow(shows=(world.list_text[target],))


def target_as_it_is(world: World, target: str) -> dict[str, Any]:
    learning_target: LearningTarget = world[target]
    return {
        "statement": learning_target.statement,
        "subject": learning_target.subject,
        "grade_from": learning_target.grade_from,
        "grade_to": learning_target.grade_to,
        "is_active": "on",
    }


def saves_target(world: World, role: str, target: str) -> Expect:
    if world.school_of[target] not in KEEPS_TARGETS_OF.get(role, set()):
        return NOT_FOUND
    return Allow(status=302, location=reverse("binder:targets"))


RULES |= {
    "binder:binder": Rule(expect=reads_binder, kwargs=student_id, targets=STUDENTS),
    "binder:work_add": Rule(expect=edits_binder_page, kwargs=student_id, targets=STUDENTS),
    "binder:assess": Rule(expect=reads_self_assessment, kwargs=student_id, targets=STUDENTS),
    "binder:data": Rule(expect=reads_data, kwargs=student_id, targets=STUDENTS),
    "binder:measure_add": Rule(expect=edits_binder_page, kwargs=student_id, targets=STUDENTS),
    "binder:goals": Rule(expect=reads_goals, kwargs=student_id, targets=STUDENTS),
    "binder:goal_add": Rule(expect=edits_binder_page, kwargs=student_id, targets=STUDENTS),
    "binder:work": Rule(expect=reads_work, kwargs=artifact_id, targets=ARTIFACT_LABELS),
    "binder:work_edit": Rule(expect=edits_work, kwargs=artifact_id, targets=ARTIFACT_LABELS),
    "binder:work_delete": Rule(expect=edits_work, kwargs=artifact_id, targets=ARTIFACT_LABELS),
    "binder:reflect": Rule(expect=edits_work, kwargs=artifact_id, targets=ARTIFACT_LABELS),
    "binder:reflection_audio": Rule(
        expect=reads_file("OggS"),
        kwargs=lambda world, target: {"artifact_id": world[target].pk, "prompt": "learned"},
        targets=ARTIFACT_LABELS,
    ),
    "binder:work_approve": Rule(
        expect=approves_work, kwargs=fresh_artifact, targets=ARTIFACT_LABELS, methods=("POST",)
    ),
    "binder:work_comment": Rule(
        expect=comments_work,
        kwargs=artifact_id,
        targets=ARTIFACT_LABELS,
        methods=("POST",),
        data=lambda world, target: {"text": "Well done."},
    ),
    "binder:work_share": Rule(
        expect=shares_work,
        kwargs=artifact_id,
        targets=ARTIFACT_LABELS,
        methods=("POST",),
        data=lambda world, target: {"shared": "1"},
    ),
    "binder:work_file": Rule(expect=reads_file("PNG"), kwargs=artifact_id, targets=ARTIFACT_LABELS),
    "binder:work_thumbnail": Rule(
        expect=reads_file("WEBP"), kwargs=artifact_id, targets=ARTIFACT_LABELS
    ),
    "binder:review": Rule(expect=reviews_advisory, kwargs=advisory_id, targets=ADVISORIES),
    "binder:measure": Rule(expect=reads_measure, kwargs=measure_id, targets=MEASURE_LABELS),
    "binder:measure_chart": Rule(expect=reads_measure, kwargs=measure_id, targets=MEASURE_LABELS),
    "binder:goal": Rule(expect=edits_goal, kwargs=goal_id, targets=GOAL_LABELS),
    "binder:goal_review": Rule(expect=edits_goal, kwargs=goal_id, targets=GOAL_LABELS),
    "binder:goal_step_done": Rule(
        expect=ticks_step,
        kwargs=step_of,
        targets=(*GOAL_LABELS, "foreign_step"),
        methods=("POST",),
    ),
    "binder:targets": Rule(expect=keeps_targets),
    "binder:target_add": Rule(
        expect=lambda world, role, target: Allow() if role in KEEPS_TARGETS_OF else NOT_FOUND
    ),
    "binder:target": Rule(expect=keeps_target, kwargs=target_id, targets=LEARNING_TARGETS),
}
# The binder's forms, sent: a POST that changes or deletes builds its own row first.
EXTRA_RULES |= {
    "binder:work_add": (
        Rule(expect=posts_empty_form, kwargs=student_id, targets=STUDENTS, methods=("POST",)),
    ),
    "binder:assess": (
        Rule(
            expect=rates_self,
            kwargs=student_id,
            targets=STUDENTS,
            methods=("POST",),
            data=rating,
        ),
    ),
    "binder:measure_add": (
        Rule(expect=posts_empty_form, kwargs=student_id, targets=STUDENTS, methods=("POST",)),
    ),
    "binder:goal_add": (
        Rule(expect=posts_empty_form, kwargs=student_id, targets=STUDENTS, methods=("POST",)),
    ),
    "binder:work_edit": (
        Rule(
            expect=saves_work,
            kwargs=artifact_id,
            targets=ARTIFACT_LABELS,
            methods=("POST",),
            data=work_as_it_is,
        ),
    ),
    "binder:work_delete": (
        Rule(
            expect=deletes_work, kwargs=fresh_artifact, targets=ARTIFACT_LABELS, methods=("POST",)
        ),
    ),
    "binder:reflect": (
        Rule(
            expect=saves_work,
            kwargs=artifact_id,
            targets=ARTIFACT_LABELS,
            methods=("POST",),
            data=reflection,
        ),
    ),
    "binder:measure": (
        Rule(
            expect=adds_data_point,
            kwargs=measure_id,
            targets=MEASURE_LABELS,
            methods=("POST",),
            data=data_point,
        ),
    ),
    "binder:goal": (
        Rule(expect=posts_empty_form, kwargs=goal_id, targets=GOAL_LABELS, methods=("POST",)),
    ),
    "binder:goal_review": (
        Rule(
            expect=reviews_goal,
            kwargs=goal_id,
            targets=GOAL_LABELS,
            methods=("POST",),
            data=lambda world, target: {"status": "progress", "review": "Halfway there."},
        ),
    ),
    "binder:target_add": (Rule(expect=adds_target, methods=("POST",), data=new_target),),
    "binder:target": (
        Rule(
            expect=saves_target,
            kwargs=target_id,
            targets=LEARNING_TARGETS,
            methods=("POST",),
            data=target_as_it_is,
        ),
    ),
}


# --- conferences ------------------------------------------------------------------
#
# From podium/accounts/access.py and podium/conferences/views.py: a cycle is its
# school's. Staff (advisors and admins) see their school's cycles, the family
# books on its own page, and anyone who may book for a student (a guardian who
# may book, or the staff who see the student) books, moves and cancels. A
# booking is seen by whoever sees its student and by the interpreter assigned
# to it. Advisors give their own times and see their own day, the school's
# admins anyone's; only the admins see the master schedule and move a day.

# The staff of conferences, and the schools whose cycles they see.
CONFERENCE_STAFF: dict[str, set[str]] = {
    "advisor": {"school"},
    "sibling_advisor": {"school"},
    "outsider_advisor": {"school"},
    "school_admin": {"school"},
    "other_school_admin": {"other_school"},
    "district_admin": {"school", "other_school"},
}
CYCLE_MANAGERS: dict[str, set[str]] = {
    "school_admin": {"school"},
    "other_school_admin": {"other_school"},
    "district_admin": {"school", "other_school"},
}
BOOKERS = {"guardian", *CONFERENCE_STAFF}
# Mr. Haddad interprets Mateo's conference, and no other.
INTERPRETED = {"student_booking"}
# Each advisor's own staff row.
OWN_STAFF = {"advisor": "rivera", "sibling_advisor": "chen", "outsider_advisor": "okafor"}
# Mateo and Lupe, brother and sister. An advisor's day names each booked
# student's siblings booked with other advisors, so the family's visits can
# follow each other: the one page that shows an advisor a child of another
# advisory. A booking's page names a sibling's conference only to whoever sees
# that sibling.
SIBLINGS = {"student": "sibling", "sibling": "student"}
# An advisor's times and day, asked of a cycle: each advisor in their own
# school's, Ms. Rivera in Hillcrest's, and Mr. Haddad, who is no advisor.
ADVISOR_DAYS = {
    "rivera": ("cycle", "rivera"),
    "chen": ("cycle", "chen"),
    "okafor": ("cycle", "okafor"),
    "baker": ("other_school_cycle", "baker"),
    "rivera_at_hillcrest": ("other_school_cycle", "rivera"),
    "haddad": ("cycle", "haddad"),
}
# Mateo's conference asked of Hillcrest's cycle: a student has one only at his school.
ELSEWHERE = "student_at_hillcrest"
CONFERENCE_STUDENTS = (*STUDENTS, ELSEWHERE)
# Two children booked in one visit: Mateo and his sister, or Mateo and Linh,
# who are not family.
TOGETHER = {"garcias": ("student", "sibling"), "not_family": ("student", "other_student")}


def cycle_id(world: World, target: str) -> dict[str, Any]:
    return {"cycle_id": world[target].pk}


def cycle_of(world: World, label: str) -> Cycle:
    """The cycle of the school of the labelled row."""
    cycle: Cycle = world[CYCLES[world.school_of[label]]]
    return cycle


def student_of(target: str) -> str:
    return "student" if target == ELSEWHERE else target.removesuffix("_booking")


def later_slot(world: World, student: str) -> Slot:
    """The time a request books or moves the student's conference to."""
    day = world[DAYS[world.school_of[student]]]
    return slot_at(world[ADVISOR_OF[student]], day, LATER_AT[student])


def may_book(role: str, student: str) -> bool:
    """A guardian who may book for the child (both of Sofía's), or the staff who see them."""
    return role in BOOKERS and student in SEES_STUDENTS[role]


def conference_of(world: World, student: str) -> Booking | None:
    """The student's conference in his school's cycle, if he has one."""
    bookings = Booking.objects.active().filter(cycle=cycle_of(world, student))
    return bookings.filter(student=world[student]).first()


def conference_page(world: World, student: str) -> Callable[[], str]:
    """The page of the conference the request books for the student, once it is done."""

    def page() -> str:
        booking = conference_of(world, student)
        if booking is None:
            return f"the page of {world[student].first_name}'s conference, which was not booked"
        return reverse("conferences:booking", args=[booking.pk])

    return page


def unbook(world: World, student: str) -> None:
    """Cancel the student's conference, so a request can book one."""
    booking = conference_of(world, student)
    if booking is not None:
        booking.status = Booking.Status.CANCELLED
        booking.save(update_fields=["status"])


def sees_cycles(world: World, role: str, target: str) -> Expect:
    schools = CONFERENCE_STAFF.get(role)
    if schools is None:
        return NOT_FOUND
    return Allow(shows=tuple(CYCLE_NAMES[school] for school in sorted(schools)))


def books_as_family(world: World, role: str, target: str) -> Expect:
    # Sofía's children are at Riverside: Hillcrest's cycle is nothing to her.
    if role != "guardian" or target != "cycle":
        return NOT_FOUND
    return Allow(shows=(CYCLE_NAMES["school"], "Mateo", "Lupe"))


def unbooked_pair(world: World, target: str) -> dict[str, Any]:
    for student in TOGETHER[target]:
        unbook(world, student)
    return {"cycle_id": world["cycle"].pk}


def pair(world: World, target: str) -> dict[str, Any]:
    combination = ",".join(
        f"{world[student].pk}:{later_slot(world, student).pk}" for student in TOGETHER[target]
    )
    return {"together-combination": combination, "together-mode": "in_person"}


def books_together(world: World, role: str, target: str) -> Expect:
    children = TOGETHER[target]
    if not all(may_book(role, student) for student in children):
        return NOT_FOUND
    # A family goes back to its booking page; staff to the first child's.
    if role == "guardian":
        back = reverse("conferences:family", args=[world["cycle"].pk])
    else:
        back = reverse("conferences:student", args=[world["cycle"].pk, world[children[0]].pk])

    # The page is the answer whether or not both were booked: the bookings tell.
    def family_page_once_booked() -> str:
        unbooked = [world[s].first_name for s in children if conference_of(world, s) is None]
        return f"{back}, with {' and '.join(unbooked)} booked" if unbooked else back

    return Allow(status=302, location=family_page_once_booked)


def student_conference(world: World, target: str) -> dict[str, Any]:
    cycle = world["other_school_cycle"] if target == ELSEWHERE else cycle_of(world, target)
    return {"cycle_id": cycle.pk, "student_id": world[student_of(target)].pk}


def unbooked_student(world: World, target: str) -> dict[str, Any]:
    if target != ELSEWHERE:
        unbook(world, target)
    return student_conference(world, target)


def booking_form(world: World, target: str) -> dict[str, Any]:
    student = student_of(target)
    prefix = f"c{world[student].pk}"
    return {f"{prefix}-slot": later_slot(world, student).pk, f"{prefix}-mode": "in_person"}


def sees_conference_of(world: World, role: str, target: str) -> Expect:
    if target == ELSEWHERE or not may_book(role, target):
        return NOT_FOUND
    return Allow(shows=(world[target].full_name, CYCLE_NAMES[world.school_of[target]]))


def books_conference(world: World, role: str, target: str) -> Expect:
    if target == ELSEWHERE or not may_book(role, target):
        return NOT_FOUND
    return Allow(status=302, location=conference_page(world, target))


def booking_id(world: World, target: str) -> dict[str, Any]:
    return {"booking_id": world[target].pk}


def fresh_booking(world: World, target: str) -> dict[str, Any]:
    """A copy of the conference, for a request that moves or cancels it (see fresh_artifact)."""
    original: Booking = world[target]
    unbook(world, student_of(target))
    copy = Booking.objects.create(
        cycle_id=original.cycle_id,
        slot_id=original.slot_id,
        student_id=original.student_id,
        guardian_id=original.guardian_id,
        booked_by_id=original.booked_by_id,
        interpreter_language=original.interpreter_language,
        interpreter_id=original.interpreter_id,
    )
    world.objects[target] = copy
    return {"booking_id": copy.pk}


def sees_booking(role: str, target: str) -> bool:
    if role == "interpreter":
        return target in INTERPRETED
    return student_of(target) in SEES_STUDENTS[role]


def reads_booking(world: World, role: str, target: str) -> Expect:
    if not sees_booking(role, target):
        return NOT_FOUND
    student = student_of(target)
    sibling = SIBLINGS.get(student)
    siblings = (world[sibling].first_name,) if sibling in SEES_STUDENTS[role] else ()
    school = world.school_of[student]
    return Allow(shows=(world[student].first_name, CYCLE_NAMES[school], *siblings))


def reads_calendar(world: World, role: str, target: str) -> Expect:
    if not sees_booking(role, target):
        return NOT_FOUND
    return Allow(shows=("BEGIN:VCALENDAR", world[student_of(target)].first_name))


def moves_booking(world: World, role: str, target: str) -> Expect:
    if not may_book(role, student_of(target)):
        return NOT_FOUND
    return Allow(status=302, location=reverse("conferences:booking", args=[world[target].pk]))


def cancels_booking(world: World, role: str, target: str) -> Expect:
    student = student_of(target)
    if not may_book(role, student):
        return NOT_FOUND
    cycle = cycle_of(world, student)
    if role == "guardian":
        return Allow(status=302, location=reverse("conferences:family", args=[cycle.pk]))
    page = reverse("conferences:student", args=[cycle.pk, world[student].pk])
    return Allow(status=302, location=page)


def advisor_in_cycle(world: World, target: str) -> dict[str, Any]:
    cycle, staff = ADVISOR_DAYS[target]
    return {"cycle_id": world[cycle].pk, "staff_id": world[staff].pk}


def plans_day(world: World, role: str, target: str) -> bool:
    """The advisor themself, or the admins of the cycle's school, for an advisor of it."""
    cycle, staff = ADVISOR_DAYS[target]
    school = world.school_of[cycle]
    if staff not in ADVISOR_OF.values() or world.school_of[staff] != school:
        return False
    return OWN_STAFF.get(role) == staff or school in CYCLE_MANAGERS.get(role, set())


def same_availability(world: World, target: str) -> dict[str, Any]:
    """The times the advisor already gives: each request saves the same."""
    cycle, _staff = ADVISOR_DAYS[target]
    school = world.school_of[cycle]
    day = world[DAYS[school]].pk
    return {
        f"d{day}_1_from": "13:00",
        f"d{day}_1_to": "15:00",
        f"d{day}_room": world[ROOMS[school]].pk,
    }


def gives_times(world: World, role: str, target: str) -> Expect:
    if not plans_day(world, role, target):
        return NOT_FOUND
    cycle, staff = ADVISOR_DAYS[target]
    return Allow(shows=(world[staff].display_name, world[cycle].name))


def saves_times(world: World, role: str, target: str) -> Expect:
    if not plans_day(world, role, target):
        return NOT_FOUND
    return Allow(
        status=302,
        location=reverse("conferences:availability", kwargs=advisor_in_cycle(world, target)),
    )


def reads_advisor_day(world: World, role: str, target: str) -> Expect:
    if not plans_day(world, role, target):
        return NOT_FOUND
    _cycle, staff = ADVISOR_DAYS[target]
    student = next(label for label, advisor in ADVISOR_OF.items() if advisor == staff)
    sibling = SIBLINGS.get(student)
    next_door = (world[sibling].first_name,) if sibling else ()
    return Allow(shows=(world[staff].display_name, world[student].full_name, *next_door))


def reads_schedule(world: World, role: str, target: str) -> Expect:
    school = world.school_of[target]
    if school not in CYCLE_MANAGERS.get(role, set()):
        return NOT_FOUND
    students = tuple(world[s].full_name for s in STUDENTS if world.school_of[s] == school)
    return Allow(shows=(CYCLE_NAMES[school], *students))


def day_id(world: World, target: str) -> dict[str, Any]:
    return {"day_id": world[target].pk}


def fresh_day(world: World, target: str) -> dict[str, Any]:
    """A day of its own for a request that moves it, two days after the cycle's last."""
    day: ConferenceDay = world[target]
    last = ConferenceDay.objects.filter(cycle_id=day.cycle_id).latest("on")
    copy = ConferenceDay.objects.create(
        cycle_id=day.cycle_id, on=last.on + dt.timedelta(days=2), starts=day.starts, ends=day.ends
    )
    world.objects[target] = copy
    return {"day_id": copy.pk}


def next_date(world: World, target: str) -> dict[str, Any]:
    return {"to": (world[target].on + dt.timedelta(days=1)).isoformat()}


def sees_day(world: World, role: str, target: str) -> Expect:
    school = world.school_of[target]
    if school not in CYCLE_MANAGERS.get(role, set()):
        return NOT_FOUND
    return Allow(shows=(CYCLE_NAMES[school],))


def moves_day(world: World, role: str, target: str) -> Expect:
    if world.school_of[target] not in CYCLE_MANAGERS.get(role, set()):
        return NOT_FOUND
    schedule = reverse("conferences:schedule", args=[world[target].cycle_id])
    return Allow(status=302, location=schedule)


RULES |= {
    "conferences:cycles": Rule(expect=sees_cycles),
    "conferences:family": Rule(expect=books_as_family, kwargs=cycle_id, targets=CYCLE_LABELS),
    "conferences:book_together": Rule(
        expect=books_together,
        kwargs=unbooked_pair,
        targets=tuple(TOGETHER),
        methods=("POST",),
        data=pair,
    ),
    "conferences:student": Rule(
        expect=sees_conference_of, kwargs=student_conference, targets=CONFERENCE_STUDENTS
    ),
    "conferences:booking": Rule(expect=reads_booking, kwargs=booking_id, targets=BOOKINGS),
    "conferences:booking_ics": Rule(expect=reads_calendar, kwargs=booking_id, targets=BOOKINGS),
    "conferences:booking_move": Rule(
        expect=moves_booking,
        kwargs=fresh_booking,
        targets=BOOKINGS,
        methods=("POST",),
        data=lambda world, target: {"slot": later_slot(world, student_of(target)).pk},
    ),
    "conferences:booking_cancel": Rule(
        expect=cancels_booking, kwargs=fresh_booking, targets=BOOKINGS, methods=("POST",)
    ),
    "conferences:availability": Rule(
        expect=gives_times, kwargs=advisor_in_cycle, targets=tuple(ADVISOR_DAYS)
    ),
    "conferences:advisor_day": Rule(
        expect=reads_advisor_day, kwargs=advisor_in_cycle, targets=tuple(ADVISOR_DAYS)
    ),
    "conferences:schedule": Rule(expect=reads_schedule, kwargs=cycle_id, targets=CYCLE_LABELS),
    "conferences:move_day": Rule(expect=sees_day, kwargs=day_id, targets=DAY_LABELS),
}
EXTRA_RULES |= {
    "conferences:student": (
        Rule(
            expect=books_conference,
            kwargs=unbooked_student,
            targets=CONFERENCE_STUDENTS,
            methods=("POST",),
            data=booking_form,
        ),
    ),
    "conferences:availability": (
        Rule(
            expect=saves_times,
            kwargs=advisor_in_cycle,
            targets=tuple(ADVISOR_DAYS),
            methods=("POST",),
            data=same_availability,
        ),
    ),
    "conferences:move_day": (
        Rule(
            expect=moves_day,
            kwargs=fresh_day,
            targets=DAY_LABELS,
            methods=("POST",),
            data=next_date,
        ),
    ),
}


# --- the conference day ------------------------------------------------------------
#
# From podium/accounts/access.py and podium/conferences/views/: a plan is seen
# by whoever sees the student and by the interpreter of the conference it is
# for; it is prepared (its sections, goals, rehearsals) by those who may change
# the binder: the student, their advisor, the school's admins; it is signed off
# by the staff among them. The guardian and the interpreter watch the deck as
# the family does: only the work the advisor approved. A conference is run and
# presented by the student's advisor or an admin, who also send its summary;
# an advisor sees their own follow-ups, an admin the school's. The summary is
# read by the student, their guardians, their advisor and the admins, never by
# the interpreter: the family once the conference is held (before, a page that
# says so), and without the private notes. Feedback is the guardians' alone,
# once the conference is held.

# The advisors and admins (CONFERENCE_STAFF in access.py): they run conferences.
RUNNERS = MANAGERS
# Mr. Haddad interprets Mateo's conference of this cycle: he sees the plan for
# it, not Mateo's plan of the earlier cycle, nor anyone else's.
INTERPRETED_PLANS = {"student_plan"}
# The deck as the family watches it: only approved work.
WATCHES_AS_FAMILY = {"guardian", "interpreter"}
# A plan with a section of another student's plan: no one reaches it that way.
FOREIGN_SECTION = "foreign_section"
FOREIGN_REHEARSAL = "foreign_rehearsal"
# Each advisory's advisee, and the readiness pages asked for: an advisory in
# its school's cycle, and Ms. Rivera's advisory in Hillcrest's cycle.
ADVISEES = {
    "advisory": "student",
    "sibling_advisory": "sibling",
    "outsider_advisory": "other_student",
    "other_school_advisory": "other_school_student",
}
READINESS = {
    "advisory": ("cycle", "advisory"),
    "sibling_advisory": ("cycle", "sibling_advisory"),
    "outsider_advisory": ("cycle", "outsider_advisory"),
    "other_school_advisory": ("other_school_cycle", "other_school_advisory"),
    "advisory_at_hillcrest": ("other_school_cycle", "advisory"),
}


def sees_plan(role: str, plan: str) -> bool:
    if role == "interpreter":
        return plan in INTERPRETED_PLANS
    return DAY_OWNERS[plan] in SEES_STUDENTS[role]


def runs_conference(role: str, target: str) -> bool:
    """The student's advisor, or an admin who sees the student."""
    return role in RUNNERS and DAY_OWNERS[target] in SEES_STUDENTS[role]


def follows_up(world: World, role: str, student: str) -> bool:
    """An advisor their own follow-ups, an admin those of their school's conferences."""
    if role in OWN_STAFF:
        return ADVISOR_OF[student] == OWN_STAFF[role]
    return world.school_of[student] in CYCLE_MANAGERS.get(role, set())


def plan_id(world: World, target: str) -> dict[str, Any]:
    return {"plan_id": world[target].pk}


def plan_url(world: World, student: str) -> str:
    plan: Plan = world[f"{student}_plan"]
    return reverse("conferences:plan", args=[plan.cycle_id, plan.student_id])


def fresh_plan(world: World, target: str) -> dict[str, Any]:
    """The plan made anew, for a request that signs it off (see fresh_artifact).

    A student has one plan a cycle: the old one goes, and the new one takes its label.
    """
    original: Plan = world[target]
    original.delete()
    copy = ensure_plan(cycle=original.cycle, student=original.student)
    world.objects[target] = copy
    return {"plan_id": copy.pk}


def plan_section(world: World, target: str) -> dict[str, Any]:
    if target == FOREIGN_SECTION:
        # Mateo's plan with a section of Linh's.
        return {
            "plan_id": world["student_plan"].pk,
            "section_id": world["other_student_section"].pk,
        }
    section: PlanSection = world[target]
    return {"plan_id": section.plan_id, "section_id": section.pk}


def rehearsal_of(world: World, target: str) -> dict[str, Any]:
    if target == FOREIGN_REHEARSAL:
        # Mateo's plan with a rehearsal of Linh's.
        return {
            "plan_id": world["student_plan"].pk,
            "rehearsal_id": world["other_student_rehearsal"].pk,
        }
    rehearsal: Rehearsal = world[target]
    return {"plan_id": rehearsal.plan_id, "rehearsal_id": rehearsal.pk}


def deck_texts(world: World, plan: str, *, for_family: bool) -> tuple[str, ...]:
    """What the deck of the plan shows: the family (for_family) not Mateo's draft."""
    student = DAY_OWNERS[plan]
    if plan == EARLIER_PLAN:
        return (world[student].full_name, EARLIER_CYCLE_NAME)
    texts = [world[student].full_name, PLAN_SAYS[student]]
    if student == "student":
        texts += [ARTIFACTS["work"][1], MEASURES["measure"][1], GOALS["goal"][1], STEPS["goal"]]
        if not for_family:
            texts.append(ARTIFACTS["draft"][1])
    return tuple(texts)


def prepares_plan(world: World, role: str, target: str) -> Expect:
    if target == ELSEWHERE or not edits_binder(role, target):
        return NOT_FOUND
    return Allow(shows=(PLAN_SAYS[target], CYCLE_NAMES[world.school_of[target]]))


def prepares_section(world: World, role: str, target: str) -> Expect:
    if target == FOREIGN_SECTION or not edits_binder(role, DAY_OWNERS[target]):
        return NOT_FOUND
    return Allow(shows=(PLAN_SAYS[DAY_OWNERS[target]],))


def section_as_it_is(world: World, target: str) -> dict[str, Any]:
    section: PlanSection = world[SAID_SECTIONS[0] if target == FOREIGN_SECTION else target]
    return {"language": section.language, "text": section.text}


def saves_section(world: World, role: str, target: str) -> Expect:
    if target == FOREIGN_SECTION or not edits_binder(role, DAY_OWNERS[target]):
        return NOT_FOUND
    url = plan_url(world, DAY_OWNERS[target])
    return Allow(status=302, location=f"{url}#section-{world[target].pk}")


def hears_section(world: World, role: str, target: str) -> Expect:
    """The recording, to whoever sees the plan; a 404 where there is none."""
    if target in (FOREIGN_SECTION, SILENT_SECTION):
        return NOT_FOUND
    return Allow(shows=("OggS",)) if sees_plan(role, f"{DAY_OWNERS[target]}_plan") else NOT_FOUND


def prepares_goals(world: World, role: str, target: str) -> Expect:
    student = DAY_OWNERS[target]
    if not edits_binder(role, student):
        return NOT_FOUND
    goals = tuple(title for owner, title in GOALS.values() if owner == student)
    return Allow(shows=(world[student].first_name, *goals))


def chosen_goals(world: World, target: str) -> dict[str, Any]:
    """The goals the plan already presents: each request saves the same."""
    student = DAY_OWNERS[target]
    goals = [world[label].pk for label, (owner, _title) in GOALS.items() if owner == student]
    return {"action": "choose", "goals": goals}


def chooses_goals(world: World, role: str, target: str) -> Expect:
    if not edits_binder(role, DAY_OWNERS[target]):
        return NOT_FOUND
    return Allow(status=302, location=plan_url(world, DAY_OWNERS[target]))


def signs_off(world: World, role: str, target: str) -> Expect:
    if not reviews_binder(role, DAY_OWNERS[target]):
        return NOT_FOUND
    return Allow(status=302, location=plan_url(world, DAY_OWNERS[target]))


def cycle_and_advisory(world: World, target: str) -> dict[str, Any]:
    cycle, advisory = READINESS[target]
    return {"cycle_id": world[cycle].pk, "advisory_id": world[advisory].pk}


def reads_readiness(world: World, role: str, target: str) -> Expect:
    cycle, advisory = READINESS[target]
    if advisory not in SEES_ADVISORIES.get(role, set()):
        return NOT_FOUND
    if world.school_of[cycle] != world.school_of[advisory]:
        return NOT_FOUND
    return Allow(shows=(world[advisory].name, world[ADVISEES[advisory]].full_name))


def reads_deck(world: World, role: str, target: str) -> Expect:
    if not sees_plan(role, target):
        return NOT_FOUND
    return Allow(shows=deck_texts(world, target, for_family=role in WATCHES_AS_FAMILY))


def rehearses(world: World, role: str, target: str) -> Expect:
    if not edits_binder(role, DAY_OWNERS[target]):
        return NOT_FOUND
    return Allow(shows=deck_texts(world, target, for_family=False))


def rehearsal_times(world: World, target: str) -> dict[str, Any]:
    section: PlanSection = world[f"{DAY_OWNERS[target]}_section"]
    return {f"section_{section.section_id}": "75"}


def saves_rehearsal(world: World, role: str, target: str) -> Expect:
    if not edits_binder(role, DAY_OWNERS[target]):
        return NOT_FOUND

    def newest_rehearsal() -> str:
        plan: Plan = world[target]
        newest = plan.rehearsals.order_by("-pk").first()
        return reverse("conferences:rehearsal", args=[plan.pk, newest.pk if newest else 0])

    return Allow(status=302, location=newest_rehearsal)


def reads_rehearsal(world: World, role: str, target: str) -> Expect:
    if target == FOREIGN_REHEARSAL or not edits_binder(role, DAY_OWNERS[target]):
        return NOT_FOUND
    return Allow(shows=(world[DAY_OWNERS[target]].full_name,))


def presents(world: World, role: str, target: str) -> Expect:
    if not runs_conference(role, target):
        return NOT_FOUND
    student = DAY_OWNERS[target]
    # The family is watching: the deck shows only the work approved for them.
    texts = deck_texts(world, f"{student}_plan", for_family=True)
    return Allow(shows=(*texts, *COMMITMENTS.get(student, ())))


def reads_console(world: World, role: str, target: str) -> Expect:
    if not runs_conference(role, target):
        return NOT_FOUND
    student = DAY_OWNERS[target]
    notes = (SHARED_NOTES[student], PRIVATE_NOTES[student])
    return Allow(shows=(world[student].full_name, *notes, FOLLOW_UPS[student]))


def back_to_console(anchor: str) -> ExpectFor:
    def expect(world: World, role: str, target: str) -> Expect:
        if not runs_conference(role, target):
            return NOT_FOUND
        url = reverse("conferences:run", args=[world[target].pk])
        return Allow(status=302, location=f"{url}#{anchor}")

    return expect


def section_times(world: World, target: str) -> dict[str, Any]:
    return rehearsal_times(world, f"{DAY_OWNERS[target]}_plan")


def held_now(world: World, target: str) -> dict[str, Any]:
    return {"outcome": Conference.Outcome.HELD, "started": "13:00", "ended": "13:20"}


def reads_follow_ups(world: World, role: str, target: str) -> Expect:
    if role not in RUNNERS:
        return NOT_FOUND
    mine = [student for student in STUDENTS if follows_up(world, role, student)]
    return Allow(shows=tuple(text for s in mine for text in (world[s].full_name, FOLLOW_UPS[s])))


def follow_up_id(world: World, target: str) -> dict[str, Any]:
    return {"follow_up_id": world[target].pk}


def fresh_follow_up(world: World, target: str) -> dict[str, Any]:
    """A copy of the open follow-up, the original done, for a request that marks it done."""
    original: FollowUp = world[target]
    FollowUp.objects.filter(pk=original.pk).update(done_at=timezone.now())
    copy = FollowUp.objects.create(
        conference_id=original.conference_id,
        advisor_id=original.advisor_id,
        reason=original.reason,
        detail=original.detail,
    )
    world.objects[target] = copy
    return {"follow_up_id": copy.pk}


def marks_done(world: World, role: str, target: str) -> Expect:
    if role not in RUNNERS or not follows_up(world, role, DAY_OWNERS[target]):
        return NOT_FOUND
    return Allow(status=302, location=reverse("conferences:follow_ups"))


def reads_summary(world: World, role: str, target: str) -> Expect:
    """The summary: staff with the private notes, a family once the conference is held."""
    if role == "interpreter" or not sees_booking(role, target):
        return NOT_FOUND
    student = DAY_OWNERS[target]
    if role in RUNNERS:
        return Allow(shows=(SHARED_NOTES[student], PRIVATE_NOTES[student]))
    if student in HELD:
        return Allow(shows=(world[student].first_name, SHARED_NOTES[student]))
    # Not held yet: a page that says so.
    return Allow(shows=(world[student].first_name, 'role="status"'))


def reads_summary_pdf(world: World, role: str, target: str) -> Expect:
    expected = reads_summary(world, role, target)
    if isinstance(expected, Deny) or 'role="status"' in expected.shows:
        return NOT_FOUND
    return Allow(shows=("%PDF",))


def unsent_booking(world: World, target: str) -> dict[str, Any]:
    """The booking, its summary not sent yet: each request sends it for the first time."""
    Conference.objects.filter(booking=world[target]).update(summary_sent_at=None)
    return booking_id(world, target)


def sends_summary(world: World, role: str, target: str) -> Expect:
    if not runs_conference(role, target):
        return NOT_FOUND
    return Allow(status=302, location=reverse("conferences:summary", args=[world[target].pk]))


def gives_feedback(world: World, role: str, target: str) -> Expect:
    student = DAY_OWNERS[target]
    if role != "guardian" or student not in SEES_STUDENTS[role]:
        return NOT_FOUND
    if student in HELD:
        return Allow(shows=(world[student].first_name,))
    return Allow(shows=(world[student].first_name, 'role="status"'))


def feedback_answers(world: World, target: str) -> dict[str, Any]:
    return {"time_well_spent": 3, "heard_enough_from_teacher": 2, "wants_private_time": "no"}


def sends_feedback(world: World, role: str, target: str) -> Expect:
    expected = gives_feedback(world, role, target)
    if isinstance(expected, Deny) or DAY_OWNERS[target] not in HELD:
        return expected
    return Allow(status=302, location=reverse("conferences:summary", args=[world[target].pk]))


RULES |= {
    "conferences:plan": Rule(
        expect=prepares_plan, kwargs=student_conference, targets=CONFERENCE_STUDENTS
    ),
    "conferences:plan_section": Rule(
        expect=prepares_section, kwargs=plan_section, targets=(*SAID_SECTIONS, FOREIGN_SECTION)
    ),
    "conferences:plan_section_audio": Rule(
        expect=hears_section,
        kwargs=plan_section,
        targets=(*SAID_SECTIONS, SILENT_SECTION, FOREIGN_SECTION),
    ),
    "conferences:plan_goals": Rule(expect=prepares_goals, kwargs=plan_id, targets=PLANS),
    "conferences:plan_ready": Rule(
        expect=signs_off, kwargs=fresh_plan, targets=PLANS, methods=("POST",)
    ),
    "conferences:readiness": Rule(
        expect=reads_readiness, kwargs=cycle_and_advisory, targets=tuple(READINESS)
    ),
    "conferences:deck": Rule(expect=reads_deck, kwargs=plan_id, targets=(*PLANS, EARLIER_PLAN)),
    "conferences:rehearse": Rule(expect=rehearses, kwargs=plan_id, targets=PLANS),
    "conferences:rehearsal": Rule(
        expect=reads_rehearsal, kwargs=rehearsal_of, targets=(*REHEARSALS, FOREIGN_REHEARSAL)
    ),
    "conferences:present": Rule(expect=presents, kwargs=booking_id, targets=BOOKINGS),
    "conferences:run": Rule(expect=reads_console, kwargs=booking_id, targets=BOOKINGS),
    "conferences:run_checkin": Rule(
        expect=back_to_console("checkin"),
        kwargs=fresh_booking,
        targets=BOOKINGS,
        methods=("POST",),
        data=lambda world, target: {"dream_team": "Coach Lee", "dream_team_mode": "in_person"},
    ),
    "conferences:run_times": Rule(
        expect=back_to_console("times"),
        kwargs=fresh_booking,
        targets=BOOKINGS,
        methods=("POST",),
        data=section_times,
    ),
    "conferences:run_note": Rule(
        expect=back_to_console("notes"),
        kwargs=fresh_booking,
        targets=BOOKINGS,
        methods=("POST",),
        data=lambda world, target: {"text": "Brought a sketchbook"},
    ),
    "conferences:run_input": Rule(
        expect=back_to_console("family"),
        kwargs=fresh_booking,
        targets=BOOKINGS,
        methods=("POST",),
        data=lambda world, target: {
            "kind": FamilyInput.Kind.COMMITMENT,
            "text": "We will visit the library",
            "language": "en",
            "back": "console",
        },
    ),
    "conferences:run_outcome": Rule(
        expect=back_to_console("outcome"),
        kwargs=fresh_booking,
        targets=BOOKINGS,
        methods=("POST",),
        data=held_now,
    ),
    "conferences:follow_ups": Rule(expect=reads_follow_ups),
    "conferences:follow_up_done": Rule(
        expect=marks_done, kwargs=fresh_follow_up, targets=FOLLOW_UP_LABELS, methods=("POST",)
    ),
    "conferences:summary": Rule(expect=reads_summary, kwargs=booking_id, targets=BOOKINGS),
    "conferences:summary_pdf": Rule(expect=reads_summary_pdf, kwargs=booking_id, targets=BOOKINGS),
    "conferences:summary_send": Rule(
        expect=sends_summary, kwargs=unsent_booking, targets=BOOKINGS, methods=("POST",)
    ),
    "conferences:feedback": Rule(expect=gives_feedback, kwargs=booking_id, targets=BOOKINGS),
}
EXTRA_RULES |= {
    "conferences:plan_section": (
        Rule(
            expect=saves_section,
            kwargs=plan_section,
            targets=(*SAID_SECTIONS, FOREIGN_SECTION),
            methods=("POST",),
            data=section_as_it_is,
        ),
    ),
    "conferences:plan_goals": (
        Rule(
            expect=chooses_goals,
            kwargs=plan_id,
            targets=PLANS,
            methods=("POST",),
            data=chosen_goals,
        ),
    ),
    "conferences:rehearse": (
        Rule(
            expect=saves_rehearsal,
            kwargs=plan_id,
            targets=PLANS,
            methods=("POST",),
            data=rehearsal_times,
        ),
    ),
    "conferences:feedback": (
        Rule(
            expect=sends_feedback,
            kwargs=booking_id,
            targets=BOOKINGS,
            methods=("POST",),
            data=feedback_answers,
        ),
    ),
}

# --- the school-wide schedule ------------------------------------------------------
#
# From podium/conferences/views/placing.py: a family gives its times for a
# cycle its school places (a guardian who may book, at that school); the runs
# of the scheduler, their review, adjustments and publishing are the school's
# admins' (and the district's).
PLACED_CYCLES = {"school": "placed_cycle", "other_school": "other_school_placed_cycle"}
RUNS = {"school": "run", "other_school": "other_school_run"}
PLACED_CYCLE_LABELS = tuple(PLACED_CYCLES.values())
RUN_LABELS = tuple(RUNS.values())


def build_school_schedule(objects: dict[str, Model]) -> dict[str, Model]:
    """At each school a cycle placed by the school, with a finished run whose draft is empty."""
    built: dict[str, Model] = {}
    for school, label in PLACED_CYCLES.items():
        base = objects[CYCLES[school]]
        assert isinstance(base, Cycle)
        built[label], built[RUNS[school]] = placed_cycle_and_run(base, school)
    return built


def placed_cycle_and_run(base: Cycle, school: str) -> tuple[Cycle, ScheduleRun]:
    cycle = Cycle.objects.create(
        school_id=base.school_id,
        school_year_id=base.school_year_id,
        name=PLACED_CYCLE_NAMES[school],
        booking_opens_at=base.booking_opens_at,
        booking_closes_at=base.booking_closes_at,
        changes_until=base.changes_until,
        placement=Cycle.Placement.SCHOOL,
    )
    first = base.days.order_by("on").first()
    assert first is not None
    day = ConferenceDay.objects.create(
        cycle=cycle, on=first.on, starts=first.starts, ends=first.ends
    )
    # The family of the school's first student has given its times: they are in the draft.
    link = StudentGuardian.objects.filter(student__school_id=base.school_id).order_by("pk").first()
    assert link is not None
    times = FamilyTimes.objects.create(cycle=cycle, guardian_id=link.guardian_id)
    FamilyWindow.objects.create(times=times, day=day, starts=day.starts, ends=day.ends)
    run = ScheduleRun.objects.create(
        cycle=cycle,
        status=ScheduleRun.Status.DONE,
        draft={"assignments": {}, "unplaced": {}, "solver": {}, "adjusted": False},
    )
    return cycle, run


def fresh_run(world: World, target: str) -> dict[str, Any]:
    """A cycle and run of their own for a request that publishes (see fresh_artifact)."""
    school = world.school_of[target]
    _cycle, run = placed_cycle_and_run(world[CYCLES[school]], school)
    world.objects[target] = run
    return {"run_id": run.pk}


def fresh_placed_cycle(world: World, target: str) -> dict[str, Any]:
    """A placed cycle of its own for a request that starts a run on it."""
    school = world.school_of[target]
    cycle, _run = placed_cycle_and_run(world[CYCLES[school]], school)
    world.objects[target] = cycle
    return {"cycle_id": cycle.pk}


def run_id(world: World, target: str) -> dict[str, Any]:
    return {"run_id": world[target].pk}


def gives_family_times(world: World, role: str, target: str) -> Expect:
    # Sofía's children are at Riverside; Hillcrest's cycle is nothing to her.
    if role != "guardian" or target != "placed_cycle":
        return NOT_FOUND
    return Allow(shows=(PLACED_CYCLE_NAMES["school"], "Mateo", "Lupe"))


def family_times_form(world: World, target: str) -> dict[str, Any]:
    cycle = world[target]
    day = cycle.days.get()
    starts, ends = blocks(day, cycle)[0]
    return {f"d{day.pk}": [f"{starts:%H:%M}-{ends:%H:%M}"], "mode": "in_person"}


def saves_family_times(world: World, role: str, target: str) -> Expect:
    if role != "guardian" or target != "placed_cycle":
        return NOT_FOUND
    page = reverse("conferences:family_times", args=[world[target].pk])
    return Allow(status=302, location=page)


def runs_schedule(world: World, role: str, target: str) -> Expect:
    """The placed cycle's page and its runs' pages: the school's admins."""
    school = world.school_of[target]
    if school not in CYCLE_MANAGERS.get(role, set()):
        return NOT_FOUND
    return Allow(shows=(PLACED_CYCLE_NAMES[school],))


def starts_run(world: World, role: str, target: str) -> Expect:
    school = world.school_of[target]
    if school not in CYCLE_MANAGERS.get(role, set()):
        return NOT_FOUND
    cycle = world[target]

    def newest_run() -> str:
        run = ScheduleRun.objects.filter(cycle=cycle).latest("created_at")
        return reverse("conferences:schedule_run", args=[run.pk])

    return Allow(status=302, location=newest_run)


def changes_run(world: World, role: str, target: str) -> Expect:
    """Adjusting or publishing: back to the run's page, with what happened said there."""
    school = world.school_of[target]
    if school not in CYCLE_MANAGERS.get(role, set()):
        return NOT_FOUND
    return Allow(status=302, location=reverse("conferences:schedule_run", args=[world[target].pk]))


def adjusts_run(world: World, role: str, target: str) -> Expect:
    # Mateo is not in Hillcrest's schedule: its admins find no such student there.
    school = world.school_of[target]
    if school not in CYCLE_MANAGERS.get(role, set()) or school != "school":
        return NOT_FOUND
    return changes_run(world, role, target)


RULES |= {
    "conferences:family_times": Rule(
        expect=gives_family_times, kwargs=cycle_id, targets=PLACED_CYCLE_LABELS
    ),
    "conferences:schedule_runs": Rule(
        expect=runs_schedule, kwargs=cycle_id, targets=PLACED_CYCLE_LABELS
    ),
    "conferences:schedule_run": Rule(expect=runs_schedule, kwargs=run_id, targets=RUN_LABELS),
    "conferences:schedule_run_adjust": Rule(
        expect=adjusts_run,
        kwargs=run_id,
        targets=RUN_LABELS,
        methods=("POST",),
        data=lambda world, target: {"student": world["student"].pk, "slot": ""},
    ),
    "conferences:schedule_run_publish": Rule(
        expect=changes_run, kwargs=fresh_run, targets=RUN_LABELS, methods=("POST",)
    ),
}
EXTRA_RULES |= {
    "conferences:family_times": (
        Rule(
            expect=saves_family_times,
            kwargs=cycle_id,
            targets=PLACED_CYCLE_LABELS,
            methods=("POST",),
            data=family_times_form,
        ),
    ),
    "conferences:schedule_runs": (
        Rule(
            expect=starts_run,
            kwargs=fresh_placed_cycle,
            targets=PLACED_CYCLE_LABELS,
            methods=("POST",),
            data=lambda world, target: {"time_limit": "5"},
        ),
    ),
}


# --- the Django admin -------------------------------------------------------------


def admin_site_rule(staff_expect: Expect) -> ExpectFor:
    """A site-wide admin page: staff get `staff_expect`, everyone else the admin's login."""
    return lambda world, role, target: staff_expect if role in ADMIN_STAFF else REFUSED


def admin_login(world: World, role: str, target: str) -> Expect:
    return Allow(status=302, location="/admin/") if role in ADMIN_STAFF else Allow()


def admin_logout(world: World, role: str, target: str) -> Expect:
    # Someone who is not staff is sent to the admin's index (and from there to its login).
    if role in ADMIN_STAFF:
        return Allow(status=302, location="/accounts/signin/")
    return Allow(status=302, location="/admin/")


APP_LABELS = (
    "auth",
    "django_tasks_database",
    "accounts",
    "roster",
    "privacy",
    "binder",
    "conferences",
)
SCHOOL_ADMIN_APPS = {"roster", "privacy", "binder", "conferences"}


def admin_app(world: World, role: str, target: str) -> Expect:
    if role not in ADMIN_STAFF:
        return REFUSED
    if ADMIN_STAFF[role] is None or target in SCHOOL_ADMIN_APPS:
        return Allow()
    return REFUSED


def autocomplete_query(world: World, target: str) -> dict[str, Any]:
    field = "guardian" if isinstance(world[target], Guardian) else "student"
    return {
        "app_label": "roster",
        "model_name": "studentguardian",
        "field_name": field,
        "term": world.list_text[target],
    }


def admin_autocomplete(world: World, role: str, target: str) -> Expect:
    if role not in ADMIN_STAFF:
        return REFUSED
    school = ADMIN_STAFF[role]
    if school is None or world.school_of[target] == school:
        return Allow(shows=(world.list_text[target],))
    # A search of another school's people answers, and finds no one.
    return Allow()


def view_on_site(world: World, target: str) -> dict[str, Any]:
    content_type = ContentType.objects.get_for_model(Student)
    return {"content_type_id": content_type.pk, "object_id": world[target].pk}


def admin_catch_all(world: World, target: str) -> str:
    return {"slashless": "/admin/roster/student", "unknown": "/admin/no-such-page/"}[target]


def admin_catch_all_expect(world: World, role: str, target: str) -> Expect:
    if role in ADMIN_STAFF and target == "slashless":
        return Allow(status=301, location="/admin/roster/student/")
    return REFUSED


@dataclass(frozen=True)
class AdminModel:
    """What each role may do with one registered ModelAdmin."""

    objects: tuple[str, ...]
    school_admins: bool = True  # school admins work with their school's rows
    school_admins_add: bool = True
    school_admins_delete: bool = True
    read_only: bool = False  # no one adds, changes or deletes a row
    changes_only: bool = False  # rows are made and cancelled on the pages, not here


ADMIN_MODELS: dict[type[Model], AdminModel] = {
    School: AdminModel(
        ("school", "other_school"), school_admins_add=False, school_admins_delete=False
    ),
    SchoolYear: AdminModel(("year", "other_year")),
    Staff: AdminModel(("rivera", "park", "novak")),
    Student: AdminModel(STUDENTS),
    Guardian: AdminModel(("guardian", "other_guardian", "other_school_guardian")),
    Advisory: AdminModel(ADVISORIES),
    AccessLog: AdminModel(("log", "other_school_log"), read_only=True),
    User: AdminModel(("mateo_account", "novak_account"), school_admins=False),
    Group: AdminModel(("group",), school_admins=False),
    DBTaskResult: AdminModel(("task_result",), school_admins=False, read_only=True),
    LearningTarget: AdminModel(("learning_target", "other_school_learning_target")),
    Cycle: AdminModel(CYCLE_LABELS),
    Room: AdminModel(tuple(ROOMS.values())),
    Booking: AdminModel(("student_booking", "other_school_student_booking"), changes_only=True),
    AgendaTemplate: AdminModel(("agenda", "other_school_agenda")),
}


def admin_model_rules(model: type[Model], spec: AdminModel) -> dict[str, Rule]:
    opts = model._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}"

    def who(role: str) -> str | bool | None:
        """The school the role works on here, None for all, False if refused."""
        if role not in ADMIN_STAFF:
            return False
        school = ADMIN_STAFF[role]
        if school is not None and not spec.school_admins:
            return False
        return school

    def owns(world: World, role: str, target: str) -> bool:
        school = who(role)
        return school is None or (school is not False and world.school_of[target] == school)

    def changelist(world: World, role: str, target: str) -> Expect:
        school = who(role)
        if school is False:
            return REFUSED
        mine = [label for label in spec.objects if owns(world, role, label)]
        return Allow(shows=tuple(world.list_text[label] for label in mine))

    def add(world: World, role: str, target: str) -> Expect:
        school = who(role)
        if school is False or spec.read_only or spec.changes_only:
            return REFUSED
        return Allow() if school is None or spec.school_admins_add else REFUSED

    def change(world: World, role: str, target: str) -> Expect:
        return Allow(shows=(str(world[target]),)) if owns(world, role, target) else REFUSED

    def delete(world: World, role: str, target: str) -> Expect:
        if not owns(world, role, target) or spec.read_only or spec.changes_only:
            return REFUSED
        if who(role) is not None and not spec.school_admins_delete:
            return REFUSED
        return Allow(shows=(str(world[target]),))

    def redirect(world: World, role: str, target: str) -> Expect:
        if not owns(world, role, target):
            return REFUSED
        change_url = reverse(f"{prefix}_change", args=[world[target].pk])
        return Allow(status=302, location=change_url)

    def object_id(world: World, target: str) -> dict[str, Any]:
        return {"object_id": world[target].pk}

    def bare_path(world: World, target: str) -> str:
        return f"/admin/{opts.app_label}/{opts.model_name}/{world[target].pk}/"

    closed = spec.read_only or spec.changes_only
    rules = {
        f"{prefix}_changelist": Rule(expect=changelist),
        f"{prefix}_add": Rule(expect=add, closed=closed),
        f"{prefix}_change": Rule(expect=change, kwargs=object_id, targets=spec.objects),
        f"{prefix}_history": Rule(expect=change, kwargs=object_id, targets=spec.objects),
        f"{prefix}_delete": Rule(
            expect=delete, kwargs=object_id, targets=spec.objects, closed=closed
        ),
        f"admin/{opts.app_label}/{opts.model_name}/<path:object_id>/": Rule(
            expect=redirect, targets=spec.objects, path=bare_path
        ),
    }
    if model is User:
        rules["admin:auth_user_password_change"] = Rule(
            expect=change,
            kwargs=lambda world, target: {"id": world[target].pk},
            targets=spec.objects,
        )
    return rules


RULES |= {
    "admin:index": Rule(expect=admin_site_rule(Allow())),
    "admin:login": Rule(expect=admin_login),
    "admin:logout": Rule(expect=admin_logout, methods=("POST",)),
    "admin:password_change": Rule(expect=admin_site_rule(Allow())),
    "admin:password_change_done": Rule(expect=admin_site_rule(Allow())),
    "admin:jsi18n": Rule(expect=admin_site_rule(Allow())),
    "admin:autocomplete": Rule(
        expect=admin_autocomplete,
        targets=(*STUDENTS, "other_guardian", "other_school_guardian"),
        data=autocomplete_query,
    ),
    # No Podium model has a public page: the admin's "view on site" is a 404 for all.
    "admin:view_on_site": Rule(
        expect=admin_site_rule(NOT_FOUND), kwargs=view_on_site, targets=STUDENTS, closed=True
    ),
    "admin:app_list": Rule(
        expect=admin_app, kwargs=lambda world, target: {"app_label": target}, targets=APP_LABELS
    ),
    "admin/(?P<url>.*)$": Rule(
        expect=admin_catch_all_expect, targets=("slashless", "unknown"), path=admin_catch_all
    ),
}
for _model, _spec in ADMIN_MODELS.items():
    RULES |= admin_model_rules(_model, _spec)


# --- walking the resolver ------------------------------------------------------------


def url_patterns(
    resolver: URLResolver | None = None, namespace: str = "", route: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    """Every pattern of the project as (namespaced name, or route if unnamed; pattern)."""
    for entry in (resolver or get_resolver()).url_patterns:
        entry_route = route + str(entry.pattern).removeprefix("^" if route else "")
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry, inner, entry_route)
        elif entry.name:
            yield namespace + entry.name, entry
        else:
            yield entry_route, entry


PATTERNS = dict(url_patterns())
# Where a refusal may send someone: to sign in, or to the admin's front page.
REFUSAL_PAGES = {"/accounts/signin/", "/admin/login/", "/admin/"}


def test_every_url_pattern_is_walked_once_and_every_rule_names_a_pattern() -> None:
    keys = [key for key, _pattern in url_patterns()]
    assert len(keys) == len(set(keys)), "two patterns share a name"
    assert {"home", "roster:student", "admin:roster_student_change"} <= set(keys)
    stale = sorted(set(RULES) - set(keys))
    assert not stale, f"access rules for patterns that no longer exist: {stale}"


def test_the_matrix_covers_every_role_of_the_cast() -> None:
    assert set(SEES_STUDENTS) == set(ROLES)
    staff = {name for name, field in Cast.__dataclass_fields__.items() if field.type == "Staff"}
    assert staff <= set(ROLES)


@functools.cache
def matrix_client() -> Client:
    """One client for the whole matrix.

    A client loads the middleware on its first request, and whitenoise then
    scans the collected static files: once per module instead of once per
    pattern. Every test of the matrix runs with the same settings, and the
    client's cookies are replaced before each request.
    """
    return Client()


class Sessions:
    """One client that switches between the roles' sessions.

    A client per request would load the middleware each time (whitenoise
    scans the static files), and signing in for each request costs as much as
    the request: each role signs in once, until a request changes its session.
    """

    def __init__(self, client: Client, world: World) -> None:
        self.client = client
        self.world = world
        self.keys: dict[str, str] = {}

    def sign_in(self, role: str) -> None:
        self.client.cookies.clear()
        user = self.world.user(role)
        if user is None:
            return
        if role in self.keys:
            self.client.cookies[project_settings.SESSION_COOKIE_NAME] = self.keys[role]
        else:
            self.client.force_login(user)
            self.keys[role] = self.client.cookies[project_settings.SESSION_COOKIE_NAME].value

    def after(self, role: str, response: HttpResponse) -> None:
        if project_settings.SESSION_COOKIE_NAME in response.cookies:
            self.keys.pop(role, None)


def send(client: Client, method: str, url: str, data: dict[str, Any]) -> HttpResponse:
    if method == "GET":
        return client.get(url, data)  # type: ignore[return-value]
    return client.post(url, data)  # type: ignore[return-value]


def text_of(response: HttpResponse) -> str:
    """The answer's body as text; a file (the binder's) is read to its end."""
    streaming = response.streaming
    content = b"".join(response.streaming_content) if streaming else response.content  # type: ignore[attr-defined]
    body = content.decode(errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        body = json.dumps(json.loads(body), ensure_ascii=False)
    return body


def check(client: Client, where: str, response: HttpResponse, expected: Expect, role: str) -> None:
    shown = " ".join(expected.shows) if isinstance(expected, Allow) else ""
    secret = {name for name in forbidden_names(role) if name not in shown}

    def assert_nothing_leaks(body: str, url: str) -> None:
        leaked = sorted(name for name in secret if name in body)
        assert not leaked, f"{where}: {url} shows {leaked} to {role}"

    body = text_of(response)
    assert_nothing_leaks(body, "the page")
    status = response.status_code
    if isinstance(expected, Allow):
        assert status == expected.status, f"{where}: expected {expected.status}, got {status}"
        location = expected.location() if callable(expected.location) else expected.location
        if location:
            assert response["Location"] == location, (
                f"{where}: to {response['Location']}, not {location}"
            )
        for text in expected.shows:
            assert text in body, f"{where}: the page does not show {text!r}"
        return
    assert not 200 <= status < 300, f"{where}: {role} must not get {status}"
    landed = ""
    for _hop in range(5):
        if not 300 <= response.status_code < 400:
            break
        landed = response["Location"]
        if urlsplit(landed).path in REFUSAL_PAGES:
            return
        response = client.get(landed)  # type: ignore[assignment]
        assert_nothing_leaks(text_of(response), landed)
    status = response.status_code
    refused = status in expected.statuses
    assert refused, f"{where}: {role} must be refused, ended on {landed or 'the page'} ({status})"


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> Path:
    """The binder's files, written by build_world, in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.mark.parametrize("key", sorted(PATTERNS))
def test_each_role_reaches_only_what_it_may(
    key: str, cast: Cast, settings: Any, media_root: Path
) -> None:
    if key not in RULES:
        pytest.fail(
            f"The URL pattern {key!r} has no access rule. Add one to RULES in "
            f"{__name__}: which kwargs it takes, its methods, and which roles may "
            "reach which objects."
        )
    # Every role signs in from one address here; the limits have their own tests.
    settings.PASSWORD_RATE_PER_USERNAME = settings.PASSWORD_RATE_PER_IP = "1000/m"
    settings.SIGNIN_LINK_RATE_PER_ADDRESS = settings.SIGNIN_LINK_RATE_PER_IP = "1000/m"
    # The project's own task queue, so the admin's task pages can show a task.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # Sessions in signed cookies: each role signs in without a database row,
    # which halves the time of the whole matrix; the sessions are not under test.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    world = build_world(cast)
    pattern = PATTERNS[key]
    client = matrix_client()
    sessions = Sessions(client, world)
    allowed = denied = 0
    for rule in (RULES[key], *EXTRA_RULES.get(key, ())):
        for role in ROLES:
            for target in rule.targets:
                for method in rule.methods:
                    if rule.path is not None:
                        url = rule.path(world, target)
                    else:
                        url = reverse(key, kwargs=rule.kwargs(world, target))
                    # After the kwargs, which may have built a fresh row for this request.
                    expected = rule.expect(world, role, target)
                    assert resolve(urlsplit(url).path).func is pattern.callback, (
                        f"{url} is not the pattern {key!r}"
                    )
                    sessions.sign_in(role)
                    response = send(client, method, url, rule.data(world, target))
                    sessions.after(role, response)
                    where = f"{key} {method} {url} [{target or 'no object'}]"
                    check(client, where, response, expected, role)
                    if isinstance(expected, Allow):
                        allowed += 1
                    else:
                        denied += 1
    if not RULES[key].closed:
        assert allowed, f"no role reaches {key}: the rule refuses everyone"
    if key not in PUBLIC:
        assert denied, f"every role reaches {key}: the rule refuses no one"


# Pages anyone may open, signed in or not.
PUBLIC = {
    "healthz",
    "accounts:signin",
    "accounts:signin_password",
    "accounts:request_link",
    "accounts:link_sent",
    "accounts:signout",
    "accounts:language",
    "admin:login",
    "admin:logout",
}


# --- the admin across schools ---------------------------------------------------------


def admin_client(user: User | None) -> Client:
    assert user is not None
    client = Client()
    client.force_login(user)
    return client


def share_sofia_with_hillcrest(cast: Cast) -> None:
    """Sofía's nephew Jonah lives with her: Hillcrest links her too."""
    StudentGuardian.objects.create(
        student=cast.other_school_student, guardian=cast.guardian, relationship="guardian"
    )


def test_a_school_admin_sees_a_shared_guardian_with_only_her_schools_children(
    cast: Cast,
) -> None:
    share_sofia_with_hillcrest(cast)
    park = admin_client(cast.school_admin.user)

    response = park.get(reverse("admin:roster_guardian_change", args=[cast.guardian.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Mateo García" in page
    assert "Jonah" not in page


@pytest.mark.parametrize("who", ["school_admin", "other_school_admin"])
def test_no_school_admin_deletes_a_guardian_another_school_shares(cast: Cast, who: str) -> None:
    share_sofia_with_hillcrest(cast)
    client = admin_client(getattr(cast, who).user)
    url = reverse("admin:roster_guardian_delete", args=[cast.guardian.pk])
    changelist = reverse("admin:roster_guardian_changelist")
    bulk = {"action": "delete_selected", "_selected_action": [cast.guardian.pk]}

    for response in (client.get(url), client.post(url, {"post": "yes"})):
        assert response.status_code == 403
        assert "Jonah" not in response.content.decode()
    confirm = client.post(changelist, bulk)
    assert "Jonah" not in confirm.content.decode()
    assert "Mateo" not in confirm.content.decode()
    assert client.post(changelist, {**bulk, "post": "yes"}).status_code == 403
    assert StudentGuardian.objects.filter(guardian=cast.guardian).count() == 3


def test_a_school_admin_deletes_a_guardian_only_her_school_knows(cast: Cast) -> None:
    share_sofia_with_hillcrest(cast)
    park = admin_client(cast.school_admin.user)
    url = reverse("admin:roster_guardian_delete", args=[cast.other_guardian.pk])

    assert park.get(url).status_code == 200
    assert park.post(url, {"post": "yes"}).status_code == 302
    assert not Guardian.objects.filter(pk=cast.other_guardian.pk).exists()


def test_the_district_admin_deletes_a_shared_guardian(cast: Cast) -> None:
    share_sofia_with_hillcrest(cast)
    district = admin_client(cast.district_admin)
    url = reverse("admin:roster_guardian_delete", args=[cast.guardian.pk])

    assert "Jonah Miller" in district.get(url).content.decode()
    assert district.post(url, {"post": "yes"}).status_code == 302
    assert not StudentGuardian.objects.filter(guardian_id=cast.guardian.pk).exists()


@pytest.mark.parametrize(
    ("model", "field", "term"),
    [("studentguardian", "student", "100041"), ("studentguardian", "guardian", "Garc")],
)
def test_the_admins_search_boxes_find_only_the_admins_school(
    cast: Cast, model: str, field: str, term: str
) -> None:
    query = {"app_label": "roster", "model_name": model, "field_name": field, "term": term}
    url = reverse("admin:autocomplete")

    mine = admin_client(cast.school_admin.user).get(url, query).json()["results"]
    theirs = admin_client(cast.other_school_admin.user).get(url, query).json()["results"]

    assert mine
    assert theirs == []


def test_a_school_admins_forms_offer_only_her_schools_years_staff_and_schools(
    cast: Cast,
) -> None:
    park = admin_client(cast.school_admin.user)

    for name in ("roster_advisory_add", "roster_staff_add", "roster_schoolyear_add"):
        page = park.get(reverse(f"admin:{name}")).content.decode()
        assert "Riverside K-12" in page
        assert "Hillcrest" not in page
        assert "Baker" not in page


# --- a household's conferences ---------------------------------------------------------


def test_a_guardian_sees_no_conference_of_her_childs_half_brother(cast: Cast) -> None:
    """Minh is Mateo's father too: Linh, his son, is Mateo's brother but not Sofía's child."""
    conferences = build_conferences(cast, SchoolYear.objects.get(school=cast.other_school))
    StudentGuardian.objects.create(
        student=cast.student, guardian=cast.other_guardian, relationship="father"
    )
    sofia = Client()
    sofia.force_login(cast.guardian.user)  # type: ignore[arg-type]

    response = sofia.get(reverse("conferences:booking", args=[conferences["student_booking"].pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Lupe" in page
    assert "Linh" not in page
