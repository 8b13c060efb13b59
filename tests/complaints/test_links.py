"""Links: repeats linked and unlinked, problems joined or made, tasks linked — each rule called
directly as the wrong user, in the wrong state, with what the actor may not see; the relapse
signal raised once, and the task reopened through rectification's own reopen."""

from __future__ import annotations

import pytest

from duban.complaints.choices import ComplaintState, Truth, Verb
from duban.complaints.models import Complaint
from duban.complaints.services.intake import complaint_register
from duban.complaints.services.links import (
    complaint_create_problem,
    complaint_join_problem,
    complaint_link_repeat,
    complaint_link_task,
    complaint_reopen_task,
    complaint_unlink_repeat,
)
from duban.core.models import Event, Region
from duban.core.principal import SYSTEM
from duban.errors import ApplicationError, InvalidTransition, NotFound, NotPermitted
from duban.inspections.choices import ProblemSource
from duban.inspections.services import problem_create
from duban.rectification.choices import TaskState
from duban.rectification.models import Task
from duban.verification.choices import SignalKind
from duban.verification.models import Signal
from tests.complaints.scene import Scene, complaint_in
from tests.factories import add_hetang_problem, add_task, make_person
from tests.rectification.task_states import to_closed


def fresh(scene: Scene, number: str = "D3HN202611270009", **overrides) -> Complaint:
    """A registered complaint about another firm elsewhere (each number its own firm and
    address): no repeat of the scene's nor of another fresh one."""
    serial = number[-2:]
    values = dict(accused_name=f"砂石厂{serial}", address=f"株洲市攸县网岭镇罗家坪村{serial}组")
    values |= dict(region=Region.objects.get(code="430223"))
    values |= overrides
    data = complaint_in(number=number, **values)
    return complaint_register(actor=scene.w.reviewer, office=scene.w.office, data=data)


def events(verb: str) -> int:
    return Event.objects.filter(verb=verb).count()


# Repeats.


def test_a_dispatcher_links_a_registered_complaint_and_unlinks_it(scene: Scene) -> None:
    repeat = fresh(scene)
    linked = complaint_link_repeat(actor=scene.w.reviewer, pk=repeat.pk, of_pk=scene.complaint.pk)
    assert (linked.state, linked.repeat_of_id) == (ComplaintState.LINKED, scene.complaint.pk)
    event = Event.objects.get(verb=Verb.LINKED, subject_id=str(repeat.pk))
    assert event.data == {"number": repeat.number, "repeat_of": scene.complaint.number}
    unlinked = complaint_unlink_repeat(actor=scene.w.reviewer, pk=repeat.pk)
    assert (unlinked.state, unlinked.repeat_of) == (ComplaintState.REGISTERED, None)
    assert events(Verb.UNLINKED) == 1


def test_a_repeat_of_a_repeat_follows_the_first(scene: Scene) -> None:
    second, third = fresh(scene), fresh(scene, "D3HN202611270010")
    complaint_link_repeat(actor=scene.w.reviewer, pk=second.pk, of_pk=scene.complaint.pk)
    complaint_link_repeat(actor=scene.w.reviewer, pk=third.pk, of_pk=second.pk)
    assert Complaint.objects.get(pk=third.pk).repeat_of_id == scene.complaint.pk


@pytest.mark.parametrize("who", ["unit_worker", "unit_reviewer", "office_viewer"])
def test_who_may_not_dispatch_may_not_link(scene: Scene, who: str) -> None:
    # The handling unit and the viewer see the scene's complaint but may not link it.
    first = fresh(scene)
    with pytest.raises(NotPermitted):
        complaint_link_repeat(actor=getattr(scene, who), pk=scene.complaint.pk, of_pk=first.pk)
    with pytest.raises(NotPermitted):
        complaint_unlink_repeat(actor=getattr(scene, who), pk=scene.complaint.pk)
    assert Complaint.objects.get(pk=scene.complaint.pk).state == ComplaintState.TRANSFERRED


