"""Storing uploaded evidence: content sniffed, size limited, addressed by SHA-256; who may
upload at all (not viewers), whether the file comes alone (to cite later) or with the
service call it belongs to (stored by that service, in its transaction)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet

from duban.core.errors import (
    FILE_EMPTY,
    FILE_TOO_LARGE,
    FILE_TYPE_MISMATCH,
    FILE_TYPE_UNRECOGNISED,
)
from duban.core.events import attachment_stored_event
from duban.core.images import inspect_image, sanitize_image
from duban.core.models import Attachment
from duban.core.principal import user_of
from duban.core.roles import WRITERS
from duban.core.scope import scope_of
from duban.errors import ApplicationError, NotPermitted

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
        fields={"file": FILE_TYPE_UNRECOGNISED(name=name)},
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
    """Store an uploaded file as the actor's own attachment.

    The record (name, uploader, upload time, permission) is per uploader: the same uploader
    sending the same bytes again gets their existing record back, another uploader gets a new
    record — never someone else's (issue 16: that disclosed other users' files). The bytes are
    stored once per SHA-256 and shared by the records. The declared type must agree with the
    sniffed content; images are re-encoded without embedded payloads, their EXIF time, GPS and
    device kept as metadata.
    """
    content_type, extension = _check_content(name, content, declared_type)
    metadata: dict[str, Any] = {"original_sha256": hashlib.sha256(content).hexdigest()}
    if content_type in IMAGE_TYPES:
        metadata.update(inspect_image(content).as_metadata())
        content = sanitize_image(content, content_type)
    digest = hashlib.sha256(content).hexdigest()
    uploader = user_of(actor)  # None for SYSTEM
    same_bytes = Attachment.objects.filter(sha256=digest).order_by("pk")
    own = same_bytes.filter(uploaded_by=uploader).first()
    if own is not None:
        return own
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
        _put_bytes(attachment, same_bytes, content, f"{digest[:2]}/{digest}{extension}")
        attachment.save()
        attachment_stored_event(actor=actor, attachment=attachment)
    return attachment


def _put_bytes(
    attachment: Attachment, same_bytes: QuerySet[Attachment], content: bytes, path: str
) -> None:
    """Point the record at bytes already stored under the same SHA-256, or store them."""
    stored = same_bytes.values_list("file", flat=True).first()
    if stored and attachment.file.storage.exists(stored):
        attachment.file.name = stored
    else:
        attachment.file.save(path, ContentFile(content), save=False)


def _check_content(name: str, content: bytes, declared_type: str | None) -> tuple[str, str]:
    """(content type, extension) of acceptable content; ApplicationError for empty, too large,
    unrecognised or mislabelled content."""
    if not content:
        raise ApplicationError(
            "empty file", code="empty_file", fields={"file": FILE_EMPTY(name=name)}
        )
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise ApplicationError(
            "file too large",
            code="file_too_large",
            fields={"file": FILE_TOO_LARGE(name=name, size=MAX_ATTACHMENT_BYTES // (1024 * 1024))},
        )
    content_type, extension = sniff(content, name)
    declared = (declared_type or "").split(";")[0].strip().lower()
    if declared not in GENERIC_TYPES and declared not in DECLARED_ALIASES[content_type]:
        raise ApplicationError(
            "the file's content does not match its declared type",
            code="type_mismatch",
            fields={
                "file": FILE_TYPE_MISMATCH(name=name, declared=declared, content_type=content_type)
            },
        )
    return content_type, extension


@dataclass(frozen=True)
class Upload:
    """A file as a user sent it, not stored yet: the service it is handed to stores it."""

    name: str
    content: bytes
    declared_type: str | None = None


def require_uploader(actor: Any) -> None:
    """Raises NotPermitted for a user without a role that may upload (viewers, outsiders);
    what may be cited where is decided per call."""
    if not scope_of(actor).holds_anywhere(WRITERS):
        raise NotPermitted("viewers may not upload files")


def attachment_upload(*, actor: Any, upload: Upload) -> Attachment:
    """Store a file sent on its own, to be cited later; raises NotPermitted (viewers) or
    ApplicationError (empty, too large, unsupported or mislabelled content)."""
    require_uploader(actor)
    return attachment_store(
        actor=actor, name=upload.name, content=upload.content, declared_type=upload.declared_type
    )


def uploads_store(*, actor: Any, uploads: Sequence[Upload]) -> list[Attachment]:
    """Store the files that came with a service call. The service calls this inside its
    transaction once it knows the actor may act: a refused caller stores nothing, and a
    later refusal rolls the stored rows back with the rest."""
    if not uploads:
        return []
    require_uploader(actor)
    return [
        attachment_store(
            actor=actor,
            name=upload.name,
            content=upload.content,
            declared_type=upload.declared_type,
        )
        for upload in uploads
    ]
