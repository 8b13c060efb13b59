"""One line of Chinese per ledger event, for the dossier and the back-tracing page.

The summary is read from the event's own data (what was recorded at the time), never from
today's rows; ids of units and people are named with one query per kind for a whole chain.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import override

from duban.accountability.backtrace import RESPONSIBILITY_FIELDS
from duban.accountability.choices import (
    FORMER_RESPONSIBILITY_CODES,
    Measure,
    Rank,
    ResponsibilityType,
)
from duban.core.models import Event, Organization, Person
from duban.core.templatetags.duban_tags import verb_labels
from duban.rectification.choices import TaskState
from duban.supervision.choices import NoticeLevel
from duban.verification.choices import SignalKind

FIELD_LABELS = {
    "lead_unit": "牵头单位",
    "responsible_person": "责任人",
    "supervising_leader": "分管领导",
    "title": "任务名称",
    "measures": "整改措施",
    "target": "整改目标",
    "acceptance_level": "验收层级",
    "co_units": "配合单位",
}
MAX_SUMMARY = 400


class Names:
    """Names of the units and people whose ids a chain of events carries."""

    def __init__(self, events: Iterable[Event]) -> None:
        unit_ids: set[int] = set()
        person_ids: set[int] = set()
        for event in events:
            for values in _responsibility_values(event):
                for name, value in values.items():
                    target = unit_ids if name == "lead_unit" else person_ids
                    if isinstance(value, int) and name in RESPONSIBILITY_FIELDS:
                        target.add(value)
        self.units = dict(Organization.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
        self.people = {p.pk: str(p) for p in Person.objects.filter(pk__in=person_ids)}

    def of(self, field: str, value: Any) -> str:
        if value in (None, ""):
            return "—"
        names = self.units if field == "lead_unit" else self.people
        return names.get(value, str(value)) if field in RESPONSIBILITY_FIELDS else str(value)


def _responsibility_values(event: Event) -> list[dict[str, Any]]:
    if event.verb == "task.created":
        return [{k: event.data.get(k) for k in RESPONSIBILITY_FIELDS}]
    if event.verb == "task.updated":
        changes = event.data.get("changes", {})
        return [
            {k: c.get("old") for k, c in changes.items()},
            {k: c.get("new") for k, c in changes.items()},
        ]
    return []


def verb_label(verb: str) -> str:
    with override("zh-hans"):
        return str(verb_labels().get(verb, verb))


def choice_label(choices: Any, value: Any) -> str:
    with override("zh-hans"):
        labels = dict(choices.choices)
        return str(labels[value]) if value in labels else str(value or "—")


def _task(event: Event, names: Names) -> str:
    data = event.data
    if event.verb == "task.created":
        parts = [f"{FIELD_LABELS[k]}：{names.of(k, data.get(k))}" for k in RESPONSIBILITY_FIELDS]
        parts.append(f"时限：{data.get('deadline') or '长期坚持'}")
        return f"{data.get('problem', '')}-{data.get('number', '')} " + "；".join(parts)
    if event.verb == "task.updated":
        return "；".join(
            f"{FIELD_LABELS.get(k, k)}：{names.of(k, c.get('old'))} → {names.of(k, c.get('new'))}"
            for k, c in data.get("changes", {}).items()
            if k in RESPONSIBILITY_FIELDS or k in FIELD_LABELS
        )
    if "to" in data:
        return (
            f"{data.get('task', '')} {choice_label(TaskState, data.get('from'))} → "
            + choice_label(TaskState, data.get("to"))
            + _acceptance(data)
        )
    return str(data.get("task", ""))


def _acceptance(data: dict[str, Any]) -> str:
    """Who accepted and on what (task.accepted / task.upheld; the basis keys are new in
    issue 9, older events have none)."""
    parts = []
    if data.get("acceptance_unit"):
        parts.append(f"验收单位：{data['acceptance_unit']}，签字人：{data.get('signer', '')}")
    if data.get("site_check_label"):
        parts.append(f"现场核查：{data['site_check_label']}")
    elif data.get("document_check_reason"):
        parts.append(f"书面审核（理由：{data['document_check_reason']}）")
    return "；" + "；".join(parts) if parts else ""


def _report(data: dict[str, Any]) -> str:
    claims = "、".join(
        f"{c.get('metric')} {c.get('value')}{c.get('unit', '')}（第{c.get('version')}版）"
        for c in data.get("claims", [])
    )
    text = f"{data.get('task', '')} 进度{data.get('percent')}%"
    text += f"（第{data.get('version')}版）" if (data.get("version") or 1) > 1 else ""
    text += "，迟报" if data.get("late") else ""
    return text + (f"；报送数据：{claims}" if claims else "")


def _notice(data: dict[str, Any]) -> str:
    level = choice_label(NoticeLevel, data.get("level")) if data.get("level") else ""
    parts = [str(data.get("number", "")), level]
    if data.get("target"):
        parts.append(f"致{data['target']}")
    if data.get("due_on"):
        parts.append(f"限{data['due_on']}前回复")
    if data.get("escalated_from"):
        parts.append(f"由{data['escalated_from']}升级")
    return " ".join(p for p in parts if p)


def _case(event: Event) -> str:
    data = event.data
    if event.verb == "case.opened":
        return f"{data.get('number', '')}，涉及问题：{'、'.join(data.get('problems', []))}"
    if event.verb == "case.finding_recorded":
        who = data.get("person") or data.get("organization") or ""
        recorded = data.get("responsibility")
        kind = choice_label(ResponsibilityType, FORMER_RESPONSIBILITY_CODES.get(recorded, recorded))
        cited = data.get("event_seqs") or []
        return f"{who}：{kind}" + (f"；依据事件#{'、#'.join(map(str, cited))}" if cited else "")
    if event.verb == "case.sanction_decided":
        text = f"{choice_label(Measure, data.get('measure'))}（{data.get('decided_by', '')}，"
        text += f"{data.get('decided_on', '')}）"
        if data.get("rank"):
            text += f"，职级：{choice_label(Rank, data.get('rank'))}"
        return text + ("，公开" if data.get("public") else "")
    if event.verb == "case.sanction_carried_out":
        return f"组织处理已于{data.get('carried_out_on', '')}执行到位"
    return ""


def _other(event: Event) -> str:
    data = event.data
    prefix = event.verb.split(".", 1)[0]
    if prefix == "signal":
        return choice_label(SignalKind, data.get("kind")) + (
            f"：{data['explanation']}" if data.get("explanation") else ""
        )
    if prefix == "claim":
        return (
            f"{data.get('metric', '')} 报送{data.get('claimed')}，核实{data.get('verified')}"
            f"（第{data.get('version')}版，核查人{data.get('checker', '')}）"
        )
    if prefix == "site_check":
        verdict = {True: "相符", False: "不符"}.get(data.get("passed"), "")
        return f"{data.get('place', '')} {verdict}".strip()
    if prefix == "extension":
        return (
            f"{data.get('task', '')} 时限 {data.get('old_deadline')} → {data.get('new_deadline')}"
        )
    if prefix == "investigation":
        return str(data.get("commission") or data.get("findings") or data.get("outcome") or "")
    return str(data.get("task", ""))


def event_summary(event: Event, names: Names) -> str:
    """What happened, in one line of Chinese, with the reason where one was given."""
    prefix = event.verb.split(".", 1)[0]
    if prefix == "task":
        text = _task(event, names)
    elif prefix == "report":
        text = _report(event.data)
    elif prefix == "notice":
        text = _notice(event.data)
    elif prefix == "case":
        text = _case(event)
    else:
        text = _other(event)
    if event.reason and event.reason not in text:
        text = f"{text}；理由：{event.reason}" if text else event.reason
    text = text.strip("；")
    return text if len(text) <= MAX_SUMMARY else text[: MAX_SUMMARY - 1] + "…"


def actor_name(event: Event) -> str:
    if event.actor is None:
        return "系统"
    return event.actor.get_full_name() or event.actor.get_username()
