"""The roster pages, role by role: the home page, a student, an advisory, badges, passwords."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from podium.accounts.models import User
from podium.privacy.models import AccessLog
from podium.roster.models import (
    Advisory,
    Guardian,
    Student,
    StudentGuardian,
)
from tests.cast import PASSWORD, Cast, make_student

NEW_PASSWORD = "tulip-harbor-ninety-three"


def as_user(user: User | None) -> Client:
    assert user is not None
    client = Client()
    client.force_login(user)
    return client


def html(response: Any) -> str:
    return str(response.content.decode())


def student_url(student: Student) -> str:
    return reverse("roster:student", args=[student.pk])


def password_url(student: Student) -> str:
    return reverse("roster:student_password", args=[student.pk])


def advisory_url(advisory: Advisory) -> str:
    return reverse("roster:advisory", args=[advisory.pk])


def badges_url(advisory: Advisory) -> str:
    return reverse("roster:advisory_badges", args=[advisory.pk])


# --- home ---------------------------------------------------------------------------


def test_someone_signed_out_is_sent_to_sign_in(client: Client, cast: Cast) -> None:
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:signin')}?next=/"


def test_home_refuses_a_post(cast: Cast) -> None:
    assert as_user(cast.advisor.user).post("/").status_code == 405


def test_an_advisor_sees_her_advisees_and_their_families_and_no_one_else(cast: Cast) -> None:
    page = html(as_user(cast.advisor.user).get("/"))

    assert "Welcome, Ms. Rivera" in page
    assert "Mateo García" in page
    assert "Sofía García" in page
    assert student_url(cast.student) in page
    for name in ("Lupe", "Linh", "Jonah", "Minh"):
        assert name not in page


def test_an_advisors_home_leaves_out_withdrawn_advisees(cast: Cast) -> None:
    Student.objects.filter(pk=cast.student.pk).update(is_active=False)

    page = html(as_user(cast.advisor.user).get("/"))

    assert "Mateo" not in page
    assert "0 advisees" in page


def test_a_guardian_sees_both_children_with_their_own_advisors(cast: Cast) -> None:
    page = html(as_user(cast.guardian.user).get("/"))

    assert '<html lang="es"' in page
    assert "Mateo García" in page
    assert "Lupe García" in page
    assert "Ms. Rivera" in page
    assert "Mr. Chen" in page
    assert "Riverside K-12" in page
    for name in ("Linh", "Jonah", "Okafor"):
        assert name not in page


def test_a_guardian_sees_a_child_at_another_school_too(cast: Cast) -> None:
    StudentGuardian.objects.create(student=cast.other_school_student, guardian=cast.guardian)

    page = html(as_user(cast.guardian.user).get("/"))

    assert "Jonah Miller" in page
    assert "Hillcrest Middle" in page
    assert "Mr. Baker" in page


def test_a_guardian_with_no_linked_child_is_told_whom_to_ask(cast: Cast) -> None:
    StudentGuardian.objects.filter(guardian=cast.guardian).delete()
    User.objects.filter(guardian=cast.guardian).update(language="en")

    page = html(as_user(cast.guardian.user).get("/"))

    assert "No children are linked to your account" in page


def test_a_student_sees_his_own_page(cast: Cast) -> None:
    page = html(as_user(cast.student.user).get("/"))

    assert "Hi, Mateo!" in page
    assert "Your advisor is Ms. Rivera." in page
    assert student_url(cast.student) in page
    assert "Lupe" not in page


def stat(page: str, label: str) -> int:
    found = re.search(rf"<strong>(\d+)</strong>\s*{label}", page)
    assert found is not None, label
    return int(found.group(1))


def language_count(page: str, language: str) -> int:
    found = re.search(rf"<tr><td>{language}</td><td>(\d+)</td></tr>", page)
    return int(found.group(1)) if found else 0


def test_a_school_admin_sees_the_schools_counts(cast: Cast) -> None:
    page = html(as_user(cast.school_admin.user).get("/"))

    assert "Riverside K-12" in page
    assert "2026-27" in page
    assert stat(page, "students") == 3
    assert stat(page, "advisories") == 3
    assert stat(page, "guardians") == 2
    assert stat(page, "students without an advisory") == 0
    assert language_count(page, "Spanish") == 1
    assert language_count(page, "Vietnamese") == 1
    assert "<tr><td>Kindergarten</td><td>1</td></tr>" in page
    assert "<tr><td>Grade 4</td><td>1</td></tr>" in page
    assert "<tr><td>Grade 7</td><td>1</td></tr>" in page
    for name in ("Hillcrest", "Jonah", "Baker"):
        assert name not in page


def test_the_home_languages_count_every_guardian_who_speaks_them(cast: Cast) -> None:
    # Three mothers who share a common name are three guardians.
    for number in range(3):
        student = Student.objects.create(
            school=cast.school,
            first_name=f"Kid{number}",
            last_name="López",
            grade=5,
            sis_id=f"7{number}",
        )
        guardian = Guardian.objects.create(
            first_name="María", last_name="López", home_language="es"
        )
        StudentGuardian.objects.create(student=student, guardian=guardian)

    page = html(as_user(cast.school_admin.user).get("/"))

    assert stat(page, "students") == 6
    assert stat(page, "guardians") == 5
    assert stat(page, "students without an advisory") == 3
    assert language_count(page, "Spanish") == 4
    assert language_count(page, "Vietnamese") == 1


def test_a_district_admin_sees_every_school(cast: Cast) -> None:
    page = html(as_user(cast.district_admin).get("/"))

    assert "<tr><td>Riverside K-12</td><td>3</td><td>5</td></tr>" in page
    assert "<tr><td>Hillcrest Middle</td><td>1</td><td>2</td></tr>" in page


def test_an_interpreter_sees_the_languages_and_no_student(cast: Cast) -> None:
    page = html(as_user(cast.interpreter.user).get("/"))

    assert "Welcome, Mr. Haddad" in page
    assert "Languages: ar, en" in page
    for name in ("Mateo", "Lupe", "Linh", "Jonah"):
        assert name not in page


def test_an_account_without_a_role_is_told_whom_to_ask(cast: Cast) -> None:
    page = html(as_user(cast.no_role_user).get("/"))

    assert "Your account is not linked to a student yet" in page


# --- a student's record ------------------------------------------------------------------


def test_reading_a_students_record_writes_one_access_log_row(cast: Cast) -> None:
    response = as_user(cast.advisor.user).get(student_url(cast.student))

    assert response.status_code == 200
    page = html(response)
    assert "Mateo García" in page
    assert "Sofía García" in page
    assert "100041" in page
    entry = AccessLog.objects.get()
    assert entry.user == cast.advisor.user
    assert entry.role == "advisor"
    assert entry.student == cast.student
    assert entry.what == "student record"
    assert entry.path == student_url(cast.student)


def test_a_guardian_sees_the_brothers_and_sisters_but_not_the_staff_details(cast: Cast) -> None:
    page = html(as_user(cast.guardian.user).get(student_url(cast.student)))

    assert "Mateo García" in page
    assert student_url(cast.sibling) in page
    assert "100041" not in page
    assert password_url(cast.student) not in page
    assert AccessLog.objects.get().role == "guardian"


def test_an_advisor_does_not_see_a_sibling_she_does_not_advise(cast: Cast) -> None:
    page = html(as_user(cast.advisor.user).get(student_url(cast.student)))

    assert "Lupe" not in page
    assert student_url(cast.sibling) not in page


def test_an_outsider_gets_a_404_and_leaves_no_trace(cast: Cast) -> None:
    for user in (cast.outsider_advisor.user, cast.other_school_admin.user, cast.no_role_user):
        response = as_user(user).get(student_url(cast.student))
        assert response.status_code == 404
        assert "Mateo" not in html(response)
    assert not AccessLog.objects.exists()


def test_a_students_record_refuses_a_post(cast: Cast) -> None:
    assert as_user(cast.advisor.user).post(student_url(cast.student)).status_code == 405
    assert not AccessLog.objects.exists()


def test_an_admin_is_offered_the_access_log_and_an_advisor_is_not(cast: Cast) -> None:
    log_url = reverse("privacy:access_log", args=[cast.student.pk])

    assert log_url in html(as_user(cast.school_admin.user).get(student_url(cast.student)))
    assert log_url not in html(as_user(cast.advisor.user).get(student_url(cast.student)))


# --- passwords ---------------------------------------------------------------------------------


def set_password(client: Client, student: Student, username: str, password: str) -> Any:
    return client.post(
        password_url(student),
        {"username": username, "new_password1": password, "new_password2": password},
    )


def signs_in(username: str, password: str) -> bool:
    client = Client()
    response = client.post(
        reverse("accounts:signin_password"), {"username": username, "password": password}
    )
    return response.status_code == 302 and SESSION_KEY in client.session


def test_an_advisor_sets_her_advisees_password_and_he_signs_in_with_it(cast: Cast) -> None:
    rivera = as_user(cast.advisor.user)
    form = rivera.get(password_url(cast.student))
    assert form.status_code == 200
    assert 'value="mateog041"' in html(form)

    response = set_password(rivera, cast.student, "Mateo.G", NEW_PASSWORD)

    assert response.status_code == 200
    assert "Password saved" in html(response)
    assert "mateo.g" in html(response)
    assert signs_in("mateo.g", NEW_PASSWORD)
    assert not signs_in("mateo.g", PASSWORD)
    assert not signs_in("mateog041", PASSWORD)
    entry = AccessLog.objects.get(what="set password")
    assert (entry.user, entry.role, entry.student) == (cast.advisor.user, "advisor", cast.student)


def test_a_student_without_an_account_gets_one_with_the_suggested_username(cast: Cast) -> None:
    okafor = as_user(cast.outsider_advisor.user)
    assert 'value="linht512"' in html(okafor.get(password_url(cast.other_student)))

    response = set_password(okafor, cast.other_student, "linht512", NEW_PASSWORD)

    assert response.status_code == 200
    linh = Student.objects.select_related("user").get(pk=cast.other_student.pk)
    assert linh.user is not None
    assert linh.user.username == "linht512"
    assert signs_in("linht512", NEW_PASSWORD)
    page = html(as_user(cast.outsider_advisor.user).get(advisory_url(cast.outsider_advisory)))
    assert "linht512" in page


@pytest.mark.parametrize("username", ["rivera", "RIVERA", "Mateo@home", "mateo garcia"])
def test_a_username_that_is_taken_or_invalid_is_refused_and_nothing_changes(
    cast: Cast, username: str
) -> None:
    users_before = User.objects.count()

    response = set_password(as_user(cast.advisor.user), cast.student, username, NEW_PASSWORD)

    assert response.status_code == 200
    page = html(response)
    assert "Password saved" not in page
    assert 'class="error"' in page
    if username.lower() == "rivera":
        assert "That username is taken. Please choose another." in page
    mateo = User.objects.get(student=cast.student)
    assert mateo.username == "mateog041"
    assert mateo.check_password(PASSWORD)
    assert User.objects.count() == users_before
    assert not AccessLog.objects.filter(what="set password").exists()


def test_two_different_passwords_are_refused(cast: Cast) -> None:
    response = as_user(cast.advisor.user).post(
        password_url(cast.student),
        {"username": "mateog041", "new_password1": NEW_PASSWORD, "new_password2": "other-one-42"},
    )

    assert response.status_code == 200
    assert "didn’t match" in html(response)
    assert User.objects.get(student=cast.student).check_password(PASSWORD)


def test_a_young_student_has_no_password_to_set(cast: Cast) -> None:
    chen = as_user(cast.sibling_advisor.user)

    for response in (
        chen.get(password_url(cast.sibling)),
        set_password(chen, cast.sibling, "lupeg077", NEW_PASSWORD),
    ):
        assert response.status_code == 400
        assert "This student signs in with a badge" in html(response)
    assert Student.objects.get(pk=cast.sibling.pk).user is None


@pytest.mark.parametrize("role", ["outsider_advisor", "other_school_admin", "interpreter"])
def test_other_staff_cannot_set_a_students_password(cast: Cast, role: str) -> None:
    client = as_user(getattr(cast, role).user)

    assert client.get(password_url(cast.student)).status_code == 404
    assert set_password(client, cast.student, "hijack", NEW_PASSWORD).status_code == 404
    assert User.objects.get(student=cast.student).check_password(PASSWORD)


@pytest.mark.parametrize("who", ["student", "guardian"])
def test_a_student_or_guardian_cannot_set_a_password(cast: Cast, who: str) -> None:
    client = as_user(getattr(cast, who).user)

    assert set_password(client, cast.student, "hijack", NEW_PASSWORD).status_code == 404
    assert User.objects.get(student=cast.student).check_password(PASSWORD)


def test_the_password_page_refuses_other_methods(cast: Cast) -> None:
    assert as_user(cast.advisor.user).put(password_url(cast.student)).status_code == 405


def test_a_school_admin_sets_any_of_her_students_passwords(cast: Cast) -> None:
    response = set_password(
        as_user(cast.school_admin.user), cast.other_student, "linh.tran", NEW_PASSWORD
    )

    assert response.status_code == 200
    assert signs_in("linh.tran", NEW_PASSWORD)
    assert AccessLog.objects.get(what="set password").role == "admin"


# --- badges -----------------------------------------------------------------------------------


def reissue_url(student: Student) -> str:
    return reverse("roster:reissue_badge", args=[student.pk])


def test_reissuing_a_badge_raises_its_version_and_says_so(cast: Cast) -> None:
    chen = as_user(cast.sibling_advisor.user)

    response = chen.post(reissue_url(cast.sibling), follow=True)

    assert response.redirect_chain == [(f"{student_url(cast.sibling)}?badge=reissued", 302)]
    assert "The old one no longer works" in html(response)
    assert Student.objects.get(pk=cast.sibling.pk).badge_version == 2


def test_reissuing_a_badge_needs_a_post(cast: Cast) -> None:
    response = as_user(cast.sibling_advisor.user).get(reissue_url(cast.sibling))

    assert response.status_code == 405
    assert Student.objects.get(pk=cast.sibling.pk).badge_version == 1


@pytest.mark.parametrize("who", ["advisor", "outsider_advisor", "other_school_admin", "guardian"])
def test_only_the_students_advisor_or_admin_reissues_a_badge(cast: Cast, who: str) -> None:
    person = getattr(cast, who)

    assert as_user(person.user).post(reissue_url(cast.sibling)).status_code == 404
    assert Student.objects.get(pk=cast.sibling.pk).badge_version == 1


def young_advisees(cast: Cast) -> list[Student]:
    return [
        make_student(cast.school, cast.sibling_advisory, "Ana", "Lopez", 1, "100101"),
        make_student(cast.school, cast.sibling_advisory, "Ben", "Okoro", 2, "100102"),
        make_student(cast.school, cast.sibling_advisory, "Cleo", "Park", 3, "100103"),
    ]


def test_the_badge_sheet_has_one_qr_code_per_young_advisee(cast: Cast) -> None:
    young_advisees(cast)
    Student.objects.filter(first_name="Ben").update(is_active=False)

    response = as_user(cast.sibling_advisor.user).get(badges_url(cast.sibling_advisory))

    assert response.status_code == 200
    page = html(response)
    assert page.count("<svg") == 2
    assert "Lupe G." in page
    assert "Ana L." in page
    assert "Ben" not in page
    assert "Cleo" not in page


def test_a_badge_sheet_with_no_young_student_says_so(cast: Cast) -> None:
    page = html(as_user(cast.advisor.user).get(badges_url(cast.advisory)))

    assert "<svg" not in page
    assert "No student in this advisory is in kindergarten to grade 2." in page


def test_the_badge_sheet_refuses_a_post_and_an_outsider(cast: Cast) -> None:
    assert (
        as_user(cast.sibling_advisor.user).post(badges_url(cast.sibling_advisory)).status_code
        == 405
    )
    for user in (cast.advisor.user, cast.guardian.user, cast.other_school_admin.user):
        response = as_user(user).get(badges_url(cast.sibling_advisory))
        assert response.status_code == 404
        assert "<svg" not in html(response)


# --- an advisory ------------------------------------------------------------------------------


def test_an_advisory_lists_its_advisees_families_and_sign_in(cast: Cast) -> None:
    response = as_user(cast.advisor.user).get(advisory_url(cast.advisory))

    assert response.status_code == 200
    page = html(response)
    assert "4R" in page
    assert "Room 12" in page
    assert "Mateo García" in page
    assert "Sofía García" in page
    assert "mateog041" in page
    assert badges_url(cast.advisory) in page


def test_an_advisory_offers_a_password_for_a_student_without_one(cast: Cast) -> None:
    page = html(as_user(cast.outsider_advisor.user).get(advisory_url(cast.outsider_advisory)))

    assert password_url(cast.other_student) in page


def test_an_advisory_refuses_a_post_and_an_outsider(cast: Cast) -> None:
    assert as_user(cast.advisor.user).post(advisory_url(cast.advisory)).status_code == 405
    for user in (cast.outsider_advisor.user, cast.guardian.user, cast.other_school_admin.user):
        response = as_user(user).get(advisory_url(cast.advisory))
        assert response.status_code == 404
        assert "Mateo" not in html(response)


# --- queries on the list pages ------------------------------------------------------------------

QueryCounter = Callable[..., Any]


def more_advisees(cast: Cast, advisory: Advisory, count: int = 10) -> None:
    for number in range(count):
        student = make_student(
            cast.school, advisory, f"Kid{number}", "Extra", number % 13, f"5{number:05}"
        )
        guardian = Guardian.objects.create(
            first_name=f"Parent{number}",
            last_name="Extra",
            email=f"parent{number}@example.com",
            home_language=("es", "vi", "so")[number % 3],
        )
        StudentGuardian.objects.create(student=student, guardian=guardian)
        StudentGuardian.objects.create(student=student, guardian=cast.other_guardian)
        if number % 2:
            student.ensure_user()


def more_children(cast: Cast, count: int = 10) -> None:
    advisories = [cast.advisory, cast.sibling_advisory, cast.outsider_advisory]
    for number in range(count):
        student = make_student(
            cast.school, advisories[number % 3], f"Kid{number}", "García", 3, f"6{number:05}"
        )
        StudentGuardian.objects.create(student=student, guardian=cast.guardian)


def queries(client: Client, url: str, bound: int, assert_max: QueryCounter, shows: str) -> int:
    with assert_max(bound) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert shows in html(response)
    return len(captured)


# The bounds count the session, the account and its role too, with a little
# room; what matters is that they do not grow with the number of students.
@pytest.mark.parametrize(
    ("who", "url", "bound", "grow", "shows"),
    [
        ("advisor", lambda cast: "/", 10, lambda cast: more_advisees(cast, cast.advisory), "Kid9"),
        ("guardian", lambda cast: "/", 9, more_children, "Kid9"),
        (
            "school_admin",
            lambda cast: "/",
            14,
            lambda cast: more_advisees(cast, cast.outsider_advisory),
            "<strong>13</strong>",
        ),
        (
            "advisor",
            lambda cast: advisory_url(cast.advisory),
            10,
            lambda cast: more_advisees(cast, cast.advisory),
            "Kid9",
        ),
        ("district_admin", lambda cast: "/", 8, lambda cast: more_children(cast), "Riverside"),
    ],
    ids=["advisor home", "guardian home", "admin home", "advisory", "district home"],
)
def test_list_pages_make_as_many_queries_for_ten_more_students(
    cast: Cast,
    django_assert_max_num_queries: QueryCounter,
    who: str,
    url: Callable[[Cast], str],
    bound: int,
    grow: Callable[[Cast], None],
    shows: str,
) -> None:
    person = getattr(cast, who)
    client = as_user(person if isinstance(person, User) else person.user)
    client.get(url(cast))  # the session's first write is not the page's

    before = queries(client, url(cast), bound, django_assert_max_num_queries, "")
    grow(cast)
    after = queries(client, url(cast), bound, django_assert_max_num_queries, shows)

    assert after == before


# --- the records (the Django admin) --------------------------------------------------------


def staff_form(cast: Cast, role: str) -> dict[str, Any]:
    return {
        "school": cast.school.pk,
        "role": role,
        "title": "Mr.",
        "first_name": "Omar",
        "last_name": "Haddad",
        "email": "haddad@riverside.example",
        "languages": '["ar", "en"]',
        "sis_id": "",
        "username": "",
        "password": "",
    }


def test_a_colleague_promoted_to_school_admin_enters_the_records_and_leaves_when_demoted(
    cast: Cast,
) -> None:
    park = as_user(cast.school_admin.user)
    url = reverse("admin:roster_staff_change", args=[cast.interpreter.pk])
    haddad = as_user(cast.interpreter.user)
    assert haddad.get(reverse("admin:index")).status_code == 302

    assert park.post(url, staff_form(cast, "admin")).status_code == 302

    assert haddad.get(reverse("admin:index")).status_code == 200
    assert "Mateo García" in html(haddad.get(reverse("admin:roster_student_changelist")))

    assert park.post(url, staff_form(cast, "interpreter")).status_code == 302

    response = haddad.get(reverse("admin:roster_student_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_school_admin_adds_a_colleague_who_signs_in_with_the_password_she_set(
    cast: Cast,
) -> None:
    form = {
        **staff_form(cast, "advisor"),
        "first_name": "Nia",
        "last_name": "Cole",
        "username": "cole",
        "password": NEW_PASSWORD,
    }

    response = as_user(cast.school_admin.user).post(reverse("admin:roster_staff_add"), form)

    assert response.status_code == 302
    assert signs_in("cole", NEW_PASSWORD)
    assert not User.objects.get(username="cole").is_staff
