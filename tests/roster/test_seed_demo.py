from __future__ import annotations

import re
from collections import Counter
from io import StringIO
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from podium.accounts.models import User
from podium.roster.models import (
    HOME_LANGUAGES,
    Advisory,
    AdvisoryMembership,
    Guardian,
    School,
    Staff,
    Student,
    StudentGuardian,
)

DEMO_PASSWORD = "podium-demo"


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def snapshot() -> dict[str, list[Any]]:
    """Everything a person would notice if the demo school came out different."""
    advisory_of = dict(AdvisoryMembership.objects.values_list("student__sis_id", "advisory__name"))
    return {
        "students": [
            (s.sis_id, s.first_name, s.preferred_name, s.last_name, s.grade, advisory_of[s.sis_id])
            for s in Student.objects.order_by("sis_id")
        ],
        "guardians": list(
            Guardian.objects.order_by("last_name", "first_name", "email").values_list(
                "first_name", "last_name", "email", "mobile", "home_language", "contact_channel"
            )
        ),
        "links": sorted(
            StudentGuardian.objects.values_list(
                "guardian__email", "guardian__mobile", "student__sis_id", "relationship"
            )
        ),
        "staff": sorted(
            Staff.objects.values_list(
                "user__username", "role", "title", "first_name", "last_name", "languages"
            )
        ),
        "advisories": sorted(
            Advisory.objects.values_list("name", "room", "advisor__user__username")
        ),
    }


def advisory_of(student: Student) -> Advisory:
    return Advisory.objects.get(memberships__student=student)


@pytest.fixture
def seeded(db: None) -> str:
    return run("seed_demo")


def test_seed_demo_builds_a_k_to_12_school_of_about_300_students(seeded: str) -> None:
    school = School.objects.get()
    assert school.name == "Riverside Community School"
    assert school.timezone == "America/Los_Angeles"
    assert school.languages == ["en", "es", "zh-hans", "vi", "ar"]
    year = school.current_year()
    assert year is not None
    assert (year.name, str(year.starts_on), str(year.ends_on)) == (
        "2026–27",
        "2026-08-19",
        "2027-06-11",
    )
    students = Student.objects.filter(school=school)
    assert 280 <= students.active().count() <= 320
    per_grade = Counter(students.values_list("grade", flat=True))
    assert sorted(per_grade) == list(range(13))
    assert all(20 <= count <= 26 for count in per_grade.values())
    sis_ids = list(students.values_list("sis_id", flat=True))
    assert all(re.fullmatch(r"RCS\d{5}", sis_id) for sis_id in sis_ids)
    assert "300 students" in seeded


def test_every_advisor_has_one_advisory_of_20_to_30_students(seeded: str) -> None:
    advisors = Staff.objects.filter(role=Staff.Role.ADVISOR)
    assert advisors.count() >= 12
    assert {advisor.title for advisor in advisors} <= {"Ms.", "Mr.", "Mx.", "Dr."}
    for advisor in advisors:
        (advisory,) = advisor.advisories.all()
        assert advisory.school_year.is_current
        assert 20 <= advisory.students.count() <= 30, advisory.name


def test_every_student_is_in_exactly_one_advisory(seeded: str) -> None:
    memberships = Counter(AdvisoryMembership.objects.values_list("student_id", flat=True))
    assert set(memberships) == set(Student.objects.values_list("pk", flat=True))
    assert set(memberships.values()) == {1}
    year = School.objects.get().current_year()
    assert not AdvisoryMembership.objects.exclude(school_year=year).exists()


def test_about_a_third_of_students_have_a_sibling_often_with_another_advisor(
    seeded: str,
) -> None:
    students = list(Student.objects.prefetch_related("advisories"))
    with_sibling = [s for s in students if s.siblings().exists()]
    assert 0.30 <= len(with_sibling) / len(students) <= 0.40
    households = {
        frozenset(g.children().values_list("pk", flat=True)) for g in Guardian.objects.all()
    }
    split = [
        children
        for children in households
        if len(children) > 1
        and len(
            set(
                AdvisoryMembership.objects.filter(student__in=children).values_list(
                    "advisory", flat=True
                )
            )
        )
        > 1
    ]
    assert len(split) >= 10


