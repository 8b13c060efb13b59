"""Storing uploaded evidence: content sniffed, size limited, addressed by SHA-256."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from duban.core import ledger
from duban.core.models import Attachment
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


def attachment_store(*, actor: Any, name: str, content: bytes) -> Attachment:
    """Store a file once; the same bytes uploaded again return the existing attachment."""
    if not content:
        raise ApplicationError("empty file", code="empty_file", fields={"file": f"{name}: empty"})
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise ApplicationError(
            "file too large",
            code="file_too_large",
            fields={"file": f"{name}: over {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB"},
        )
    content_type, extension = sniff(content, name)
    digest = hashlib.sha256(content).hexdigest()
    existing = Attachment.objects.filter(sha256=digest).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        attachment = Attachment(
            sha256=digest,
            size=len(content),
            content_type=content_type,
            original_name=name[:255],
            uploaded_by=actor if actor and actor.is_authenticated else None,
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
