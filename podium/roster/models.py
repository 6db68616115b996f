"""The school's people: schools, years, staff, students, guardians, advisories.

A person's sign-in account (accounts.User) is separate from their roster
record: a roster import creates students and guardians who may never sign
in, and the account is made the first time it is needed.

Households and siblings are not stored: they are derived from shared
guardians (a separated family simply has two guardians who each link the
child, each with their own other children).
"""

from __future__ import annotations

import unicodedata
import zoneinfo
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from podium.accounts.models import User


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


# Home languages a guardian may have; the interface itself speaks the five in
# settings.LANGUAGES, and a family whose home language is another gets an
# interpreter and messages in the language they choose.
HOME_LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("zh-hans", _("Chinese (Simplified)")),
    ("vi", _("Vietnamese")),
    ("ar", _("Arabic")),
    ("so", _("Somali")),
    ("tl", _("Tagalog")),
    ("ht", _("Haitian Creole")),
    ("pt", _("Portuguese")),
    ("ru", _("Russian")),
    ("ko", _("Korean")),
    ("fr", _("French")),
]


def interface_language_for(code: str) -> str:
    """The interface language closest to a home language (English otherwise)."""
    supported = {lang for lang, _name in settings.LANGUAGES}
    return code if code in supported else settings.LANGUAGE_CODE


def ascii_fold(text: str) -> str:
    """Fold "José Núñez" to "jose nunez": what a student can type on any keyboard."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if ch.isascii())


class School(models.Model):
    name = models.CharField(_("name"), max_length=200)
    timezone = models.CharField(
        _("time zone"), max_length=64, default="America/Los_Angeles", validators=[validate_timezone]
    )
    languages = models.JSONField(
        _("languages offered"),
        default=list,
        blank=True,
        help_text=_("Language codes the school writes to families in, e.g. en, es, vi."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def current_year(self) -> SchoolYear | None:
        return self.years.filter(is_current=True).first()

    def current_term(self, on: date | None = None) -> Term | None:
        """The term of the current year that contains `on` (today), else the year's latest."""
        on = on or timezone.localdate(timezone=self.zone)
        terms = Term.objects.filter(school_year__school=self, school_year__is_current=True)
        return (
            terms.filter(starts_on__lte=on, ends_on__gte=on).first()
            or terms.filter(starts_on__lte=on).order_by("-starts_on").first()
            or terms.order_by("starts_on").first()
        )


