from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from podium.accounts import tasks
from podium.accounts.access import public
from podium.accounts.badges import student_for_badge
from podium.accounts.forms import SignInLinkForm
from podium.accounts.models import SignInLink

BACKEND = "podium.accounts.backends.UsernameOrEmailBackend"


def rate_limited(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "accounts/rate_limited.html", status=429)


def _email_key(group: str, request: HttpRequest) -> str:
    return request.POST.get("email", "").strip().lower()


def _username_key(group: str, request: HttpRequest) -> str:
    return request.POST.get("username", "").strip().lower()


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


@public
@require_GET
def signin(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    return render(
        request,
        "accounts/signin.html",
        {
            "link_form": SignInLinkForm(),
            "password_form": AuthenticationForm(request),
            "next": _next_url(request),
        },
    )


@public
@require_POST
def signin_password(request: HttpRequest) -> HttpResponse:
    for group, key, rate in (
        ("password-ip", "ip", settings.PASSWORD_RATE_PER_IP),
        ("password-username", _username_key, settings.PASSWORD_RATE_PER_USERNAME),
    ):
        if is_ratelimited(request, group=group, key=key, rate=rate, increment=True):
            return rate_limited(request)
    form = AuthenticationForm(request, data=request.POST)
    if form.is_valid():
        login(request, form.get_user(), backend=BACKEND)
        return redirect(_next_url(request))
    return render(
        request,
        "accounts/signin.html",
        {"link_form": SignInLinkForm(), "password_form": form, "next": _next_url(request)},
        status=400,
    )


@public
@require_POST
def request_link(request: HttpRequest) -> HttpResponse:
    form = SignInLinkForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "accounts/signin.html",
            {"link_form": form, "password_form": AuthenticationForm(request), "next": ""},
            status=400,
        )
    for group, key, rate in (
        ("link-ip", "ip", settings.SIGNIN_LINK_RATE_PER_IP),
        ("link-address", _email_key, settings.SIGNIN_LINK_RATE_PER_ADDRESS),
    ):
        if is_ratelimited(request, group=group, key=key, rate=rate, increment=True):
            return rate_limited(request)
    # Known or not, the address gets the same answer; the task decides.
    tasks.send_signin_link.enqueue(
        email=form.cleaned_data["email"], base_url=request.build_absolute_uri("/")
    )
    return redirect("accounts:link_sent")


@public
@require_GET
def link_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/link_sent.html", {"minutes": SignInLink.lifetime_minutes()})


@public
@require_http_methods(["GET", "POST"])
def use_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button and changes nothing (mail scanners open links); POST signs in."""
    link = SignInLink.find_usable(token)
    if link is None:
        return render(request, "accounts/link_invalid.html", status=404)
    translation.activate(link.user.language)
    if request.method == "POST":
        if not link.use():
            return render(request, "accounts/link_invalid.html", status=404)
        login(request, link.user, backend=BACKEND)
        return redirect("home")
    return render(request, "accounts/link_confirm.html", {"link_user": link.user})


@public
@require_http_methods(["GET", "POST"])
def use_badge(request: HttpRequest, token: str) -> HttpResponse:
    """A young student's badge: a big button on GET, a short session on POST."""
    student = student_for_badge(token)
    if student is None:
        return render(request, "accounts/badge_invalid.html", status=404)
    if request.method == "POST":
        user = student.ensure_user()
        if not user.is_active:
            return render(request, "accounts/badge_invalid.html", status=404)
        login(request, user, backend=BACKEND)
        # A shared classroom tablet: the session ends after a lesson, not in two weeks.
        request.session.set_expiry(settings.BADGE_SESSION_SECONDS)
        return redirect("home")
    return render(request, "accounts/badge_confirm.html", {"student": student})


@public
@require_POST
def signout(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:signin")


@public
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    language = request.POST.get("language", "")
    response: HttpResponse = HttpResponseRedirect(_next_url(request))
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response
