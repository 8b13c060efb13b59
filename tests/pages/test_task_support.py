"""Shared set-up for the task page tests (no tests here): states reached through services."""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from duban.core.attachments import attachment_store
from duban.core.models import Event
from duban.rectification.models import Task
from duban.rectification.services import (
    acceptance_record,
    closure_request,
    task_transition,
)

PASSWORD = "Test-password-2026"
CLOSURE_TEST_KEYS = [
    "measures_done",
    "violations_penalised",
    "effect_meets_norms",
    "similar_fixed",
    "root_cause_removed",
]
ALL_PASS = {key: {"passed": True, "comment": "已核实"} for key in CLOSURE_TEST_KEYS}


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes() -> bytes:
    """A real 4×4 PNG of random pixels: every call is a new file (storage dedups by hash)."""
    width = height = 4
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    rows = b"".join(b"\x00" + os.urandom(width * 3) for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows))
        + _chunk(b"IEND", b"")
    )


def png_upload(name: str = "现场照片.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def task_verbs(task: Task, after: int = 0) -> list[str]:
    """Verbs of the task's ledger events with seq above `after`, in order."""
    return list(
        Event.objects.filter(
            subject_type="rectification.task", subject_id=str(task.pk), seq__gt=after
        )
        .order_by("seq")
        .values_list("verb", flat=True)
    )


def last_seq() -> int:
    return Event.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def state_of(task: Task) -> str:
    return Task.objects.values_list("state", flat=True).get(pk=task.pk)


# States reached through the services, each step from the one before.
def _acknowledge(w: Any) -> None:
    task_transition(actor=w.reporter, task_id=w.task.pk, action="acknowledge")


def _start(w: Any) -> None:
    task_transition(actor=w.reporter, task_id=w.task.pk, action="start")


def _complete(w: Any) -> None:
    task_transition(
        actor=w.reporter,
        task_id=w.task.pk,
        action="complete",
        reason="整改措施已完成，完工进度未另行报送",
    )


def _request_closure(w: Any) -> None:
    evidence = attachment_store(actor=w.reporter, name="验收材料.png", content=png_bytes())
    closure_request(actor=w.reporter, task_id=w.task.pk, summary="改造完成", evidence=[evidence])


def _begin_acceptance(w: Any) -> None:
    task_transition(actor=w.reviewer, task_id=w.task.pk, action="begin_acceptance")


def _accept(w: Any) -> None:
    acceptance_record(
        actor=w.reviewer,
        task_id=w.task.pk,
        acceptance_unit=w.office,
        signer=w.signer,
        tests=ALL_PASS,
        document_check_reason="整改资料经逐项审核，佐证材料完整",
    )


def _close(w: Any) -> None:
    task_transition(actor=w.reviewer, task_id=w.task.pk, action="close")


STEPS: list[tuple[str, Callable[[Any], None]]] = [
    ("acknowledged", _acknowledge),
    ("in_progress", _start),
    ("completed", _complete),
    ("closure_requested", _request_closure),
    ("under_acceptance", _begin_acceptance),
    ("publicized", _accept),
    ("closed", _close),
]
ORDER = ["assigned", *[state for state, _step in STEPS]]


def advance(w: Any, target: str) -> None:
    """Move the task from wherever it is (on the main path) to `target`."""
    current = ORDER.index(state_of(w.task))
    for _state, step in STEPS[current : ORDER.index(target)]:
        step(w)


def to_acknowledged(w: Any) -> None:
    advance(w, "acknowledged")


def to_in_progress(w: Any) -> None:
    advance(w, "in_progress")


def to_completed(w: Any) -> None:
    advance(w, "completed")


def to_closure_requested(w: Any) -> None:
    advance(w, "closure_requested")


def to_under_acceptance(w: Any) -> None:
    advance(w, "under_acceptance")


def to_publicized(w: Any) -> None:
    advance(w, "publicized")


def to_closed(w: Any) -> None:
    advance(w, "closed")


def acceptance_data(w: Any, **answers: str) -> dict[str, Any]:
    """The acceptance form: every test met unless answers say "no" (with a comment)."""
    data: dict[str, Any] = {
        "acceptance_unit": w.office.pk,
        "signer": w.signer.pk,
        "publicity_days": 7,
        "document_check_reason": "整改资料经逐项审核，佐证材料完整",
    }
    for key in CLOSURE_TEST_KEYS:
        data[f"{key}_passed"] = "no" if key in answers else "yes"
        data[f"{key}_comment"] = answers.get(key, "已核实")
    return data
