from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.accounts.access import (
    Role,
    advisories_visible_to,
    get_advisory_for,
    get_student_for,
    get_student_to_manage,
    role_of,
    role_required,
    staff_of,
    students_visible_to,
)
from podium.accounts.badges import badge_token, qr_svg
from podium.accounts.forms import StudentPasswordForm
from podium.accounts.models import User
from podium.conferences.models import Booking, Cycle
from podium.privacy.models import AccessLog
from podium.roster.models import (
    HOME_LANGUAGES,
    AdvisoryMembership,
    Guardian,
    School,
    Staff,
    Student,
    StudentGuardian,
)

STAFF_WHO_MANAGE = (Role.ADVISOR, Role.SCHOOL_ADMIN, Role.DISTRICT_ADMIN)


def _guardian_links() -> Prefetch:
    return Prefetch(
        "guardian_links",
        queryset=StudentGuardian.objects.select_related("guardian").order_by("guardian__last_name"),
    )


def _current_advisor_links() -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=AdvisoryMembership.objects.filter(school_year__is_current=True).select_related(
            "advisory__advisor"
        ),
        to_attr="current_memberships",
    )


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Everyone lands here and sees the page of their role."""
    role = role_of(request.user)
    if role == Role.ADVISOR:
        return advisor_home(request)
    if role == Role.GUARDIAN:
        return guardian_home(request)
    if role == Role.STUDENT:
        return student_home(request)
    if role == Role.SCHOOL_ADMIN:
        return admin_home(request)
    if role == Role.DISTRICT_ADMIN:
        return district_home(request)
    if role == Role.INTERPRETER:
        return interpreter_home(request)
    return render(request, "roster/home_none.html")


def advisor_home(request: HttpRequest) -> HttpResponse:
    advisories = advisories_visible_to(request.user).prefetch_related(
        Prefetch(
            "students",
            queryset=Student.objects.active().prefetch_related(_guardian_links()),
        )
    )
    staff = staff_of(request.user)
    return render(
        request,
        "roster/home_advisor.html",
        {
            "staff": staff,
            "advisories": advisories,
            "prep_cycles": _cycles_to_prepare(staff.school_id if staff else 0),
        },
    )


def _cycles_to_prepare(school_id: int) -> list[Cycle]:
    """The school's cycles still to come: the home pages link to their plans and readiness."""
    return list(Cycle.objects.current().filter(school_id=school_id).order_by("booking_opens_at"))


def guardian_home(request: HttpRequest) -> HttpResponse:
    children = (
        students_visible_to(request.user)
        .select_related("school")
        .prefetch_related(_current_advisor_links())
        .order_by("-grade", "first_name")
    )
    from podium.conferences.actions import cycles_for_family

    children_list = list(children)
    cycles = cycles_for_family(children_list)
    booked = {
        (b.student_id, b.cycle_id): b
        for b in Booking.objects.active()
        .filter(cycle__in=cycles, student__in=children_list)
        .select_related("slot__advisor", "slot__room", "cycle__school")
    }
    # Each child's latest held conferences: their summaries and the feedback form.
    held: dict[int, list[Booking]] = {}
    for past in (
        Booking.objects.held()
        .filter(student__in=children_list)
        .select_related("cycle")
        .order_by("-slot__starts_at")
    ):
        held.setdefault(past.student_id, []).append(past)
    for child in children_list:
        child.held = held.get(child.pk, [])[:3]  # type: ignore[attr-defined]
        # Each current cycle of the child's school, with the child's conference in it.
        child.rounds = [  # type: ignore[attr-defined]
            (cycle, booked.get((child.pk, cycle.pk)))
            for cycle in cycles
            if cycle.school_id == child.school_id
        ]
    return render(
        request,
        "roster/home_guardian.html",
        {"guardian": request.user.guardian, "children": children_list, "cycles": cycles},  # type: ignore[union-attr]
    )


def interpreter_home(request: HttpRequest) -> HttpResponse:
    from django.utils import timezone

    from podium.accounts.access import bookings_visible_to

    staff = staff_of(request.user)
    assert staff is not None
    bookings = (
        bookings_visible_to(request.user)
        .filter(status="active", slot__ends_at__gte=timezone.now())
        .select_related("slot__advisor", "slot__room", "student", "cycle")
        .order_by("slot__starts_at")
    )
    with timezone.override(staff.school.zone):
        return render(
            request, "roster/home_interpreter.html", {"staff": staff, "bookings": list(bookings)}
        )


def student_home(request: HttpRequest) -> HttpResponse:
    student = get_student_for(request.user, request.user.student.pk)  # type: ignore[union-attr]
    memberships = AdvisoryMembership.objects.filter(
        student=student, school_year__is_current=True
    ).select_related("advisory__advisor")
    return render(
        request,
        "roster/home_student.html",
        {
            "student": student,
            "membership": memberships.first(),
            "prep_cycles": _cycles_to_prepare(student.school_id),
        },
    )


