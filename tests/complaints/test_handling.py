"""The handling services, each rule called directly as an attacker would: the wrong user, the
wrong state, bad input; and the way through to 已办结."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from duban.complaints.choices import ComplaintState, NotAcceptedGround, Satisfaction, Truth
from duban.complaints.models import Complaint
from duban.complaints.services import handling
from duban.complaints.services.handling import HandlingIn
from duban.core import clock
from duban.core.models import Event
from duban.errors import ApplicationError, InvalidTransition, NotFound, NotPermitted
from tests.complaints.scene import COMPLAINANT, Scene

pytestmark = pytest.mark.django_db
S = ComplaintState


def events(complaint: Complaint, verb: str) -> list[Event]:
    return list(Event.objects.filter(verb=verb, subject_id=str(complaint.pk)).order_by("seq"))


def concluded_data(**overrides) -> HandlingIn:
    values = dict(
        outcome=S.CONCLUDED,
        truth=Truth.TRUE,
        investigation="现场检查发现夜间偷排",
        measures="责令停产整改，立案处罚",
        ordered_to_rectify=1,
        cases_filed=1,
        fines_wan_yuan=Decimal("12.50"),
    )
    values.update(overrides)
    return HandlingIn(**values)


def acknowledged(scene: Scene) -> Complaint:
    return handling.complaint_acknowledge(actor=scene.unit_worker, pk=scene.complaint.pk)


def test_acknowledge_moves_to_handling_and_records_the_day(scene):
    complaint = acknowledged(scene)
    assert complaint.state == S.HANDLING
    assert complaint.acknowledged_on == clock.today()
    [event] = events(complaint, "complaint.acknowledged")
    assert event.data["late"] is False


def test_a_late_acknowledgement_is_allowed_and_shows(scene):
    later = clock.today() + timedelta(days=20)
    with clock.frozen(later):
        complaint = acknowledged(scene)
    assert complaint.acknowledged_on > complaint.acknowledge_due_on
    assert events(complaint, "complaint.acknowledged")[0].data["late"] is True


@pytest.mark.parametrize("who", ["office_viewer", "w.reviewer", "office_handler", "w.reporter"])
def test_acknowledge_refused_to_all_but_the_handling_unit(scene, who):
    from operator import attrgetter

    with pytest.raises((NotPermitted, NotFound)):
        handling.complaint_acknowledge(actor=attrgetter(who)(scene), pk=scene.complaint.pk)
    assert Complaint.objects.get(pk=scene.complaint.pk).state == S.TRANSFERRED


def test_the_accused_and_the_far_office_get_not_found(scene):
    for user in (scene.accused_reviewer, scene.far_reviewer):
        with pytest.raises(NotFound):
            handling.complaint_acknowledge(actor=user, pk=scene.complaint.pk)


def test_acknowledge_twice_is_the_wrong_state(scene):
    acknowledged(scene)
    with pytest.raises(InvalidTransition):
        acknowledged(scene)


def test_acknowledge_rejects_a_future_or_pre_transfer_day(scene):
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_acknowledge(
            actor=scene.unit_worker, pk=scene.complaint.pk, on=clock.today() + timedelta(days=1)
        )
    assert set(caught.value.fields) == {"acknowledged_on"}
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_acknowledge(
            actor=scene.unit_worker, pk=scene.complaint.pk, on=clock.today() - timedelta(days=9)
        )
    assert set(caught.value.fields) == {"acknowledged_on"}


def test_not_accepted_by_the_office_with_a_reason(scene):
    with pytest.raises(NotPermitted):
        handling.complaint_not_accept(
            actor=scene.unit_reviewer,
            pk=scene.complaint.pk,
            ground=NotAcceptedGround.COURTS,
            reason="已进入诉讼程序",
        )
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_not_accept(
            actor=scene.w.reviewer, pk=scene.complaint.pk, ground="nonsense", reason="  "
        )
    assert set(caught.value.fields) == {"ground", "reason"}
    complaint = handling.complaint_not_accept(
        actor=scene.w.reviewer,
        pk=scene.complaint.pk,
        ground=NotAcceptedGround.COURTS,
        reason="已进入诉讼程序",
    )
    assert complaint.state == S.NOT_ACCEPTED
    assert complaint.not_accepted_reason == "已进入诉讼程序"
    assert events(complaint, "complaint.not_accepted")[0].data["ground"] == "courts"


def test_not_accepted_only_before_handling(scene):
    acknowledged(scene)
    with pytest.raises(InvalidTransition):
        handling.complaint_not_accept(
            actor=scene.w.reviewer,
            pk=scene.complaint.pk,
            ground=NotAcceptedGround.OUTSIDE_POWERS,
            reason="不属于行政机关职权",
        )


def test_extension_once_at_most_30_days_by_the_units_head(scene):
    due = scene.complaint.handle_due_on
    with pytest.raises(NotPermitted):
        handling.complaint_extend(
            actor=scene.unit_worker, pk=scene.complaint.pk, days=10, reason="案情复杂"
        )
    for days in (0, -3, 31):
        with pytest.raises(ApplicationError) as caught:
            handling.complaint_extend(
                actor=scene.unit_reviewer, pk=scene.complaint.pk, days=days, reason="案情复杂"
            )
        assert set(caught.value.fields) == {"days"}
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_extend(
            actor=scene.unit_reviewer, pk=scene.complaint.pk, days=10, reason=""
        )
    assert set(caught.value.fields) == {"reason"}
    complaint = handling.complaint_extend(
        actor=scene.unit_reviewer, pk=scene.complaint.pk, days=30, reason="需检测机构出具报告"
    )
    assert complaint.handle_due_on == due + timedelta(days=30)
    assert complaint.extension_reason == "需检测机构出具报告"
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_extend(
            actor=scene.unit_reviewer, pk=scene.complaint.pk, days=1, reason="再延"
        )
    assert caught.value.code == "complaint_extension_once"
    assert Complaint.objects.get(pk=scene.complaint.pk).handle_due_on == due + timedelta(days=30)


def test_handle_needs_acknowledgement_first(scene):
    with pytest.raises(InvalidTransition):
        handling.complaint_handle(actor=scene.unit_worker, pk=scene.complaint.pk, data=HandlingIn())


def test_handle_refused_to_the_office_and_the_viewer(scene):
    acknowledged(scene)
    for user in (scene.w.reviewer, scene.office_viewer):
        with pytest.raises(NotPermitted):
            handling.complaint_handle(actor=user, pk=scene.complaint.pk, data=HandlingIn())


def test_conclusion_needs_truth_investigation_measures_and_a_reply(scene):
    acknowledged(scene)
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_handle(
            actor=scene.unit_worker, pk=scene.complaint.pk, data=HandlingIn(outcome=S.CONCLUDED)
        )
    assert set(caught.value.fields) == {"truth", "investigation", "measures", "reply"}
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_handle(
            actor=scene.unit_worker, pk=scene.complaint.pk, data=concluded_data()
        )
    assert set(caught.value.fields) == {"reply"}
    assert Complaint.objects.get(pk=scene.complaint.pk).state == S.HANDLING


def test_an_anonymous_complaint_concludes_without_a_reply(scene):
    Complaint.objects.filter(pk=scene.complaint.pk).update(anonymous=True)
    acknowledged(scene)
    complaint = handling.complaint_handle(
        actor=scene.unit_worker, pk=scene.complaint.pk, data=concluded_data()
    )
    assert complaint.state == S.CONCLUDED
    # The reply can still be given once afterwards, not replaced.
    handling.complaint_reply(actor=scene.unit_worker, pk=scene.complaint.pk, text="经查属实")
    with pytest.raises(ApplicationError):
        handling.complaint_reply(actor=scene.unit_worker, pk=scene.complaint.pk, text="改")


def test_stage_conclusion_needs_a_target(scene):
    acknowledged(scene)
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_handle(
            actor=scene.unit_worker,
            pk=scene.complaint.pk,
            data=HandlingIn(outcome=S.PARTLY_CONCLUDED, truth=Truth.PARTLY_TRUE, investigation="x"),
        )
    assert set(caught.value.fields) == {"closure_target"}


@pytest.mark.parametrize(
    "field, value",
    [
        ("ordered_to_rectify", -1),
        ("talks", -5),
        ("fines_wan_yuan", Decimal("-0.01")),
        ("fines_wan_yuan", Decimal("1.005")),
        ("fines_wan_yuan", Decimal("12345678901.00")),
        ("fines_wan_yuan", Decimal("NaN")),
        ("truth", "maybe"),
        ("outcome", S.NOT_ACCEPTED),
    ],
)
def test_bad_handling_input_is_refused_by_field(scene, field, value):
    acknowledged(scene)
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_handle(
            actor=scene.unit_worker, pk=scene.complaint.pk, data=HandlingIn(**{field: value})
        )
    assert field in caught.value.fields
    assert Complaint.objects.get(pk=scene.complaint.pk).state == S.HANDLING


def test_handling_recorded_several_times_then_concluded(scene):
    acknowledged(scene)
    pk = scene.complaint.pk
    first = handling.complaint_handle(
        actor=scene.unit_worker,
        pk=pk,
        data=HandlingIn(
            outcome=S.PARTLY_CONCLUDED,
            truth=Truth.BASICALLY_TRUE,
            investigation="初查",
            closure_target="年底前完成截污",
            talks=2,
        ),
    )
    assert first.state == S.PARTLY_CONCLUDED and first.concluded_on is None
    handling.complaint_reply(actor=scene.unit_worker, pk=pk, text="经调查，反映问题属实。")
    done = handling.complaint_handle(actor=scene.unit_worker, pk=pk, data=concluded_data())
    assert done.state == S.CONCLUDED
    assert done.concluded_on == clock.today()
    assert done.fines_wan_yuan == Decimal("12.50") and done.talks == 0
    assert len(events(done, "complaint.handled")) == 2
    with pytest.raises(InvalidTransition):
        handling.complaint_handle(actor=scene.unit_worker, pk=pk, data=concluded_data())


def test_reply_rules(scene):
    pk = scene.complaint.pk
    with pytest.raises(InvalidTransition):  # not acknowledged yet
        handling.complaint_reply(actor=scene.unit_worker, pk=pk, text="答复")
    acknowledged(scene)
    with pytest.raises(NotPermitted):
        handling.complaint_reply(actor=scene.w.reviewer, pk=pk, text="答复")
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_reply(actor=scene.unit_worker, pk=pk, text=" \n ")
    assert set(caught.value.fields) == {"text"}
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_reply(
            actor=scene.unit_worker, pk=pk, text="答复", on=clock.today() + timedelta(days=2)
        )
    assert set(caught.value.fields) == {"replied_on"}
    handling.complaint_reply(actor=scene.unit_worker, pk=pk, text="第一稿")
    complaint = handling.complaint_reply(actor=scene.unit_worker, pk=pk, text="定稿")
    assert complaint.reply == "定稿"
    [*_, last] = events(complaint, "complaint.replied")
    assert COMPLAINANT.name not in str(last.data)


def test_team_report_once_and_only_for_a_team_complaint(scene):
    pk = scene.complaint.pk
    with pytest.raises(InvalidTransition):
        handling.complaint_team_report(actor=scene.unit_worker, pk=pk)
    acknowledged(scene)
    with pytest.raises(NotPermitted):
        handling.complaint_team_report(actor=scene.office_viewer, pk=pk)
    complaint = handling.complaint_team_report(actor=scene.unit_worker, pk=pk)
    assert complaint.team_reported_on == clock.today()
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_team_report(actor=scene.unit_worker, pk=pk)
    assert caught.value.code == "complaint_already_reported"
    Complaint.objects.filter(pk=pk).update(team=None, team_reported_on=None)
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_team_report(actor=scene.unit_worker, pk=pk)
    assert caught.value.code == "complaint_not_from_team"


def test_follow_up_after_conclusion_by_office_or_unit(scene):
    pk = scene.complaint.pk
    acknowledged(scene)
    with pytest.raises(InvalidTransition):
        handling.complaint_follow_up(
            actor=scene.w.reviewer, pk=pk, on=None, satisfaction=Satisfaction.SATISFIED
        )
    handling.complaint_reply(actor=scene.unit_worker, pk=pk, text="答复")
    handling.complaint_handle(actor=scene.unit_worker, pk=pk, data=concluded_data())
    with pytest.raises(NotPermitted):
        handling.complaint_follow_up(
            actor=scene.office_viewer, pk=pk, on=None, satisfaction=Satisfaction.SATISFIED
        )
    with pytest.raises(ApplicationError) as caught:
        handling.complaint_follow_up(actor=scene.w.reviewer, pk=pk, on=None, satisfaction="meh")
    assert set(caught.value.fields) == {"satisfaction"}
    complaint = handling.complaint_follow_up(
        actor=scene.w.reviewer,
        pk=pk,
        on=None,
        satisfaction=Satisfaction.BASICALLY_SATISFIED,
        note="已不再偷排",
    )
    assert complaint.satisfaction == Satisfaction.BASICALLY_SATISFIED
    again = handling.complaint_follow_up(
        actor=scene.unit_worker, pk=pk, on=None, satisfaction=Satisfaction.SATISFIED
    )
    assert again.satisfaction == Satisfaction.SATISFIED
    assert COMPLAINANT.phone not in str([e.data for e in Event.objects.all()])


def test_actions_offered_match_what_the_services_accept(scene):
    complaint = scene.complaint
    assert handling.handling_actions(scene.unit_worker, complaint) == ["acknowledge"]
    assert handling.handling_actions(scene.unit_reviewer, complaint) == ["acknowledge", "extend"]
    assert handling.handling_actions(scene.w.reviewer, complaint) == ["not_accept"]
    assert handling.handling_actions(scene.office_viewer, complaint) == []
    complaint = acknowledged(scene)
    assert handling.handling_actions(scene.unit_worker, complaint) == [
        "reply",
        "handle",
        "team_report",
    ]
