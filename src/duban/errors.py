"""The one error hierarchy: services raise these, the API and views translate them."""

from __future__ import annotations


class ApplicationError(Exception):
    """A refusal the user should see: a message, a stable code and per-field reasons."""

    status = 400
    default_code = "invalid"

    def __init__(
        self, message: str, *, code: str | None = None, fields: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.fields = fields or {}


class NotFound(ApplicationError):
    status = 404
    default_code = "not_found"


class NotPermitted(ApplicationError):
    status = 403
    default_code = "not_permitted"


class InvalidTransition(ApplicationError):
    status = 409
    default_code = "invalid_transition"


class Conflict(ApplicationError):
    status = 409
    default_code = "conflict"
