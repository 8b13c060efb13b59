"""The dossier's words, shared by the Word and the PDF renderings (official Chinese text)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from duban.accountability.backtrace import MissedNotice, RoleSpell, TaskResponsibility
from duban.accountability.choices import CaseSource, Measure, Rank, ResponsibilityType
from duban.accountability.dossier.data import DossierData, EventRow, Holder
from duban.accountability.dossier.summary import FIELD_LABELS, choice_label
from duban.accountability.models import ResponsibilityFinding, Sanction
from duban.inspections.choices import ProblemSource, ProblemStatus
from duban.rectification.choices import TaskState
from duban.supervision.choices import NoticeLevel

TITLE = "问题倒查、责任倒追档案（一案一档）"
RESPONSIBILITY_HEADERS = ("任务", "牵头单位", "责任人", "分管领导", "整改时限", "状态", "逾期")
CHANGE_HEADERS = ("日期", "事件", "任务", "事项", "变更前", "变更后")
EVENT_HEADERS = ("序号", "时间", "操作人", "事项", "摘要")
VERIFY_TEXT = (
    "本档案所列每一事件均取自督办系统的事件账本（留痕）。账本中的事件只增不改：每个事件的"
    "哈希值 = SHA-256（前一事件的哈希值 + 本事件内容的规范 JSON），逐个相连成链。"
    "核验方法：在系统服务器上运行 `duban audit verify`，命令逐一重算全部事件的哈希值并核对"
    "链接，输出“ledger intact: N events checked”即表明账本完整、未被篡改；如有断点，命令"
    "指出第一个断裂的事件序号。再将下表各事件的序号与哈希值同系统中的记录（问题页面时间线或"
    " /api/events 接口）逐一比对，一致即证明本档案所列事件与账本相符。"
)


def day(value: date | datetime | None) -> str:
    """The day in Chinese; a moment (stored in UTC) on its Asia/Shanghai day."""
    if value is None:
        return "—"
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value.year}年{value.month}月{value.day}日"


def moment(value: datetime) -> str:
    """A stored moment (UTC) as Asia/Shanghai time: events at 23:30 UTC belong to the next day."""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return local.strftime("%Y-%m-%d %H:%M")


def cover_rows(data: DossierData) -> list[tuple[str, str]]:
    problem = data.problem
    return [
        ("问题编号", problem.code),
        ("问题名称", problem.title),
        ("所在地区", problem.region.name),
        ("问题来源", choice_label(ProblemSource, problem.source)),
        ("督察组", problem.team.name if problem.team else "—"),
        ("整改方案", f"{problem.plan.title}（{problem.plan.code}）" if problem.plan else "—"),
        ("整改状态", choice_label(ProblemStatus, problem.status)),
        ("生成时间", moment(data.generated_at)),
        ("生成人", data.generated_by or "系统"),
        ("本档事件数", f"{len(data.events)}个"),
        ("账本头部", f"第{data.head_seq}号事件，哈希值 {data.head_hash}"),
    ]


def responsibility_row(item: TaskResponsibility) -> list[str]:
    return [
        f"{item.code} {item.title}",
        item.lead_unit or "—",
        item.responsible_person or "—",
        item.supervising_leader or "—",
        str(item.deadline) if item.deadline else "长期坚持",
        choice_label(TaskState, item.state),
        "是" if item.missed_deadline else "否",
    ]


def change_row(change: dict[str, object]) -> list[str]:
    at = change["at"]
    return [
        moment(at) if isinstance(at, datetime) else str(at),
        f"#{change['seq']}",
        str(change["task"]),
        FIELD_LABELS.get(str(change["field"]), str(change["field"])),
        str(change["old"] or "—"),
        str(change["new"] or "—"),
    ]


def spell_line(spell: RoleSpell) -> str:
    until = f"至{day(spell.end)}（事件#{spell.end_seq}）" if spell.end else "至今"
    return (
        f"{spell.task_code} {spell.task_title}：{FIELD_LABELS[spell.role]}，"
        f"自{day(spell.start)}（事件#{spell.start_seq}）{until}"
    )


def finding_line(finding: ResponsibilityFinding) -> str:
    cited = "、".join(f"#{seq}" for seq in finding.event_seqs) or "无"
    files = len(finding.evidence.all())
    return (
        f"责任认定：{choice_label(ResponsibilityType, finding.responsibility)}。{finding.facts}"
        f"（依据事件：{cited}；证据材料{files}份）"
    )


def sanction_line(sanction: Sanction) -> str:
    text = f"处理处分决定：{choice_label(Measure, sanction.measure)}"
    if sanction.months:
        text += f"（影响期{sanction.months}个月）"
    text += f"，{sanction.decided_by}于{day(sanction.decided_on)}决定"
    if sanction.rank:
        text += f"，职级：{choice_label(Rank, sanction.rank)}"
    if sanction.carried_out_on:
        text += f"，已于{day(sanction.carried_out_on)}执行到位"
    return text + ("，已公开" if sanction.is_public else "")


def act_line(row: EventRow) -> str:
    return f"{moment(row.at)} 事件#{row.seq} {row.label}：{row.summary}"


def holder_lines(holder: Holder) -> list[str]:
    lines = [spell_line(spell) for spell in holder.roles]
    lines += [finding_line(finding) for finding in holder.findings]
    lines += [sanction_line(sanction) for sanction in holder.sanctions]
    lines += [act_line(row) for row in holder.acts]
    return lines or ["（无记录）"]


def missed_task_line(item: TaskResponsibility) -> str:
    if item.done_on:
        return f"{item.code} {item.title}：时限{item.deadline}，{day(item.done_on)}才完成"
    person = item.responsible_person or "—"
    return f"{item.code} {item.title}：时限{item.deadline}，至今未完成（责任人：{person}）"


def missed_notice_line(notice: MissedNotice) -> str:
    answered = f"{day(notice.responded_on)}才回复" if notice.responded_on else "至今未回复"
    level = choice_label(NoticeLevel, notice.level)
    return f"{notice.number}（{level}，致{notice.target}）：限{notice.due_on}前回复，{answered}"


def case_lines(data: DossierData) -> list[tuple[str, list[str]]]:
    sections = []
    for case in data.cases:
        lines = [
            f"来源：{choice_label(CaseSource, case.source)}；启动日期：{day(case.opened_on)}；"
            f"办理机关：{case.commission.name}",
            f"案情摘要：{case.summary}",
        ]
        for finding in case.findings.all():
            who = str(finding.person or finding.organization)
            lines.append(f"{who}——{finding_line(finding)}")
        for sanction in case.sanctions.all():
            who = str(sanction.finding.person or sanction.finding.organization)
            lines.append(f"{who}——{sanction_line(sanction)}")
        sections.append((f"{case.number} {case.title}", lines))
    return sections
