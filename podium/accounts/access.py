"""The access layer: the one place that decides who may see which student.

Views never fetch a student, an advisory or anything belonging to a student
without going through here. Anything a user may not see is a 404, so a page
never confirms that a record they may not see exists.

The rules:

- a student sees themself;
- a guardian sees the children they are linked to, across schools and advisors;
- an advisor sees the advisees of their advisories in the current school year;
- a school admin sees every student of their school;
- an interpreter sees only the conferences assigned to them;
- a district admin (Django superuser) sees everything.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse

from podium.binder.models import Artifact, ArtifactQuerySet, Goal, LearningTarget, Measure
from podium.conferences.models import (
    Booking,
    ConferenceDay,
    Cycle,
    FollowUp,
    Plan,
    ScheduleRun,
)
from podium.roster.models import Advisory, Staff, Student, StudentQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet

    from podium.accounts.models import User

    AnyUser = User | AnonymousUser


class Role(enum.StrEnum):
    # Templates compare against Role.ADVISOR etc.; without this they would
    # call the class and get "".
    do_not_call_in_templates = enum.nonmember(True)

    ANONYMOUS = "anonymous"
    NONE = "none"
    STUDENT = "student"
    GUARDIAN = "guardian"
    ADVISOR = "advisor"
    INTERPRETER = "interpreter"
    SCHOOL_ADMIN = "admin"
    DISTRICT_ADMIN = "district"


STAFF_ROLES = {Role.ADVISOR, Role.INTERPRETER, Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN}


def role_of(user: AnyUser) -> Role:
    if not user.is_authenticated:
        return Role.ANONYMOUS
    if user.is_superuser:
        return Role.DISTRICT_ADMIN
    staff = staff_of(user)
    if staff is not None:
        return Role(staff.role)
    if getattr(user, "student", None) is not None:
        return Role.STUDENT
    if getattr(user, "guardian", None) is not None:
        return Role.GUARDIAN
    return Role.NONE


def staff_of(user: AnyUser) -> Staff | None:
    if not user.is_authenticated:
        return None
    return getattr(user, "staff", None)


def students_visible_to(user: AnyUser) -> StudentQuerySet:
    role = role_of(user)
    students = Student.objects.all()
    if role == Role.DISTRICT_ADMIN:
        return students
    user_id = int(user.pk or 0)
    if role == Role.STUDENT:
        return students.filter(user_id=user_id)
    if role == Role.GUARDIAN:
        return students.filter(guardian_links__guardian__user_id=user_id)
    staff = staff_of(user)
    if staff is None:
        return students.none()
    if role == Role.SCHOOL_ADMIN:
        return students.filter(school_id=staff.school_id)
    if role == Role.ADVISOR:
        return students.filter(
            memberships__advisory__advisor=staff,
            memberships__school_year__is_current=True,
        )
    return students.none()


def get_student_for(user: AnyUser, student_id: int) -> Student:
    """The student `student_id` if `user` may see them, else 404."""
    student = (
        students_visible_to(user).select_related("school", "user").filter(pk=student_id).first()
    )
    if student is None:
        raise Http404
    return student


def can_manage_student_account(user: AnyUser, student: Student) -> bool:
    """Advisors reset their advisees' passwords and badges; admins anyone's at their school."""
    if role_of(user) not in {Role.ADVISOR, Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN}:
        return False
    return students_visible_to(user).filter(pk=student.pk).exists()


def get_student_to_manage(user: AnyUser, student_id: int) -> Student:
    student = get_student_for(user, student_id)
    if not can_manage_student_account(user, student):
        raise Http404
    return student


def advisories_visible_to(user: AnyUser) -> QuerySet[Advisory]:
    role = role_of(user)
    advisories = Advisory.objects.filter(school_year__is_current=True)
    if role == Role.DISTRICT_ADMIN:
        return advisories
    staff = staff_of(user)
    if staff is None:
        return advisories.none()
    if role == Role.SCHOOL_ADMIN:
        return advisories.filter(school_year__school_id=staff.school_id)
    if role == Role.ADVISOR:
        return advisories.filter(advisor=staff)
    return advisories.none()


def get_advisory_for(user: AnyUser, advisory_id: int) -> Advisory:
    advisory = (
        advisories_visible_to(user)
        .select_related("advisor", "school_year__school")
        .filter(pk=advisory_id)
        .first()
    )
    if advisory is None:
        raise Http404
    return advisory


View = TypeVar("View", bound=Callable[..., HttpResponse])


def role_required(*roles: Role) -> Callable[[View], View]:
    """Let only these roles in: anyone signed out goes to sign in, anyone else gets a 404."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if role_of(request.user) not in roles:
                raise Http404
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = frozenset(roles)  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator


