"""Sign-in accounts and the one-time links that open them.

Who a user *is* (staff member, guardian, student) lives in the roster; the
account only carries credentials and the person's interface language.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    @property
    def display_name(self) -> str:
        for person in (
            getattr(self, "staff", None),
            getattr(self, "guardian", None),
            getattr(self, "student", None),
        ):
            if person is not None:
                return str(person.display_name if hasattr(person, "display_name") else person)
        return self.get_full_name() or self.username


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SignInLinkQuerySet(models.QuerySet["SignInLink"]):
    def usable(self) -> SignInLinkQuerySet:
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class SignInLink(models.Model):
    """A single-use sign-in link sent by e-mail. Only a hash of the token is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    # Set when the link signs someone in, or when a newer link replaces it.
    used_at = models.DateTimeField(null=True, blank=True)

    objects = SignInLinkQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["user", "used_at"])]

    def __str__(self) -> str:
        return f"sign-in link for {self.user} ({self.created_at:%Y-%m-%d %H:%M})"

    @staticmethod
    def lifetime_minutes() -> int:
        return int(settings.SIGNIN_LINK_MINUTES)

    @classmethod
    def issue(cls, user: User) -> str:
        """Make a new link for `user`, retiring every older one; return the raw token."""
        token = secrets.token_urlsafe(32)
        now = timezone.now()
        with transaction.atomic():
            cls.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
            cls.objects.create(
                user=user,
                token_hash=hash_token(token),
                created_at=now,
                expires_at=now + timedelta(minutes=settings.SIGNIN_LINK_MINUTES),
            )
        return token

    @classmethod
    def find_usable(cls, token: str) -> SignInLink | None:
        # A deactivated account's links die with it, like its password.
        return (
            cls.objects.usable()
            .select_related("user")
            .filter(token_hash=hash_token(token), user__is_active=True)
            .first()
        )

    def use(self) -> bool:
        """Spend the link; False if another request spent it first."""
        spent = SignInLink.objects.filter(pk=self.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        return spent == 1
