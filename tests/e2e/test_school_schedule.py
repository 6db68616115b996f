"""The school-wide schedule in a real browser, with the axe audit on every page.

Sofía gives her family's times on her phone in Spanish, asking for a Spanish
interpreter; Minh gives his in Vietnamese-speaking Podium's English (his
interface is English here). Ms. Park starts the scheduler, watches its
progress until the draft appears, reviews it and publishes it; Sofía then
finds Mateo's and Lupe's times, one after the other, on her home page.
"""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from podium.conferences.models import Booking, Cycle, ScheduleRun
from podium.conferences.tasks import run_schedule
from podium.outreach.models import Message
from tests.cast import Cast, make_cast
from tests.conferences.world import World, make_world
from tests.e2e.conftest import audit, screenshot, sign_in_with_link, sign_in_with_password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast() -> Cast:
    cast = make_cast()
    cast.interpreter.languages = ["ar", "es", "en"]
    cast.interpreter.save(update_fields=["languages"])
    return cast


@pytest.fixture
def world(cast: Cast) -> World:
    world = make_world(cast)
    Cycle.objects.filter(pk=world.cycle.pk).update(placement=Cycle.Placement.SCHOOL)
    world.cycle.refresh_from_db()
    return world


def run_in_background(run_id: int) -> threading.Thread:
    """The worker: runs the queued task in a thread of its own, as `db_worker` would."""

    def work() -> None:
        try:
            run_schedule.call(run_id=run_id)
        finally:
            connection.close()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def test_families_give_times_the_office_runs_and_publishes_and_families_see_their_times(
    new_context: Any, page: Page, phone: Page, cast: Cast, world: World, settings: Any
) -> None:
    # Runs wait in the queue until the test's own worker picks them up.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    # Sofía, on her phone in Spanish.
    sign_in_with_link(phone, cast.guardian)
    assert phone.locator("html").get_attribute("lang") == "es"
    times = reverse("conferences:family_times", args=[world.cycle.pk])
    phone.locator(f"a[href='{times}']").first.click()
    audit(phone)
    first = phone.locator("fieldset.times").first
    # Nothing ticked: the form says so in Spanish, and keeps her other answers.
    phone.get_by_label("Comentarios para la escuela").fill("Lupe duerme la siesta hasta la 1.")
    phone.get_by_role("button", name="Enviar nuestros horarios").click()
    expect(phone.get_by_role("alert")).to_contain_text("Marque al menos una hora")
    audit(phone)
    expect(phone.get_by_label("Comentarios para la escuela")).to_have_value(
        "Lupe duerme la siesta hasta la 1."
    )
    first.get_by_label(re.compile(r"13:30 – 14:30")).check()
    first.get_by_label(re.compile(r"14:30 – 15:30")).check()
    expect(phone.locator("select[name='interpreter_language']")).to_have_value("es")
    phone.get_by_label("Más tarde en el día").check()
    screenshot(phone, "family-times-phone")
    phone.get_by_role("button", name="Enviar nuestros horarios").click()
    expect(phone.get_by_role("status").first).to_contain_text("Gracias")
    audit(phone)

    # Minh gives the evening.
    minh = new_context(viewport={"width": 390, "height": 844}, locale="en-US").new_page()
    sign_in_with_link(minh, cast.other_guardian)
    minh.goto(reverse("conferences:family_times", args=[world.cycle.pk]))
    minh.locator("fieldset.times").nth(1).locator("label.chip").first.click()
    minh.locator("select[name='interpreter_language']").select_option("")
    minh.get_by_role("main").locator("button[type='submit']").click()
    expect(minh.locator("html")).to_have_attribute("lang", re.compile(r"^(en|vi)"))

    # Ms. Park runs the scheduler and watches it.
    sign_in_with_password(page, "park")
    page.goto(reverse("conferences:cycles"))
    page.get_by_role("link", name="School-wide schedule").click()
    audit(page)
    expect(page.locator(".stats")).to_contain_text("2 / 2")
    page.get_by_label("Seconds to search").fill("5")
    page.get_by_role("button", name="Run the scheduler").click()
    bar = page.locator("progress#run-bar")
    expect(bar).to_be_visible()
    expect(page.locator("#run-progress")).to_contain_text("Waiting to start")
    audit(page)
    run = ScheduleRun.objects.get(cycle=world.cycle)
    worker = run_in_background(run.pk)
    # The page asks every second and shows the draft when the run is done, untouched.
    expect(page.get_by_role("button", name="Publish the schedule")).to_be_visible(timeout=30_000)
    worker.join(timeout=30)
    audit(page)
    figures = page.locator(".stats")
    expect(figures).to_contain_text("3 / 3")  # students placed
    expect(figures).to_contain_text("1 / 1")  # the Garcías in one visit
    expect(page.locator("table.list").last).to_contain_text("Mr. Haddad")
    screenshot(page, "school-schedule-review")
    page.get_by_role("button", name="Publish the schedule").click()
    expect(page.get_by_role("status").first).to_contain_text("Published: 3 conferences booked")
    audit(page)

    bookings = Booking.objects.active().filter(cycle=world.cycle).select_related("slot")
    by_student = {b.student_id: b for b in bookings}
    assert set(by_student) == {cast.student.pk, cast.sibling.pk, cast.other_student.pk}
    mateo, lupe = by_student[cast.student.pk], by_student[cast.sibling.pk]
    assert abs((mateo.slot.starts_at - lupe.slot.starts_at).total_seconds()) == 20 * 60
    assert (
        Message.objects.filter(
            kind=Message.Kind.CONFIRMATION, guardian=cast.guardian, language="es"
        ).count()
        == 2
    )

    # Sofía sees both times on her home page.
    phone.goto("/")
    audit(phone)
    for booking in (mateo, lupe):
        local = timezone.localtime(booking.slot.starts_at, cast.school.zone)
        expect(phone.get_by_role("main")).to_contain_text(f"{local:%H:%M}")
    expect(phone.get_by_role("link", name="Díganos cuándo puede venir")).to_have_count(0)