def public(view: View) -> View:
    """Mark a view that anyone may open, signed in or not (sign-in pages)."""
    view.allowed_roles = frozenset(Role)  # type: ignore[attr-defined]
    return view


# The binder. Everyone who may see a student may read their binder; families
# see only the work the advisor approved. The student, their advisor and the
# school's admins may change it; only staff approve work for the family.

REVIEWERS = {Role.ADVISOR, Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN}


def can_edit_binder(user: AnyUser, student: Student) -> bool:
    role = role_of(user)
    if role == Role.STUDENT:
        return student.user_id == user.pk
    return role in REVIEWERS and students_visible_to(user).filter(pk=student.pk).exists()


def can_review_binder(user: AnyUser, student: Student) -> bool:
    return role_of(user) in REVIEWERS and can_edit_binder(user, student)


def get_binder_student_for(user: AnyUser, student_id: int, *, write: bool = False) -> Student:
    """The student whose binder `user` opens; with write=True, only if they may change it."""
    student = get_student_for(user, student_id)
    if write and not can_edit_binder(user, student):
        raise Http404
    return student


def artifacts_visible_to(user: AnyUser) -> ArtifactQuerySet:
    artifacts = Artifact.objects.filter(student__in=students_visible_to(user))
    if role_of(user) == Role.GUARDIAN:
        return artifacts.approved()
    return artifacts


def get_artifact_for(user: AnyUser, artifact_id: int, *, write: bool = False) -> Artifact:
    """A piece of work `user` may see (or, with write=True, change), else 404."""
    artifact = (
        artifacts_visible_to(user)
        .select_related("student__school", "term")
        .filter(pk=artifact_id)
        .first()
    )
    if artifact is None or (write and not can_edit_binder(user, artifact.student)):
        raise Http404
    return artifact


def get_measure_for(user: AnyUser, measure_id: int, *, write: bool = False) -> Measure:
    measure = (
        Measure.objects.filter(student__in=students_visible_to(user))
        .select_related("student__school")
        .filter(pk=measure_id)
        .first()
    )
    if measure is None or (write and not can_edit_binder(user, measure.student)):
        raise Http404
    return measure


def get_goal_for(user: AnyUser, goal_id: int, *, write: bool = False) -> Goal:
    goal = (
        Goal.objects.filter(student__in=students_visible_to(user))
        .select_related("student__school", "term")
        .filter(pk=goal_id)
        .first()
    )
    if goal is None or (write and not can_edit_binder(user, goal.student)):
        raise Http404
    return goal


def targets_visible_to(user: AnyUser) -> QuerySet[LearningTarget]:
    """Learning targets are the school's: its staff see and edit them."""
    role = role_of(user)
    if role == Role.DISTRICT_ADMIN:
        return LearningTarget.objects.all()
    staff = staff_of(user)
    if staff is None or role not in REVIEWERS:
        return LearningTarget.objects.none()
    return LearningTarget.objects.filter(school_id=staff.school_id)


def get_target_for(user: AnyUser, target_id: int) -> LearningTarget:
    target = targets_visible_to(user).filter(pk=target_id).first()
    if target is None:
        raise Http404
    return target


