from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from podium.outreach.sending import send_due


class Command(BaseCommand):
    help = "Send the outbox's due messages (confirmations, changes, reminders), retrying failures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--forever", action="store_true", help="Keep sending as messages fall due."
        )
        parser.add_argument("--every", type=float, default=3.0, help="Seconds between rounds.")

    def handle(self, *args: Any, forever: bool, every: float, **options: Any) -> None:
        while True:
            sent, failed = send_due()
            if sent or failed or not forever:
                self.stdout.write(f"sent {sent}, failed {failed}")
            if not forever:
                return
            if not sent:
                time.sleep(every)
