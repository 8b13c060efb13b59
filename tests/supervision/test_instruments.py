"""约谈 and 挂牌督办 are decisions a person takes, with the issuer's authority checked in one
rule (supervision.permissions.level_refusals): 挂牌督办 from a level above the unit's region,
with a time limit in months, published; 约谈 from an issuer over the unit's region, with
time, place and attendees. The escalation rules never issue either."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from docx import Document

from duban.core import clock
from duban.core.choices import OrganizationKind, Role
from duban.core.models import Organization
from duban.core.principal import SYSTEM
from duban.errors import ApplicationError
from duban.supervision.choices import NoticeLevel
from duban.supervision.models import SupervisionNotice
from duban.supervision.selectors import listed_supervision_public
from duban.supervision.services import NoticeTerms, notice_issue
from duban.supervision.services.notices import months_after
from tests.clients import client_for
from tests.factories import make_organization, make_user
from tests.permissions import database_state
from tests.supervision.scene import Scene, build_scene

pytestmark = pytest.mark.django_db

TALK = NoticeTerms(
    talk_at=datetime(clock.today().year + 1, 3, 2, 1, 30, tzinfo=UTC),  # 09:30 in Beijing
    talk_place="市政府第三会议室",
    talk_attendees="株洲市住建局局长周建国、分管副局长李明华",
)


@pytest.fixture
def scene() -> Scene:
    return build_scene()


def province_office():
    province = make_organization(
        "湖南省整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="430000"
    )
    return province, make_user("hn", organization=province, role=Role.REVIEWER)


def issue(scene, *, actor, issuer, level, terms=None, target=None):
    return notice_issue(
        actor=actor,
        issuer=issuer,
        target=target or scene.w.housing,
        tasks=[scene.w.task],
        level=level,
        demands="限期整改到位",
        due_on=clock.today() + timedelta(days=10),
        terms=terms or NoticeTerms(),
    )


def refused(call) -> dict[str, str]:
    before = database_state()
    with pytest.raises(ApplicationError) as error:
        call()
    assert database_state() == before
    return error.value.fields


def test_a_city_office_may_not_list_its_own_citys_unit(scene):
    fields = refused(
        lambda: issue(
            scene,
            actor=scene.w.reviewer,
            issuer=scene.w.office,
            level=NoticeLevel.LISTED,
            terms=NoticeTerms(time_limit_months=3),
        )
    )
    assert fields == {
        "issuer": "only an issuer at a level above 株洲市住建局's region "
        "may list it for supervision"
    }


def test_the_province_lists_a_citys_unit_for_months_and_publishes_it(scene):
    province, provincial = province_office()
    with clock.frozen(date(2026, 1, 31)):
        listed = issue(
            scene,
            actor=provincial,
            issuer=province,
            level=NoticeLevel.LISTED,
            terms=NoticeTerms(time_limit_months=1),
        )
    assert (listed.time_limit_months, listed.is_public) == (1, True)
    assert listed.due_on == date(2026, 2, 28)  # a calendar month, to the month's end
    assert list(listed_supervision_public()) == [listed]
    ordinary = SupervisionNotice.objects.get(pk=scene.notice.pk)
    assert ordinary.is_public is False


@pytest.mark.parametrize("months", [None, 0, 13])
def test_listed_supervision_needs_a_time_limit_of_one_to_twelve_months(scene, months):
    province, provincial = province_office()
    fields = refused(
        lambda: issue(
            scene,
            actor=provincial,
            issuer=province,
            level=NoticeLevel.LISTED,
            terms=NoticeTerms(time_limit_months=months),
        )
    )
    assert fields == {"time_limit_months": "a time limit of 1 to 12 months"}


def test_a_unit_at_the_province_level_is_listed_only_from_above_the_province(scene):
    province, provincial = province_office()
    department = make_organization("湖南省住建厅", region="430000")
    fields = refused(
        lambda: issue(
            scene,
            actor=provincial,
            issuer=province,
            target=department,
            level=NoticeLevel.LISTED,
            terms=NoticeTerms(time_limit_months=3),
        )
    )
    assert "issuer" in fields


@pytest.mark.parametrize("level", [NoticeLevel.LISTED, NoticeLevel.TALK])
def test_the_rules_never_list_or_summon_to_a_talk(scene, level):
    terms = NoticeTerms(time_limit_months=3) if level == NoticeLevel.LISTED else TALK
    province, _provincial = province_office()
    fields = refused(lambda: issue(scene, actor=SYSTEM, issuer=province, level=level, terms=terms))
    assert fields == {
        "level": "listed supervision and admonitory talks are decided by a person, not by a rule"
    }


def test_a_talk_needs_time_place_and_attendees(scene):
    fields = refused(
        lambda: issue(scene, actor=scene.w.reviewer, issuer=scene.w.office, level="talk")
    )
    assert set(fields) == {"talk_at", "talk_place", "talk_attendees"}


def test_a_talk_is_scheduled_ahead_and_names_its_attendees(scene):
    # Given a talk an hour in the past and attendees typed as numbers (ids, not people)
    terms = NoticeTerms(
        talk_at=clock.now() - timedelta(hours=1),
        talk_place="市政府第三会议室",
        talk_attendees="12、15",
    )
    fields = refused(
        lambda: issue(
            scene, actor=scene.w.reviewer, issuer=scene.w.office, level="talk", terms=terms
        )
    )
    assert fields == {
        "talk_at": "the talk must be scheduled after the moment of issue",
        "talk_attendees": "name each attendee (one per line or separated by 、), "
        "at most 64 characters each",
    }


def test_the_form_shows_why_a_talk_was_refused(scene):
    client = client_for(scene.w.reviewer)
    response = client.post(
        f"/tasks/{scene.w.task.pk}/notices/new/",
        {
            "issuer": scene.w.office.pk,
            "target": scene.w.housing.pk,
            "tasks": [scene.w.task.pk],
            "level": "talk",
            "demands": "约谈",
            "due_on": (clock.today() + timedelta(days=10)).isoformat(),
            "talk_at": "2020-01-01T09:00",
            "talk_place": "会议室",
            "talk_attendees": "周建国",
        },
    )
    assert response.status_code == 400
    assert "约谈时间须晚于发出时间" in response.content.decode()


def test_a_talk_comes_from_an_issuer_whose_region_covers_the_unit(scene):
    root = make_user("root", is_superuser=True)
    far_office = Organization.objects.get(name="湘潭市整改办")
    fields = refused(
        lambda: issue(scene, actor=root, issuer=far_office, level=NoticeLevel.TALK, terms=TALK)
    )
    assert fields == {"target": "株洲市住建局 is outside the issuer's region"}


def test_the_talk_notice_shows_time_place_and_attendees_on_the_page_and_in_word(scene):
    talk = issue(
        scene, actor=scene.w.reviewer, issuer=scene.w.office, level=NoticeLevel.TALK, terms=TALK
    )
    assert (talk.talk_place, talk.is_public) == ("市政府第三会议室", False)
    client = client_for(scene.w.reporter)
    page = client.get(f"/notices/{talk.pk}/").content.decode()
    year = TALK.talk_at.year
    assert f'data-testid="talk-at">{year}-03-02 09:30<' in page
    assert 'data-testid="talk-place">市政府第三会议室<' in page
    assert "株洲市住建局局长周建国" in page
    document = Document(io.BytesIO(client.get(f"/notices/{talk.pk}/docx").content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert f"约谈时间：{year}年3月2日 09:30" in text
    assert "约谈地点：市政府第三会议室" in text
    assert "参加人员：株洲市住建局局长周建国、分管副局长李明华" in text


def test_the_api_lists_for_supervision_with_a_time_limit(scene):
    province, provincial = province_office()
    response = client_for(provincial).post(
        "/api/notices",
        {
            "issuer": province.pk,
            "target": scene.w.housing.pk,
            "tasks": [scene.w.task.pk],
            "level": "listed",
            "demands": "挂牌督办",
            "time_limit_months": 6,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["time_limit_months"], body["is_public"]) == (6, True)
    assert body["due_on"] == months_after(clock.today(), 6).isoformat()


def test_months_after_counts_calendar_months():
    assert months_after(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert months_after(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert months_after(date(2024, 3, 31), 11) == date(2025, 2, 28)
