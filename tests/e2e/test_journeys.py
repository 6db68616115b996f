"""Each person's real way in, in a real browser, with the axe audit on every page.

The cast is built in a transactional database so the live server thread sees
it; tasks run at once and e-mail lands in `mailoutbox`.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info
from playwright.sync_api import Page, expect

from podium.accounts.badges import badge_token
from podium.accounts.models import SignInLink
from tests.cast import Cast, make_cast
from tests.e2e.conftest import TABLET, audit, link_path, screenshot, sign_in_with_password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cast() -> Cast:
    return make_cast()


def html_attribute(page: Page, name: str) -> str | None:
    return page.locator("html").get_attribute(name)


def test_guardian_signs_in_with_an_emailed_link_on_her_phone(
    phone: Page, cast: Cast, mailoutbox: list[EmailMessage]
) -> None:
    phone.goto(reverse("accounts:signin"))
    audit(phone)
    phone.get_by_label("Your e-mail address").fill("sofia.garcia@example.com")
    phone.get_by_role("button", name="E-mail me a sign-in link").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    audit(phone)

    assert [message.to for message in mailoutbox] == [["sofia.garcia@example.com"]]
    phone.goto(link_path(mailoutbox[0]))
    # The page speaks her language; its one button is what signs her in.
    assert html_attribute(phone, "lang") == "es"
    sign_in = phone.get_by_role("main").get_by_role("button")
    expect(sign_in).to_be_visible()
    audit(phone)
    sign_in.click()

    expect(phone).to_have_url(re.compile(r"/$"))
    assert html_attribute(phone, "lang") == "es"
    children = phone.get_by_role("main").get_by_role("heading", level=2)
    expect(children).to_have_text(["Mateo García", "Lupe García"])
    audit(phone)
    screenshot(phone, "guardian-home-phone")

    phone.get_by_role("link", name="Mateo García").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Mateo García")
    assert html_attribute(phone, "lang") == "es"
    audit(phone)


def test_advisor_opens_her_advisory_and_her_advisee(page: Page, cast: Cast) -> None:
    sign_in_with_password(page, "rivera")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rivera")
    advisory = page.get_by_role("region", name=re.compile("4R"))
    expect(advisory.get_by_role("link", name="Mateo García")).to_be_visible()
    expect(page.get_by_text("Lupe García")).to_have_count(0)
    audit(page)

    advisory.get_by_role("link", name="4R").click()
    expect(page).to_have_url(re.compile(reverse("roster:advisory", args=[cast.advisory.pk])))
    expect(page.get_by_role("row", name=re.compile("Mateo García"))).to_contain_text("mateog041")
    audit(page)

    page.get_by_role("link", name="Mateo García").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mateo García")
    expect(page.get_by_text("Sofía García")).to_be_visible()
    audit(page)


def test_young_student_signs_in_on_the_classroom_tablet_with_the_printed_badge(
    page: Page, new_context: Any, cast: Cast
) -> None:
    sign_in_with_password(page, "chen")
    audit(page)
    page.get_by_role("link", name="KC").click()
    audit(page)
    page.get_by_role("link", name="Print sign-in badges (K–2)").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("KC")
    badge = page.get_by_role("figure", name="Lupe G.")
    # The QR is an image named after the student, as the caption under it.
    expect(badge.get_by_role("img", name="Lupe G.")).to_be_visible()
    expect(badge.locator("svg")).to_have_count(1)
    audit(page)
    screenshot(page, "badge-sheet")

    # The tablet is another device: nobody is signed in there.
    tablet = new_context(**TABLET).new_page()
    tablet.goto(reverse("accounts:badge", args=[badge_token(cast.sibling)]))
    audit(tablet)
    tablet.get_by_role("button", name="Start").click()
    expect(tablet.get_by_role("heading", level=1)).to_have_text("Hi, Lupe!")
    audit(tablet)


def test_student_signs_in_with_his_username_and_lands_on_his_page(page: Page, cast: Cast) -> None:
    sign_in_with_password(page, "mateog041")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hi, Mateo!")
    expect(page.get_by_text("Ms. Rivera")).to_be_visible()
    audit(page)


def test_school_admin_sees_the_school_and_opens_the_records(page: Page, cast: Cast) -> None:
    sign_in_with_password(page, "park")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Riverside K-12")
    stats = page.locator(".stats")
    expect(stats).to_contain_text("3 students")
    expect(stats).to_contain_text("3 advisories")
    expect(stats).to_contain_text("2 guardians")
    expect(stats).to_contain_text("0 students without an advisory")
    audit(page)

    # No audit from here on: the records are Django's own admin, not Podium's pages.
    page.get_by_role("link", name="Records").click()
    page.get_by_role("link", name="Students", exact=True).click()
    results = page.locator("#result_list")
    expect(results).to_contain_text("Mateo")
    expect(results).to_contain_text("Lupe")
    expect(results).not_to_contain_text("Jonah")


def test_interpreter_signs_in_and_sees_his_page(page: Page, cast: Cast) -> None:
    sign_in_with_password(page, "haddad")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Haddad")
    expect(page.get_by_role("main")).to_contain_text("ar, en")
    audit(page)


def test_a_spent_or_expired_link_says_it_does_not_work(page: Page, cast: Cast) -> None:
    user = cast.guardian.user
    assert user is not None
    expired = SignInLink.issue(user)
    SignInLink.objects.filter(user=user).update(expires_at=timezone.now() - timedelta(minutes=1))
    page.goto(reverse("accounts:link", args=[expired]))
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work any more")
    audit(page)

    spent = SignInLink.issue(user)
    link = SignInLink.find_usable(spent)
    assert link is not None
    assert link.use()
    page.goto(reverse("accounts:link", args=[spent]))
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work any more")
    expect(page.get_by_role("link", name="Get a new link")).to_be_visible()
    audit(page)


def test_a_wrong_password_shows_the_error(page: Page, cast: Cast) -> None:
    sign_in_with_password(page, "rivera", "not her password")
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
    expect(page.get_by_label("Username")).to_have_value("rivera")
    audit(page)


def test_an_unknown_badge_says_ask_your_teacher(page: Page, cast: Cast) -> None:
    page.goto(reverse("accounts:badge", args=["not-a-badge"]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ask your teacher")
    expect(page.get_by_role("button")).to_have_count(1)  # only the language switch
    audit(page)


def test_the_language_selector_turns_the_page_right_to_left_for_arabic(
    page: Page, cast: Cast
) -> None:
    page.goto(reverse("accounts:signin"))
    assert html_attribute(page, "dir") == "ltr"
    # The selector names each language in itself, as Django spells it.
    arabic = get_language_info("ar")["name_local"]
    assert arabic.replace("\u0651", "") == "العربية"  # Django writes it with a shadda
    page.get_by_label("Language").select_option(label=arabic)
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert html_attribute(page, "lang") == "ar"
    expect(page).to_have_url(re.compile(reverse("accounts:signin") + "$"))
    audit(page)