# Conferences. A cycle belongs to a school: its staff and the families with a
# child there see it; only the school's admins set it up. A booking is seen by
# whoever sees its student, and by the interpreter assigned to it; it is
# changed by a guardian who may book for the child, the advisor, or an admin.

CONFERENCE_STAFF = {Role.ADVISOR, Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN}
CYCLE_MANAGERS = {Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN}


def cycles_visible_to(user: AnyUser) -> QuerySet[Cycle]:
    role = role_of(user)
    cycles = Cycle.objects.all()
    if role == Role.DISTRICT_ADMIN:
        return cycles
    staff = staff_of(user)
    if staff is not None:
        return cycles.filter(school_id=staff.school_id)
    if role == Role.GUARDIAN:
        schools = students_visible_to(user).values("school_id")
        return cycles.filter(school_id__in=schools)
    return cycles.none()


def get_cycle_for(user: AnyUser, cycle_id: int, *, manage: bool = False) -> Cycle:
    """The cycle `cycle_id`; with manage=True only for the school's admins."""
    if manage and role_of(user) not in CYCLE_MANAGERS:
        raise Http404
    cycle = cycles_visible_to(user).select_related("school", "school_year").filter(pk=cycle_id)
    found = cycle.first()
    if found is None:
        raise Http404
    return found


def get_day_for(user: AnyUser, day_id: int) -> ConferenceDay:
    """A conference day, for the school's admins to move."""
    if role_of(user) not in CYCLE_MANAGERS:
        raise Http404
    cycles = cycles_visible_to(user)
    day = ConferenceDay.objects.filter(cycle__in=cycles, pk=day_id).select_related("cycle__school")
    found = day.first()
    if found is None:
        raise Http404
    return found


def get_advisor_in_cycle_for(user: AnyUser, cycle: Cycle, staff_id: int) -> Staff:
    """An advisor of the cycle's school: themself, or anyone for the school's admins."""
    role = role_of(user)
    staff = staff_of(user)
    if role == Role.ADVISOR and staff is not None and staff.pk == staff_id:
        return staff
    if role in CYCLE_MANAGERS:
        advisor = Staff.objects.filter(
            pk=staff_id, school_id=cycle.school_id, role=Staff.Role.ADVISOR
        ).first()
        if advisor is not None:
            return advisor
    raise Http404


def bookings_visible_to(user: AnyUser) -> QuerySet[Booking]:
    bookings = Booking.objects.all()
    if role_of(user) == Role.INTERPRETER:
        return bookings.filter(interpreter__user_id=int(user.pk or 0))
    return bookings.filter(student__in=students_visible_to(user))


def can_change_booking(user: AnyUser, booking: Booking) -> bool:
    role = role_of(user)
    if role == Role.GUARDIAN:
        return booking.student.guardian_links.filter(
            guardian__user_id=int(user.pk or 0), may_book=True
        ).exists()
    return (
        role in CONFERENCE_STAFF
        and students_visible_to(user).filter(pk=booking.student_id).exists()
    )


def get_booking_for(user: AnyUser, booking_id: int, *, write: bool = False) -> Booking:
    booking = (
        bookings_visible_to(user)
        .select_related(
            "slot__advisor", "slot__room", "slot__day", "cycle__school", "student", "guardian"
        )
        .filter(pk=booking_id)
        .first()
    )
    if booking is None or (write and not can_change_booking(user, booking)):
        raise Http404
    return booking


def get_student_to_book_for(user: AnyUser, student_id: int) -> Student:
    """A student whose conference `user` may book: a guardian who may book, or their staff."""
    student = get_student_for(user, student_id)
    role = role_of(user)
    if role == Role.GUARDIAN:
        if student.guardian_links.filter(
            guardian__user_id=int(user.pk or 0), may_book=True
        ).exists():
            return student
        raise Http404
    if role in CONFERENCE_STAFF:
        return student
    raise Http404


