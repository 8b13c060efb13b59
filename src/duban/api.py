"""The one NinjaAPI, mounted at /api/. Errors are JSON {"message", "code", "fields"}."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from duban.accountability.api import router as accountability_router
from duban.complaints.api import router as complaints_router
from duban.core.api import router as core_router
from duban.core.services import api_token_authenticate
from duban.core.web.api_errors import error_response
from duban.errors import ApplicationError
from duban.faults import database_failure
from duban.inspections.api import router as inspections_router
from duban.rectification.api import router as rectification_router
from duban.reports.api import router as reports_router
from duban.supervision.api import router as supervision_router
from duban.verification.api import router as verification_router


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` from `duban token create` or the token page."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        # The address the login lockout (axes) counts by, so one setting serves both.
        address = get_client_ip_address(request)
        user = api_token_authenticate(secret=token, address=address)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="duban API",
    version="1",
    description="督办 — rectification supervision. Authenticate with a session or a bearer token.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)
api.add_router("", core_router)
api.add_router("", inspections_router)
api.add_router("", rectification_router)
api.add_router("", verification_router)
api.add_router("", reports_router)
api.add_router("", accountability_router)
api.add_router("", supervision_router)
api.add_router("", complaints_router)


def _error(
    request: HttpRequest, status: int, message: str, code: str, fields: dict[str, str] | None = None
) -> HttpResponse:
    return api.create_response(
        request, {"message": message, "code": code, "fields": fields or {}}, status=status
    )


def _field_name(location: list[Any]) -> str:
    # ninja locations start with the parameter source ("query", "path", "body"); a JSON body
    # is the one schema parameter `payload`, whose fields are the names the client sent.
    parts = [str(part) for part in location[1:]] or [str(part) for part in location]
    if location[:1] == ["body"] and parts[:1] == ["payload"] and len(parts) > 1:
        parts = parts[1:]
    return ".".join(parts)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = {
        _field_name(list(error.get("loc", []))): str(error.get("msg", "")) for error in exc.errors
    }
    return _error(request, 422, "invalid input", "validation_error", fields)


@api.exception_handler(ApplicationError)
def on_application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return _error(request, exc.status, exc.message, exc.code, exc.fields)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "authentication required", "unauthenticated")


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not found", "not_found")


# ninja's own refusals, by their message: a session's unsafe request without its CSRF token,
# and a body that is not JSON.
HTTP_ERROR_CODES = {
    "CSRF check Failed": "csrf_failed",
    "Cannot parse request body": "malformed_body",
}


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc)
    return _error(request, exc.status_code, message, HTTP_ERROR_CODES.get(message, "http_error"))


@api.exception_handler(RequestDataTooBig)
def on_request_too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return _error(request, 413, f"the request body exceeds {limit} bytes", "request_too_large")


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def on_database_failure(request: HttpRequest, exc: Exception) -> HttpResponse:
    """503 database_unavailable / database_timeout, also if a catch-all handler is added."""
    return database_failure(request, exc)


@csrf_exempt  # it changes nothing; a POST to an unknown path is a 404 like any other
def unknown_api_path(request: HttpRequest, rest: str = "") -> HttpResponse:
    """JSON 404 for /api/ paths that match no operation (e.g. /api/people/abc)."""
    return error_response(404, f"no API operation at {request.path}", "not_found")
