"""Podium's URLs, and the floor the rush benchmark measures booking against.

The floor is the least a Django view that writes can cost on this server:
the same middleware (session, CSRF, the signed-in user), then one INSERT.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from podium.urls import urlpatterns as podium_urlpatterns

FLOOR_TABLE = "bench_floor"


@require_POST
def floor(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {FLOOR_TABLE} (user_id, at) VALUES (%s, %s)",  # noqa: S608
            [request.user.pk, timezone.now()],
        )
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [*podium_urlpatterns, path("bench/floor/", floor, name="bench_floor")]
