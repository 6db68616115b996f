"""Booking conferences in a real browser, with the axe audit on every page.

Sofía reads Podium in Spanish on her phone: she books Mateo and Lupe one
after the other, saves the calendar file, and moves Lupe's conference. Ms.
Rivera prints her day; Ms. Park moves a snow day.
"""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from podium.conferences.models import Booking
from podium.outreach.models import Message
from tests.cast import Cast, make_cast
from tests.conferences.world import World, make_world
from tests.e2e.conftest import audit, screenshot, sign_in_with_link, sign_in_with_password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast() -> Cast:
    return make_cast()


@pytest.fixture
def world(cast: Cast) -> World:
    return make_world(cast)


def test_guardian_books_two_children_back_to_back_in_spanish_and_moves_one(
    phone: Page, cast: Cast, world: World
) -> None:
    sign_in_with_link(phone, cast.guardian)
    assert phone.locator("html").get_attribute("lang") == "es"
    audit(phone)

    phone.locator(f"a[href='{reverse('conferences:family', args=[world.cycle.pk])}']").first.click()
    audit(phone)
    screenshot(phone, "family-booking-phone")
    visit = phone.locator("form[action$='/together/']")
    first_visit = visit.locator("input[name='together-combination']").first
    first_visit.check()
    # Spanish is her home language: an interpreter, in the list in Spanish.
    visit.locator("select[name='together-interpreter_language']").select_option("es")
    visit.locator("button[type='submit']").click()
    expect(phone.locator(".messages")).to_be_visible()
    audit(phone)

    mateo = Booking.objects.get(student=cast.student)
    lupe = Booking.objects.get(student=cast.sibling)
    first, second = sorted((mateo, lupe), key=lambda b: b.slot.starts_at)
    assert (
        first.slot.ends_at <= second.slot.starts_at <= first.slot.ends_at + dt.timedelta(minutes=10)
    )
    assert {mateo.interpreter_language, lupe.interpreter_language} == {"es"}
    assert Message.objects.filter(kind="confirmation", language="es").count() == 2

    # Lupe's conference: save it to the calendar.
    phone.locator(f"a[href='{reverse('conferences:booking', args=[lupe.pk])}']").click()
    audit(phone)
    with phone.expect_download() as download:
        phone.locator("a[download]").click()
    path = download.value.path()
    event = next(iter(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")))
    assert event.decoded("dtstart") == lupe.slot.starts_at
    assert str(event.decoded("dtstart").tzinfo) == "America/Los_Angeles"

    # Move it to a time of the other day.
    move = phone.locator("form[action$='/move/']")
    move.locator("details").last.locator("summary").click()
    new_time = move.locator("details").last.locator("input[type='radio']").first
    new_slot = int(new_time.get_attribute("value") or 0)
    new_time.check()
    move.locator("button[type='submit']").click()
    expect(phone.locator(".messages")).to_be_visible()
    audit(phone)
    lupe.refresh_from_db()
    assert lupe.slot_id == new_slot
    assert lupe.slot.day == world.evening or lupe.slot.day == world.first_day
    assert Message.objects.filter(kind="changed", topic=f"booking-{lupe.pk}").count() == 1


def test_advisor_sees_her_printable_day(page: Page, cast: Cast, world: World) -> None:
    Booking.objects.create(
        cycle=world.cycle,
        slot=world.slot_at(cast.advisor, world.evening, 17),
        student=cast.student,
        guardian=cast.guardian,
        interpreter_language="es",
        private_time=True,
    )
    Booking.objects.create(
        cycle=world.cycle,
        slot=world.slot_at(cast.sibling_advisor, world.evening, 17, 20),
        student=cast.sibling,
        guardian=cast.guardian,
    )
    sign_in_with_password(page, "rivera")
    page.get_by_role("link", name="Conferences", exact=True).click()
    audit(page)
    page.get_by_role("link", name="My conferences").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rivera")
    row = page.get_by_role("row", name=re.compile("Mateo García"))
    expect(row).to_contain_text("Interpreter: Spanish")
    expect(row).to_contain_text("Sibling Lupe with Mr. Chen")
    expect(row).to_contain_text("Time alone with you")
    audit(page)
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(row).to_be_visible()
    screenshot(page, "advisor-day-print")


def test_admin_moves_a_snow_day_and_families_are_told(page: Page, cast: Cast, world: World) -> None:
    booking = Booking.objects.create(
        cycle=world.cycle,
        slot=world.slot_at(cast.advisor, world.first_day, 13, 10),
        student=cast.student,
        guardian=cast.guardian,
    )
    sign_in_with_password(page, "park")
    page.get_by_role("link", name="Conferences", exact=True).click()
    page.get_by_role("link", name="Master schedule").click()
    expect(page.locator(".stats")).to_contain_text("1")
    audit(page)
    page.get_by_role("link", name="Move this day").first.click()
    audit(page)
    new_date = world.first_day.on + dt.timedelta(days=7)
    page.get_by_label("New date").fill(new_date.isoformat())
    page.get_by_role("button", name="Move the day").click()
    expect(page.locator(".messages")).to_contain_text("1 family will hear")
    audit(page)
    booking.refresh_from_db()
    local = booking.slot.starts_at.astimezone(world.cycle.zone)
    assert (local.date(), local.time()) == (new_date, dt.time(13, 10))
    assert Message.objects.filter(kind="day_moved", to="sofia.garcia@example.com").exists()
