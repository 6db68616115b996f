"""The access layer: the one place that decides who may see which student.

Views never fetch a student, an advisory or anything belonging to a student
without going through here. Anything a user may not see is a 404, so a page
never confirms that a record they may not see exists.

The rules:

- a student sees themself;
- a guardian sees the children they are linked to, across schools and advisors;
- an advisor sees the advisees of their advisories in the current school year;
- a school admin sees every student of their school;
- an interpreter sees only the conferences assigned to them (none here yet);
- a district admin (Django superuser) sees everything.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from podium.binder.models import Artifact, ArtifactQuerySet, Goal, LearningTarget, Measure
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
