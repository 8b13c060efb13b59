"""Uploaded files, stored once by SHA-256 and never overwritten."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Attachment(models.Model):
    """An evidence file as one user uploaded it: name, uploader and permission are per upload;
    the stored bytes are addressed by their SHA-256 and shared by every upload of them."""

    file = models.FileField(_("file"), upload_to="attachments/", max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("content type"), max_length=100)
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Images: width, height, phash, exif_taken_at, exif_latitude/longitude, exif_device,
    # exif_missing; every file: original_sha256 (before images were re-encoded).
    metadata = models.JSONField(_("metadata"), default=dict, blank=True)
    phash = models.CharField(_("perceptual hash"), max_length=32, blank=True, db_index=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
