"""公文 as printed: each generated .docx converted by LibreOffice Writer to PDF and read back
(pdftotext), with a PNG per page under test-artifacts/ to look at (`make system-deps` installs
libreoffice-writer-nogui and poppler-utils; never skipped)."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from docx import Document

from duban.core import clock
from duban.core.choices import OrganizationKind, Role
from duban.core.models import Region
from duban.core.principal import SYSTEM
from duban.inspections.services import plan_create
from duban.reports.progress_report import progress_report
from duban.supervision.choices import NoticeLevel
from duban.supervision.documents import notice_document
from duban.supervision.services import NoticeTerms, notice_issue
from tests.browser_support import ARTIFACTS
from tests.factories import add_problem, make_organization, make_user, make_workflow

pytestmark = pytest.mark.django_db
PROVINCE_TITLE = "湖南省贯彻落实第二轮中央生态环境保护督察反馈意见整改方案"


def printed(content: bytes, tmp_path: Path, name: str) -> str:
    """The document as LibreOffice prints it: its PDF text; its pages saved as PNG."""
    source = tmp_path / f"{name}.docx"
    source.write_bytes(content)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / f"{name}.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(pdf), str(ARTIFACTS / name)], check=True, timeout=60
    )
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    return re.sub(r"\s+", "", text)  # titles wrap; compare without line breaks or spaces


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    footer = document.sections[0].footer.paragraphs[0].text
    return "\n".join([p.text for p in document.paragraphs] + cells + [footer])


@pytest.fixture
def province_plan():
    """A provincial plan with a problem in 株洲 (the workflow's city) and one in 长沙."""
    w = make_workflow()
    province = make_organization(
        "湖南省整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="430000"
    )
    plan = plan_create(
        actor=SYSTEM,
        code="HN-2021",
        title=PROVINCE_TITLE,
        region=Region.objects.get(code="430000"),
        office=province,
        cadence="monthly",
        dispatch_starts_on=clock.today().replace(day=1),
    )
    add_problem(w, "HN-ZZ-09", plan=plan, title="城区黑臭水体整治滞后", tasks=2)
    changsha = make_organization("长沙市水务局", region="430100")
    add_problem(w, "HN-CS-01", region="430100", plan=plan, title="长沙排口整治", lead_unit=changsha)
    provincial = make_user("provincial", organization=province, role=Role.REVIEWER)
    return w, plan, provincial


def test_a_city_office_gets_its_citys_report_in_official_form(province_plan, tmp_path):
    # Given a provincial plan, and the 株洲 office's reviewer
    w, plan, _provincial = province_plan
    # When the reviewer downloads the progress report
    report = progress_report(user=w.reviewer, plan=plan)
    # Then it is 株洲's report, under 株洲's office, listing the unit that has not reported
    title = "株洲市贯彻落实第二轮中央生态环境保护督察反馈意见整改进展情况报告"
    text = docx_text(report.content)
    assert title in text and "湖南省贯彻落实第二轮中央生态环境保护督察反馈意见整改进展" not in text
    assert "以下单位未报送本期进展：株洲市住建局（2项任务）。" in text
    assert "长沙" not in text
    assert "PAGE" in Document(io.BytesIO(report.content)).sections[0].footer._element.xml
    pdf = printed(report.content, tmp_path, "progress_report_city")
    assert pdf.startswith("株洲市整改办株洲市整改办〔")  # 版头 and 文号 come first
    assert title in pdf and "株洲市住建局（2项任务）" in pdf
    assert "—1—" in pdf  # the page number as GB/T 9704 prints it
    # no internal codes, no database ids
    for code in ("HN-ZZ", "HN-CS", "HN-2021", f"#{w.task.pk}"):
        assert code not in pdf and code not in text


def test_the_provincial_office_gets_the_provinces_report(province_plan):
    _w, plan, provincial = province_plan
    text = docx_text(progress_report(user=provincial, plan=plan).content)
    assert "湖南省贯彻落实第二轮中央生态环境保护督察反馈意见整改进展情况报告" in text
    assert "长沙市水务局（1项任务）" in text and "株洲市住建局（2项任务）" in text


def test_a_talk_notice_prints_time_place_and_attendees_in_official_form(tmp_path):
    w = make_workflow()
    talk_at = (clock.now() + timedelta(days=3)).replace(hour=9, minute=30)
    notice = notice_issue(
        actor=w.reviewer,
        issuer=w.office,
        target=w.housing,
        tasks=[w.task],
        level=NoticeLevel.TALK,
        demands="请主要负责同志按时参加约谈。",
        due_on=clock.today() + timedelta(days=10),
        terms=NoticeTerms(
            talk_at=talk_at.astimezone(UTC),
            talk_place="市政府第三会议室",
            talk_attendees="株洲市住建局局长周建国\n分管副局长李明华",
        ),
    )
    pdf = printed(notice_document(notice).content, tmp_path, "notice_talk")
    assert pdf.startswith(f"株洲市整改办{notice.number}约谈通知书株洲市住建局：")
    day = f"{talk_at.year}年{talk_at.month}月{talk_at.day}日"
    assert f"约谈时间：{day}09:30" in pdf  # Asia/Shanghai, though stored in UTC
    assert "约谈地点：市政府第三会议室" in pdf
    assert "参加人员：株洲市住建局局长周建国、分管副局长李明华" in pdf
    assert "—1—" in pdf and "HN-ZZ" not in pdf
