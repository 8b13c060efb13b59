"""A notice handed to a unit reaches its staff's inbox, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from duban.core import clock
from duban.core.choices import Role
from duban.rectification.models import Notification
from duban.supervision.choices import NoticeLevel
from duban.supervision.permissions import NoticeTerms
from duban.supervision.services import notice_issue
from duban.supervision.services.handoffs import notice_issued
from tests.factories import make_user


def handoffs(user) -> list[Notification]:
    return list(Notification.objects.filter(user=user, key__startswith="handoff:notice:"))


def test_a_notice_reaches_the_target_units_staff_once(scene):
    w, notice = scene.w, scene.notice
    (note,) = handoffs(w.reporter)
    assert note.message == (
        f"株洲市整改办 向 株洲市住建局 下发督办（{notice.number}），请于 {notice.due_on} 前答复"
    )
    assert note.link == f"/notices/{notice.pk}/" and note.task == w.task
    assert handoffs(w.reviewer) == [] and handoffs(w.outsider) == []  # issuer; sibling unit
    assert notice_issued(actor=w.reviewer, notice=notice) == []
    assert len(handoffs(w.reporter)) == 1


def test_a_talk_names_its_time_and_place_and_a_viewer_is_not_summoned(scene):
    w = scene.w
    viewer = make_user("housing_viewer", organization=w.housing, role=Role.VIEWER)
    day = clock.today() + timedelta(days=3)  # a talk is set after its notice is issued
    talk_at = datetime(day.year, day.month, day.day, 1, 30, tzinfo=UTC)  # 09:30 in Beijing
    talk = notice_issue(
        actor=w.reviewer,
        issuer=w.office,
        target=w.housing,
        tasks=[w.task],
        level=NoticeLevel.TALK,
        demands="说明管网改造滞后原因",
        due_on=clock.today() + timedelta(days=10),
        terms=NoticeTerms(
            talk_at=talk_at,
            talk_place="市政府第三会议室",
            talk_attendees="周建国",
        ),
    )
    note = Notification.objects.get(user=w.reporter, key=f"handoff:notice:{talk.pk}")
    assert note.message.startswith(f"株洲市整改办 约谈 株洲市住建局（{talk.number}）")
    assert f"时间 {day.isoformat()} 09:30，地点 市政府第三会议室" in note.message
    assert handoffs(viewer) == []
