"""The school's learning targets, kept by its advisors and admins."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from podium.binder.models import LearningTarget, SelfAssessment
from tests.cast import Cast


@pytest.fixture
def targets(cast: Cast) -> dict[str, LearningTarget]:
    return {
        "fractions": LearningTarget.objects.create(
            school=cast.school,
            subject="math",
            statement="I can add fractions",
            success_criteria="I find a common denominator\nI simplify the answer",
            grade_from=3,
            grade_to=5,
        ),
        "retell": LearningTarget.objects.create(
            school=cast.school,
            subject="reading",
            statement="I can retell a story",
            grade_from=0,
            grade_to=2,
        ),
        "elsewhere": LearningTarget.objects.create(
            school=cast.other_school,
            subject="math",
            statement="I can solve Hillcrest equations",
            grade_from=6,
            grade_to=8,
        ),
    }


FORM = {
    "statement": "I can explain my thinking",
    "success_criteria": "I use math words\nI show a drawing",
    "subject": "math",
    "grade_from": "3",
    "grade_to": "5",
    "is_active": "on",
}


def test_advisor_sees_her_schools_targets_with_their_criteria(
    client: Client, cast: Cast, targets: dict[str, LearningTarget]
) -> None:
    client.force_login(cast.advisor.user)
    response = client.get("/binder/targets/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "I can add fractions" in page
    assert "<li>I find a common denominator</li><li>I simplify the answer</li>" in page
    assert "Grade 3 to Grade 5" in page
    assert "I can retell a story" in page
    assert "Hillcrest" not in page


def test_targets_are_filtered_by_grade_and_subject(
    client: Client, cast: Cast, targets: dict[str, LearningTarget]
) -> None:
    client.force_login(cast.advisor.user)
    page = client.get("/binder/targets/", {"grade": "4"}).content.decode()
    assert "I can add fractions" in page
    assert "I can retell a story" not in page
    page = client.get("/binder/targets/", {"subject": "reading"}).content.decode()
    assert "I can add fractions" not in page
    assert "I can retell a story" in page
    page = client.get("/binder/targets/", {"grade": "1", "subject": "math"}).content.decode()
    assert "No learning targets match." in page


def test_advisor_adds_a_target_shared_across_grades(client: Client, cast: Cast) -> None:
    client.force_login(cast.advisor.user)
    assert client.get("/binder/targets/new/").status_code == 200
    response = client.post("/binder/targets/new/", FORM)
    assert response.status_code == 302
    assert response["Location"] == "/binder/targets/"
    target = LearningTarget.objects.get()
    assert (target.school, target.created_by, target.grade_from, target.grade_to) == (
        cast.school,
        cast.advisor,
        3,
        5,
    )
    assert target.criteria == ["I use math words", "I show a drawing"]


def test_a_range_that_ends_before_it_starts_is_refused(client: Client, cast: Cast) -> None:
    client.force_login(cast.school_admin.user)
    response = client.post("/binder/targets/new/", {**FORM, "grade_from": "5", "grade_to": "3"})
    assert response.status_code == 400
    assert "The last grade cannot come before the first." in response.content.decode()
    assert not LearningTarget.objects.exists()


def test_admin_retires_a_target_and_students_no_longer_see_it(
    client: Client, cast: Cast, targets: dict[str, LearningTarget]
) -> None:
    target = targets["fractions"]
    SelfAssessment.objects.create(student=cast.student, target=target, band="3-5", level=2)
    client.force_login(cast.school_admin.user)
    response = client.post(
        f"/binder/targets/{target.pk}/",
        {**FORM, "statement": "I can add fractions", "is_active": ""},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    # The rating stays; the student's page no longer lists the target.
    assert SelfAssessment.objects.filter(target=target).exists()
    client.force_login(cast.student.ensure_user())
    page = client.get(f"/binder/students/{cast.student.pk}/assess/").content.decode()
    assert "I can add fractions" not in page
    client.force_login(cast.school_admin.user)
    assert "Retired" in client.get("/binder/targets/").content.decode()


def test_another_schools_admin_cannot_open_or_change_the_target(
    client: Client, cast: Cast, targets: dict[str, LearningTarget]
) -> None:
    target = targets["fractions"]
    client.force_login(cast.other_school_admin.user)
    assert client.get(f"/binder/targets/{target.pk}/").status_code == 404
    assert client.post(f"/binder/targets/{target.pk}/", FORM).status_code == 404
    target.refresh_from_db()
    assert target.statement == "I can add fractions"
    assert "I can add fractions" not in client.get("/binder/targets/").content.decode()


@pytest.mark.parametrize("who", ["student", "guardian", "interpreter", "no_role"])
def test_families_and_others_get_not_found(
    client: Client, cast: Cast, targets: dict[str, LearningTarget], who: str
) -> None:
    users = {
        "student": cast.student.ensure_user(),
        "guardian": cast.guardian.ensure_user(),
        "interpreter": cast.interpreter.user,
        "no_role": cast.no_role_user,
    }
    client.force_login(users[who])
    target = targets["fractions"]
    assert client.get("/binder/targets/").status_code == 404
    assert client.get("/binder/targets/new/").status_code == 404
    assert client.post("/binder/targets/new/", FORM).status_code == 404
    assert client.get(f"/binder/targets/{target.pk}/").status_code == 404
    assert LearningTarget.objects.count() == 3


def test_signed_out_visitors_are_sent_to_sign_in(client: Client, cast: Cast) -> None:
    response = client.get("/binder/targets/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/")


def test_wrong_methods_are_refused(
    client: Client, cast: Cast, targets: dict[str, LearningTarget]
) -> None:
    client.force_login(cast.advisor.user)
    assert client.post("/binder/targets/").status_code == 405
    assert client.put("/binder/targets/new/").status_code == 405
    assert client.delete(f"/binder/targets/{targets['fractions'].pk}/").status_code == 405


def test_district_admin_adds_a_target_to_a_chosen_school(client: Client, cast: Cast) -> None:
    client.force_login(cast.district_admin)
    response = client.post("/binder/targets/new/", {**FORM, "school": cast.other_school.pk})
    assert response.status_code == 302
    assert LearningTarget.objects.get().school == cast.other_school


def test_the_list_runs_a_fixed_number_of_queries(
    client: Client, cast: Cast, targets: dict[str, LearningTarget]
) -> None:
    client.force_login(cast.advisor.user)
    client.get("/binder/targets/")
    with CaptureQueriesContext(connection) as few:
        client.get("/binder/targets/")
    LearningTarget.objects.bulk_create(
        LearningTarget(
            school=cast.school,
            subject="science",
            statement=f"I can observe {index}",
            success_criteria="I look\nI note",
            grade_from=index % 13,
            grade_to=12,
        )
        for index in range(40)
    )
    with CaptureQueriesContext(connection) as many:
        page = client.get("/binder/targets/").content.decode()
    assert "I can observe 39" in page
    assert len(many) == len(few)


# The Django admin.


def test_school_admin_sees_only_her_schools_targets_in_the_admin(
    client: Client, cast: Cast, targets: dict[str, LearningTarget]
) -> None:
    client.force_login(cast.school_admin.user)
    response = client.get("/admin/binder/learningtarget/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "I can add fractions" in page
    assert "Hillcrest equations" not in page
    form = client.get("/admin/binder/learningtarget/add/").content.decode()
    assert "Riverside K-12" in form
    assert "Hillcrest Middle" not in form
    assert client.get(
        f"/admin/binder/learningtarget/{targets['elsewhere'].pk}/change/"
    ).status_code in (302, 404)


def test_school_admin_adds_a_target_in_the_admin(client: Client, cast: Cast) -> None:
    client.force_login(cast.school_admin.user)
    response = client.post("/admin/binder/learningtarget/add/", {**FORM, "school": cast.school.pk})
    assert response.status_code == 302
    target = LearningTarget.objects.get()
    assert (target.school, target.created_by) == (cast.school, cast.school_admin)


def test_a_rated_target_cannot_be_deleted(
    client: Client, cast: Cast, targets: dict[str, LearningTarget]
) -> None:
    target = targets["fractions"]
    SelfAssessment.objects.create(student=cast.student, target=target, band="3-5", level=2)
    client.force_login(cast.school_admin.user)
    client.post(f"/admin/binder/learningtarget/{target.pk}/delete/", {"post": "yes"})
    assert LearningTarget.objects.filter(pk=target.pk).exists()
