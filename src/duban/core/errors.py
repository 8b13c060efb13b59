"""Reasons any app's services give: missing or out-of-range values, unknown choices and
refused uploads. The English text is what the API sends; the UI wording what pages show."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from duban.errors import ReasonKind

REQUIRED = ReasonKind("required", "required", _("This field is required."))
BETWEEN = ReasonKind("between", "between %(low)s and %(high)s", _("Between %(low)s and %(high)s."))
IMPLAUSIBLE_NUMBER = ReasonKind(
    "implausible_number", "not a plausible number", _("This is not a plausible number.")
)
UNKNOWN_VALUE = ReasonKind("unknown_value", "unknown: %(value)s", _("Unknown value: %(value)s."))
UNKNOWN_OR_OUTSIDE_SCOPE = ReasonKind(
    "unknown_or_outside_scope",
    "unknown or outside your scope: %(ids)s",
    _("Unknown, or outside your scope: %(ids)s."),
)

# Uploads (core.attachments, core.images).
FILE_EMPTY = ReasonKind("file_empty", "%(name)s: empty", _("%(name)s is empty."))
FILE_TOO_LARGE = ReasonKind(
    "file_too_large", "%(name)s: over %(size)s MB", _("%(name)s is larger than %(size)s MB.")
)
FILE_TYPE_UNRECOGNISED = ReasonKind(
    "file_type_unrecognised",
    "%(name)s: unrecognised content",
    _("%(name)s: unsupported file type."),
)
FILE_TYPE_MISMATCH = ReasonKind(
    "file_type_mismatch",
    "%(name)s: declared %(declared)s, content is %(content_type)s",
    _("%(name)s: the content does not match the file type."),
)
IMAGE_UNREADABLE = ReasonKind(
    "image_unreadable", "unreadable image: %(error)s", _("The image cannot be read.")
)

# Text fields (core.text.input_text).
NUL_CHARACTER = ReasonKind(
    "nul_character",
    "must not contain NUL characters",
    _("The text must not contain NUL characters."),
)
INVALID_UNICODE = ReasonKind(
    "invalid_unicode", "must be valid Unicode text", _("The text is not valid Unicode.")
)
CONTROL_CHARACTER = ReasonKind(
    "control_character",
    "must not contain control characters (%(code_point)s)",
    _("The text contains a control character (%(code_point)s); please delete it and try again."),
)

# API tokens (core.services).
TOKEN_NOT_FOUND = ReasonKind("token_not_found", "no such token", _("No such token."))
TOKEN_ALREADY_REVOKED = ReasonKind(
    "token_revoked", "the token is already revoked", _("This token has already been revoked.")
)
TOKEN_FAILURES = ReasonKind(
    "too_many_token_failures",
    "too many unknown tokens from this address; try again in up to %(minutes)s minutes",
    _("Too many unknown tokens from this address; try again in up to %(minutes)s minutes."),
)
TEXT_TOO_LONG = ReasonKind(
    "too_long", "at most %(limit)s characters", _("At most %(limit)s characters.")
)

# Passwords (core.services: user_password_change, user_password_reset).
USER_NOT_FOUND = ReasonKind("user_not_found", "no such user", _("No such user."))
NOT_AN_ADMINISTRATOR = ReasonKind(
    "not_an_administrator",
    "only an administrator may reset another user's password",
    _("Only an administrator may reset another user's password."),
)
WRONG_PASSWORD = ReasonKind(
    "wrong_password", "the current password is wrong", _("Your current password is not correct.")
)
PASSWORD_REJECTED = "password_rejected"  # the code; the reasons are the validators' own words
