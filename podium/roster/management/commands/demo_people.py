"""Print how to sign in as each person of the demo school (see seed_demo)."""

from __future__ import annotations

import textwrap
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse

from podium.accounts.badges import badge_token
from podium.accounts.models import User
from podium.binder.demo import describe
from podium.conferences.models import Conference, Cycle, Plan
from podium.roster.management.commands.seed_demo import (
    ADMIN_USERNAME,
    ADVISOR_USERNAME,
    DEMO_PASSWORD,
    DISTRICT_USERNAME,
    INTERPRETER_USERNAME,
    LAYLA_EMAIL,
    MARCUS_EMAIL,
    MINH_EMAIL,
    ROSA_EMAIL,
    SOFIA_EMAIL,
    STUDENT_USERNAME,
    WEI_EMAIL,
)
from podium.roster.models import Advisory, Guardian, School, Staff, Student

# The students whose binders were written by hand (see podium.binder.demo).
BINDERS_TO_SHOW = (("Mateo", "García"), ("Lupe", "García"), ("Linh", "Tran"))


def children_line(students: list[Student]) -> str:
    """For example: Mateo (4) and Lupe (K)."""
    names = [f"{s.display_name} ({s.grade_label})" for s in students]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def full_name(staff: Staff) -> str:
    return " ".join(part for part in (staff.title, staff.first_name, staff.last_name) if part)


def current_advisory(student: Student) -> Advisory | None:
    return (
        student.advisories.filter(school_year__is_current=True)
        .select_related("advisor__user")
        .first()
    )


def grade_band(advisory: Advisory) -> str:
    grades = sorted(set(advisory.students.values_list("grade", flat=True)))
    if not grades:
        return "no advisees yet"
    first, last = ("K" if g == 0 else str(g) for g in (grades[0], grades[-1]))
    return f"grade {first}" if first == last else f"grades {first}–{last}"


