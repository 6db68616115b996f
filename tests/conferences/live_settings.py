"""Podium's settings for a server that tests and benchmarks start themselves.

Only static files differ: they are served as they are, because a fresh
checkout has no collected manifest for `{% static %}` to look names up in.
"""

from __future__ import annotations

from podium.settings import *  # noqa: F403
from podium.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
