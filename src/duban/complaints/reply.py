"""The written reply (信访事项处理意见书, 答复意见书) as a Word document.

Generated from what is stored — the reply text, the handling result, the dates — in the
standard template's parts: 受理情况, 事实认定, 处理意见, 复查告知; the handling unit is the body
that signs. It names no complainant: it is addressed to "信访人", and the designated handler
adds the name by hand (the identity is read only through services.identity). Text passes
through core.documents.document_text (via core.official), in the project's CJK fonts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import override

from duban.complaints.choices import ReviewLevel
from duban.complaints.models import Complaint
from duban.complaints.services.reviews import reviewer_for
from duban.core import clock
from duban.core.official import OfficialDocument, chinese_date

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE = "信访事项处理意见书"
HEADINGS = ("一、受理情况", "二、事实认定", "三、处理意见", "四、复查告知")


@dataclass(frozen=True)
class ReplyFile:
    content: bytes
    filename: str


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def render(complaint: Complaint) -> bytes:
    unit = complaint.handling_unit.name if complaint.handling_unit else complaint.received_by.name
    document = OfficialDocument(title=f"{TITLE} {complaint.number}", author=unit)
    document.title(TITLE, subtitle=f"（受理编号：{complaint.number}）")
    document.addressee("信访人")
    with override("zh-hans"):
        channel = str(complaint.get_channel_display())
        truth = str(complaint.get_truth_display()) if complaint.truth else ""
    accepted = complaint.acknowledged_on or complaint.transferred_on or complaint.received_on
    document.heading(HEADINGS[0])
    source = f"经{complaint.received_by.name}转办，" if complaint.handling_unit else ""
    document.paragraph(
        f"你于{chinese_date(complaint.received_on)}通过{channel}反映的"
        f"{complaint.accused_name}有关问题，{source}本机关于{chinese_date(accepted)}受理。"
    )
    document.heading(HEADINGS[1])
    facts = _lines(complaint.investigation) or ["经调查核实，情况如下。"]
    if truth:
        facts.append(f"经核实，你反映的问题{truth}。")
    for line in facts:
        document.paragraph(line)
    document.heading(HEADINGS[2])
    for line in _lines(complaint.reply) or ["（处理意见待填写）"]:
        document.paragraph(line)
    document.heading(HEADINGS[3])
    above = reviewer_for(complaint, ReviewLevel.RECHECK)
    to = f"向{above.name}" if above else "向本机关的上一级行政机关"
    document.paragraph(f"如不服本处理意见，可自收到本意见书之日起30日内{to}书面申请复查。")
    document.signature(organ=unit, day=complaint.replied_on or clock.today())
    return document.save()


def reply_document(complaint: Complaint) -> ReplyFile:
    """The .docx of a complaint the caller has already loaded through the selectors."""
    safe = "".join(ch for ch in complaint.number if ch not in '\\/:*?"<>|')
    return ReplyFile(render(complaint), f"答复意见书-{safe}.docx")
