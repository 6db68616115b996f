"""The outbox: every message to a family is a row first, and is sent from here.

A message is written in the same transaction as the change it tells about
(a booking, a move, a cancellation), so the change never exists without its
message. The sender (``manage.py send_messages``, run by the worker) renders
each due message in the recipient's language from the facts stored with it,
sends it, and retries with growing pauses when the mail server fails; a
message is only given up after many attempts, and stays in the table to be
seen and resent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from podium.roster.models import Guardian, interface_language_for

# Pauses between attempts: a minute, then longer, up to a day.
RETRY_PAUSES = [
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=15),
    dt.timedelta(hours=1),
    dt.timedelta(hours=3),
    dt.timedelta(hours=12),
    dt.timedelta(hours=24),
]
MAX_ATTEMPTS = 12


class MessageQuerySet(models.QuerySet["Message"]):
    def due(self, now: dt.datetime | None = None) -> MessageQuerySet:
        now = now or timezone.now()
        return self.filter(status=Message.Status.PENDING, send_after__lte=now).order_by(
            "send_after", "pk"
        )


class Message(models.Model):
    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("booking confirmed")
        CHANGED = "changed", _("booking changed")
        CANCELLED = "cancelled", _("booking cancelled")
        REMINDER = "reminder", _("reminder")
        DAY_MOVED = "day_moved", _("day moved")
        SUMMARY = "summary", _("conference summary")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("gave up")
        WITHDRAWN = "withdrawn", _("no longer needed")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    guardian = models.ForeignKey(
        Guardian, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    to = models.EmailField()
    language = models.CharField(max_length=10)
    # The facts the message tells, as they were when it was written.
    context = models.JSONField(default=dict)
    # Reminders and changes of the same conference share a topic, so a move
    # withdraws the reminders that are no longer true.
    topic = models.CharField(max_length=100, blank=True, db_index=True)
    send_after = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(
                fields=["send_after"],
                condition=Q(status="pending"),
                name="message_pending_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.to}"

    def record_failure(self, error: str, now: dt.datetime | None = None) -> None:
        now = now or timezone.now()
        self.attempts += 1
        self.last_error = error[:2000]
        if self.attempts >= MAX_ATTEMPTS:
            self.status = self.Status.FAILED
        else:
            pause = RETRY_PAUSES[min(self.attempts, len(RETRY_PAUSES)) - 1]
            self.send_after = now + pause
        self.save(update_fields=["attempts", "last_error", "status", "send_after"])

    def record_sent(self, now: dt.datetime | None = None) -> None:
        self.attempts += 1
        self.status = self.Status.SENT
        self.sent_at = now or timezone.now()
        self.save(update_fields=["attempts", "status", "sent_at"])


def language_of(guardian: Guardian) -> str:
    """The language a guardian reads Podium in: the one they chose, else their home language's."""
    if guardian.user is not None and guardian.user.language:
        return guardian.user.language
    return interface_language_for(guardian.home_language)


def message_for(
    *,
    kind: str,
    guardian: Guardian,
    context: dict[str, Any],
    topic: str = "",
    send_after: dt.datetime | None = None,
) -> Message | None:
    """An unsaved outbox message for `guardian`; None if they have no e-mail."""
    if not guardian.email:
        return None
    return Message(
        kind=kind,
        guardian=guardian,
        to=guardian.email,
        language=language_of(guardian),
        context=context,
        topic=topic,
        send_after=send_after or timezone.now(),
    )


def queue(
    *,
    kind: str,
    guardian: Guardian,
    context: dict[str, Any],
    topic: str = "",
    send_after: dt.datetime | None = None,
) -> Message | None:
    """Write a message for `guardian` to the outbox; None if they have no e-mail."""
    message = message_for(
        kind=kind, guardian=guardian, context=context, topic=topic, send_after=send_after
    )
    if message is not None:
        message.save()
    return message