def test_guardians_speak_spanish_chinese_vietnamese_arabic_and_more(seeded: str) -> None:
    languages = Counter(Guardian.objects.values_list("home_language", flat=True))
    assert {"en", "es", "zh-hans", "vi", "ar"} <= set(languages)
    assert set(languages) <= {code for code, _name in HOME_LANGUAGES}
    assert len(set(languages) - {"en", "es", "zh-hans", "vi", "ar"}) >= 2
    (largest_other, _count), *_ = Counter(
        {k: v for k, v in languages.items() if k != "en"}
    ).most_common(1)
    assert largest_other == "es"
    assert 0.15 <= languages["es"] / languages.total() <= 0.25


def test_guardians_have_unique_example_addresses_and_demo_mobiles(seeded: str) -> None:
    guardians = list(Guardian.objects.all())
    emails = [g.email for g in guardians if g.email]
    assert len(emails) == len(set(emails))
    assert all(
        e == e.lower() and re.fullmatch(r"[a-z0-9.]+@example\.(com|org|net)", e) for e in emails
    )
    assert all(re.fullmatch(r"\+1503555\d{4}", g.mobile) for g in guardians)
    channels = Counter(g.contact_channel for g in guardians)
    assert channels[Guardian.Channel.EMAIL] > channels[Guardian.Channel.SMS] > 0
    assert not Guardian.objects.filter(email="", contact_channel=Guardian.Channel.EMAIL).exists()
    relationships = set(StudentGuardian.objects.values_list("relationship", flat=True))
    assert relationships <= set(StudentGuardian.Relationship.values)
    assert {"mother", "father", "grandparent"} <= relationships


def test_separated_parents_see_two_different_households(seeded: str) -> None:
    mother = Guardian.objects.with_email("rosa.delgado@example.net").get()
    father = Guardian.objects.with_email("marcus.johnson@example.org").get()
    theirs = set(mother.children())
    assert len(theirs) == 2
    assert set(father.children()) > theirs
    (half_sibling,) = set(father.children()) - theirs
    partner = half_sibling.guardian_links.exclude(guardian=father).get().guardian
    assert set(partner.children()) == {half_sibling}
    assert len({frozenset(g.children()) for g in (mother, father, partner)}) == 3


def test_the_demo_people_exist_as_the_readme_describes(seeded: str) -> None:
    admin = User.objects.get(username="admin")
    assert admin.is_staff
    assert admin.staff.role == Staff.Role.SCHOOL_ADMIN
    assert admin.email == "admin@riverside.example"
    rivera = Staff.objects.get(user__username="rivera")
    assert (rivera.role, rivera.title, rivera.first_name, rivera.last_name) == (
        "advisor",
        "Ms.",
        "Elena",
        "Rivera",
    )
    assert rivera.user.email == "rivera@riverside.example"
    assert Staff.objects.get(user__username="haddad").role == Staff.Role.INTERPRETER
    interpreters = Staff.objects.filter(role=Staff.Role.INTERPRETER)
    assert ["es", "en"] in [i.languages for i in interpreters]
    assert interpreters.count() >= 2
    assert User.objects.get(username="district").is_superuser
    for username in ("admin", "rivera", "haddad", "district", "mateo"):
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD), username

    mateo = Student.objects.get(user__username="mateo")
    assert (mateo.full_name, mateo.grade) == ("Mateo García", 4)
    assert advisory_of(mateo).advisor == rivera
    assert set(advisory_of(mateo).students.values_list("grade", flat=True)) == {3, 4, 5}
    (lupe,) = mateo.siblings()
    assert (lupe.full_name, lupe.grade, lupe.user) == ("Lupe García", 0, None)
    assert advisory_of(lupe).advisor != rivera

    sofia = Guardian.objects.get(email="sofia@example.com")
    assert (sofia.full_name, sofia.home_language) == ("Sofía García", "es")
    assert set(sofia.children()) == {mateo, lupe}
    assert set(sofia.student_links.values_list("relationship", flat=True)) == {"mother"}
    assert sofia.user is not None
    assert sofia.user.language == "es"
    for email, language in (
        ("minh.tran@example.com", "vi"),
        ("layla.haddad@example.com", "ar"),
        ("wei.chen@example.com", "zh-hans"),
    ):
        guardian = Guardian.objects.get(email=email)
        assert guardian.home_language == language
        assert guardian.children().exists()


