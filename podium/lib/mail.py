"""Sending a message: a subject, a text body and an HTML body, in the recipient's language."""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_mail(*, template: str, to: str, language: str, context: dict[str, Any]) -> None:
    """Render `<template>_subject.txt`, `.txt` and `.html` in `language` and send them."""
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
