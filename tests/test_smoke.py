from __future__ import annotations

from django.test import Client

from tests.cast import PASSWORD, Cast


def test_advisor_signs_in_with_password_and_sees_advisees(client: Client, cast: Cast) -> None:
    response = client.post(
        "/accounts/signin/password/", {"username": "rivera", "password": PASSWORD}
    )
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert "Mateo García" in page
    assert "Linh" not in page
