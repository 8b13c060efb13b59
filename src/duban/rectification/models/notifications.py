"""In-app notifications; the key makes `duban scan` idempotent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.rectification.choices import WarningLevel


class Notification(models.Model):
    """A message in a user's inbox; (user, key) is unique so nothing is sent twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    task = models.ForeignKey(
        "rectification.Task", on_delete=models.CASCADE, null=True, related_name="notifications"
    )
    key = models.CharField(max_length=120)
    # Warnings carry a level; hand-offs (services/handoffs.py) carry none.
    level = models.CharField(_("warning"), max_length=8, choices=WarningLevel.choices, blank=True)
    message = models.TextField(_("message"))
    # Where the inbox entry leads (a path); empty: to the task, if any.
    link = models.CharField(_("link"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once")]

    def __str__(self) -> str:
        return self.message[:40]
