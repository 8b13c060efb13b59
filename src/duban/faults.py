"""What a request gets when the database fails under it: 503 with Retry-After, never a 500.

A database that went away (stopped, restarting, the network cut) raises OperationalError or
InterfaceError wherever the request first touches it — often in middleware loading the
session, before any view runs — so the answer comes from the project's 500 handler, which
Django calls for an exception raised anywhere, and from the API's exception handler. Django
closes the broken connection when the request ends (and with CONN_HEALTH_CHECKS checks a
reused one first), so the next request reconnects: the server recovers without a restart.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults

DATABASE_FAILURES = (OperationalError, InterfaceError)
# Callers that read JSON: the API and the health check (duban.health).
JSON_PATHS = ("/api/", "/healthz")
RETRY_AFTER_SECONDS = 30
# PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout.
QUERY_CANCELED = "57014"


def timed_out(error: BaseException) -> bool:
    """Whether PostgreSQL cancelled the statement for running past statement_timeout."""
    return getattr(error.__cause__, "sqlstate", None) == QUERY_CANCELED


def database_failure(request: HttpRequest, error: BaseException) -> HttpResponse:
    """503 for a failed database: JSON {"message", "code", "fields"} for JSON_PATHS, else a
    short page that needs no database (no session, no navigation)."""
    slow = timed_out(error)
    response: HttpResponse
    if request.path.startswith(JSON_PATHS):
        message, code = (
            ("the database took too long to answer; try again", "database_timeout")
            if slow
            else ("the database is unavailable; try again shortly", "database_unavailable")
        )
        response = JsonResponse({"message": message, "code": code, "fields": {}}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html", {"timed_out": slow}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """The project's handler500: a database failure is a 503, anything else Django's 500."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_FAILURES):
        return database_failure(request, error)
    return defaults.server_error(request)
