"""The one error hierarchy: services raise these, the API and views translate them.

Also the refusal of a command-line handler, here rather than in cli.py so that the apps'
command handlers (which cli.py imports) need not import cli.py back.

A refusal's per-field reasons (and often its message) are `Reason`s: the English text the
API sends, carrying a stable `code` and the wording pages show in the UI language. Each app
lists its reasons in its own `errors.py` as `ReasonKind`s; `duban.core.reasons.localize`
turns any of them into the UI language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self

from django.utils.functional import Promise


class Reason(str):
    """Why a service refused, as English text (a str: the API sends it, tests read it) with a
    stable `code`, the UI wording `ui` (a gettext_lazy template, or None: show the text) and
    the `params` both are filled with."""

    code: str
    ui: str | Promise | None
    params: dict[str, Any]

    def __new__(
        cls,
        text: str,
        *,
        code: str,
        ui: str | Promise | None = None,
        params: dict[str, Any] | None = None,
    ) -> Self:
        reason = super().__new__(cls, text)
        reason.code = code
        reason.ui = ui
        reason.params = dict(params or {})
        return reason

    def __reduce__(self) -> tuple[Any, ...]:
        # str's own pickling would call __new__ without the code.
        return (_rebuild, (str(self), self.code, self.ui, self.params))


def _rebuild(text: str, code: str, ui: str | Promise | None, params: dict[str, Any]) -> Reason:
    return Reason(text, code=code, ui=ui, params=params)


@dataclass(frozen=True)
class ReasonKind:
    """One entry of an app's catalogue of reasons; called with its params it makes a Reason.

    `text` is the English %-template the API has always sent; `ui` the translated template
    pages show (None: pages show the English text). Both are filled from the same params.
    """

    code: str
    text: str
    ui: str | Promise | None = None

    def __call__(self, **params: Any) -> Reason:
        text = self.text % params if params else self.text
        return Reason(text, code=self.code, ui=self.ui, params=params)


class ApplicationError(Exception):
    """A refusal the user should see: a message, a stable code and per-field reasons."""

    status = 400
    default_code = "invalid"

    def __init__(
        self, message: str, *, code: str | None = None, fields: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.fields: dict[str, str] = dict(fields or {})


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


class TooManyRequests(ApplicationError):
    status = 429
    default_code = "too_many_requests"


EXIT_USAGE = 2  # the exit code of a command refused for its arguments or configuration


class CommandError(Exception):
    """A refusal of the `duban` command, printed as one line; exits non-zero."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code