@pytest.mark.parametrize("who", ["accused_reviewer", "far_reviewer"])
def test_who_does_not_see_the_complaint_gets_not_found(scene: Scene, who: str) -> None:
    repeat = fresh(scene)
    with pytest.raises(NotFound):
        complaint_link_repeat(actor=getattr(scene, who), pk=repeat.pk, of_pk=scene.complaint.pk)
    with pytest.raises(NotFound):
        complaint_unlink_repeat(actor=getattr(scene, who), pk=scene.complaint.pk)


def test_linking_refuses_itself_a_closed_first_and_a_transferred_complaint(scene: Scene) -> None:
    repeat = fresh(scene)
    with pytest.raises(ApplicationError) as itself:
        complaint_link_repeat(actor=scene.w.reviewer, pk=repeat.pk, of_pk=repeat.pk)
    assert itself.value.code == "complaint_repeat_of_itself"
    Complaint.objects.filter(pk=scene.complaint.pk).update(state=ComplaintState.CONCLUDED)
    with pytest.raises(ApplicationError) as closed:
        complaint_link_repeat(actor=scene.w.reviewer, pk=repeat.pk, of_pk=scene.complaint.pk)
    assert closed.value.code == "complaint_first_not_open"
    with pytest.raises(InvalidTransition):  # the scene's complaint is no longer registered
        complaint_link_repeat(actor=scene.w.reviewer, pk=scene.complaint.pk, of_pk=repeat.pk)
    with pytest.raises(InvalidTransition):  # not linked
        complaint_unlink_repeat(actor=scene.w.reviewer, pk=repeat.pk)
    assert events(Verb.LINKED) == 0


def test_a_first_with_repeats_cannot_follow_another(scene: Scene) -> None:
    first, repeat = fresh(scene), fresh(scene, "D3HN202611270010")
    complaint_link_repeat(actor=scene.w.reviewer, pk=repeat.pk, of_pk=first.pk)
    with pytest.raises(ApplicationError) as refused:
        complaint_link_repeat(actor=scene.w.reviewer, pk=first.pk, of_pk=scene.complaint.pk)
    assert refused.value.code == "complaint_has_repeats"


def test_a_first_the_actor_does_not_see_is_not_found_on_its_field(scene: Scene) -> None:
    repeat = fresh(scene)
    far = complaint_register(
        actor=scene.far_reviewer,
        office=scene.far_reviewer.memberships.get().organization,
        data=complaint_in(number="XT0001", region=Region.objects.get(code="430302")),
    )
    with pytest.raises(NotFound) as unseen:
        complaint_link_repeat(actor=scene.w.reviewer, pk=repeat.pk, of_pk=far.pk)
    assert set(unseen.value.fields) == {"of"}
    assert Complaint.objects.get(pk=repeat.pk).state == ComplaintState.REGISTERED


# Problems.


def test_join_a_problem_the_actor_sees(scene: Scene) -> None:
    joined = complaint_join_problem(
        actor=scene.w.reviewer, pk=scene.complaint.pk, problem=scene.w.problem
    )
    assert joined.problem == scene.w.problem
    event = Event.objects.get(verb=Verb.PROBLEM_LINKED)
    assert event.data["problem"] == scene.w.problem.code
    with pytest.raises(ApplicationError) as again:
        complaint_join_problem(
            actor=scene.w.reviewer, pk=scene.complaint.pk, problem=scene.w.problem
        )
    assert again.value.code == "complaint_already_in_problem"


