"""Writing a file whole or not at all: every document, export, attachment and e-mail file duban
writes to disk goes through `atomic_write`, so a writer that fails half-way — an exception,
a full disk, the process stopped — never leaves a half file under the real name."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path


def atomic_write(
    path: str | Path,
    content: bytes | Iterable[bytes],
    *,
    replace: bool = True,
    durable: bool = True,
) -> Path:
    """Write `content` (bytes, or chunks of bytes) to `path` in one step and return the path.

    The bytes go to a hidden temporary file in the same directory, are flushed to disk, and
    the file is then renamed to `path` (one atomic step on one file system). On any failure
    the temporary file is removed and `path` is as it was. With replace=False an existing
    `path` is left alone and FileExistsError raised. durable=False skips the flushes to disk
    (generated data sets, rebuilt if lost). Raises OSError as the system reports it.
    """
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    # Mode 0o666 less the umask, as for any new file (mkstemp would make it 0o600).
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as file:
            for chunk in [content] if isinstance(content, bytes) else content:
                file.write(chunk)
            file.flush()
            if durable:
                os.fsync(file.fileno())
        _publish(temporary, target, replace=replace)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if durable:
        _sync_directory(target.parent)
    return target


def _publish(temporary: Path, target: Path, *, replace: bool) -> None:
    if replace:
        os.replace(temporary, target)
    else:
        os.link(temporary, target)  # refuses an existing target, unlike a rename
        temporary.unlink()


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable; some file systems refuse, which costs only that."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
