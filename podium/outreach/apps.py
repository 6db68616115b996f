from __future__ import annotations

from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "podium.outreach"
    default_auto_field = "django.db.models.BigAutoField"
