"""The browser tests: Debian's Chromium driven by Playwright, axe on every page.

Playwright never downloads a browser here; it launches /usr/bin/chromium
(`make chromium` installs it). One browser per session, a fresh context (no
cookies, no storage) per test.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

# Playwright's sync API runs an event loop in the test thread, and Django
# refuses database work where a loop runs unless told it is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser: Browser, live_server: Any) -> Iterator[Any]:
    """Opens fresh browser contexts on the live server; all are closed after the test."""
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        options.setdefault("locale", "en-US")  # Accept-Language, whatever the machine's
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


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
