"""Copying the stored attachment files into the archive and back, through Django's storage
API, so a storage other than the file system (DUBAN_MEDIA_STORAGE) is backed up the same way.
Files are addressed by SHA-256 and shared by attachment records: each is copied once."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage, default_storage

from duban.backup.archive import ArchiveWriter
from duban.errors import CommandError

PREFIX = "media/"


def storage() -> Storage:
    return default_storage


def describe() -> str:
    location = getattr(storage(), "location", None)
    return f"media folder {location}" if location else f"media storage {type(storage()).__name__}"


def stored_names(directory: str = "") -> list[str]:
    """Every file in the storage (none in a new installation's)."""
    try:
        folders, files = storage().listdir(directory)
    except FileNotFoundError:
        return []
    names = [f"{directory}{name}" for name in files]
    for folder in folders:
        names += stored_names(f"{directory}{folder}/")
    return names


def back_up(writer: ArchiveWriter, files: dict[str, str]) -> list[str]:
    """Add each stored file to the archive; return the problems: a file missing from storage or
    whose bytes no longer match the SHA-256 its records hold (it is archived as it is)."""
    problems = []
    for name, sha256 in sorted(files.items()):
        if not storage().exists(name):
            problems.append(f"attachment file {name} is missing from storage")
            continue
        with storage().open(name, "rb") as source:
            archived = writer.add(PREFIX + name, source, storage().size(name))
        if archived != sha256:
            problems.append(f"attachment file {name} does not match its SHA-256 {sha256}")
    return problems


def restore(extracted: Path) -> int:
    """Put every file extracted under `extracted`/media back into the (empty) storage."""
    root = extracted / PREFIX
    count = 0
    for path in sorted(item for item in root.rglob("*") if item.is_file()):
        name = path.relative_to(root).as_posix()
        with path.open("rb") as content:
            saved = storage().save(name, File(content, name=name))
        if saved != name:  # the storage chose another name: something was there after all
            raise CommandError(f"{describe()}: {name} was stored as {saved}")
        count += 1
    return count


def missing(files: Iterable[str]) -> list[str]:
    """The names among `files` that the storage does not hold."""
    return [name for name in files if not storage().exists(name)]