def test_a_problem_out_of_scope_is_not_found_on_its_field(scene: Scene) -> None:
    # 湘潭's problem: the 株洲 office does not see it.
    xiangtan = problem_create(
        actor=SYSTEM,
        code="HN-XT-01",
        source="feedback",
        title="湘潭问题",
        description="",
        region=Region.objects.get(code="430300"),
    )
    with pytest.raises(NotFound) as unseen:
        complaint_join_problem(actor=scene.w.reviewer, pk=scene.complaint.pk, problem=xiangtan)
    assert set(unseen.value.fields) == {"problem"}
    assert Complaint.objects.get(pk=scene.complaint.pk).problem is None


def test_the_handling_unit_may_not_join_a_problem(scene: Scene) -> None:
    with pytest.raises(NotPermitted):
        complaint_join_problem(
            actor=scene.unit_reviewer, pk=scene.complaint.pk, problem=scene.w.problem
        )


def test_a_complaint_found_true_becomes_a_problem(scene: Scene) -> None:
    Complaint.objects.filter(pk=scene.complaint.pk).update(truth=Truth.PARTLY_TRUE)
    made = complaint_create_problem(
        actor=scene.w.reviewer,
        pk=scene.complaint.pk,
        code="HN-ZZ-XF-01",
        title="渌口区化工企业夜间偷排",
        categories=["water"],
    )
    problem = made.problem
    assert (problem.code, problem.source, problem.region_id) == (
        "HN-ZZ-XF-01",
        ProblemSource.COMPLAINT,
        "430212",
    )
    assert problem.description == ""  # nothing of the complaint is copied


@pytest.mark.parametrize("truth", ["", Truth.UNTRUE])
def test_a_complaint_not_found_true_does_not_become_a_problem(scene: Scene, truth: str) -> None:
    Complaint.objects.filter(pk=scene.complaint.pk).update(truth=truth)
    with pytest.raises(ApplicationError) as refused:
        complaint_create_problem(
            actor=scene.w.reviewer, pk=scene.complaint.pk, code="HN-ZZ-XF-01", title="t"
        )
    assert refused.value.code == "complaint_not_found_true"


def test_problem_create_rules_hold_through_the_complaint(scene: Scene) -> None:
    Complaint.objects.filter(pk=scene.complaint.pk).update(truth=Truth.TRUE)
    with pytest.raises(ApplicationError) as taken:
        complaint_create_problem(
            actor=scene.w.reviewer, pk=scene.complaint.pk, code=scene.w.problem.code, title="t"
        )
    assert "code" in taken.value.fields
    assert Complaint.objects.get(pk=scene.complaint.pk).problem is None


# Tasks, the relapse signal and reopening.


def test_linking_an_open_task_raises_no_signal(scene: Scene) -> None:
    signal = complaint_link_task(actor=scene.w.reviewer, pk=scene.complaint.pk, task=scene.w.task)
    assert signal is None
    assert list(scene.complaint.tasks.all()) == [scene.w.task]
    on_task = Event.objects.get(verb=Verb.TASK_LINKED, subject_type="rectification.task")
    # The task's readers include units that must not read the complaint: its number only.
    assert on_task.data == {"number": scene.complaint.number}
    assert scene.complaint.content not in str(on_task.data)


def test_a_task_out_of_scope_is_not_found_on_its_field(scene: Scene) -> None:
    far_office = scene.far_reviewer.memberships.get().organization
    xiangtan = problem_create(
        actor=SYSTEM,
        code="HN-XT-01",
        source="feedback",
        title="湘潭问题",
        description="",
        region=Region.objects.get(code="430300"),
    )
    far_task = add_task(
        xiangtan, 1, unit=far_office, person=make_person("李四", organization=far_office)
    )
    with pytest.raises(NotFound) as unseen:
        complaint_link_task(actor=scene.w.reviewer, pk=scene.complaint.pk, task=far_task)
    assert set(unseen.value.fields) == {"task"}
    assert not scene.complaint.tasks.exists()


