from __future__ import annotations

from django.contrib import admin
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_GET

from podium.accounts.access import public
from podium.roster import views as roster_views


@public
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


admin.site.site_header = "Podium"
admin.site.site_title = "Podium"

urlpatterns = [
    path("", roster_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("podium.accounts.urls")),
    path("roster/", include("podium.roster.urls")),
    path("privacy/", include("podium.privacy.urls")),
    path("binder/", include("podium.binder.urls")),
    path("conferences/", include("podium.conferences.urls")),
    path("admin/", admin.site.urls),
]
