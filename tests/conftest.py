from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.cast import Cast, make_cast


@pytest.fixture(autouse=True)
def _fast_and_local(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Without it whitenoise rescans var/static for every test client.
    settings.WHITENOISE_AUTOREFRESH = True
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A request leaves its person's language active in the thread; the next test starts afresh."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture
def cast(db: None) -> Cast:
    return make_cast()
