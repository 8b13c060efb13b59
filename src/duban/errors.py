"""The one error hierarchy: services raise these, the API and views translate them.

Also the refusal of a command-line handler, here rather than in cli.py so that the apps'
command handlers (which cli.py imports) need not import cli.py back.
"""

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


EXIT_USAGE = 2  # the exit code of a command refused for its arguments or configuration


class CommandError(Exception):
    """A refusal of the `duban` command, printed as one line; exits non-zero."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code