# The conference itself. A student's plan is seen by whoever sees the student
# and by the interpreter of their conference; it is prepared by those who may
# change the binder (the student, their advisor, the school's admins), and
# signed off as ready by staff among them. A conference is run by the
# student's advisor or an admin; its summary is read by whoever sees the
# booking, and families see only the notes shared with them.


def plans_visible_to(user: AnyUser) -> QuerySet[Plan]:
    if role_of(user) == Role.INTERPRETER:
        # The plan of the conference they interpret: same student, same cycle.
        bookings = bookings_visible_to(user).filter(
            status=Booking.Status.ACTIVE,
            cycle_id=OuterRef("cycle_id"),
            student_id=OuterRef("student_id"),
        )
        return Plan.objects.filter(Exists(bookings))
    return Plan.objects.filter(student__in=students_visible_to(user))


def get_plan_for(user: AnyUser, plan_id: int, *, write: bool = False) -> Plan:
    """A plan `user` may see (with write=True, prepare), else 404."""
    plan = (
        plans_visible_to(user)
        .select_related("student__school", "cycle__school", "agenda", "ready_by")
        .filter(pk=plan_id)
        .first()
    )
    if plan is None or (write and not can_edit_binder(user, plan.student)):
        raise Http404
    return plan


def can_sign_off(user: AnyUser, plan: Plan) -> bool:
    return can_review_binder(user, plan.student)


def get_booking_to_run(user: AnyUser, booking_id: int) -> Booking:
    """A conference the advisor or an admin runs: check-in, timing, notes, outcome."""
    if role_of(user) not in CONFERENCE_STAFF:
        raise Http404
    return get_booking_for(user, booking_id)


def sees_private_notes(user: AnyUser) -> bool:
    return role_of(user) in CONFERENCE_STAFF


# Preparing a conference. The student's plan page is reached by cycle and
# student: the cycle must be at the student's school, and the person must be
# one who may change the binder (the student, their advisor, the school's
# admins). A student sees no cycle list, so the cycle is found through them.


def get_cycle_and_student_to_prepare(
    user: AnyUser, cycle_id: int, student_id: int
) -> tuple[Cycle, Student]:
    student = get_binder_student_for(user, student_id, write=True)
    cycle = (
        Cycle.objects.select_related("school", "school_year")
        .filter(pk=cycle_id, school_id=student.school_id)
        .first()
    )
    if cycle is None:
        raise Http404
    return cycle, student


def follow_ups_visible_to(user: AnyUser) -> QuerySet[FollowUp]:
    """What staff owe families: an advisor their own, admins their school's, the district all."""
    follow_ups = FollowUp.objects.all()
    role = role_of(user)
    if role == Role.DISTRICT_ADMIN:
        return follow_ups
    staff = staff_of(user)
    if staff is None:
        return follow_ups.none()
    if role == Role.SCHOOL_ADMIN:
        return follow_ups.filter(advisor__school_id=staff.school_id)
    if role == Role.ADVISOR:
        return follow_ups.filter(advisor=staff)
    return follow_ups.none()


def get_follow_up_for(user: AnyUser, follow_up_id: int) -> FollowUp:
    follow_up = follow_ups_visible_to(user).filter(pk=follow_up_id).first()
    if follow_up is None:
        raise Http404
    return follow_up


# --- the school-wide schedule: its runs are the school's admins' alone ---------------------


def get_run_for(user: AnyUser, run_id: int) -> ScheduleRun:
    """A run of the school-wide scheduler, for the admins of its cycle's school."""
    if role_of(user) not in CYCLE_MANAGERS:
        raise Http404
    run = (
        ScheduleRun.objects.filter(pk=run_id, cycle__in=cycles_visible_to(user))
        .select_related("cycle__school", "cycle__school_year")
        .first()
    )
    if run is None:
        raise Http404
    return run
