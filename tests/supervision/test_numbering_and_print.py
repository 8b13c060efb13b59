"""Notice numbers per issuer and year in a configured pattern; the printed Word notice."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from docx import Document

from duban.core import clock
from duban.core.choices import OrganizationKind, Role
from duban.core.models import Event
from duban.core.official import SERIF
from duban.errors import ApplicationError, Conflict, NotFound, NotPermitted
from duban.supervision.choices import NoticeLevel
from duban.supervision.models import NoticeNumbering
from duban.supervision.services import (
    NoticeTerms,
    notice_close,
    notice_issue,
    notice_respond,
    numbering_configure,
)
from tests.clients import client_for
from tests.factories import make_organization, make_user

pytestmark = pytest.mark.django_db


TALK = NoticeTerms(
    talk_at=datetime(clock.today().year + 1, 3, 2, 9, 30, tzinfo=UTC),
    talk_place="市政府第三会议室",
    talk_attendees="株洲市住建局局长周建国",
)


def issue(w, *, issuer=None, actor=None, level=NoticeLevel.NOTICE, on: date | None = None):
    with clock.frozen(on or clock.today()):
        return notice_issue(
            actor=actor or w.reviewer,
            issuer=issuer or w.office,
            target=w.housing,
            tasks=[w.task],
            level=level,
            demands="加快进度",
            due_on=(on or clock.today()) + timedelta(days=5),
            terms=TALK if level == NoticeLevel.TALK else NoticeTerms(),
        )


def test_numbers_run_per_issuer_and_year_in_the_configured_pattern(workflow):
    w = workflow
    commission = make_organization("株洲市纪委监委", kind=OrganizationKind.DISCIPLINE_COMMISSION)
    supervisor = make_user("jw", organization=commission, role=Role.SUPERVISOR)
    year = clock.today().year
    numbering_configure(
        actor=w.reviewer,
        issuer=w.office,
        year=year,
        prefix="株整改督",
        pattern="{prefix}〔{year}〕{seq}号",
    )
    numbering_configure(
        actor=supervisor,
        issuer=commission,
        year=year,
        prefix="株纪督",
        pattern="{prefix}字〔{year}〕第{seq:03d}号",
    )
    numbers = [
        issue(w).number,
        issue(w, issuer=commission, actor=supervisor).number,
        issue(w).number,
        issue(w, issuer=commission, actor=supervisor).number,
    ]
    assert numbers == [
        f"株整改督〔{year}〕1号",
        f"株纪督字〔{year}〕第001号",
        f"株整改督〔{year}〕2号",
        f"株纪督字〔{year}〕第002号",
    ]
    # A new year starts again at 1 with the same prefix and pattern.
    next_year = date(year + 1, 1, 5)
    assert issue(w, on=next_year).number == f"株整改督〔{year + 1}〕1号"
    assert NoticeNumbering.objects.get(issuer=w.office, year=year + 1).pattern == (
        "{prefix}〔{year}〕{seq}号"
    )
    configured = Event.objects.filter(verb="notice.numbering_configured")
    assert configured.count() == 2


def test_without_configuration_the_issuers_name_is_the_prefix(workflow):
    assert issue(workflow).number == f"株洲市整改办〔{clock.today().year}〕1号"


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("{prefix}〔{year}〕号", "must contain"),
        ("{prefix}{seq}号", "must contain"),
        ("{prefix}{year}{seq}{os}", "use only"),
        ("{prefix.__class__}{year}{seq}", "use only"),
        ("{prefix}{year}{seq", "use {prefix}"),
        ("{prefix:d}{year}{seq}", "use {prefix}"),
        ("{prefix}{year}{seq:>80}", "longer than 64"),
    ],
)
def test_bad_patterns_are_refused(workflow, pattern, reason):
    with pytest.raises(ApplicationError) as error:
        numbering_configure(
            actor=workflow.reviewer,
            issuer=workflow.office,
            year=clock.today().year,
            prefix="株",
            pattern=pattern,
        )
    assert reason in error.value.fields["pattern"]
    assert NoticeNumbering.objects.count() == 0


def test_numbering_needs_the_issuers_role_and_a_unique_look(workflow):
    w = workflow
    year = clock.today().year
    with pytest.raises(NotPermitted):
        numbering_configure(
            actor=w.reporter, issuer=w.office, year=year, prefix="x", pattern="{prefix}{year}{seq}"
        )
    commission = make_organization("株洲市纪委监委", kind=OrganizationKind.DISCIPLINE_COMMISSION)
    supervisor = make_user("jw", organization=commission, role=Role.SUPERVISOR)
    numbering_configure(
        actor=w.reviewer, issuer=w.office, year=year, prefix="株督", pattern="{prefix}{year}-{seq}"
    )
    with pytest.raises(Conflict) as error:
        numbering_configure(
            actor=supervisor,
            issuer=commission,
            year=year,
            prefix="株督",
            pattern="{prefix}{year}-{seq}",
        )
    assert "株洲市整改办" in error.value.fields["prefix"]


def test_a_changed_pattern_never_reuses_a_number(workflow):
    w = workflow
    year = clock.today().year
    numbering_configure(
        actor=w.reviewer, issuer=w.office, year=year, prefix="株督", pattern="{prefix}{year}-{seq}"
    )
    first = issue(w).number
    NoticeNumbering.objects.filter(issuer=w.office).update(last=0)  # as if reset by hand
    assert issue(w).number != first


def test_notices_about_tasks_out_of_scope_or_to_other_units_are_refused(workflow, counties):
    w = workflow
    with pytest.raises(ApplicationError) as error:
        notice_issue(
            actor=w.reviewer,
            issuer=w.office,
            target=w.sibling,
            tasks=[w.task],
            level=NoticeLevel.NOTICE,
            demands="x",
            due_on=clock.today() + timedelta(days=3),
        )
    assert set(error.value.fields) == {"target"}
    far_office = make_organization(
        "湘潭市整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="430300"
    )
    far_reviewer = make_user("far", organization=far_office, role=Role.REVIEWER)
    with pytest.raises(NotFound) as not_found:
        notice_issue(
            actor=far_reviewer,
            issuer=far_office,
            target=w.housing,
            tasks=[w.task],
            level=NoticeLevel.NOTICE,
            demands="x",
            due_on=clock.today() + timedelta(days=3),
        )
    assert "tasks" in not_found.value.fields


def test_the_word_notice_has_the_title_by_level_the_number_and_the_tasks(workflow):
    w = workflow
    # 挂牌督办 comes from above the city (the province's office), with months to act.
    province = make_organization(
        "湖南省整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="430000"
    )
    provincial = make_user("hn", organization=province, role=Role.REVIEWER)
    with clock.frozen(clock.today()):
        notice = notice_issue(
            actor=provincial,
            issuer=province,
            target=w.housing,
            tasks=[w.task],
            level=NoticeLevel.LISTED,
            demands="加快进度",
            due_on=None,
            terms=NoticeTerms(time_limit_months=3),
        )
    notice_respond(actor=w.reporter, notice_id=notice.pk, response="已完成80公里")
    notice_close(actor=provincial, notice_id=notice.pk, note="整改到位")
    response = client_for(w.reporter).get(f"/notices/{notice.pk}/docx")
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert "attachment" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    paragraphs = [paragraph.text for paragraph in document.paragraphs if paragraph.text]
    # 公文 order: the issuing organ (版头), the 文号, the title, the unit addressed.
    assert paragraphs[:4] == ["湖南省整改办", notice.number, "挂牌督办通知书", "株洲市住建局："]
    text = "\n".join(paragraphs)
    assert "加快进度" in text and "已完成80公里" in text and "整改到位" in text
    assert f"请于{notice.due_on.year}年{notice.due_on.month}月{notice.due_on.day}日前" in text
    assert f"整改时限：3个月（至{notice.due_on.year}年" in text
    assert "挂牌督办事项及整改结果向社会公开。" in text
    assert paragraphs[-2:] == [
        "湖南省整改办",
        f"{notice.issued_on.year}年{notice.issued_on.month}月{notice.issued_on.day}日",
    ]
    (table,) = document.tables
    assert [cell.text for cell in table.rows[0].cells] == [
        "序号",
        "整改任务",
        "整改时限",
        "状态",
        "进度",
    ]
    row = [cell.text for cell in table.rows[1].cells]
    assert row[1] == "完成老旧管网改造"  # the title; the internal code stays in the system
    assert "HN-ZZ-01-1" not in text
    assert row[3] == "已交办"
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == (
        SERIF
    )


@pytest.mark.parametrize(
    ("level", "title"),
    [
        (NoticeLevel.REMINDER, "督办提醒函"),
        (NoticeLevel.NOTICE, "督办通知单"),
        (NoticeLevel.TALK, "约谈通知书"),
        (NoticeLevel.CRITICISM, "通报批评通知书"),
    ],
)
def test_each_level_has_its_title(workflow, level, title):
    notice = issue(workflow, level=level)
    response = client_for(workflow.reviewer).get(f"/api/notices/{notice.pk}/docx")
    document = Document(io.BytesIO(response.content))
    paragraphs = [paragraph.text for paragraph in document.paragraphs if paragraph.text]
    assert paragraphs[:3] == [workflow.office.name, notice.number, title]


def test_a_stationed_group_issues_notices_about_its_departments_tasks(workflow):
    w = workflow
    commission = make_organization("株洲市纪委监委", kind=OrganizationKind.DISCIPLINE_COMMISSION)
    group = make_organization(
        "市纪委监委驻市住建局纪检监察组",
        kind=OrganizationKind.STATIONED_GROUP,
        parent=commission,
        stationed_in=w.housing,
    )
    member = make_user("zhu", organization=group, role=Role.SUPERVISOR)
    notice = issue(w, issuer=group, actor=member)
    assert notice.number == f"市纪委监委驻市住建局纪检监察组〔{clock.today().year}〕1号"
    assert client_for(member).get(f"/notices/{notice.pk}/").status_code == 200
    with pytest.raises(NotPermitted):  # a reporter of the department is not the group
        issue(w, issuer=group, actor=w.reporter)
