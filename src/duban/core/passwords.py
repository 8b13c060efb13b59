"""The password validators of settings.AUTH_PASSWORD_VALIDATORS that need a word of ours.

Django 5.2 words "too short" with a msgid (`%d`) that its own zh_Hans catalogue lacks (it has
the older `%(min_length)d`), so a Chinese page showed that one refusal in English.
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import gettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule, its refusal worded from duban's catalogue."""

    def get_error_message(self) -> str:
        return gettext(
            "This password is too short. It must contain at least %(min_length)d characters."
        ) % {"min_length": self.min_length}
