"""The attachment store on disk: Django's FileSystemStorage, each file written whole or not at
all (core.files.atomic_write) instead of streamed into its final name."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from django.core.files.storage import FileSystemStorage

from duban.core.files import atomic_write


def _as_bytes(chunks: Iterator[Any]) -> Iterator[bytes]:
    for chunk in chunks:
        yield chunk.encode() if isinstance(chunk, str) else chunk


class AtomicFileSystemStorage(FileSystemStorage):
    """A failed upload leaves no half file (that a later upload of the same bytes, stored at
    the same SHA-256 path, would otherwise find and point to)."""

    def _save(self, name: str, content: Any) -> str:
        os.makedirs(os.path.dirname(self.path(name)), exist_ok=True)
        while True:
            try:
                full_path = atomic_write(
                    self.path(name), _as_bytes(content.chunks()), replace=False
                )
            except FileExistsError:
                name = self.get_available_name(name)
            else:
                break
        if self.file_permissions_mode is not None:
            os.chmod(full_path, self.file_permissions_mode)
        return os.path.relpath(full_path, self.location).replace("\\", "/")
