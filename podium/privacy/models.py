"""The access log: who read which student's record, when (FERPA's record of disclosures).

Rows are only ever added. The model, its queryset and the admin refuse to
change or delete one.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AccessLogQuerySet(models.QuerySet["AccessLog"]):
    def record(self, *, user: Any, role: str, student: Any, what: str, path: str = "") -> AccessLog:
        return self.create(user=user, role=role, student=student, what=what, path=path[:300])

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("access log rows cannot be changed")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("access log rows cannot be deleted")


class AccessLog(models.Model):
    at = models.DateTimeField(_("when (UTC)"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("who")
    )
    role = models.CharField(_("role"), max_length=20)
    student = models.ForeignKey(
        "roster.Student", on_delete=models.PROTECT, related_name="+", verbose_name=_("student")
    )
    what = models.CharField(_("what"), max_length=100)
    path = models.CharField(_("page"), max_length=300, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["student", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.what} {self.student_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("access log rows cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("access log rows cannot be deleted")
