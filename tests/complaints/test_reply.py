"""The 答复意见书 .docx: its parts from the stored text, no complainant identity, any Unicode."""

from __future__ import annotations

import io

import pytest
from docx import Document

from duban.complaints.models import Complaint
from duban.complaints.reply import reply_document
from duban.complaints.services import handling
from tests.clients import client_for
from tests.complaints.scene import COMPLAINANT
from tests.complaints.test_handling import concluded_data

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def replied(scene, text: str = "一、责令该公司立即停止偷排。\n二、立案处罚。") -> Complaint:
    pk = scene.complaint.pk
    handling.complaint_acknowledge(actor=scene.unit_worker, pk=pk)
    handling.complaint_reply(actor=scene.unit_worker, pk=pk, text=text)
    return handling.complaint_handle(actor=scene.unit_worker, pk=pk, data=concluded_data())


def test_the_reply_has_its_parts_and_no_identity(scene):
    complaint = replied(scene)
    document = reply_document(complaint)
    text = text_of(document.content)
    assert document.filename == f"答复意见书-{complaint.number}.docx"
    for part in ("一、受理情况", "二、事实认定", "三、处理意见", "四、复查告知", "信访人："):
        assert part in text
    assert "责令该公司立即停止偷排" in text and "立案处罚" in text
    assert "现场检查发现夜间偷排" in text  # 事实认定 from the investigation
    assert "30日内向株洲市人民政府书面申请复查" in text
    assert "株洲市生态环境局" in text  # the body that signs
    for secret in (COMPLAINANT.name, COMPLAINANT.phone, COMPLAINANT.address):
        assert secret not in text


def test_any_unicode_is_safe(scene):
    complaint = replied(scene, text="控制符\x0b之后\x0c换页 emoji 🌊 𠀀")
    text = text_of(reply_document(complaint).content)
    assert "之后" in text and "🌊" in text


def test_download_page_and_api(scene):
    complaint = replied(scene)
    for path in (
        f"/complaints/{complaint.pk}/reply.docx",
        f"/api/complaints/{complaint.pk}/reply.docx",
    ):
        response = client_for(scene.office_viewer).get(path)
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        assert "信访事项处理意见书" in text_of(response.content)
        assert client_for(scene.accused_reviewer).get(path).status_code == 404


def test_no_reply_no_download(scene):
    path = f"/complaints/{scene.complaint.pk}/reply.docx"
    assert client_for(scene.unit_worker).get(path).status_code == 404
    api = client_for(scene.unit_worker).get(f"/api/complaints/{scene.complaint.pk}/reply.docx")
    assert api.status_code == 404
