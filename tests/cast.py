"""The one shared cast of people every test uses.

Riverside school: Ms. Rivera advises Mateo (grade 4); Mateo's little sister
Lupe (kindergarten) is in Mr. Chen's advisory; their mother Sofía speaks
Spanish at home. Mr. Okafor is an advisor with nothing to do with them; he
advises Linh (grade 7), whose father Minh is another family. Ms. Park is the
school admin and Mr. Haddad an interpreter. Hillcrest is another school, with
its own admin (Ms. Novak) and student (Jonah). Dana is a signed-in account
with no role yet (the Dream Team member, once that exists).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from podium.accounts.models import User
from podium.roster.models import (
    Advisory,
    AdvisoryMembership,
    Guardian,
    School,
    SchoolYear,
    Staff,
    Student,
    StudentGuardian,
)

PASSWORD = "correct horse battery staple"


@dataclass
class Cast:
    school: School
    year: SchoolYear
    other_school: School
    advisor: Staff
    sibling_advisor: Staff
    outsider_advisor: Staff
    school_admin: Staff
    interpreter: Staff
    other_school_admin: Staff
    advisory: Advisory
    sibling_advisory: Advisory
    outsider_advisory: Advisory
    other_school_advisory: Advisory
    student: Student
    sibling: Student
    other_student: Student
    other_school_student: Student
    guardian: Guardian
    other_guardian: Guardian
    no_role_user: User
    district_admin: User


def make_staff(
    school: School, username: str, role: str, first: str, last: str, title: str
) -> Staff:
    user = User.objects.create_user(
        username=username, email=f"{username}@riverside.example", password=PASSWORD
    )
    if role == Staff.Role.SCHOOL_ADMIN:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return Staff.objects.create(
        user=user, school=school, role=role, first_name=first, last_name=last, title=title
    )


def make_student(
    school: School, advisory: Advisory, first: str, last: str, grade: int, sis_id: str
) -> Student:
    student = Student.objects.create(
        school=school, first_name=first, last_name=last, grade=grade, sis_id=sis_id
    )
    AdvisoryMembership.objects.create(advisory=advisory, student=student)
    return student


def make_cast() -> Cast:
    school = School.objects.create(
        name="Riverside K-12", timezone="America/Los_Angeles", languages=["en", "es", "vi"]
    )
    year = SchoolYear.objects.create(
        school=school,
        name="2026-27",
        starts_on=dt.date(2026, 8, 20),
        ends_on=dt.date(2027, 6, 10),
        is_current=True,
    )
    other_school = School.objects.create(name="Hillcrest Middle", timezone="America/Chicago")
    other_year = SchoolYear.objects.create(
        school=other_school,
        name="2026-27",
        starts_on=dt.date(2026, 8, 20),
        ends_on=dt.date(2027, 6, 10),
        is_current=True,
    )

    advisor = make_staff(school, "rivera", Staff.Role.ADVISOR, "Elena", "Rivera", "Ms.")
    sibling_advisor = make_staff(school, "chen", Staff.Role.ADVISOR, "David", "Chen", "Mr.")
    outsider_advisor = make_staff(school, "okafor", Staff.Role.ADVISOR, "Chidi", "Okafor", "Mr.")
    school_admin = make_staff(school, "park", Staff.Role.SCHOOL_ADMIN, "Grace", "Park", "Ms.")
    interpreter = make_staff(school, "haddad", Staff.Role.INTERPRETER, "Omar", "Haddad", "Mr.")
    interpreter.languages = ["ar", "en"]
    interpreter.save(update_fields=["languages"])
    other_school_admin = make_staff(
        other_school, "novak", Staff.Role.SCHOOL_ADMIN, "Ivana", "Novak", "Ms."
    )
    other_school_advisor = make_staff(
        other_school, "baker", Staff.Role.ADVISOR, "Sam", "Baker", "Mr."
    )

    advisory = Advisory.objects.create(school_year=year, advisor=advisor, name="4R", room="12")
    sibling_advisory = Advisory.objects.create(
        school_year=year, advisor=sibling_advisor, name="KC", room="3"
    )
    outsider_advisory = Advisory.objects.create(
        school_year=year, advisor=outsider_advisor, name="7O", room="21"
    )
    other_school_advisory = Advisory.objects.create(
        school_year=other_year, advisor=other_school_advisor, name="6B", room="B4"
    )

    student = make_student(school, advisory, "Mateo", "García", 4, "100041")
    sibling = make_student(school, sibling_advisory, "Lupe", "García", 0, "100077")
    other_student = make_student(school, outsider_advisory, "Linh", "Tran", 7, "100512")
    other_school_student = make_student(
        other_school, other_school_advisory, "Jonah", "Miller", 6, "200006"
    )

    guardian = Guardian.objects.create(
        first_name="Sofía",
        last_name="García",
        email="sofia.garcia@example.com",
        mobile="+15035550101",
        home_language="es",
    )
    guardian.ensure_user()
    StudentGuardian.objects.create(student=student, guardian=guardian, relationship="mother")
    StudentGuardian.objects.create(student=sibling, guardian=guardian, relationship="mother")
    other_guardian = Guardian.objects.create(
        first_name="Minh", last_name="Tran", email="minh.tran@example.com", home_language="vi"
    )
    other_guardian.ensure_user()
    StudentGuardian.objects.create(
        student=other_student, guardian=other_guardian, relationship="father"
    )
    other_school_guardian = Guardian.objects.create(
        first_name="Rachel", last_name="Miller", email="rachel@example.com"
    )
    StudentGuardian.objects.create(
        student=other_school_student, guardian=other_school_guardian, relationship="mother"
    )

    # Mateo (grade 4) signs in with a password his advisor set.
    mateo = student.ensure_user()
    mateo.username = "mateog041"
    mateo.set_password(PASSWORD)
    mateo.save()

    no_role_user = User.objects.create_user(
        username="dana", email="dana@example.com", password=PASSWORD
    )
    district_admin = User.objects.create_superuser(
        username="district", email="it@district.example", password=PASSWORD
    )

    return Cast(
        school=school,
        year=year,
        other_school=other_school,
        advisor=advisor,
        sibling_advisor=sibling_advisor,
        outsider_advisor=outsider_advisor,
        school_admin=school_admin,
        interpreter=interpreter,
        other_school_admin=other_school_admin,
        advisory=advisory,
        sibling_advisory=sibling_advisory,
        outsider_advisory=outsider_advisory,
        other_school_advisory=other_school_advisory,
        student=student,
        sibling=sibling,
        other_student=other_student,
        other_school_student=other_school_student,
        guardian=guardian,
        other_guardian=other_guardian,
        no_role_user=no_role_user,
        district_admin=district_admin,
    )
