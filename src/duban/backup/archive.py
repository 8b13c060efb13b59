"""The backup archive: one gzip'd tar holding the database dump, the attachment files and,
last, `manifest.json` with the SHA-256 of every other member.

Written to a temporary file beside the target and renamed into place only when complete, so an
interrupted backup leaves no half archive under the target's name. Read back by streaming every
member through SHA-256 and comparing with the manifest before anything is restored.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import tempfile
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO, Any

from duban.core.files import atomic_write
from duban.errors import CommandError

FORMAT = "duban-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
CHUNK = 1024 * 1024
# What a damaged or foreign file raises while it is read.
UNREADABLE = (tarfile.TarError, EOFError, zlib.error, OSError, UnicodeDecodeError)


class _Hashing(io.RawIOBase):
    """A reader that hashes what passes through it."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source, self.digest, self.size = source, hashlib.sha256(), 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


class ArchiveWriter:
    """Adds members to an open tar and remembers each one's SHA-256 and size for the manifest."""

    def __init__(self, tar: tarfile.TarFile) -> None:
        self.tar = tar
        self.members: dict[str, dict[str, Any]] = {}

    def add(self, name: str, source: IO[bytes], size: int) -> str:
        """Add `size` bytes read from `source` as member `name`; return their SHA-256."""
        if name == MANIFEST or name in self.members:
            raise ValueError(f"duplicate archive member {name!r}")
        info = tarfile.TarInfo(safe_member_name(name))
        info.size, info.mode, info.mtime = size, 0o600, int(time.time())
        reader = _Hashing(source)
        self.tar.addfile(info, reader)  # raises when the source ends early
        sha256 = reader.digest.hexdigest()
        self.members[name] = {"sha256": sha256, "size": size}
        return sha256

    def add_path(self, name: str, path: Path) -> str:
        with path.open("rb") as source:
            return self.add(name, source, path.stat().st_size)

    def finish(self, manifest: dict[str, Any]) -> dict[str, Any]:
        """Write the manifest, with every member's checksum, as the last member."""
        complete = {**manifest, "members": dict(sorted(self.members.items()))}
        content = json.dumps(complete, ensure_ascii=False, indent=2).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode, info.mtime = len(content), 0o600, int(time.time())
        self.tar.addfile(info, io.BytesIO(content))
        return complete


@contextmanager
def archive_writer(path: Path) -> Iterator[ArchiveWriter]:
    """Write an archive at `path`, which must not exist yet: a backup never replaces another."""
    if path.exists():
        raise CommandError(f"{path} already exists; a backup never overwrites a file")
    if not path.parent.is_dir():
        raise CommandError(f"{path.parent} is not a directory")
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz", format=tarfile.PAX_FORMAT) as tar:
                yield ArchiveWriter(tar)
            raw.flush()
            os.fsync(raw.fileno())
        os.chmod(temporary, 0o600)  # it holds every password hash and every file
        _publish(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _publish(temporary: Path, path: Path) -> None:
    """Give the finished archive its name; link() refuses a file that appeared meanwhile."""
    try:
        os.link(temporary, path)
    except FileExistsError as error:
        raise CommandError(f"{path} already exists; a backup never overwrites a file") from error
    except OSError:  # a file system without hard links
        if path.exists():
            raise CommandError(f"{path} already exists; a backup never overwrites a file") from None
        os.replace(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the new name survives a crash too
    finally:
        os.close(directory)


def safe_member_name(name: str) -> str:
    """`name` if it is a plain relative path inside the archive; CommandError otherwise."""
    parts = PurePosixPath(name).parts
    if not parts or name.startswith("/") or any(part in {"", ".", ".."} for part in parts):
        raise CommandError(f"unsafe member name in the archive: {name!r}")
    return name


def extract_verified(path: Path, into: Path) -> dict[str, Any]:
    """Extract every member of the archive at `path` under `into` and return its manifest;
    CommandError when the file is unreadable, not a duban backup, or any member is missing,
    extra or does not match its checksum (altered or damaged)."""
    try:
        found, manifest = _extract(path, into)
    except UNREADABLE as error:
        raise CommandError(f"{path} is not a readable backup archive: {error}") from error
    _check_members(path, manifest, found)
    return manifest


def check_archive(path: Path) -> dict[str, Any]:
    """Read the archive at `path` through, checking every member against the manifest."""
    with tempfile.TemporaryDirectory() as scratch:
        try:
            found, manifest = _extract(path, Path(scratch), keep=False)
        except UNREADABLE as error:
            raise CommandError(f"{path} is not a readable backup archive: {error}") from error
    _check_members(path, manifest, found)
    return manifest


def _extract(path: Path, into: Path, *, keep: bool = True) -> tuple[dict[str, str], Any]:
    """(SHA-256 of each member but the manifest, the manifest as parsed)."""
    found: dict[str, str] = {}
    manifest: Any = None
    with tarfile.open(path, mode="r:*") as tar:
        for member in tar:
            name = safe_member_name(member.name)
            if not member.isfile() or name in found:
                raise CommandError(f"{path}: unexpected archive member {name!r}")
            source = tar.extractfile(member)
            assert source is not None  # a regular file always has content
            if name == MANIFEST:
                manifest = _parse_manifest(path, source.read(MAX_MANIFEST_BYTES))
                continue
            found[name] = _copy_hashing(source, into / name if keep else None)
    if manifest is None:
        raise CommandError(f"{path} has no {MANIFEST}: not a duban backup")
    return found, manifest


def _copy_hashing(source: IO[bytes], target: Path | None) -> str:
    digest = hashlib.sha256()

    def chunks() -> Iterator[bytes]:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            yield chunk

    if target is None:
        for _ in chunks():
            pass
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, chunks())
    return digest.hexdigest()


def _parse_manifest(path: Path, content: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(content)
    except ValueError as error:
        raise CommandError(f"{path}: {MANIFEST} is not JSON: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise CommandError(f"{path}: {MANIFEST} is not a duban backup manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise CommandError(
            f"{path}: backup format version {manifest.get('format_version')!r}; "
            f"this duban reads version {FORMAT_VERSION}"
        )
    if not isinstance(manifest.get("members"), dict):
        raise CommandError(f"{path}: {MANIFEST} lists no members")
    return manifest


def _check_members(path: Path, manifest: dict[str, Any], found: dict[str, str]) -> None:
    listed = {name: str((entry or {}).get("sha256")) for name, entry in manifest["members"].items()}
    problems = [f"{name} is missing" for name in sorted(listed.keys() - found.keys())]
    problems += [f"{name} is not in the manifest" for name in sorted(found.keys() - listed.keys())]
    problems += [
        f"{name} does not match its checksum"
        for name in sorted(found.keys() & listed.keys())
        if found[name] != listed[name]
    ]
    if problems:
        shown = "; ".join(problems[:5]) + ("; …" if len(problems) > 5 else "")
        raise CommandError(
            f"{path} does not match its manifest ({len(problems)} problems): {shown}; "
            "the archive is damaged or was altered — nothing was restored"
        )
