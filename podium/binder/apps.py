from __future__ import annotations

from django.apps import AppConfig


class BinderConfig(AppConfig):
    name = "podium.binder"
    default_auto_field = "django.db.models.BigAutoField"