def admin_home(request: HttpRequest) -> HttpResponse:
    staff = staff_of(request.user)
    assert staff is not None
    school = staff.school
    students = students_visible_to(request.user).active()
    by_grade = dict(
        students.values_list("grade")
        .annotate(n=Count("pk"))
        .order_by("grade")
        .values_list("grade", "n")
    )
    grades = [
        (Student.Grade(grade).label, by_grade.get(grade, 0)) for grade in Student.Grade.values
    ]
    advisories = (
        advisories_visible_to(request.user)
        .select_related("advisor")
        .annotate(size=Count("memberships"))
        .order_by("advisor__last_name")
    )
    # Each guardian once, however many children they have here. (A DISTINCT
    # over the join, read with values_list, merged namesakes who share a
    # language: two María Lópezes counted as one Spanish speaker.)
    guardians = Guardian.objects.filter(
        pk__in=Guardian.objects.filter(student_links__student__in=students).values("pk")
    )
    language_names = dict(HOME_LANGUAGES)
    languages = (
        guardians.values_list("home_language")
        .annotate(n=Count("pk"))
        .order_by("-n", "home_language")
        .values_list("home_language", "n")
    )
    unadvised = students.exclude(memberships__school_year__is_current=True).count()
    return render(
        request,
        "roster/home_admin.html",
        {
            "school": school,
            "year": school.current_year(),
            "student_count": sum(by_grade.values()),
            "grades": grades,
            "advisories": advisories,
            "unadvised": unadvised,
            "guardian_count": guardians.count(),
            "languages": [(language_names.get(code, code), n) for code, n in languages],
            "staff_by_role": Staff.objects.filter(school=school)
            .values("role")
            .annotate(n=Count("pk"))
            .order_by("role"),
            "Staff": Staff,
        },
    )


def district_home(request: HttpRequest) -> HttpResponse:
    schools = School.objects.annotate(
        student_count=Count("students", filter=Q(students__is_active=True), distinct=True),
        staff_count=Count("staff", distinct=True),
    )
    return render(request, "roster/home_district.html", {"schools": schools})


@login_required
@require_GET
def student_detail(request: HttpRequest, student_id: int) -> HttpResponse:
    """A student's record: who they are, their advisor, their family."""
    student = get_student_for(request.user, student_id)
    role = role_of(request.user)
    AccessLog.objects.record(
        user=request.user, role=role, student=student, what="student record", path=request.path
    )
    links = student.guardian_links.select_related("guardian").order_by("guardian__last_name")
    memberships = AdvisoryMembership.objects.filter(
        student=student, school_year__is_current=True
    ).select_related("advisory__advisor")
    siblings = students_visible_to(request.user).filter(pk__in=student.siblings())
    return render(
        request,
        "roster/student_detail.html",
        {
            "student": student,
            "links": links,
            "membership": memberships.first(),
            "siblings": siblings,
            "is_staff_view": role in STAFF_WHO_MANAGE,
        },
    )


@role_required(*STAFF_WHO_MANAGE)
@require_http_methods(["GET", "POST"])
def student_password(request: HttpRequest, student_id: int) -> HttpResponse:
    """An advisor sets or resets a student's username and password (grades 3–12)."""
    student = get_student_to_manage(request.user, student_id)
    if student.signs_in_with_badge:
        return render(
            request, "roster/student_password_badge.html", {"student": student}, status=400
        )
    user = student.user or User(username=student.suggested_username())
    form = StudentPasswordForm(user, request.POST or None, initial={"username": user.username})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            if student.user_id is None:
                student.user = user
                student.save(update_fields=["user"])
        AccessLog.objects.record(
            user=request.user,
            role=role_of(request.user),
            student=student,
            what="set password",
            path=request.path,
        )
        return render(request, "roster/student_password_done.html", {"student": student})
    return render(request, "roster/student_password.html", {"student": student, "form": form})


@role_required(*STAFF_WHO_MANAGE)
@require_POST
def reissue_badge(request: HttpRequest, student_id: int) -> HttpResponse:
    """A badge was lost: the old one stops working, a new one is printed."""
    student = get_student_to_manage(request.user, student_id)
    Student.objects.filter(pk=student.pk).update(badge_version=student.badge_version + 1)
    return redirect(reverse("roster:student", args=[student.pk]) + "?badge=reissued")


@role_required(*STAFF_WHO_MANAGE)
@require_GET
def advisory_badges(request: HttpRequest, advisory_id: int) -> HttpResponse:
    """A printable sheet of QR badges for the K–2 students of an advisory."""
    advisory = get_advisory_for(request.user, advisory_id)
    students = (
        Student.objects.active().filter(advisories=advisory, grade__lte=2).order_by("first_name")
    )
    badges = [
        (
            student,
            qr_svg(
                request.build_absolute_uri(reverse("accounts:badge", args=[badge_token(student)]))
            ),
        )
        for student in students
    ]
    return render(request, "roster/advisory_badges.html", {"advisory": advisory, "badges": badges})


@role_required(*STAFF_WHO_MANAGE)
@require_GET
def advisory_detail(request: HttpRequest, advisory_id: int) -> HttpResponse:
    advisory = get_advisory_for(request.user, advisory_id)
    students = (
        Student.objects.active()
        .filter(advisories=advisory)
        .select_related("user")
        .prefetch_related(_guardian_links())
        .order_by("last_name", "first_name")
    )
    return render(
        request,
        "roster/advisory_detail.html",
        {"advisory": advisory, "students": students, "title": _("Advisory")},
    )
