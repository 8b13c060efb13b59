"""一案一档: the Word dossier lists every event of the problem with its full hash, which
`duban audit verify` confirms; the PDF is a real PDF; the command line writes both."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document

from duban.accountability.backtrace import problem_events
from duban.accountability.dossier.files import dossier
from duban.cli import main
from duban.core.ledger import verify
from duban.core.models import Event, LedgerHead
from duban.core.principal import SYSTEM
from tests.clients import client_for
from tests.jobs import follow_job

pytestmark = pytest.mark.django_db
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def pdf_pages(content: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", content))


def test_docx_lists_every_event_with_its_hash_and_the_ledger_verifies(scene, capsys):
    events = list(problem_events(scene.w.problem))
    assert {e.verb for e in events} >= {"task.created", "case.opened", "case.sanction_decided"}
    document = dossier(user=SYSTEM, problem=scene.w.problem)
    assert document.events == len(events)
    text = docx_text(document.content)
    for event in events:
        assert event.hash in text
        assert f"#{event.seq}" in text
    assert main(["audit", "verify"]) == 0
    assert "ledger intact" in capsys.readouterr().out
    # The hashes printed are the ones the verified chain holds.
    stored = dict(Event.objects.filter(seq__in=[e.seq for e in events]).values_list("seq", "hash"))
    assert all(stored[event.seq] == event.hash for event in events)
    assert verify().intact


def test_docx_names_each_persons_role_and_timeline(scene):
    text = docx_text(dossier(user=SYSTEM, problem=scene.w.problem).content)
    assert "周建国（局长）（人员）" in text
    assert "HN-ZZ-01-1 完成老旧管网改造：责任人" in text
    assert "处理处分决定：记过（影响期12个月）" in text
    assert "duban audit verify" in text


def test_reviewer_dossier_leaves_out_case_events(scene):
    reviewer = docx_text(dossier(user=scene.w.reviewer, problem=scene.w.problem).content)
    supervisor = docx_text(dossier(user=scene.supervisor, problem=scene.w.problem).content)
    # The cover names the ledger head, which may be a case event: leave that one aside.
    head = LedgerHead.objects.get(pk=1).hash
    case_hashes = (
        Event.objects.filter(subject_type="accountability.accountabilitycase")
        .exclude(hash=head)
        .values_list("hash", flat=True)
    )
    assert case_hashes
    assert all(h not in reviewer and h in supervisor for h in case_hashes)
    assert "内部认定" not in reviewer and "内部认定" in supervisor


def test_pdf_is_a_real_pdf(scene):
    document = dossier(user=SYSTEM, problem=scene.w.problem, file_format="pdf")
    assert document.content.startswith(b"%PDF-")
    assert document.content.rstrip().endswith(b"%%EOF")
    assert pdf_pages(document.content) >= 2  # the cover and the body at least
    assert document.filename.endswith(".pdf")


def test_cli_writes_docx_and_pdf(scene, tmp_path, capsys):
    for suffix in ("docx", "pdf"):
        target = tmp_path / f"dossier.{suffix}"
        assert main(["dossier", "HN-ZZ-01", "-o", str(target)]) == 0
        assert target.stat().st_size > 1000
    assert "HN-ZZ-01" in capsys.readouterr().out
    assert main(["dossier", "NOPE", "-o", str(tmp_path / "x.docx")]) == 1
    assert main(["dossier", "HN-ZZ-01", "-o", str(tmp_path / "x.odt")]) == 2
    assert main(["dossier", "HN-ZZ-01", "-o", str(tmp_path / "r.docx"), "--user", "reporter"]) == 1


def test_download_through_the_api(scene):
    response = client_for(scene.supervisor).get("/api/problems/HN-ZZ-01/dossier?format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]


def test_the_dossier_page_queues_a_job_whose_file_is_the_dossier(scene):
    """The button no longer makes the file inside the request: it queues a job, whose page
    shows its progress and then the link to the very document dossier() makes."""
    client = client_for(scene.supervisor)
    asked = client.post("/problems/HN-ZZ-01/dossier/", {"format": "docx"})
    job_page = client.get(asked["Location"]).content.decode()
    assert "等待后台处理" in job_page and 'hx-get="' in job_page  # queued, polling
    download = follow_job(client, asked)
    assert download["Content-Type"] == DOCX
    assert "attachment" in download["Content-Disposition"]
    text = docx_text(b"".join(download.streaming_content))
    assert text == docx_text(dossier(user=scene.supervisor, problem=scene.w.problem).content)
    assert "处理处分决定：记过（影响期12个月）" in text
    pdf = follow_job(client, client.post("/problems/HN-ZZ-01/dossier/", {"format": "pdf"}))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
