from __future__ import annotations

from io import StringIO
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from podium.accounts.models import SignInLink
from podium.roster.models import Guardian
from tests.cast import Cast


def signin_link(*args: str) -> str:
    out = StringIO()
    call_command("signin_link", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_signin_link_prints_a_link_that_signs_the_guardian_in(client: Client, cast: Cast) -> None:
    link = signin_link("sofia.garcia@example.com", "--url", "http://testserver")
    assert link.startswith("http://testserver/accounts/link/")
    path = urlsplit(link).path

    page = client.get(path)
    assert page.status_code == 200
    assert '<button type="submit"' in page.content.decode()
    assert "_auth_user_id" not in client.session

    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert int(client.session["_auth_user_id"]) == cast.guardian.user_id


def test_signin_link_finds_the_guardian_whatever_the_case(client: Client, cast: Cast) -> None:
    link = signin_link("  Sofia.GARCIA@Example.com ")
    response = client.post(urlsplit(link).path)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == cast.guardian.user_id


def test_signin_link_starts_from_site_url_by_default(settings: Any, cast: Cast) -> None:
    settings.SITE_URL = "https://podium.riverside.example"
    assert signin_link("sofia.garcia@example.com").startswith(
        "https://podium.riverside.example/accounts/link/"
    )


def test_a_new_link_retires_the_older_one(client: Client, cast: Cast) -> None:
    old = urlsplit(signin_link("sofia.garcia@example.com")).path
    new = urlsplit(signin_link("sofia.garcia@example.com")).path
    assert old != new

    response = client.get(old)
    assert response.status_code == 404
    assert "does not work" in response.content.decode()
    assert client.post(old).status_code == 404
    assert "_auth_user_id" not in client.session

    assert client.post(new).status_code == 302
    assert int(client.session["_auth_user_id"]) == cast.guardian.user_id


def test_signin_link_makes_an_account_for_a_guardian_who_has_none(
    client: Client, cast: Cast
) -> None:
    rachel = Guardian.objects.get(email="rachel@example.com")
    assert rachel.user is None
    link = signin_link("rachel@example.com")
    rachel.refresh_from_db()
    assert rachel.user is not None
    assert client.post(urlsplit(link).path).status_code == 302
    assert int(client.session["_auth_user_id"]) == rachel.user.pk


def test_signin_link_refuses_an_unknown_address(cast: Cast) -> None:
    with pytest.raises(CommandError, match=r"nobody@example\.com"):
        signin_link("nobody@example.com")
    assert not SignInLink.objects.exists()


def test_signin_link_refuses_a_blank_address_even_if_a_guardian_has_no_email(cast: Cast) -> None:
    Guardian.objects.create(first_name="Karim", last_name="Haddad", email="")
    with pytest.raises(CommandError, match="e-mail address"):
        signin_link("  ")
    assert not SignInLink.objects.exists()
