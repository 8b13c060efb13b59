"""Files are written whole or not at all (core.files.atomic_write), by every writer."""

from __future__ import annotations

import email
import os
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage

from duban.core.files import atomic_write
from duban.core.mail import AtomicFileEmailBackend
from duban.core.storage import AtomicFileSystemStorage
from tests.disk import file_size_limit

SRC = Path(__file__).resolve().parents[2] / "src" / "duban"


class WriterFailed(Exception):
    pass


def half_then_fail(first: bytes = b"x" * 10_000):
    yield first
    raise WriterFailed


def test_a_writer_failing_half_way_leaves_no_file_and_no_temporary_file(tmp_path):
    with pytest.raises(WriterFailed):
        atomic_write(tmp_path / "报告.docx", half_then_fail())
    assert list(tmp_path.iterdir()) == []


def test_a_failed_rewrite_leaves_the_old_file_as_it_was(tmp_path):
    target = tmp_path / "台账.xlsx"
    atomic_write(target, b"old")
    with pytest.raises(WriterFailed):
        atomic_write(target, half_then_fail())
    assert list(tmp_path.iterdir()) == [target] and target.read_bytes() == b"old"


def test_a_full_disk_half_way_leaves_no_file(tmp_path):
    with file_size_limit(4096), pytest.raises(OSError, match="File too large"):
        atomic_write(tmp_path / "big.pdf", [b"y" * 3000, b"y" * 3000])
    assert list(tmp_path.iterdir()) == []


def test_a_written_file_is_whole_and_has_the_usual_permissions(tmp_path):
    previous = os.umask(0o022)
    try:
        target = atomic_write(tmp_path / "a.bin", [b"ab", b"cd"])
    finally:
        os.umask(previous)
    assert target.read_bytes() == b"abcd"
    assert target.stat().st_mode & 0o777 == 0o644


def test_without_replace_an_existing_file_is_kept(tmp_path):
    target = tmp_path / "a.bin"
    atomic_write(target, b"first")
    with pytest.raises(FileExistsError):
        atomic_write(target, b"second", replace=False)
    assert list(tmp_path.iterdir()) == [target] and target.read_bytes() == b"first"


class FailingContent(ContentFile):
    def chunks(self, chunk_size=None):
        yield b"%PDF-" + b"z" * 5000
        raise WriterFailed


def test_attachment_storage_failing_half_way_leaves_nothing(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    with pytest.raises(WriterFailed):
        storage.save("ab/abcdef.pdf", FailingContent(b""))
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    name = storage.save("ab/abcdef.pdf", ContentFile(b"%PDF-1.4 whole"))
    assert name == "ab/abcdef.pdf" and storage.open(name).read() == b"%PDF-1.4 whole"
    again = storage.save("ab/abcdef.pdf", ContentFile(b"%PDF-other"))
    assert again != name and storage.open(name).read() == b"%PDF-1.4 whole"


def test_mail_to_files_writes_each_batch_whole(tmp_path):
    backend = AtomicFileEmailBackend(file_path=str(tmp_path))
    sent = backend.send_messages(
        [
            EmailMessage("【督办】预警", "- 已逾期 3 天", "duban@localhost", [f"u{n}@x.cn"])
            for n in (1, 2)
        ]
    )
    assert sent == 2
    [written] = tmp_path.iterdir()
    parts = written.read_bytes().split(b"-" * 79 + b"\n")
    assert len(parts) == 3 and parts[2] == b""
    assert [email.message_from_bytes(part)["To"] for part in parts[:2]] == ["u1@x.cn", "u2@x.cn"]


def test_mail_to_files_failing_half_way_leaves_no_file(tmp_path):
    backend = AtomicFileEmailBackend(file_path=str(tmp_path))
    with file_size_limit(1024), pytest.raises(OSError):
        backend.send_messages([EmailMessage("预警", "长" * 2000, "duban@localhost", ["u@x.cn"])])
    assert list(tmp_path.iterdir()) == []


WRITES = re.compile(r"\.write_(bytes|text)\(|\bopen\([^)]*[\"'][wax]b?[\"']")


def test_files_are_written_only_through_atomic_write():
    offenders = [
        f"{path.relative_to(SRC)}:{number}"
        for path in SRC.rglob("*.py")
        if path != SRC / "core" / "files.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if WRITES.search(line)
    ]
    assert offenders == []
