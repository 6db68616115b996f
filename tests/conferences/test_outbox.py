"""The outbox: messages are sent in the family's language, retried, never lost."""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.utils import timezone

from podium.conferences import actions
from podium.conferences.models import Booking
from podium.outreach.models import MAX_ATTEMPTS, Message
from podium.outreach.sending import send_due
from tests.cast import Cast
from tests.conferences.world import World, make_world


@pytest.fixture
def world(cast: Cast) -> World:
    return make_world(cast)


def book_mateo(cast: Cast, world: World) -> Booking:
    assert cast.guardian.user is not None
    return actions.book(
        student=cast.student,
        slot=world.slot_at(cast.advisor, world.evening, 17),
        by=cast.guardian.user,
        guardian=cast.guardian,
    )


def test_the_confirmation_is_sent_in_the_guardians_language_with_the_calendar_file(
    cast: Cast, world: World
) -> None:
    book_mateo(cast, world)
    assert send_due() == (1, 0)
    [email] = mail.outbox
    assert isinstance(email, EmailMultiAlternatives)
    assert email.to == ["sofia.garcia@example.com"]
    # Sofía reads Podium in Spanish.
    assert "Mateo" in email.subject
    assert "Hola, Sofía" in str(email.body)
    assert "Cuándo" in str(email.body)
    html = str(email.alternatives[0][0])
    assert 'lang="es"' in html
    [part] = [a for a in email.attachments if not isinstance(a, tuple)]
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "PUBLISH"
    event = next(iter(icalendar.Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")))
    assert event.decoded("dtstart") == world.evening.at(dt.time(17))
    # Reminders wait for their time.
    assert Message.objects.filter(status="pending", kind="reminder").count() == 3


class Down:
    """A mail server that is down."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: list[Any]) -> int:
        raise ConnectionRefusedError("mail server down")

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass


def test_a_mail_server_outage_loses_nothing(cast: Cast, world: World, settings: Any) -> None:
    booking = book_mateo(cast, world)
    settings.EMAIL_BACKEND = "tests.conferences.test_outbox.Down"
    assert send_due() == (0, 1)
    message = Message.objects.get(kind="confirmation")
    assert message.status == "pending"
    assert message.attempts == 1
    assert "mail server down" in message.last_error
    assert message.send_after > timezone.now()
    # Not due again until its pause is over.
    assert send_due() == (0, 0)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Message.objects.filter(pk=message.pk).update(send_after=timezone.now())
    assert send_due() == (1, 0)
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)
    assert Booking.objects.get() == booking


def test_a_message_is_given_up_only_after_many_attempts(cast: Cast, world: World) -> None:
    book_mateo(cast, world)
    message = Message.objects.get(kind="confirmation")
    for _ in range(MAX_ATTEMPTS - 1):
        message.record_failure("down")
    assert message.status == "pending"
    message.record_failure("down")
    assert message.status == "failed"


def test_reminders_go_out_when_they_fall_due(cast: Cast, world: World) -> None:
    booking = book_mateo(cast, world)
    send_due()
    mail.outbox.clear()
    day_before = booking.slot.starts_at - dt.timedelta(days=1)
    Message.objects.filter(kind="reminder", send_after__lte=day_before).update(
        send_after=timezone.now()
    )
    assert send_due() == (2, 0)
    assert all("Mateo" in email.subject for email in mail.outbox)
    assert Message.objects.filter(kind="reminder", status="pending").count() == 1


def test_a_cancelled_conference_sends_no_more_reminders(cast: Cast, world: World) -> None:
    booking = book_mateo(cast, world)
    assert cast.guardian.user is not None
    actions.cancel(booking=booking, by=cast.guardian.user)
    Message.objects.filter(status="pending").update(send_after=timezone.now())
    send_due()
    kinds = sorted(Message.objects.filter(status="sent").values_list("kind", flat=True))
    assert kinds == ["cancelled", "confirmation"]
    cancel_mail = next(
        e for e in mail.outbox if "cancel" in e.subject.lower() or "cancela" in e.subject.lower()
    )
    [part] = [a for a in cancel_mail.attachments if not isinstance(a, tuple)]
    assert part.get_param("method") == "CANCEL"


def test_the_sender_command_sends_what_is_due(cast: Cast, world: World, capsys: Any) -> None:
    book_mateo(cast, world)
    call_command("send_messages")
    assert "sent 1, failed 0" in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_the_invited_other_guardian_gets_the_invitation(cast: Cast, world: World) -> None:
    from podium.roster.models import Guardian, StudentGuardian

    father = Guardian.objects.create(
        first_name="Luis", last_name="García", email="luis@example.com", home_language="en"
    )
    StudentGuardian.objects.create(student=cast.student, guardian=father, relationship="father")
    assert cast.guardian.user is not None
    actions.book(
        student=cast.student,
        slot=world.slot_at(cast.advisor, world.evening, 17),
        by=cast.guardian.user,
        guardian=cast.guardian,
        request=actions.Request(invite=[father]),
    )
    confirmations = Message.objects.filter(kind="confirmation")
    assert sorted(confirmations.values_list("to", "language")) == [
        ("luis@example.com", "en"),
        ("sofia.garcia@example.com", "es"),
    ]
