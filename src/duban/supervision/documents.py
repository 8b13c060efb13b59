"""The printed supervision notice (督办单) as a Word document.

The text is Chinese content, as official documents are: a title by level, the number, the
unit addressed, the tasks with their deadlines and state, the demands, the reply date, the
issuer and the date of issue — a 公文 laid out by core.official (GB/T 9704-2012), with the
notice's number as its 文号.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import override

from duban.core.official import OfficialDocument, chinese_date
from duban.supervision.choices import NoticeLevel, NoticeState
from duban.supervision.models import SupervisionNotice
from duban.supervision.rules import attendee_names

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLES: dict[str, str] = {
    NoticeLevel.REMINDER.value: "督办提醒函",
    NoticeLevel.NOTICE.value: "督办通知单",
    NoticeLevel.LISTED.value: "挂牌督办通知书",
    NoticeLevel.TALK.value: "约谈通知书",
    NoticeLevel.CRITICISM.value: "通报批评通知书",
}
OPENINGS: dict[str, str] = {
    NoticeLevel.REMINDER.value: "你单位承担的下列生态环境保护督察整改任务进展滞后，现予以提醒。",
    NoticeLevel.NOTICE.value: "你单位承担的下列生态环境保护督察整改任务推进不力，现予以督办。",
    NoticeLevel.LISTED.value: "你单位承担的下列生态环境保护督察整改任务经督办仍未整改到位，"
    "现予以挂牌督办。",
    NoticeLevel.TALK.value: "你单位承担的下列生态环境保护督察整改任务推进不力，"
    "决定对你单位主要负责同志进行约谈。",
    NoticeLevel.CRITICISM.value: "你单位承担的下列生态环境保护督察整改任务推进不力，"
    "现予以通报批评。",
}
# (header, relative width); core.official scales a table to the 156 mm text area.
TASK_COLUMNS = (("序号", 1.2), ("整改任务", 6.2), ("整改时限", 3.4), ("状态", 2.2), ("进度", 3.0))
HEADINGS = ("一、督办事项", "二、督办要求", "三、反馈时限", "四、办理情况")


@dataclass(frozen=True)
class NoticeFile:
    content: bytes
    filename: str


def title_of(notice: SupervisionNotice) -> str:
    return TITLES.get(notice.level, "督办通知单")


def _task_rows(notice: SupervisionNotice) -> list[list[str]]:
    """The tasks by title (their internal codes stay in the system)."""
    rows = []
    with override("zh-hans"):
        for number, task in enumerate(notice.tasks.all(), start=1):
            deadline = chinese_date(task.deadline) if task.deadline else "长期坚持"
            rows.append(
                [
                    str(number),
                    task.title,
                    deadline,
                    str(task.get_state_display()),
                    f"{task.percent}%（{task.get_schedule_status_display()}）",
                ]
            )
    return rows


def _answer(document: OfficialDocument, notice: SupervisionNotice) -> None:
    """The unit's response and the closure, once they exist (a reprint shows them)."""
    if notice.responded_on is None:
        return
    document.heading(HEADINGS[3])
    document.paragraph(f"{chinese_date(notice.responded_on)}反馈：{notice.response}")
    if notice.state == NoticeState.CLOSED and notice.closed_on:
        note = f"：{notice.closing_note}" if notice.closing_note else "。"
        document.paragraph(f"{chinese_date(notice.closed_on)}办结{note}")


def talk_lines(notice: SupervisionNotice) -> list[str]:
    """约谈: when (Asia/Shanghai), where and who attends, one line each."""
    if notice.level != NoticeLevel.TALK or notice.talk_at is None:
        return []
    at = timezone.localtime(notice.talk_at)
    attendees = "、".join(attendee_names(notice.talk_attendees))
    return [
        f"约谈时间：{chinese_date(at.date())} {at:%H:%M}",
        f"约谈地点：{notice.talk_place}",
        f"参加人员：{attendees}",
    ]


def _level_terms(document: OfficialDocument, notice: SupervisionNotice) -> None:
    """约谈: time, place and who attends; 挂牌督办: its time limit and that it is published."""
    for line in talk_lines(notice):
        document.paragraph(line)
    if notice.level == NoticeLevel.LISTED and notice.time_limit_months:
        document.paragraph(
            f"整改时限：{notice.time_limit_months}个月（至{chinese_date(notice.due_on)}）。"
            "挂牌督办事项及整改结果向社会公开。"
        )


def render(notice: SupervisionNotice) -> bytes:
    title = title_of(notice)
    document = OfficialDocument(title=f"{title} {notice.number}", author=notice.issuer.name)
    document.letterhead(organ=notice.issuer.name, number=notice.number)
    document.title(title)
    document.addressee(notice.target.name)
    document.paragraph(OPENINGS.get(notice.level, OPENINGS[NoticeLevel.NOTICE.value]))
    if notice.escalated_from is not None:
        document.paragraph(
            f"此前已于{chinese_date(notice.escalated_from.issued_on)}以"
            f"{notice.escalated_from.number}督办，逾期仍未整改到位。"
        )
    document.heading(HEADINGS[0])
    document.table(TASK_COLUMNS, _task_rows(notice))
    document.heading(HEADINGS[1])
    for line in notice.demands.splitlines() or [notice.demands]:
        if line.strip():
            document.paragraph(line.strip())
    _level_terms(document, notice)
    document.heading(HEADINGS[2])
    document.paragraph(
        f"请于{chinese_date(notice.due_on)}前将整改落实情况及佐证材料书面报送{notice.issuer.name}。"
    )
    _answer(document, notice)
    document.signature(organ=notice.issuer.name, day=notice.issued_on)
    return document.save()


def notice_document(notice: SupervisionNotice) -> NoticeFile:
    """The .docx of a notice the caller has already loaded through the selectors."""
    safe_number = "".join(ch for ch in notice.number if ch not in '\\/:*?"<>|')
    return NoticeFile(render(notice), f"{title_of(notice)}-{safe_number}.docx")
