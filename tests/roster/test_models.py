"""The roster's invariants live in the database; households are derived, not stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from podium.roster.models import (
    Advisory,
    AdvisoryMembership,
    Guardian,
    School,
    SchoolYear,
    Student,
    StudentGuardian,
)
from tests.cast import Cast


def refused(create: object) -> None:
    """`create()` is refused by the database, and the test's transaction carries on."""
    with pytest.raises(IntegrityError), transaction.atomic():
        create()  # type: ignore[operator]


def next_year(cast: Cast, *, current: bool = False) -> SchoolYear:
    return SchoolYear.objects.create(
        school=cast.school,
        name="2027-28",
        starts_on=dt.date(2027, 8, 19),
        ends_on=dt.date(2028, 6, 9),
        is_current=current,
    )


def test_a_guardian_is_linked_to_a_student_once(cast: Cast) -> None:
    refused(
        lambda: StudentGuardian.objects.create(
            student=cast.student, guardian=cast.guardian, relationship="parent"
        )
    )
    assert StudentGuardian.objects.filter(student=cast.student, guardian=cast.guardian).count() == 1


def test_a_student_is_in_one_advisory_per_year(cast: Cast) -> None:
    refused(
        lambda: AdvisoryMembership.objects.create(
            advisory=cast.sibling_advisory, student=cast.student
        )
    )
    assert list(cast.student.advisories.all()) == [cast.advisory]


def test_a_student_joins_another_advisory_the_next_year(cast: Cast) -> None:
    advisory = Advisory.objects.create(
        school_year=next_year(cast), advisor=cast.sibling_advisor, name="5C"
    )

    membership = AdvisoryMembership.objects.create(advisory=advisory, student=cast.student)

    assert membership.school_year == advisory.school_year
    assert set(cast.student.advisories.all()) == {cast.advisory, advisory}


def test_a_guardians_email_names_one_person_whatever_its_case(cast: Cast) -> None:
    refused(
        lambda: Guardian.objects.create(
            first_name="Another", last_name="Person", email="Sofia.Garcia@EXAMPLE.com"
        )
    )
    assert Guardian.objects.with_email("SOFIA.garcia@example.com").get() == cast.guardian


def test_many_guardians_may_have_no_email(cast: Cast) -> None:
    for number in range(3):
        Guardian.objects.create(first_name=f"Parent{number}", last_name="Doe", email="")

    assert Guardian.objects.filter(email="").count() == 3


def test_a_grade_above_12_is_refused(cast: Cast) -> None:
    refused(
        lambda: Student.objects.create(
            school=cast.school, first_name="Too", last_name="Old", grade=13, sis_id="999"
        )
    )
    Student.objects.create(
        school=cast.school, first_name="Senior", last_name="Year", grade=12, sis_id="998"
    )


def test_a_school_id_names_one_student_per_school(cast: Cast) -> None:
    refused(
        lambda: Student.objects.create(
            school=cast.school, first_name="Same", last_name="Id", grade=3, sis_id="100041"
        )
    )
    Student.objects.create(
        school=cast.other_school, first_name="Same", last_name="Id", grade=3, sis_id="100041"
    )


def test_a_school_has_one_current_year(cast: Cast) -> None:
    refused(lambda: next_year(cast, current=True))
    next_year(cast)

    assert cast.school.current_year() == cast.year
    assert SchoolYear.objects.filter(is_current=True).count() == 2  # one per school


def test_a_school_year_ends_after_it_starts(cast: Cast) -> None:
    for ends_on in (dt.date(2027, 8, 19), dt.date(2027, 1, 1)):
        refused(
            lambda ends_on=ends_on: SchoolYear.objects.create(
                school=cast.school, name="odd", starts_on=dt.date(2027, 8, 19), ends_on=ends_on
            )
        )


def test_a_school_year_name_is_used_once_per_school(cast: Cast) -> None:
    refused(
        lambda: SchoolYear.objects.create(
            school=cast.school,
            name="2026-27",
            starts_on=dt.date(2026, 8, 1),
            ends_on=dt.date(2027, 6, 1),
        )
    )


def test_siblings_are_the_children_who_share_a_guardian(cast: Cast) -> None:
    assert list(cast.student.siblings()) == [cast.sibling]
    assert list(cast.sibling.siblings()) == [cast.student]
    assert not cast.other_student.siblings().exists()
    assert not cast.other_school_student.siblings().exists()


def test_a_sibling_who_shares_two_guardians_is_listed_once(cast: Cast) -> None:
    father = Guardian.objects.create(first_name="Luis", last_name="García")
    StudentGuardian.objects.create(student=cast.student, guardian=father)
    StudentGuardian.objects.create(student=cast.sibling, guardian=father)

    assert list(cast.student.siblings()) == [cast.sibling]


def test_a_blended_family_joins_through_any_shared_guardian(cast: Cast) -> None:
    # A stepfather links two households: Linh and Mateo now share a guardian.
    stepfather = Guardian.objects.create(first_name="Tomás", last_name="Ruiz")
    StudentGuardian.objects.create(student=cast.student, guardian=stepfather)
    StudentGuardian.objects.create(student=cast.other_student, guardian=stepfather)

    assert set(cast.student.siblings()) == {cast.sibling, cast.other_student}
    assert list(cast.other_student.siblings()) == [cast.student]
    assert list(cast.sibling.siblings()) == [cast.student]


def test_a_guardians_children_are_all_their_children_at_any_school(cast: Cast) -> None:
    assert set(cast.guardian.children()) == {cast.student, cast.sibling}

    StudentGuardian.objects.create(student=cast.other_school_student, guardian=cast.guardian)

    assert set(cast.guardian.children()) == {
        cast.student,
        cast.sibling,
        cast.other_school_student,
    }
    assert list(cast.other_guardian.children()) == [cast.other_student]


def make(school: School, first: str, last: str, sis_id: str, preferred: str = "") -> Student:
    return Student(
        school=school, first_name=first, last_name=last, preferred_name=preferred, sis_id=sis_id
    )


@pytest.mark.parametrize(
    ("first", "last", "preferred", "sis_id", "expected"),
    [
        ("Mateo", "García", "", "100041", "mateog041"),
        ("Linh", "Tran", "", "100512", "linht512"),
        ("Alberto", "Reyes", "Beto", "2024-0077", "betor077"),
        ("Mary Ann", "O'Neil", "", "S7", "maryanno7"),
        ("明", "王", "", "88", "student88"),
        ("Ana", "Ruiz", "", "no digits", "anar"),
    ],
)
def test_the_suggested_username_is_easy_to_type(
    cast: Cast, first: str, last: str, preferred: str, sis_id: str, expected: str
) -> None:
    student = make(cast.school, first, last, sis_id, preferred)

    assert student.suggested_username() == expected


def test_the_cast_students_suggested_username_is_what_his_advisor_gave_him(cast: Cast) -> None:
    assert cast.student.user is not None
    assert cast.student.suggested_username() == cast.student.user.username
