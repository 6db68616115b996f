from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from podium.accounts.access import Role, role_of


def person(request: HttpRequest) -> dict[str, Any]:
    role = role_of(request.user)
    return {"role": role, "Role": Role}
