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
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import gettext

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
    """The project's handler500: a database failure is a 503, anything else the 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_FAILURES):
        return database_failure(request, error)
    return error_page(request)


def error_page(request: HttpRequest) -> HttpResponse:
    """500.html in the site's frame, rendered without the request's context processors: the
    navigation reads memberships and the session reads the database, and a 500 may come from
    either. The request gives the path and the CSRF token (a cookie) only. Should even that
    fail — a broken base template — Django's plain page answers."""
    context = {"request": request, "csrf_token": get_token(request)}
    try:
        return HttpResponse(render_to_string("500.html", context), status=500)
    except Exception:  # noqa: BLE001 — the last resort may not raise in turn
        title = escape(gettext("Server error"))
        return HttpResponse(f"<!DOCTYPE html><title>{title}</title><h1>{title}</h1>", status=500)
