from __future__ import annotations

from django.urls import reverse
from django_tasks import task

from podium.accounts.models import SignInLink
from podium.lib.mail import send_templated_mail
from podium.roster.models import Guardian


@task()
def send_signin_link(*, email: str, base_url: str) -> None:
    """E-mail a fresh sign-in link to the guardian with this address, if there is one.

    The request that asked for it answers the same either way; whether the
    address is known is decided here, out of the request's sight.
    """
    guardian = Guardian.objects.with_email(email).first()
    if guardian is None:
        return
    user = guardian.ensure_user()
    if not user.is_active:
        return
    token = SignInLink.issue(user)
    link = base_url.rstrip("/") + reverse("accounts:link", args=[token])
    send_templated_mail(
        template="accounts/email/signin_link",
        to=guardian.email,
        language=user.language,
        context={"guardian": guardian, "link": link, "minutes": SignInLink.lifetime_minutes()},
    )
