"""Settings for the rush benchmark's server: the live-server settings, with the floor's URL."""

from __future__ import annotations

from tests.conferences.live_settings import *  # noqa: F403

ROOT_URLCONF = "bench.rush_urls"
