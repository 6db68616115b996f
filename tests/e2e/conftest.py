"""The browser tests: Debian's Chromium driven by Playwright, axe on every page.

Playwright never downloads a browser here; it launches /usr/bin/chromium
(`make chromium` installs it). One browser per session, a fresh context (no
cookies, no storage) per test; the tests that record a voice get a second
browser whose microphone is Chromium's fake one.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.mail import EmailMessage
from django.urls import reverse
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from podium.accounts.models import SignInLink
from podium.roster.models import Guardian
from tests.cast import PASSWORD

# Playwright's sync API runs an event loop in the test thread, and Django
# refuses database work where a loop runs unless told it is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
# A fake microphone and camera, allowed without asking: for the recorder's tests only.
FAKE_MEDIA_ARGS = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
TABLET: dict[str, Any] = {
    "viewport": {"width": 820, "height": 1180},
    "is_mobile": True,
    "has_touch": True,
}
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def browser_with_microphone(playwright: Playwright) -> Iterator[Browser]:
    """A second Chromium, started only for the tests that record: its microphone is
    Chromium's fake one (a steady beep) and nobody is asked to allow it."""
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, *FAKE_MEDIA_ARGS]
    )
    yield browser
    browser.close()


def _contexts(browser: Browser, base_url: str, **defaults: Any) -> Iterator[Any]:
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        options = {**defaults, **options}
        options.setdefault("locale", "en-US")  # Accept-Language, whatever the machine's
        context = browser.new_context(base_url=base_url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def new_context(browser: Browser, live_server: Any) -> Iterator[Any]:
    """Opens fresh browser contexts on the live server; all are closed after the test."""
    yield from _contexts(browser, live_server.url)


@pytest.fixture
def new_recording_context(browser_with_microphone: Browser, live_server: Any) -> Iterator[Any]:
    """Like `new_context`, on the Chromium with the fake microphone, which the page may use."""
    yield from _contexts(browser_with_microphone, live_server.url, permissions=["microphone"])


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Uploads and recordings go to a folder of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def page(new_context: Any) -> Page:
    """A desktop-sized page in a fresh context."""
    context: BrowserContext = new_context(viewport={"width": 1280, "height": 900})
    return context.new_page()


@pytest.fixture
def phone(new_context: Any) -> Page:
    """A phone-sized page with touch, in a fresh context."""
    context: BrowserContext = new_context(**PHONE)
    return context.new_page()


_axe = Axe()
# axe's default rules (WCAG 2.0/2.1 A and AA, best practices) plus WCAG 2.2's
# minimum target size, which axe leaves off by default: people tap Podium on phones.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}


def audit(page: Page) -> None:
    """Run axe on the current page; fail listing every violation if there is any."""
    results = _axe.run(page, options=AXE_OPTIONS).response
    violations = results["violations"]
    if not violations:
        return
    lines = [f"axe found {len(violations)} violation(s) on {page.url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(str(part) for part in node['target'])}")
            summary = "; ".join(
                line.strip() for line in (node.get("failureSummary") or "").splitlines()
            )
            if summary:
                lines.append(f"       {summary}")
    pytest.fail("\n".join(lines), pytrace=False)


def screenshot(page: Page, name: str) -> Path:
    """A full-page picture in the temporary folder, to look at how a page lays out."""
    path = Path(tempfile.gettempdir()) / f"podium-{name}.png"
    page.screenshot(path=path, full_page=True)
    return path


def sign_in_with_password(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto(reverse("accounts:signin"))
    audit(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()


def sign_in_with_link(page: Page, guardian: Guardian) -> None:
    """A guardian opens a fresh sign-in link and confirms it; their home page follows."""
    assert guardian.user is not None
    page.goto(reverse("accounts:link", args=[SignInLink.issue(guardian.user)]))
    page.get_by_role("main").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/$"))


def link_path(message: EmailMessage) -> str:
    """The sign-in link's path: the tests open it on the live server."""
    match = re.search(r"https?://\S+", str(message.body))
    assert match, message.body
    return urlsplit(match.group()).path