class Command(BaseCommand):
    help = "Print how to sign in as each person of the demo school."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--url", default=settings.SITE_URL, help="Where Podium runs (default: SITE_URL)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        base = str(options["url"]).rstrip("/")
        if not School.objects.exists():
            self.stdout.write("No demo school; run seed_demo (python manage.py seed_demo).")
            return
        write = self.stdout.write
        write(self.style.SUCCESS(f"Podium is at {base}/"))
        write(f"Sign in at {base}{reverse('accounts:signin')}")

        staff_lines = self.password_people()
        if staff_lines:
            write("")
            write(f"With a username and the password {DEMO_PASSWORD}:")
            for line in staff_lines:
                write(f"  {line}")

        guardians = {
            guardian.email.lower(): guardian
            for guardian in Guardian.objects.filter(
                email__in=[
                    SOFIA_EMAIL,
                    MINH_EMAIL,
                    LAYLA_EMAIL,
                    WEI_EMAIL,
                    ROSA_EMAIL,
                    MARCUS_EMAIL,
                ]
            )
        }
        named = [
            guardians[e]
            for e in (SOFIA_EMAIL, MINH_EMAIL, LAYLA_EMAIL, WEI_EMAIL)
            if e in guardians
        ]
        if named:
            write("")
            write("Families sign in with a link: type the e-mail on the sign-in page, and the link")
            write(
                "appears in this terminal (console e-mail); "
                f"or run `python manage.py signin_link {named[0].email}`:"
            )
            width = max(len(g.email) for g in named)
            for guardian in named:
                children = children_line(list(guardian.children().order_by("-grade")))
                write(
                    f"  {guardian.email:<{width}}  {guardian.full_name}, "
                    f"{guardian.get_home_language_display()} at home: {children}"
                )
            if ROSA_EMAIL in guardians and MARCUS_EMAIL in guardians:
                rosa, marcus = guardians[ROSA_EMAIL], guardians[MARCUS_EMAIL]
                write(
                    f"  {rosa.email} and {marcus.email}: {rosa.full_name} and "
                    f"{marcus.full_name} live apart; each sees a different household."
                )

        sofia = guardians.get(SOFIA_EMAIL)
        lupe = sofia.children().filter(grade__lte=2).first() if sofia else None
        if lupe is not None:
            write("")
            write(f"{lupe.full_name} ({lupe.get_grade_display()}) signs in with her QR badge:")
            write(f"  {base}{reverse('accounts:badge', args=[badge_token(lupe)])}")
            advisory = current_advisory(lupe)
            if advisory is not None:
                advisor = advisory.advisor
                sheet = reverse("roster:advisory_badges", args=[advisory.pk])
                write(
                    f"or print the badge sheet from {advisor.display_name}'s advisory page "
                    f"({advisory.name}; sign in as {advisor.user.username} or {ADMIN_USERNAME}):"
                )
                write(f"  {base}{sheet}")

        binders = self.binder_lines()
        if binders:
            write("")
            write("Every student has a binder with work, reflections, self-ratings, data and goals")
            write("set this fall for the spring review. For example:")
            for line in binders:
                write(f"  {line}")

        conference_day = self.conference_day_lines(base)
        if conference_day:
            write("")
            write("Conference day:")
            for line in conference_day:
                write(f"  {line}")

    def binder_lines(self) -> list[str]:
        """What the named students' binders hold, if the demo school has binders."""
        lines = []
        for first, last in BINDERS_TO_SHOW:
            student = Student.objects.filter(first_name=first, last_name=last).first()
            if student is not None and student.artifacts.exists():
                line = f"{student.full_name} ({student.grade_label}): {describe(student)}"
                lines += textwrap.wrap(line, width=96, subsequent_indent="    ")
        return lines

    def conference_day_lines(self, base: str) -> list[str]:
        """Where to see a prepared plan, its deck, and a held conference's summary."""
        lines = []
        upcoming = Plan.objects.filter(cycle__in=Cycle.objects.current()).select_related("student")
        for plan in upcoming.filter(student__last_name="García").order_by("-student__grade"):
            student = plan.student
            state = "ready to lead" if plan.is_ready else "being prepared"
            lines.append(f"{student.full_name}'s plan ({state}), as the student or an advisor:")
            lines.append(f"  {base}{reverse('conferences:plan', args=[plan.cycle_id, student.pk])}")
            lines.append(
                f"  presentation mode: {base}{reverse('conferences:deck', args=[plan.pk])}"
            )
        held = Conference.objects.filter(
            outcome=Conference.Outcome.HELD, booking__student__last_name="García"
        ).select_related("booking__student")
        for conference in held.order_by("-booking__student__grade"):
            booking = conference.booking
            lines.append(
                f"{booking.student.full_name}'s summary of the earlier conference (as Sofía): "
                f"{base}{reverse('conferences:summary', args=[booking.pk])}"
            )
        total = Conference.objects.filter(outcome=Conference.Outcome.HELD).count()
        if total:
            lines.append(f"{total} conferences of the earlier cycle were held, with summaries.")
        placed = Cycle.objects.current().filter(placement=Cycle.Placement.SCHOOL).first()
        if placed is not None:
            answered = placed.family_times.count()
            lines.append(
                f"{placed.name}: the school places every family; {answered} guardians have given "
                f"their times. Sofía gives hers at "
                f"{base}{reverse('conferences:family_times', args=[placed.pk])}"
            )
            lines.append(
                f"  and {ADMIN_USERNAME} runs, reviews and publishes the schedule at "
                f"{base}{reverse('conferences:schedule_runs', args=[placed.pk])}"
            )
        return lines

    def password_people(self) -> list[str]:
        users = {
            user.username: user
            for user in User.objects.filter(
                username__in=[
                    ADMIN_USERNAME,
                    ADVISOR_USERNAME,
                    INTERPRETER_USERNAME,
                    DISTRICT_USERNAME,
                    STUDENT_USERNAME,
                ]
            ).select_related("staff")
        }
        staff: dict[str, Staff] = {
            username: user.staff
            for username, user in users.items()
            if getattr(user, "staff", None) is not None
        }
        lines: list[tuple[str, str]] = []
        if admin := staff.get(ADMIN_USERNAME):
            lines.append((ADMIN_USERNAME, f"{full_name(admin)}, school admin"))
        if advisor := staff.get(ADVISOR_USERNAME):
            advisory = advisor.advisories.filter(school_year__is_current=True).first()
            where = f" of {advisory.name} ({grade_band(advisory)})" if advisory else ""
            lines.append((ADVISOR_USERNAME, f"{full_name(advisor)}, advisor{where}"))
        if interpreter := staff.get(INTERPRETER_USERNAME):
            languages = ", ".join(interpreter.languages)
            lines.append(
                (INTERPRETER_USERNAME, f"{full_name(interpreter)}, interpreter ({languages})")
            )
        if (district := users.get(DISTRICT_USERNAME)) and district.is_superuser:
            lines.append((DISTRICT_USERNAME, "district admin: every school, and /admin/"))
        if mateo_user := users.get(STUDENT_USERNAME):
            mateo = Student.objects.filter(user=mateo_user).first()
            if mateo is not None:
                advisory = current_advisory(mateo)
                where = f", in {advisory.advisor.display_name}'s advisory" if advisory else ""
                lines.append(
                    (STUDENT_USERNAME, f"{mateo.full_name}, {mateo.get_grade_display()}{where}")
                )
        width = max((len(username) for username, _ in lines), default=0)
        return [f"{username:<{width}}  {who}" for username, who in lines]
