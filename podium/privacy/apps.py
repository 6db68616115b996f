from __future__ import annotations

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "podium.privacy"
    default_auto_field = "django.db.models.BigAutoField"
