"""Storing uploaded evidence: content sniffed, size limited, addressed by SHA-256."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from duban.core import ledger
from duban.core.images import inspect_image, sanitize_image
from duban.core.models import Attachment
from duban.core.principal import user_of
from duban.errors import ApplicationError

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
# Magic bytes -> (content type, extension). Office files are zip containers.
SIGNATURES: list[tuple[bytes, str, str]] = [
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"PK\x03\x04", "application/zip", ".zip"),
]
ZIP_EXTENSIONS = {".docx", ".xlsx", ".pptx", ".zip"}


def sniff(content: bytes, name: str) -> tuple[str, str]:
    """Return (content type, extension) judged from the bytes, not from the name."""
    for magic, content_type, extension in SIGNATURES:
        if content.startswith(magic):
            if content_type == "application/zip":
                suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ".zip"
                return content_type, suffix if suffix in ZIP_EXTENSIONS else ".zip"
            return content_type, extension
    raise ApplicationError(
        "unsupported file type: only JPEG, PNG, PDF and Office/zip files are accepted",
        code="unsupported_file_type",
        fields={"file": f"{name}: unrecognised content"},
    )


IMAGE_TYPES = {"image/jpeg", "image/png"}
# What a browser may declare for each sniffed type (declared types outside these are refused).
DECLARED_ALIASES = {
    "image/jpeg": {"image/jpeg", "image/jpg", "image/pjpeg"},
    "image/png": {"image/png"},
    "application/pdf": {"application/pdf"},
    "application/zip": {
        "application/zip",
        "application/x-zip-compressed",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    },
}
GENERIC_TYPES = {"", "application/octet-stream"}


def attachment_store(
    *, actor: Any, name: str, content: bytes, declared_type: str | None = None
) -> Attachment:
    """Store a file once; the same bytes uploaded again return the existing attachment.

    The declared type must agree with the sniffed content; images are re-encoded without
    embedded payloads, their EXIF time, GPS and device kept as metadata.
    """
    if not content:
        raise ApplicationError("empty file", code="empty_file", fields={"file": f"{name}: empty"})
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise ApplicationError(
            "file too large",
            code="file_too_large",
            fields={"file": f"{name}: over {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB"},
        )
    content_type, extension = sniff(content, name)
    declared = (declared_type or "").split(";")[0].strip().lower()
    if declared not in GENERIC_TYPES and declared not in DECLARED_ALIASES[content_type]:
        raise ApplicationError(
            "the file's content does not match its declared type",
            code="type_mismatch",
            fields={"file": f"{name}: declared {declared}, content is {content_type}"},
        )
    metadata: dict[str, Any] = {"original_sha256": hashlib.sha256(content).hexdigest()}
    if content_type in IMAGE_TYPES:
        metadata.update(inspect_image(content).as_metadata())
        content = sanitize_image(content, content_type)
    digest = hashlib.sha256(content).hexdigest()
    uploader = user_of(actor)  # None for SYSTEM
    existing = Attachment.objects.filter(sha256=digest).first()
    if existing is not None:
        if uploader is not None and existing.uploaded_by_id != uploader.pk:
            # The row names the first uploader; the ledger keeps that this user uploaded the
            # same bytes too, so they may cite the file (rectification.selectors).
            ledger.record(
                actor=actor,
                verb="attachment.uploaded",
                subject=existing,
                data={"sha256": digest, "name": name[:255]},
            )
        return existing
    with transaction.atomic():
        attachment = Attachment(
            sha256=digest,
            size=len(content),
            content_type=content_type,
            original_name=name[:255],
            uploaded_by=uploader,
            metadata=metadata,
            phash=metadata.get("phash", ""),
        )
        attachment.file.save(f"{digest[:2]}/{digest}{extension}", ContentFile(content), save=False)
        attachment.save()
        ledger.record(
            actor=actor,
            verb="attachment.stored",
            subject=attachment,
            data={
                "sha256": digest,
                "size": len(content),
                "name": name[:255],
                "content_type": content_type,
            },
        )
    return attachment
