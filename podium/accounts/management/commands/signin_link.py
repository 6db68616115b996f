"""Print a fresh sign-in link for a guardian: for a demo, or for a family whose e-mail bounces."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from podium.accounts.models import SignInLink
from podium.roster.models import Guardian


class Command(BaseCommand):
    help = (
        "Print a fresh sign-in link for the guardian with this e-mail address. "
        "Older links of theirs stop working."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The guardian's e-mail address (any case).")
        parser.add_argument(
            "--url", default=settings.SITE_URL, help="Where Podium runs (default: SITE_URL)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        email = str(options["email"]).strip()
        # with_email("") would match every guardian who has no e-mail address.
        if not email:
            raise CommandError("Give the guardian's e-mail address.")
        guardian = Guardian.objects.with_email(email).first()
        if guardian is None:
            raise CommandError(f"No guardian has the e-mail address {email!r}.")
        token = SignInLink.issue(guardian.ensure_user())
        base = str(options["url"]).rstrip("/")
        # The link alone on stdout, so that `$(manage.py signin_link …)` works.
        self.stdout.write(base + reverse("accounts:link", args=[token]))
        self.stderr.write(
            f"For {guardian.full_name}; works once, for {SignInLink.lifetime_minutes()} minutes.",
            style_func=lambda text: text,
        )