def test_the_demo_advisor_signs_in_with_the_demo_password(client: Client, seeded: str) -> None:
    response = client.post(
        "/accounts/signin/password/", {"username": "rivera", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert "Mateo García" in client.get("/").content.decode()


def test_seed_demo_refuses_to_add_a_second_school(seeded: str) -> None:
    before = snapshot()
    with pytest.raises(CommandError, match="already has a school"):
        run("seed_demo")
    assert School.objects.count() == 1
    assert snapshot() == before


def test_seed_demo_if_empty_changes_nothing_the_second_time(seeded: str) -> None:
    before = snapshot()
    users = User.objects.count()
    assert "not added" in run("seed_demo", "--if-empty")
    assert "not added" in run("seed_demo", "--if-empty")
    assert snapshot() == before
    assert User.objects.count() == users


def test_seed_demo_if_empty_fills_an_empty_database(db: None) -> None:
    run("seed_demo", "--if-empty")
    assert School.objects.get().name == "Riverside Community School"


def test_seed_demo_saves_nothing_when_it_clashes_with_existing_data(db: None) -> None:
    Guardian.objects.create(first_name="Someone", last_name="Else", email="SOFIA@example.com")
    with pytest.raises(CommandError, match="nothing was saved"):
        run("seed_demo")
    assert not School.objects.exists()
    assert not Student.objects.exists()
    assert not User.objects.exists()
    assert Guardian.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_seed_demo_is_deterministic() -> None:
    run("seed_demo")
    first = snapshot()
    call_command("flush", interactive=False, verbosity=0)
    assert not School.objects.exists()
    run("seed_demo")
    assert snapshot() == first
    assert len(first["students"]) == Student.objects.count()


def test_demo_people_explains_how_to_sign_in_as_each_person(seeded: str) -> None:
    out = run("demo_people", "--url", "http://127.0.0.1:8000")
    assert "http://127.0.0.1:8000/" in out
    assert DEMO_PASSWORD in out
    for text in ("admin", "rivera", "haddad", "district", "mateo"):
        assert re.search(rf"^\s+{text}\s", out, re.MULTILINE), text
    for email in (
        "sofia@example.com",
        "minh.tran@example.com",
        "layla.haddad@example.com",
        "wei.chen@example.com",
    ):
        assert email in out
    assert "python manage.py signin_link sofia@example.com" in out
    lupe_advisory = advisory_of(Student.objects.get(first_name="Lupe", last_name="García"))
    assert f"{lupe_advisory.advisor.display_name}'s advisory page" in out
    assert f"http://127.0.0.1:8000/roster/advisories/{lupe_advisory.pk}/badges/" in out


def test_lupes_badge_from_demo_people_signs_her_in(client: Client, seeded: str) -> None:
    out = run("demo_people", "--url", "http://testserver")
    (badge_url,) = re.findall(r"http://testserver/accounts/badge/\S+", out)
    path = urlsplit(badge_url).path
    assert client.get(path).status_code == 200
    response = client.post(path)
    assert response.status_code == 302
    lupe = Student.objects.get(first_name="Lupe", last_name="García")
    assert lupe.user is not None
    assert int(client.session["_auth_user_id"]) == lupe.user.pk


def test_demo_people_says_so_when_there_is_no_demo_school(db: None) -> None:
    assert "No demo school; run seed_demo" in run("demo_people")
