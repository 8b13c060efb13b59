"""API tokens for scripts; only a hash of the secret is stored."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duban.core.choices import TokenState


def password_stamp(user: Any) -> str:
    """A digest of the user's stored password hash. Setting a password (even the same one:
    a new salt) changes it; so does Django rehashing after a hasher upgrade."""
    return hashlib.sha256(user.password.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token; the plain secret is shown once at creation. It works until it expires,
    is revoked, or its user's password changes (`password_stamp` no longer matches)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=64, blank=True)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # A digest of the user's password hash when the token was issued: any password change,
    # by duban, the admin or `manage changepassword`, makes it differ (`password_stamp` above).
    password_stamp = models.CharField(max_length=64, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_creation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    def state_at(self, moment: datetime) -> TokenState:
        """Whether the token authenticates at `moment`, and if not, the first reason why."""
        if self.revoked_at is not None:
            return TokenState.REVOKED
        if not self.user.is_active:
            return TokenState.USER_INACTIVE
        if self.password_stamp != password_stamp(self.user):
            return TokenState.PASSWORD_CHANGED
        if self.expires_at <= moment:
            return TokenState.EXPIRED
        return TokenState.ACTIVE

    @property
    def state(self) -> TokenState:
        # Tokens live on the wall clock, not duban's movable day (clock.now): the demo
        # replays 2021, and a token issued then must not expire on issue.
        return self.state_at(timezone.now())
