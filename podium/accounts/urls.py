from __future__ import annotations

from django.urls import path

from podium.accounts import views

app_name = "accounts"
urlpatterns = [
    path("signin/", views.signin, name="signin"),
    path("signin/password/", views.signin_password, name="signin_password"),
    path("signin/link/", views.request_link, name="request_link"),
    path("signin/link/sent/", views.link_sent, name="link_sent"),
    path("link/<str:token>/", views.use_link, name="link"),
    path("badge/<str:token>/", views.use_badge, name="badge"),
    path("signout/", views.signout, name="signout"),
    path("language/", views.set_language, name="language"),
]
