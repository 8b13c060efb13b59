"""Shared set-up for the task page tests (no tests here): states reached through services, and
the action forms of the task page."""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from duban.core import clock
from duban.core.attachments import attachment_store
from duban.core.models import Event
from duban.rectification.models import ExtensionRequest, Task
from duban.rectification.services import (
    acceptance_record,
    closure_request,
    extension_request,
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
    """Close the day after the public notice ends (issue 9: 销号 waits for 公示 to end)."""
    ends_on = Task.objects.get(pk=w.task.pk).publicity_ends_on
    with clock.frozen(ends_on + timedelta(days=1)):
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


def to_publicity_over(w: Any) -> None:
    """Publicized, with the public notice accepted long enough ago that it is over today."""
    advance(w, "under_acceptance")
    with clock.frozen(clock.today() - timedelta(days=30)):
        _accept(w)


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


# The action forms of the task page: how to get there, who may use them, what they post and
# write (tests/rectification/test_views_task_actions.py and test_permissions.py).


def nothing(w: Any) -> None:
    pass


def pending_extension(w: Any) -> None:
    extension_request(
        actor=w.reporter,
        task_id=w.task.pk,
        new_deadline=w.task.deadline + timedelta(days=30),
        reason="汛期停工",
    )


def decide_url(w: Any) -> str:
    extension = ExtensionRequest.objects.get(task=w.task)
    return f"/tasks/{w.task.pk}/extensions/{extension.pk}/decide/"


@dataclass
class Case:
    """One action form: how to get there, who may use it, what it posts and what it writes."""

    name: str
    prepare: Callable[[Any], None]
    path: str | Callable[[Any], str]  # under /tasks/<pk>/, or a full URL from the workflow
    data: Callable[[Any], dict[str, Any]]
    verbs: list[str]
    state: str
    allowed: str = "reporter"  # a Workflow attribute, or "viewer" (office viewer)
    wrong: str = "reviewer"
    kind: str = "deadline"
    stale: bool = True  # posting the same form again is refused as stale

    def url(self, w: Any) -> str:
        return self.path(w) if callable(self.path) else f"/tasks/{w.task.pk}/{self.path}"


def reason(text: str = "") -> Callable[[Any], dict[str, Any]]:
    return lambda w: {"reason": text}


CASES = [
    Case(
        "acknowledge",
        nothing,
        "actions/acknowledge/",
        reason(),
        ["task.acknowledged"],
        "acknowledged",
    ),
    Case("start", to_acknowledged, "actions/start/", reason(), ["task.started"], "in_progress"),
    Case(
        "complete",
        to_in_progress,
        "actions/complete/",
        reason("整改措施已完成，完工进度未另行报送"),  # short of 80 % reported: explained
        ["task.completed"],
        "completed",
    ),
    Case(
        "begin_acceptance",
        to_closure_requested,
        "actions/begin_acceptance/",
        reason(),
        ["task.acceptance_started"],
        "under_acceptance",
        allowed="reviewer",
        wrong="viewer",
    ),
    Case(
        "close",
        to_publicity_over,
        "actions/close/",
        reason(),
        ["task.closed"],
        "closed",
        allowed="reviewer",
        wrong="reporter",
    ),
    Case(
        "return",
        to_completed,
        "actions/return/",
        reason("台账不全"),
        ["task.returned"],
        "in_progress",
        allowed="reviewer",
        wrong="reporter",
    ),
    Case(
        "reopen",
        to_closed,
        "actions/reopen/",
        reason("群众重复投诉"),
        ["task.reopened"],
        "in_progress",
        allowed="reviewer",
        wrong="reporter",
    ),
    # Issue 9: upholding an ongoing task is a staged acceptance (阶段性验收) on the acceptance
    # page, with an independent unit and signer — no longer a bare move at actions/uphold/.
    Case(
        "uphold",
        to_completed,
        "acceptance/",
        lambda w: {
            "acceptance_unit": w.office.pk,
            "signer": w.signer.pk,
            "summary": "阶段性目标已完成，长效机制建立",
            "document_check_reason": "长效机制文件齐全",
        },
        ["task.upheld"],
        "upheld",
        allowed="reviewer",
        wrong="reporter",
        kind="ongoing",
    ),
    Case(
        "report",
        to_acknowledged,
        "report/",
        lambda w: {
            "narrative": "完成 42.3 公里",
            "percent": "30",
            "period_day": clock.today().isoformat(),
            "claims-TOTAL_FORMS": "1",
            "claims-INITIAL_FORMS": "0",
            "claims-0-metric": "管网改造长度",
            "claims-0-unit": "公里",
            "claims-0-value": "42.3",
            "claims-0-is_cumulative": "on",
            "attachments": [png_upload()],
        },
        ["report.submitted"],
        "acknowledged",
        stale=False,  # a second report is a new version, not a conflict
    ),
    Case(
        "closure",
        to_completed,
        "closure/",
        lambda w: {"summary": "已完成改造", "evidence": [png_upload(), png_upload("b.png")]},
        ["task.closure_requested"],
        "closure_requested",
    ),
    Case(
        "acceptance",
        to_under_acceptance,
        "acceptance/",
        acceptance_data,
        ["task.accepted"],
        "publicized",
        allowed="reviewer",
        wrong="viewer",
    ),
    Case(
        "extension",
        nothing,
        "extension/",
        lambda w: {
            "new_deadline": (w.task.deadline + timedelta(days=30)).isoformat(),
            "reason": "汛期停工",
        },
        ["extension.requested"],
        "assigned",
        stale=False,  # a second request while one is pending is a field error (tested below)
    ),
    Case(
        "extension_decide",
        pending_extension,
        decide_url,
        lambda w: {"decision": "approve", "note": ""},
        ["extension.approved"],
        "assigned",
        allowed="reviewer",
        wrong="reporter",
    ),
    Case(
        "lookback",
        to_closed,
        "look-back/",
        lambda w: {
            "checked_on": clock.today().isoformat(),
            "findings": "雨后仍有溢流",
            "relapsed": "yes",
            "cause": "look_back",
        },
        ["task.looked_back", "task.reopened"],
        "in_progress",
        allowed="reviewer",
        wrong="reporter",
    ),
]
