"""QR badges: a young student scans theirs to sign in on a classroom device.

A badge carries a signed "student.version" pair, so printing the sheet again
gives the same badges, and reissuing one (raising the student's badge
version) makes the lost copy useless.
"""

from __future__ import annotations

import segno
from django.core import signing

from podium.roster.models import Student

SALT = "podium.accounts.badge"
BADGE_GRADES = range(Student.Grade.K, Student.Grade.G2 + 1)


def badge_token(student: Student) -> str:
    return signing.Signer(salt=SALT).sign(f"{student.pk}.{student.badge_version}")


def student_for_badge(token: str) -> Student | None:
    try:
        value = signing.Signer(salt=SALT).unsign(token)
        student_id, version = (int(part) for part in value.split("."))
    except (signing.BadSignature, ValueError):
        return None
    # Only K–2 students sign in with a badge: once a student moves up to grade
    # 3 they type a password, and last year's badge must stop working.
    return (
        Student.objects.active()
        .in_grades(BADGE_GRADES)
        .select_related("school")
        .filter(pk=student_id, badge_version=version)
        .first()
    )


def qr_svg(url: str) -> str:
    """An inline SVG QR code for `url`, scaled by CSS."""
    return str(segno.make(url, error="m").svg_inline(scale=4, omitsize=True, title=None))
