"""The access layer, role by role: who sees which student and which advisory."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from podium.accounts.access import (
    Role,
    advisories_visible_to,
    can_manage_student_account,
    get_advisory_for,
    get_student_for,
    get_student_to_manage,
    role_of,
    students_visible_to,
)
from podium.accounts.models import User
from podium.roster.models import (
    Advisory,
    AdvisoryMembership,
    SchoolYear,
    Staff,
    Student,
    StudentGuardian,
)
from tests.cast import Cast

STUDENTS = ("student", "sibling", "other_student", "other_school_student")
ADVISORIES = ("advisory", "sibling_advisory", "outsider_advisory", "other_school_advisory")

# role: (its Role, the students it sees, the advisories it sees)
EXPECTED: dict[str, tuple[Role, set[str], set[str]]] = {
    "anonymous": (Role.ANONYMOUS, set(), set()),
    "student": (Role.STUDENT, {"student"}, set()),
    "guardian": (Role.GUARDIAN, {"student", "sibling"}, set()),
    "advisor": (Role.ADVISOR, {"student"}, {"advisory"}),
    "sibling_advisor": (Role.ADVISOR, {"sibling"}, {"sibling_advisory"}),
    "outsider_advisor": (Role.ADVISOR, {"other_student"}, {"outsider_advisory"}),
    "school_admin": (
        Role.SCHOOL_ADMIN,
        {"student", "sibling", "other_student"},
        {"advisory", "sibling_advisory", "outsider_advisory"},
    ),
    "interpreter": (Role.INTERPRETER, set(), set()),
    "other_school_admin": (
        Role.SCHOOL_ADMIN,
        {"other_school_student"},
        {"other_school_advisory"},
    ),
    "no_role": (Role.NONE, set(), set()),
    "district_admin": (Role.DISTRICT_ADMIN, set(STUDENTS), set(ADVISORIES)),
}
MANAGERS = {
    "advisor",
    "sibling_advisor",
    "outsider_advisor",
    "school_admin",
    "other_school_admin",
    "district_admin",
}


def user_for(cast: Cast, role: str) -> User | AnonymousUser:
    if role == "anonymous":
        return AnonymousUser()
    if role == "student":
        assert cast.student.user is not None
        return cast.student.user
    if role == "guardian":
        assert cast.guardian.user is not None
        return cast.guardian.user
    if role == "no_role":
        return cast.no_role_user
    if role == "district_admin":
        return cast.district_admin
    staff: Staff = getattr(cast, role)
    return staff.user


def fresh(user: User | AnonymousUser) -> User | AnonymousUser:
    """The user as a new request would load it, without cached relations."""
    return User.objects.get(pk=user.pk) if user.is_authenticated else user


def labels(cast: Cast, queryset: object, names: tuple[str, ...]) -> set[str]:
    pks = list(queryset.values_list("pk", flat=True))  # type: ignore[attr-defined]
    assert len(pks) == len(set(pks)), "the queryset repeats a row"
    return {name for name in names if getattr(cast, name).pk in pks}


@pytest.mark.parametrize("role", EXPECTED)
def test_role_of_names_each_role_of_the_cast(cast: Cast, role: str) -> None:
    assert role_of(fresh(user_for(cast, role))) == EXPECTED[role][0]


@pytest.mark.parametrize("role", EXPECTED)
def test_students_visible_to_each_role(cast: Cast, role: str) -> None:
    visible = students_visible_to(fresh(user_for(cast, role)))
    assert labels(cast, visible, STUDENTS) == EXPECTED[role][1]


@pytest.mark.parametrize("role", EXPECTED)
def test_get_student_for_each_role_and_student(cast: Cast, role: str) -> None:
    user = fresh(user_for(cast, role))
    for target in STUDENTS:
        student = getattr(cast, target)
        if target in EXPECTED[role][1]:
            assert get_student_for(user, student.pk) == student, target
        else:
            with pytest.raises(Http404):
                get_student_for(user, student.pk)


@pytest.mark.parametrize("role", EXPECTED)
def test_no_one_gets_a_student_that_does_not_exist(cast: Cast, role: str) -> None:
    missing = Student.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1
    with pytest.raises(Http404):
        get_student_for(fresh(user_for(cast, role)), missing)


@pytest.mark.parametrize("role", EXPECTED)
def test_advisories_visible_to_each_role(cast: Cast, role: str) -> None:
    visible = advisories_visible_to(fresh(user_for(cast, role)))
    assert labels(cast, visible, ADVISORIES) == EXPECTED[role][2]


@pytest.mark.parametrize("role", EXPECTED)
def test_get_advisory_for_each_role_and_advisory(cast: Cast, role: str) -> None:
    user = fresh(user_for(cast, role))
    for target in ADVISORIES:
        advisory = getattr(cast, target)
        if target in EXPECTED[role][2]:
            assert get_advisory_for(user, advisory.pk) == advisory, target
        else:
            with pytest.raises(Http404):
                get_advisory_for(user, advisory.pk)


@pytest.mark.parametrize("role", EXPECTED)
def test_only_advisors_and_admins_manage_the_accounts_of_students_they_see(
    cast: Cast, role: str
) -> None:
    user = fresh(user_for(cast, role))
    for target in STUDENTS:
        student = getattr(cast, target)
        may = role in MANAGERS and target in EXPECTED[role][1]
        assert can_manage_student_account(user, student) is may, target
        if may:
            assert get_student_to_manage(user, student.pk) == student, target
        else:
            with pytest.raises(Http404):
                get_student_to_manage(user, student.pk)


def test_a_student_and_a_guardian_see_a_student_but_do_not_manage_the_account(
    cast: Cast,
) -> None:
    for user in (cast.student.user, cast.guardian.user):
        assert user is not None
        assert get_student_for(fresh(user), cast.student.pk) == cast.student
        with pytest.raises(Http404):
            get_student_to_manage(fresh(user), cast.student.pk)


def new_current_year(cast: Cast) -> SchoolYear:
    SchoolYear.objects.filter(pk=cast.year.pk).update(is_current=False)
    return SchoolYear.objects.create(
        school=cast.school,
        name="2027-28",
        starts_on=dt.date(2027, 8, 19),
        ends_on=dt.date(2028, 6, 9),
        is_current=True,
    )


def test_an_advisor_stops_seeing_last_years_advisees(cast: Cast) -> None:
    new_current_year(cast)
    rivera = fresh(cast.advisor.user)

    assert not students_visible_to(rivera).exists()
    assert not advisories_visible_to(rivera).exists()
    with pytest.raises(Http404):
        get_student_for(rivera, cast.student.pk)
    with pytest.raises(Http404):
        get_advisory_for(rivera, cast.advisory.pk)
    with pytest.raises(Http404):
        get_student_to_manage(rivera, cast.student.pk)


def test_a_new_years_advisor_sees_the_student_and_the_old_one_does_not(cast: Cast) -> None:
    year = new_current_year(cast)
    advisory = Advisory.objects.create(school_year=year, advisor=cast.sibling_advisor, name="5C")
    AdvisoryMembership.objects.create(advisory=advisory, student=cast.student)

    chen = fresh(cast.sibling_advisor.user)
    assert labels(cast, students_visible_to(chen), STUDENTS) == {"student"}
    assert list(advisories_visible_to(chen)) == [advisory]
    assert not students_visible_to(fresh(cast.advisor.user)).exists()


def test_school_admins_and_families_keep_seeing_students_in_a_new_year(cast: Cast) -> None:
    new_current_year(cast)

    park = fresh(cast.school_admin.user)
    assert labels(cast, students_visible_to(park), STUDENTS) == {
        "student",
        "sibling",
        "other_student",
    }
    # Last year's advisories are history: the admin lists this year's.
    assert not advisories_visible_to(park).exists()
    assert cast.guardian.user is not None
    assert labels(cast, students_visible_to(fresh(cast.guardian.user)), STUDENTS) == {
        "student",
        "sibling",
    }


def test_another_schools_year_ending_changes_nothing_here(cast: Cast) -> None:
    SchoolYear.objects.filter(school=cast.other_school).update(is_current=False)

    rivera = fresh(cast.advisor.user)
    assert labels(cast, students_visible_to(rivera), STUDENTS) == {"student"}
    assert labels(cast, advisories_visible_to(rivera), ADVISORIES) == {"advisory"}
    novak = fresh(cast.other_school_admin.user)
    assert labels(cast, students_visible_to(novak), STUDENTS) == {"other_school_student"}
    assert not advisories_visible_to(novak).exists()


def test_a_withdrawn_students_record_stays_visible_to_those_who_may_see_it(cast: Cast) -> None:
    # The record is kept (families may ask for it); lists and badges skip
    # withdrawn students, see the roster and sign-in tests.
    Student.objects.filter(pk=cast.student.pk).update(is_active=False)

    for role in ("guardian", "advisor", "school_admin", "district_admin"):
        user = fresh(user_for(cast, role))
        assert get_student_for(user, cast.student.pk).is_active is False
        assert not students_visible_to(user).active().filter(pk=cast.student.pk).exists()
    with pytest.raises(Http404):
        get_student_for(fresh(cast.outsider_advisor.user), cast.student.pk)


def test_a_guardian_of_children_at_two_schools_sees_both_and_each_school_only_its_own(
    cast: Cast,
) -> None:
    StudentGuardian.objects.create(student=cast.other_school_student, guardian=cast.guardian)
    assert cast.guardian.user is not None
    sofia = fresh(cast.guardian.user)

    assert labels(cast, students_visible_to(sofia), STUDENTS) == {
        "student",
        "sibling",
        "other_school_student",
    }
    assert get_student_for(sofia, cast.other_school_student.pk) == cast.other_school_student
    park = fresh(cast.school_admin.user)
    with pytest.raises(Http404):
        get_student_for(park, cast.other_school_student.pk)
    novak = fresh(cast.other_school_admin.user)
    assert labels(cast, students_visible_to(novak), STUDENTS) == {"other_school_student"}


def test_a_child_with_two_guardians_is_seen_by_each_of_them_once(cast: Cast) -> None:
    StudentGuardian.objects.create(student=cast.other_student, guardian=cast.guardian)
    assert cast.guardian.user is not None
    assert cast.other_guardian.user is not None

    sofia = students_visible_to(fresh(cast.guardian.user))
    assert labels(cast, sofia, STUDENTS) == {"student", "sibling", "other_student"}
    minh = students_visible_to(fresh(cast.other_guardian.user))
    assert labels(cast, minh, STUDENTS) == {"other_student"}


def test_a_guardian_account_that_lost_its_link_sees_no_one(cast: Cast) -> None:
    StudentGuardian.objects.filter(guardian=cast.guardian).delete()
    assert cast.guardian.user is not None
    sofia = fresh(cast.guardian.user)
    assert role_of(sofia) == Role.GUARDIAN
    assert not students_visible_to(sofia).exists()


def test_a_young_student_has_no_role_until_the_first_badge_scan_makes_the_account(
    cast: Cast,
) -> None:
    assert cast.sibling.user is None
    lupe = cast.sibling.ensure_user()

    assert role_of(fresh(lupe)) == Role.STUDENT
    assert labels(cast, students_visible_to(fresh(lupe)), STUDENTS) == {"sibling"}


def test_a_superuser_with_a_staff_record_is_a_district_admin(cast: Cast) -> None:
    User.objects.filter(pk=cast.advisor.user.pk).update(is_superuser=True, is_staff=True)
    rivera = fresh(cast.advisor.user)

    assert role_of(rivera) == Role.DISTRICT_ADMIN
    assert labels(cast, students_visible_to(rivera), STUDENTS) == set(STUDENTS)


def test_a_staff_member_who_changes_role_gets_the_new_roles_view(cast: Cast) -> None:
    Staff.objects.filter(pk=cast.interpreter.pk).update(role=Staff.Role.SCHOOL_ADMIN)
    haddad = fresh(cast.interpreter.user)

    assert role_of(haddad) == Role.SCHOOL_ADMIN
    assert labels(cast, students_visible_to(haddad), STUDENTS) == {
        "student",
        "sibling",
        "other_student",
    }