def test_who_may_not_dispatch_may_not_link_a_task(scene: Scene) -> None:
    with pytest.raises(NotPermitted):
        complaint_link_task(actor=scene.unit_reviewer, pk=scene.complaint.pk, task=scene.w.task)
    with pytest.raises(NotFound):
        complaint_link_task(actor=scene.accused_reviewer, pk=scene.complaint.pk, task=scene.w.task)
    assert not scene.complaint.tasks.exists()


def test_a_task_of_another_problem_than_the_complaints(scene: Scene) -> None:
    other = add_hetang_problem(scene.w).tasks.get()
    complaint_join_problem(actor=scene.w.reviewer, pk=scene.complaint.pk, problem=scene.w.problem)
    with pytest.raises(ApplicationError) as refused:
        complaint_link_task(actor=scene.w.reviewer, pk=scene.complaint.pk, task=other)
    assert refused.value.code == "complaint_task_of_other_problem"


def test_a_complaint_about_a_closed_task_raises_the_relapse_signal_once(scene: Scene) -> None:
    to_closed(scene.w)
    signal = complaint_link_task(actor=scene.w.reviewer, pk=scene.complaint.pk, task=scene.w.task)
    assert signal is not None
    assert (signal.kind, signal.task_id) == (SignalKind.RELAPSE_AFTER_CLOSURE, scene.w.task.pk)
    assert scene.complaint.number in signal.explanation
    assert scene.complaint.content not in signal.explanation
    with pytest.raises(ApplicationError) as again:
        complaint_link_task(actor=scene.w.reviewer, pk=scene.complaint.pk, task=scene.w.task)
    assert again.value.code == "complaint_task_already_linked"
    # Unlinked and linked again (as the admin can): the key holds, no second signal.
    scene.complaint.tasks.clear()
    assert (
        complaint_link_task(actor=scene.w.reviewer, pk=scene.complaint.pk, task=scene.w.task)
        is None
    )
    assert Signal.objects.filter(kind=SignalKind.RELAPSE_AFTER_CLOSURE).count() == 1


def test_the_task_reopens_through_rectifications_reopen(scene: Scene) -> None:
    to_closed(scene.w)
    complaint_link_task(actor=scene.w.reviewer, pk=scene.complaint.pk, task=scene.w.task)
    with pytest.raises(ApplicationError) as no_reason:
        complaint_reopen_task(
            actor=scene.w.reviewer, pk=scene.complaint.pk, task=scene.w.task, reason=" "
        )
    assert no_reason.value.code == "reason_required"
    with pytest.raises(NotFound):  # the lead unit does not see the complaint at all
        complaint_reopen_task(
            actor=scene.w.reporter, pk=scene.complaint.pk, task=scene.w.task, reason="反弹"
        )
    with pytest.raises(NotPermitted):  # the office's viewer sees both, may not reopen
        complaint_reopen_task(
            actor=scene.office_viewer, pk=scene.complaint.pk, task=scene.w.task, reason="反弹"
        )
    task = complaint_reopen_task(
        actor=scene.w.reviewer, pk=scene.complaint.pk, task=scene.w.task, reason="群众再次举报"
    )
    assert (task.state, task.reopen_count) == (TaskState.IN_PROGRESS, 1)
    event = Event.objects.filter(verb="task.reopened").get()
    assert scene.complaint.number in event.reason
    with pytest.raises(InvalidTransition):  # reopened already: rectification's states rule
        complaint_reopen_task(
            actor=scene.w.reviewer, pk=scene.complaint.pk, task=scene.w.task, reason="再次"
        )


def test_only_a_linked_task_is_reopened_from_the_complaint(scene: Scene) -> None:
    to_closed(scene.w)
    with pytest.raises(ApplicationError) as refused:
        complaint_reopen_task(
            actor=scene.w.reviewer, pk=scene.complaint.pk, task=scene.w.task, reason="反弹"
        )
    assert refused.value.code == "complaint_task_not_linked"
    assert Task.objects.get(pk=scene.w.task.pk).state == TaskState.CLOSED
