"""Signing in: magic links for families, passwords for staff and older students,
QR badges for the youngest, signing out and choosing a language."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from podium.accounts.badges import badge_token, student_for_badge
from podium.accounts.models import SignInLink, User
from podium.roster.models import Student
from tests.cast import PASSWORD, Cast

SOFIA = "sofia.garcia@example.com"
LINK = re.compile(r"http://testserver/accounts/link/([^/\s\"]+)/")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def spanish(message: str) -> str:
    with translation.override("es"):
        return translation.gettext(message)


def signed_in_user_id(client: Client) -> int | None:
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None


def ask_for_link(client: Client, email: str, **extra: Any) -> Any:
    return client.post(reverse("accounts:request_link"), {"email": email}, **extra)


def link_from(message: mail.EmailMessage) -> str:
    found = LINK.search(str(message.body))
    assert found is not None, message.body
    return found.group(1)


def link_url(token: str) -> str:
    return reverse("accounts:link", args=[token])


def sofias_link(client: Client, mailoutbox: list[Any]) -> str:
    ask_for_link(client, SOFIA)
    return link_from(mailoutbox[-1])


# --- magic links ----------------------------------------------------------------


def test_a_guardian_gets_one_sign_in_link_in_her_language(
    client: Client, cast: Cast, mailoutbox: list[Any]
) -> None:
    response = ask_for_link(client, SOFIA)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:link_sent")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [SOFIA]
    assert message.subject == spanish("Your Podium sign-in link")
    token = link_from(message)
    assert "Sofía" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f"/accounts/link/{token}/" in html
    assert '<html lang="es">' in html
    assert spanish("Sign in to Podium") in html


def test_the_address_is_matched_whatever_its_case_and_spaces(
    client: Client, cast: Cast, mailoutbox: list[Any]
) -> None:
    ask_for_link(client, "  Sofia.Garcia@EXAMPLE.com ")

    assert [message.to for message in mailoutbox] == [[SOFIA]]


def page_text(response: Any) -> str:
    return CSRF.sub("", response.content.decode())


@pytest.mark.parametrize("email", ["nobody@example.com", "rivera@riverside.example"])
def test_an_unknown_address_gets_the_very_same_answer_and_no_email(
    client: Client, cast: Cast, mailoutbox: list[Any], email: str
) -> None:
    known = ask_for_link(client, SOFIA)
    known_page = client.get(known["Location"])
    unknown = ask_for_link(client, email)
    unknown_page = client.get(unknown["Location"])

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert unknown_page.status_code == known_page.status_code == 200
    assert page_text(unknown_page) == page_text(known_page)
    assert "If the school has this address" in page_text(unknown_page)
    assert len(mailoutbox) == 1
    assert SignInLink.objects.count() == 1


def test_a_malformed_address_is_refused_with_a_message(client: Client, cast: Cast) -> None:
    response = ask_for_link(client, "not an address")

    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert SignInLink.objects.count() == 0


def test_opening_a_link_shows_a_sign_in_button_and_spends_nothing(
    client: Client, cast: Cast, mailoutbox: list[Any]
) -> None:
    token = sofias_link(client, mailoutbox)

    for _scan in range(2):  # a mail scanner, then the person
        page = client.get(link_url(token))
        assert page.status_code == 200
        html = page.content.decode()
        assert '<form method="post">' in html
        assert spanish("Sign in") in html
        assert 'lang="es"' in html
        assert signed_in_user_id(client) is None
    assert SignInLink.objects.get().used_at is None


def test_pressing_sign_in_signs_the_guardian_in_and_opens_her_family(
    client: Client, cast: Cast, mailoutbox: list[Any]
) -> None:
    token = sofias_link(client, mailoutbox)

    response = client.post(link_url(token))

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == cast.guardian.user_id
    assert SignInLink.objects.get().used_at is not None
    home = client.get("/").content.decode()
    assert "Mateo García" in home
    assert "Lupe García" in home


def assert_link_fails(client: Client, token: str) -> None:
    for method in (client.get, client.post):
        response = method(link_url(token))
        assert response.status_code == 404
        assert "This link does not work any more" in response.content.decode()
    assert signed_in_user_id(client) is None


def test_a_link_works_only_once(client: Client, cast: Cast, mailoutbox: list[Any]) -> None:
    token = sofias_link(client, mailoutbox)
    assert Client().post(link_url(token)).status_code == 302

    assert_link_fails(client, token)


def test_an_expired_link_fails(client: Client, cast: Cast, mailoutbox: list[Any]) -> None:
    token = sofias_link(client, mailoutbox)
    link = SignInLink.objects.get()
    assert link.expires_at - link.created_at == timedelta(minutes=settings.SIGNIN_LINK_MINUTES)
    SignInLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert_link_fails(client, token)


def test_a_tampered_link_fails(client: Client, cast: Cast, mailoutbox: list[Any]) -> None:
    token = sofias_link(client, mailoutbox)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")

    assert_link_fails(client, tampered)
    assert_link_fails(client, token + "x")
    assert SignInLink.objects.get().used_at is None


def test_a_new_link_makes_the_older_one_fail(
    client: Client, cast: Cast, mailoutbox: list[Any]
) -> None:
    older = sofias_link(client, mailoutbox)
    newer = sofias_link(client, mailoutbox)

    assert_link_fails(client, older)
    assert client.post(link_url(newer)).status_code == 302
    assert signed_in_user_id(client) == cast.guardian.user_id


def test_only_a_hash_of_the_token_is_stored(
    client: Client, cast: Cast, mailoutbox: list[Any]
) -> None:
    token = sofias_link(client, mailoutbox)

    row = SignInLink.objects.values().get()
    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert not any(token in str(value) for value in row.values())


def test_a_deactivated_account_cannot_use_its_link(
    client: Client, cast: Cast, mailoutbox: list[Any]
) -> None:
    token = sofias_link(client, mailoutbox)
    User.objects.filter(guardian=cast.guardian).update(is_active=False)

    assert_link_fails(client, token)
    ask_for_link(client, SOFIA)
    assert len(mailoutbox) == 1


def test_link_requests_are_limited_per_address(
    client: Client, cast: Cast, mailoutbox: list[Any], settings: Any
) -> None:
    settings.SIGNIN_LINK_RATE_PER_ADDRESS = "2/h"
    for address in ("10.0.0.1", "10.0.0.2"):
        assert ask_for_link(client, SOFIA, REMOTE_ADDR=address).status_code == 302

    response = ask_for_link(client, SOFIA.upper(), REMOTE_ADDR="10.0.0.3")

    assert response.status_code == 429
    assert "Please wait a little" in response.content.decode()
    assert len(mailoutbox) == 2
    assert ask_for_link(client, "minh.tran@example.com").status_code == 302


def test_link_requests_are_limited_per_ip_address(
    client: Client, cast: Cast, mailoutbox: list[Any], settings: Any
) -> None:
    settings.SIGNIN_LINK_RATE_PER_IP = "2/h"
    ask_for_link(client, "someone@example.com")
    ask_for_link(client, "someone.else@example.com")

    response = ask_for_link(client, SOFIA)

    assert response.status_code == 429
    assert "Please wait a little" in response.content.decode()
    assert mailoutbox == []
    assert ask_for_link(client, SOFIA, REMOTE_ADDR="10.0.0.9").status_code == 302
    assert len(mailoutbox) == 1


# --- passwords ----------------------------------------------------------------------


def sign_in(client: Client, username: str, password: str = PASSWORD, **extra: Any) -> Any:
    return client.post(
        reverse("accounts:signin_password"),
        {"username": username, "password": password},
        **extra,
    )


@pytest.mark.parametrize(
    "username", ["rivera", "rivera@riverside.example", "RIVERA@Riverside.Example"]
)
def test_staff_sign_in_with_their_username_or_email(
    client: Client, cast: Cast, username: str
) -> None:
    response = sign_in(client, username)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == cast.advisor.user_id
    assert "Mateo García" in client.get("/").content.decode()


def test_sign_in_returns_to_the_page_asked_for_but_never_to_another_site(
    client: Client, cast: Cast
) -> None:
    student_page = reverse("roster:student", args=[cast.student.pk])
    response = client.post(
        reverse("accounts:signin_password"),
        {"username": "rivera", "password": PASSWORD, "next": student_page},
    )
    assert response["Location"] == student_page

    client.logout()
    response = client.post(
        reverse("accounts:signin_password"),
        {"username": "rivera", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_a_wrong_password_shows_an_error_and_signs_no_one_in(client: Client, cast: Cast) -> None:
    response = sign_in(client, "rivera", "not the password")

    assert response.status_code == 400
    assert "Please enter a correct username and password" in response.content.decode()
    assert signed_in_user_id(client) is None


def test_password_attempts_are_limited_per_username(
    client: Client, cast: Cast, settings: Any
) -> None:
    settings.PASSWORD_RATE_PER_USERNAME = "2/m"
    sign_in(client, "rivera", "guess one", REMOTE_ADDR="10.0.0.1")
    sign_in(client, "rivera", "guess two", REMOTE_ADDR="10.0.0.2")

    response = sign_in(client, "Rivera", REMOTE_ADDR="10.0.0.3")

    assert response.status_code == 429
    assert "Please wait a little" in response.content.decode()
    assert signed_in_user_id(client) is None
    assert sign_in(client, "chen").status_code == 302


def test_password_attempts_are_limited_per_ip_address(
    client: Client, cast: Cast, settings: Any
) -> None:
    settings.PASSWORD_RATE_PER_IP = "2/m"
    sign_in(client, "chen", "guess one")
    sign_in(client, "okafor", "guess two")

    assert sign_in(client, "rivera").status_code == 429
    assert signed_in_user_id(client) is None
    assert sign_in(client, "rivera", REMOTE_ADDR="10.0.0.7").status_code == 302


def test_a_student_signs_in_with_username_and_password_and_lands_on_his_page(
    client: Client, cast: Cast
) -> None:
    response = sign_in(client, "mateog041")

    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hi, Mateo!" in html
    assert "Ms. Rivera" in html
    assert "Lupe" not in html


def test_a_deactivated_account_cannot_sign_in_with_its_password(client: Client, cast: Cast) -> None:
    User.objects.filter(username="rivera").update(is_active=False)

    assert sign_in(client, "rivera").status_code == 400
    assert signed_in_user_id(client) is None


# --- badges ---------------------------------------------------------------------------


def badge_url(student: Student) -> str:
    return reverse("accounts:badge", args=[badge_token(student)])


def test_a_badge_greets_the_young_student_and_signs_no_one_in(client: Client, cast: Cast) -> None:
    response = client.get(badge_url(cast.sibling))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Hi, Lupe!" in html
    assert "Start" in html
    assert '<form method="post">' in html
    assert signed_in_user_id(client) is None
    assert Student.objects.get(pk=cast.sibling.pk).user is None


def test_pressing_start_signs_the_young_student_in_for_a_short_session(
    client: Client, cast: Cast
) -> None:
    response = client.post(badge_url(cast.sibling))

    assert response.status_code == 302
    assert response["Location"] == "/"
    lupe = Student.objects.get(pk=cast.sibling.pk)
    assert lupe.user_id is not None
    assert signed_in_user_id(client) == lupe.user_id
    assert client.session.get_expiry_age() <= settings.BADGE_SESSION_SECONDS
    assert "Hi, Lupe!" in client.get("/").content.decode()


def test_a_second_scan_signs_in_the_same_account(client: Client, cast: Cast) -> None:
    client.post(badge_url(cast.sibling))
    first = signed_in_user_id(client)
    client.logout()

    client.post(badge_url(cast.sibling))

    assert signed_in_user_id(client) == first
    assert User.objects.filter(student__pk=cast.sibling.pk).count() == 1


def assert_badge_fails(client: Client, url: str) -> None:
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 404
        assert "Ask your teacher" in response.content.decode()
    assert signed_in_user_id(client) is None


def test_a_reissued_badge_replaces_the_lost_one(client: Client, cast: Cast) -> None:
    lost = badge_url(cast.sibling)
    teacher = Client()
    teacher.force_login(cast.sibling_advisor.user)

    response = teacher.post(reverse("roster:reissue_badge", args=[cast.sibling.pk]))

    assert response.status_code == 302
    assert_badge_fails(client, lost)
    new = badge_url(Student.objects.get(pk=cast.sibling.pk))
    assert new != lost
    assert client.post(new).status_code == 302
    assert signed_in_user_id(client) is not None


@pytest.mark.parametrize("token", ["garbage", "1.1", "1.1:", "..", "%00"])
def test_an_unknown_badge_asks_for_the_teacher(client: Client, cast: Cast, token: str) -> None:
    assert_badge_fails(client, reverse("accounts:badge", args=[token]))


def test_a_withdrawn_students_badge_stops_working(client: Client, cast: Cast) -> None:
    url = badge_url(cast.sibling)
    Student.objects.filter(pk=cast.sibling.pk).update(is_active=False)

    assert_badge_fails(client, url)


def test_a_student_who_moved_up_to_grade_3_no_longer_signs_in_by_badge(
    client: Client, cast: Cast
) -> None:
    url = badge_url(cast.sibling)
    Student.objects.filter(pk=cast.sibling.pk).update(grade=3)

    assert_badge_fails(client, url)
    assert_badge_fails(client, badge_url(cast.student))


def test_a_badge_of_a_student_whose_account_was_disabled_signs_no_one_in(
    client: Client, cast: Cast
) -> None:
    lupe = cast.sibling.ensure_user()
    User.objects.filter(pk=lupe.pk).update(is_active=False)

    response = client.post(badge_url(cast.sibling))

    assert response.status_code == 404
    assert signed_in_user_id(client) is None


@hypothesis_settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=80))
def test_no_string_but_the_badge_itself_opens_a_students_account(cast: Cast, text: str) -> None:
    token = badge_token(cast.sibling)
    if text != token:
        assert student_for_badge(text) is None


@hypothesis_settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_changing_any_character_of_a_badge_breaks_it(cast: Cast, data: st.DataObject) -> None:
    token = badge_token(cast.sibling)
    position = data.draw(st.integers(min_value=0, max_value=len(token) - 1))
    replacement = data.draw(st.characters().filter(lambda ch: ch != token[position]))
    tampered = token[:position] + replacement + token[position + 1 :]

    assert student_for_badge(tampered) is None
    assert student_for_badge(token) == cast.sibling


# --- the language of the pages, signing out --------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/accounts/badge/garbage/", 404),
        ("get", "/accounts/link/garbage/", 404),
        ("post", "/accounts/signin/password/", 400),
        ("post", "/accounts/signin/link/", 400),
        ("get", "/accounts/signin/", 200),
    ],
)
def test_pages_answer_in_the_language_the_browser_asks_for(
    client: Client, cast: Cast, method: str, url: str, status: int
) -> None:
    response = getattr(client, method)(url, HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == status
    assert '<html lang="es" dir="ltr">' in response.content.decode()


def test_a_rate_limited_page_answers_in_the_browsers_language(
    client: Client, cast: Cast, settings: Any
) -> None:
    settings.PASSWORD_RATE_PER_IP = "1/m"
    sign_in(client, "rivera", "guess")

    response = sign_in(client, "rivera", HTTP_ACCEPT_LANGUAGE="es")

    assert response.status_code == 429
    assert 'lang="es"' in response.content.decode()
    assert spanish("Please wait a little") in response.content.decode()


def test_signing_out_needs_a_post(client: Client, cast: Cast) -> None:
    client.force_login(cast.advisor.user)

    assert client.get(reverse("accounts:signout")).status_code == 405
    assert signed_in_user_id(client) == cast.advisor.user_id

    response = client.post(reverse("accounts:signout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signin")
    assert signed_in_user_id(client) is None
    assert client.get("/")["Location"].startswith(reverse("accounts:signin"))


@pytest.mark.parametrize(
    "url",
    ["/accounts/signin/password/", "/accounts/signin/link/", "/accounts/language/"],
)
def test_forms_that_change_something_refuse_a_get(client: Client, cast: Cast, url: str) -> None:
    assert client.get(url).status_code == 405


def test_a_signed_in_person_who_opens_the_sign_in_page_goes_home(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.advisor.user)

    response = client.get(reverse("accounts:signin"))

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_language_switcher_saves_the_language_on_the_account(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.advisor.user)

    response = client.post(reverse("accounts:language"), {"language": "es", "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert User.objects.get(pk=cast.advisor.user_id).language == "es"
    # A fresh browser, with no cookie, still gets her language once she signs in.
    other_browser = Client()
    other_browser.force_login(cast.advisor.user)
    assert '<html lang="es"' in other_browser.get("/").content.decode()


def test_the_language_switcher_sets_only_a_cookie_for_someone_signed_out(
    client: Client, cast: Cast
) -> None:
    response = client.post(reverse("accounts:language"), {"language": "vi"})

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "vi"
    assert '<html lang="vi"' in client.get(reverse("accounts:signin")).content.decode()


def test_the_language_switcher_ignores_an_unknown_language_and_a_foreign_next(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.advisor.user)

    response = client.post(
        reverse("accounts:language"), {"language": "xx", "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert User.objects.get(pk=cast.advisor.user_id).language == "en"


def test_an_arabic_speakers_pages_read_right_to_left(client: Client, cast: Cast) -> None:
    User.objects.filter(pk=cast.interpreter.user_id).update(language="ar")
    client.force_login(cast.interpreter.user)

    html = client.get("/").content.decode()

    assert '<html lang="ar" dir="rtl">' in html


def test_a_withdrawn_student_cannot_sign_in_with_a_password(client: Client, cast: Cast) -> None:
    cast.student.is_active = False
    cast.student.save(update_fields=["is_active"])
    response = client.post(
        "/accounts/signin/password/", {"username": "mateog041", "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_suggested_username_folds_accents_into_letters_a_student_can_type(cast: Cast) -> None:
    cast.student.first_name = "José"
    cast.student.last_name = "Núñez"
    assert cast.student.suggested_username().startswith("josen")
