"""`/healthz`: whether this server can answer, for a load balancer or a monitor.

It asks the database for one row, so a server whose database is away answers 503 (through
duban.faults, like every other request) and the balancer takes it out of rotation. It says
nothing else: no version, no counts, nothing an anonymous caller could use.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
