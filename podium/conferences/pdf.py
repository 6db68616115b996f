"""The conference summary as a PDF, drawn by WeasyPrint.

The PDF is always the family's version (no private notes), since it gets
printed and forwarded. Its stylesheet lives in the template and names the
Noto families the set-up installs (Latin with Vietnamese, Arabic, Chinese
Simplified), so every script has its glyphs; WeasyPrint embeds only the glyphs
used (with HarfBuzz's subsetter, which keeps a summary well under a second
even with the large CJK fonts).
"""

from __future__ import annotations

import logging

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from podium.conferences.models import Conference
from podium.conferences.summary import build_summary
from podium.conferences.texts import direction

# WeasyPrint reports each step of every PDF at INFO; keep the server's log for what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def summary_html(conference: Conference, *, language: str) -> str:
    zone = conference.booking.cycle.school.zone
    with translation.override(language), timezone.override(zone):
        summary = build_summary(conference)
        return render_to_string(
            "conferences/summary/pdf.html",
            {"summary": summary, "language": language, "rtl": direction(language) == "rtl"},
        )


def summary_pdf(conference: Conference, *, language: str) -> bytes:
    """The summary of a held conference as PDF bytes, with its words in `language`."""
    from weasyprint import HTML  # a heavy import, needed only here

    html = summary_html(conference, language=language)
    # Self-contained (inline SVG, fonts from the system): nothing is fetched.
    pdf = HTML(string=html).write_pdf()
    assert pdf is not None
    return pdf


def summary_filename(conference: Conference) -> str:
    booking = conference.booking
    when = timezone.localtime(
        conference.started_at or booking.slot.starts_at, booking.cycle.school.zone
    )
    name = slugify(booking.student.display_name) or "student"
    return f"conference-summary-{name}-{when:%Y-%m-%d}.pdf"
