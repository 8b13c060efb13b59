"""Project-wide middleware: JSON errors under /api/, CSP header, language choice, replica
reads and login-by-default."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from duban.core import replica
from duban.core.web.api_errors import is_api_path, json_error_for

Handler = Callable[[HttpRequest], HttpResponse]

# Paths anyone may fetch; everything else needs a logged-in user (the API checks its own auth).
PUBLIC_PREFIXES = ("/accounts/login/", "/i18n/", "/static/", "/api/", "/healthz", "/favicon.ico")


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy from settings on every response."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


class LanguageCookieMiddleware:
    """Chinese unless the user chose otherwise; the browser's Accept-Language is ignored.

    Offices share machines whose browsers are often set to English; the UI language is a
    deliberate choice stored in the language cookie by Django's set_language view.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        known = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in known else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class LoginRequiredMiddleware:
    """Send anonymous visitors of internal pages to the login page."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class ReplicaMiddleware:
    """Follow what a request writes, so views marked `reads_from_replica` read the primary
    after a write, and note a writing session's WAL position for its later requests
    (duban.core.replica; does nothing without DATABASE_REPLICA_URL)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with replica.tracking() as reads:
            response = self.get_response(request)
            replica.remember_write(request, reads)
        return response


class ApiErrorMiddleware:
    """Outermost: an error under /api/ that is not JSON (a CSRF page, 405, Django's 400, 404 or
    500 page) becomes {"message", "code", "fields"}, so every API answer is JSON."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        return json_error_for(response) if is_api_path(request) else response