class SchoolYear(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="years")
    name = models.CharField(_("name"), max_length=50, help_text=_("For example 2026–27."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    is_current = models.BooleanField(_("current year"), default=False)

    class Meta:
        ordering = ["school", "-starts_on"]
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="schoolyear_unique_name"),
            models.UniqueConstraint(
                fields=["school"], condition=Q(is_current=True), name="schoolyear_one_current"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="schoolyear_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} {self.name}"


class Term(models.Model):
    """A marking period within a school year: Fall, Spring, Trimester 2."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="terms")
    name = models.CharField(_("name"), max_length=50)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["school_year", "starts_on"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.UniqueConstraint(fields=["school_year", "name"], name="term_unique_name"),
            models.CheckConstraint(
                condition=Q(ends_on__gt=models.F("starts_on")), name="term_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Staff(models.Model):
    class Role(models.TextChoices):
        ADVISOR = "advisor", _("Advisor / teacher")
        INTERPRETER = "interpreter", _("Interpreter")
        SCHOOL_ADMIN = "admin", _("School admin")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="staff")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.ADVISOR)
    title = models.CharField(
        _("courtesy title"), max_length=20, blank=True, help_text=_("Ms., Mr., Dr.")
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    sis_id = models.CharField(_("ID in the school's system"), max_length=64, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.title:
            return f"{self.title} {self.last_name}"
        return f"{self.first_name} {self.last_name}"


class StudentQuerySet(models.QuerySet["Student"]):
    def active(self) -> StudentQuerySet:
        return self.filter(is_active=True)

    def in_grades(self, grades: range | list[int]) -> StudentQuerySet:
        return self.filter(grade__in=list(grades))


class Student(models.Model):
    class Grade(models.IntegerChoices):
        K = 0, _("Kindergarten")
        G1 = 1, _("Grade 1")
        G2 = 2, _("Grade 2")
        G3 = 3, _("Grade 3")
        G4 = 4, _("Grade 4")
        G5 = 5, _("Grade 5")
        G6 = 6, _("Grade 6")
        G7 = 7, _("Grade 7")
        G8 = 8, _("Grade 8")
        G9 = 9, _("Grade 9")
        G10 = 10, _("Grade 10")
        G11 = 11, _("Grade 11")
        G12 = 12, _("Grade 12")

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="students")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="student",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    preferred_name = models.CharField(_("preferred name"), max_length=100, blank=True)
    grade = models.PositiveSmallIntegerField(_("grade"), choices=Grade.choices)
    sis_id = models.CharField(_("ID in the school's system"), max_length=64)
    state_id = models.CharField(_("state ID"), max_length=64, blank=True)
    is_active = models.BooleanField(_("enrolled"), default=True)
    # Raising the version makes every printed badge of this student useless.
    badge_version = models.PositiveIntegerField(default=1, editable=False)

    objects = StudentQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("student")
        verbose_name_plural = _("students")
        constraints = [
            models.UniqueConstraint(fields=["school", "sis_id"], name="student_unique_sis_id"),
            models.CheckConstraint(condition=Q(grade__lte=12), name="student_grade_k_to_12"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.first_name

    @property
    def full_name(self) -> str:
        return f"{self.display_name} {self.last_name}"

    @property
    def grade_label(self) -> str:
        return "K" if self.grade == 0 else str(self.grade)

    @property
    def signs_in_with_badge(self) -> bool:
        """K–2 students scan a QR badge; older students type a password."""
        return self.grade <= 2

    def ensure_user(self) -> User:
        """The student's sign-in account, made on first use (a badge scan or a new password)."""
        from podium.accounts.models import User

        if self.user_id is None:
            self.user = User.objects.create_user(username=f"student-{self.pk}")
            self.save(update_fields=["user"])
        assert self.user is not None
        return self.user

    def suggested_username(self) -> str:
        """first name, last initial and the last digits of the school ID: easy to type."""
        first = "".join(ch for ch in ascii_fold(self.display_name) if ch.isalnum())
        last = next((ch for ch in ascii_fold(self.last_name) if ch.isalnum()), "")
        digits = "".join(ch for ch in self.sis_id if ch.isdigit())[-3:]
        return f"{first or 'student'}{last}{digits}"

    def siblings(self) -> StudentQuerySet:
        """Students who share a guardian with this one: the derived household."""
        return (
            Student.objects.filter(guardian_links__guardian__student_links__student=self)
            .exclude(pk=self.pk)
            .distinct()
        )


class GuardianQuerySet(models.QuerySet["Guardian"]):
    def with_email(self, email: str) -> GuardianQuerySet:
        email = email.strip().lower()
        if not email:
            return self.none()
        return self.annotate(email_lower=Lower("email")).filter(email_lower=email)


class Guardian(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("Text message")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guardian",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    mobile = models.CharField(_("mobile"), max_length=32, blank=True)
    home_language = models.CharField(
        _("home language"), max_length=10, choices=HOME_LANGUAGES, default="en"
    )
    contact_channel = models.CharField(
        _("preferred contact"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    sis_id = models.CharField(_("ID in the school's system"), max_length=64, blank=True)

    objects = GuardianQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        constraints = [
            # The e-mail is how a guardian signs in, so it names one person.
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="guardian_unique_email"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def children(self) -> StudentQuerySet:
        """This guardian's household: every child they are linked to, at any school."""
        return Student.objects.filter(guardian_links__guardian=self)

    def ensure_user(self) -> User:
        """The guardian's sign-in account, made on first use."""
        from podium.accounts.models import User

        if self.user_id is None:
            self.user = User.objects.create_user(
                username=f"guardian-{self.pk}",
                language=interface_language_for(self.home_language),
            )
            self.save(update_fields=["user"])
        assert self.user is not None
        return self.user


class StudentGuardian(models.Model):
    class Relationship(models.TextChoices):
        MOTHER = "mother", _("Mother")
        FATHER = "father", _("Father")
        PARENT = "parent", _("Parent")
        STEPPARENT = "stepparent", _("Stepparent")
        GRANDPARENT = "grandparent", _("Grandparent")
        GUARDIAN = "guardian", _("Legal guardian")
        FOSTER = "foster", _("Foster parent")
        OTHER = "other", _("Other relative")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="guardian_links")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="student_links")
    relationship = models.CharField(
        _("relationship"), max_length=20, choices=Relationship.choices, default=Relationship.PARENT
    )
    may_book = models.BooleanField(_("may book conferences"), default=True)
    receives_report_cards = models.BooleanField(_("receives report cards"), default=True)

    class Meta:
        verbose_name = _("student's guardian")
        verbose_name_plural = _("students' guardians")
        constraints = [
            models.UniqueConstraint(fields=["student", "guardian"], name="studentguardian_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.guardian} → {self.student} ({self.get_relationship_display()})"


class Advisory(models.Model):
    """An advisor and their advisees (20–30 students) for one school year."""

    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="advisories")
    advisor = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="advisories")
    name = models.CharField(_("name"), max_length=100, help_text=_("For example Room 12 or 3B."))
    room = models.CharField(_("room"), max_length=50, blank=True)
    students = models.ManyToManyField(
        Student, through="AdvisoryMembership", related_name="advisories"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("advisory")
        verbose_name_plural = _("advisories")
        constraints = [
            models.UniqueConstraint(fields=["school_year", "name"], name="advisory_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.advisor})"

    def clean(self) -> None:
        if (
            self.advisor_id
            and self.school_year_id
            and self.advisor.school_id != self.school_year.school_id
        ):
            raise ValidationError(_("The advisor works at another school."))


class AdvisoryMembership(models.Model):
    advisory = models.ForeignKey(Advisory, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="memberships")
    # Copied from the advisory so that the database itself can refuse a
    # second advisory for the same student in the same year.
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, editable=False)

    class Meta:
        verbose_name = _("advisee")
        verbose_name_plural = _("advisees")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "school_year"], name="membership_one_advisory_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} in {self.advisory}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.school_year_id = self.advisory.school_year_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if (
            self.advisory_id
            and self.student_id
            and self.student.school_id != self.advisory.school_year.school_id
        ):
            raise ValidationError(_("The student is enrolled at another school."))
