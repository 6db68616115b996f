"""Text as a student or a family wrote it: one language, or two side by side.

The deck, the summary page and the PDF show such text in the language it was
written in, each side marked with its language and its direction (Arabic
reads right to left), whatever the language of the interface around it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import translation

from podium.roster.models import HOME_LANGUAGES

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

LANGUAGE_NAMES = dict(HOME_LANGUAGES)


def direction(language: str) -> str:
    """The writing direction of a language code, from Django's language table: "rtl" or "ltr"."""
    try:
        return "rtl" if translation.get_language_info(language)["bidi"] else "ltr"
    except KeyError:
        return "ltr"


@dataclass(frozen=True)
class Said:
    """Some text in one language."""

    text: str
    language: str

    @property
    def dir(self) -> str:
        return direction(self.language)

    @property
    def language_name(self) -> StrOrPromise:
        return LANGUAGE_NAMES.get(self.language, self.language)


def said(text: str, language: str, text_2: str = "", language_2: str = "") -> list[Said]:
    """The one or two languages of a bilingual field, blank sides left out."""
    sides = [Said(text.strip(), language or "en")]
    if text_2.strip():
        sides.append(Said(text_2.strip(), language_2 or language or "en"))
    return [side for side in sides if side.text]
