"""Every answer under /api/ is JSON, errors included: {"message", "code", "fields"}.

The API's own refusals are shaped by the handlers in `duban.api`. What Django answers before or
around the API — a CSRF failure, an unknown method, an error page for a 400, 404 or 500 — is
shaped here: the CSRF failure view (settings.CSRF_FAILURE_VIEW) answers JSON on API paths and
Django's page elsewhere, and `json_error_for` turns any other non-JSON error into the same
shape (`duban.middleware.ApiErrorMiddleware` applies it).
"""

from __future__ import annotations

import json
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.csrf import csrf_failure as django_csrf_failure

API_PREFIX = "/api/"

# The code of an error answered outside the API's own handlers, by status.
CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    500: "server_error",
}


def is_api_path(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def error_response(
    status: int, message: str, code: str, fields: dict[str, str] | None = None
) -> JsonResponse:
    """The API's error shape as a response."""
    body = {"message": message, "code": code, "fields": fields or {}}
    return JsonResponse(body, status=status)


def json_error_for(response: HttpResponse) -> HttpResponse:
    """An error answer that is not JSON, rewritten in place (its headers kept: security
    headers, Allow, cookies) as the same status in the API's shape."""
    if response.status_code < 400 or response.streaming:
        return response
    if response.get("Content-Type", "").startswith("application/json"):
        return response
    status = response.status_code
    known = status in HTTPStatus._value2member_map_
    message = HTTPStatus(status).phrase.lower() if known else "error"
    body = {"message": message, "code": CODES.get(status, "error"), "fields": {}}
    response.content = json.dumps(body).encode()
    response["Content-Type"] = "application/json"
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: JSON 403 on API paths, Django's page everywhere else."""
    if is_api_path(request):
        return error_response(
            403,
            f"CSRF check failed: {reason}" if reason else "CSRF check failed",
            "csrf_failed",
        )
    return django_csrf_failure(request, reason=reason)
