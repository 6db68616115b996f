from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from podium.accounts.models import User


class UsernameOrEmailBackend(ModelBackend):
    """Staff type their username or their e-mail; students their username."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username and "@" in username:
            user = User.objects.filter(email__iexact=username.strip()).order_by("pk").first()
            if user is not None:
                username = user.get_username()
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_user(self, user_id: Any) -> User | None:
        # Every page asks who this is (staff, guardian or student): one query, not four.
        user = (
            User.objects.select_related("staff", "guardian", "student").filter(pk=user_id).first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user: Any) -> bool:
        """A student who has left the school can no longer sign in."""
        student = getattr(user, "student", None)
        if student is not None and not student.is_active:
            return False
        return bool(super().user_can_authenticate(user))
