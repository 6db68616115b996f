from __future__ import annotations

from django.apps import AppConfig


class ConferencesConfig(AppConfig):
    name = "podium.conferences"
    default_auto_field = "django.db.models.BigAutoField"
