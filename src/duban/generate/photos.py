"""Evidence photos: tiny real JPEGs, stored like uploads, with the metadata (perceptual hash,
EXIF time) the data-truth rules read. One in fifty redraws an earlier photo, so the
near-duplicate rule has pairs to find."""

from __future__ import annotations

import hashlib
import random
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from duban.core.images import inspect_image
from duban.core.models import Attachment
from duban.demo.images import demo_photo

SIZE = (48, 36)  # ~1 KB each: national scale stays near 20 MB of files
NEAR_DUPLICATE_SHARE = 0.02


class Photos:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.recent: list[str] = []

    def make(self, label: str, *, taken_at: datetime, uploader: Any) -> Attachment:
        """An unsaved attachment whose bytes are already stored."""
        seed_label = label
        if self.recent and self.rng.random() < NEAR_DUPLICATE_SHARE:
            seed_label = self.rng.choice(self.recent)  # the same scene again, another day
        else:
            self.recent = [*self.recent[-200:], label]
        content = demo_photo(label, taken_at=taken_at, size=SIZE, seed_label=seed_label)
        digest = hashlib.sha256(content).hexdigest()
        metadata = {"original_sha256": digest, **inspect_image(content).as_metadata()}
        path = f"attachments/{digest[:2]}/{digest}.jpg"
        if not default_storage.exists(path):
            path = default_storage.save(path, ContentFile(content))
        attachment = Attachment(
            sha256=digest,
            size=len(content),
            content_type="image/jpeg",
            original_name=f"{label}.jpg",
            uploaded_by=uploader,
            metadata=metadata,
            phash=metadata.get("phash", ""),
        )
        attachment.file.name = path
        return attachment
