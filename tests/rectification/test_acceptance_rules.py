"""Issue 9, close-out acceptance: independent (谁验收谁负责), graded (分级验收), resting on a
site check or a document-check reason; completion short of 80 % explained; ongoing tasks get a
staged acceptance (阶段性验收) that is never 销号.

Each refusal is asked of the service the way an attacker would, and asserts nothing changed.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from duban.core.choices import OrganizationKind, Role
from duban.core.models import Event, Membership
from duban.core.principal import SYSTEM
from duban.errors import ApplicationError
from duban.inspections.choices import ProblemStatus
from duban.rectification import permissions, statistics
from duban.rectification.choices import TaskState
from duban.rectification.models import CloseOut, Task
from duban.rectification.selectors import acceptance_signer_choices
from duban.rectification.services import (
    acceptance_record,
    report_submit,
    staged_acceptance_record,
    task_transition,
    task_update_responsibility,
)
from duban.verification.models import SiteCheck
from tests.factories import make_organization, make_person, make_user, make_workflow
from tests.rectification.task_states import acceptance_data, to_completed, to_under_acceptance

pytestmark = pytest.mark.django_db

ALL_PASS = {
    key: {"passed": True, "comment": "已核实"}
    for key in [
        "measures_done",
        "violations_penalised",
        "effect_meets_norms",
        "similar_fixed",
        "root_cause_removed",
    ]
}
DOCUMENTS = "整改资料经逐项审核，佐证材料完整"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def snapshot(task: Task) -> tuple[Any, ...]:
    """What a refused acceptance must leave as it was."""
    task.refresh_from_db()
    decided = CloseOut.objects.filter(task=task, decided_at__isnull=False).count()
    return (task.state, task.percent, Event.objects.count(), CloseOut.objects.count(), decided)


def accept(w: Any, **changes: Any) -> Task:
    arguments = {
        "actor": w.reviewer,
        "task_id": w.task.pk,
        "acceptance_unit": w.office,
        "signer": w.signer,
        "tests": ALL_PASS,
        "document_check_reason": DOCUMENTS,
        **changes,
    }
    return acceptance_record(**arguments)


def refused(w: Any, **changes: Any) -> dict[str, str]:
    before = snapshot(w.task)
    with pytest.raises(ApplicationError) as error:
        accept(w, **changes)
    assert snapshot(w.task) == before
    return {field: getattr(reason, "code", "") for field, reason in error.value.fields.items()}


# 1. Independence — the reproduction first.


def test_lead_unit_accepting_its_own_task_signed_by_its_responsible_person_is_refused(workflow):
    """The issue's reproduction: 株洲市住建局 accepting its own task, signed by 周建国, the
    task's responsible person, was "验收通过，已进入公示"."""
    w = workflow
    to_under_acceptance(w)
    fields = refused(w, acceptance_unit=w.housing, signer=w.responsible)
    assert fields == {
        "acceptance_unit": "acceptor_not_independent",
        "signer": "signer_not_independent",
    }
    assert Task.objects.get(pk=w.task.pk).state == TaskState.UNDER_ACCEPTANCE


def test_the_reproduction_is_refused_through_the_api(workflow):
    w = workflow
    to_under_acceptance(w)
    before = snapshot(w.task)
    client = Client()
    client.force_login(w.reviewer)
    body = {
        "acceptance_unit": w.housing.pk,
        "signer": w.responsible.pk,
        "tests": ALL_PASS,
        "document_check_reason": DOCUMENTS,
    }
    response = client.post(
        f"/api/tasks/{w.task.pk}/acceptance", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"acceptance_unit", "signer"}
    assert snapshot(w.task) == before


def test_the_reproduction_is_refused_through_the_page(workflow):
    w = workflow
    to_under_acceptance(w)
    before = snapshot(w.task)
    client = Client()
    client.force_login(w.reviewer)
    page = client.get(f"/tasks/{w.task.pk}/acceptance/").content.decode()
    units = page.split('name="acceptance_unit"')[1].split("</select>")[0]
    assert w.office.name in units and w.housing.name not in units  # the lead unit: not offered
    data = {**acceptance_data(w), "acceptance_unit": w.housing.pk, "signer": w.responsible.pk}
    response = client.post(f"/tasks/{w.task.pk}/acceptance/", data)
    assert response.status_code == 400
    assert snapshot(w.task) == before


def test_an_organization_below_a_co_unit_may_not_accept(workflow):
    w = workflow
    co_unit = make_organization("株洲市生态环境局", kind=OrganizationKind.GOVERNMENT)
    below = make_organization(
        "株洲市环境监察支队", kind=OrganizationKind.GOVERNMENT, parent=co_unit
    )
    w.task.co_units.add(co_unit)
    signer = make_person("刘强", organization=below)
    to_under_acceptance(w)
    fields = refused(w, acceptance_unit=below, signer=signer)
    assert fields["acceptance_unit"] == "acceptor_not_independent"
    assert fields["signer"] == "signer_not_independent"
    assert below not in permissions.acceptance_units(w.task)


def test_a_signer_who_holds_a_membership_in_the_lead_unit_is_refused(workflow):
    w = workflow
    user = make_user("double", organization=w.office, role=Role.REVIEWER)
    Membership.objects.create(user=user, organization=w.housing, role=Role.REPORTER)
    signer = make_person("钱多", organization=w.office)
    signer.user = user
    signer.save()
    to_under_acceptance(w)
    assert refused(w, signer=signer) == {"signer": "signer_not_independent"}


def test_a_signer_who_was_once_responsible_for_the_task_is_refused(workflow):
    """Responsibility at any time, replayed from the ledger: the office's head was the
    responsible person before the task moved to 周建国."""
    w = workflow
    director = make_person("孙建", organization=w.office, post="副主任")
    task_update_responsibility(actor=SYSTEM, task=w.task, responsible_person=director)
    task_update_responsibility(actor=SYSTEM, task=w.task, responsible_person=w.responsible)
    w.task.refresh_from_db()
    assert w.task.responsible_person_id == w.responsible.pk
    to_under_acceptance(w)
    assert refused(w, signer=director) == {"signer": "signer_responsible"}
    assert director not in acceptance_signer_choices(task=w.task, unit_id=w.office.pk)
    assert w.signer in acceptance_signer_choices(task=w.task, unit_id=w.office.pk)


def test_the_supervising_leader_may_not_sign(workflow):
    w = workflow
    w.leader.organization = w.office
    w.leader.save()
    to_under_acceptance(w)
    assert refused(w, signer=w.leader) == {"signer": "signer_responsible"}


# 2. The acceptance level decides which coordinating organization accepts.


def test_a_province_level_task_is_accepted_by_a_province_level_coordinating_organization(
    workflow,
):
    w = workflow
    Task.objects.filter(pk=w.task.pk).update(acceptance_level="province")
    province = make_organization(
        "湖南省整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="430000"
    )
    province_signer = make_person("黄志刚", organization=province, post="整改办主任")
    elsewhere = make_organization(
        "湖北省整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="420000"
    )
    to_under_acceptance(w)
    w.task.refresh_from_db()
    assert list(permissions.acceptance_units(w.task)) == [province]
    assert refused(w) == {"acceptance_unit": "acceptance_level_mismatch"}
    fields = refused(w, acceptance_unit=elsewhere, signer=make_person(organization=elsewhere))
    assert fields == {"acceptance_unit": "acceptance_level_mismatch"}
    task = accept(w, acceptance_unit=province, signer=province_signer)
    assert task.state == TaskState.PUBLICIZED


def test_a_department_is_not_a_coordinating_organization(workflow):
    w = workflow
    environment = make_organization("株洲市生态环境局")  # a department, city level
    to_under_acceptance(w)
    fields = refused(w, acceptance_unit=environment, signer=make_person(organization=environment))
    assert fields == {"acceptance_unit": "acceptance_level_mismatch"}


# 3. Acceptance rests on a site check, or says why documents suffice.


def site_check(w: Any, *, passed: bool | None = True, linked: bool = True) -> SiteCheck:
    check = SiteCheck.objects.create(
        checked_on=w.task.assigned_on,
        organization=w.office,
        region=w.problem.region,
        place="荷塘区污水管网改造现场",
        findings="管网已完成改造",
        passed=passed,
    )
    if linked:
        check.tasks.add(w.task)
    return check


def test_acceptance_without_a_site_check_or_a_reason_is_refused(workflow):
    w = workflow
    to_under_acceptance(w)
    assert refused(w, document_check_reason="  ") == {
        "document_check_reason": "acceptance_basis_missing"
    }


def test_a_site_check_must_be_of_this_task_and_not_have_failed(workflow):
    w = workflow
    to_under_acceptance(w)
    other = site_check(w, linked=False)
    failed = site_check(w, passed=False)
    assert refused(w, document_check_reason="", site_check_id=other.pk) == {
        "site_check": "site_check_unlinked"
    }
    assert refused(w, document_check_reason="", site_check_id=failed.pk) == {
        "site_check": "site_check_failed"
    }
    assert refused(w, site_check_id=site_check(w).pk) == {"site_check": "acceptance_basis_twice"}


def test_acceptance_on_a_site_check_is_kept_and_written_in_the_event(workflow):
    w = workflow
    to_under_acceptance(w)
    check = site_check(w)
    accept(w, document_check_reason="", site_check_id=check.pk)
    closeout = CloseOut.objects.get(task=w.task)
    assert (closeout.site_check_id, closeout.document_check_reason) == (check.pk, "")
    event = Event.objects.get(verb="task.accepted")
    assert event.data["site_check"] == check.pk
    assert "荷塘区污水管网改造现场" in event.data["site_check_label"]
    assert event.data["document_check_reason"] == ""
    page = Client()
    page.force_login(w.reviewer)
    html = page.get(f"/tasks/{w.task.pk}/").content.decode()
    assert "荷塘区污水管网改造现场" in html.split('data-testid="acceptance-basis"')[1]


def test_a_document_check_reason_is_kept_and_written_in_the_event(workflow):
    w = workflow
    to_under_acceptance(w)
    accept(w)
    assert CloseOut.objects.get(task=w.task).document_check_reason == DOCUMENTS
    event = Event.objects.get(verb="task.accepted")
    assert (event.data["site_check"], event.data["document_check_reason"]) == (None, DOCUMENTS)


# 4. Completing short of 80 % asks for an explanation; the reported percent is kept.


def test_completing_well_short_of_100_percent_needs_an_explanation(workflow):
    w = workflow
    for action in ["acknowledge", "start"]:
        task_transition(actor=w.reporter, task_id=w.task.pk, action=action)
    report_submit(actor=w.reporter, task_id=w.task.pk, narrative="完成过半", percent=55)
    before = snapshot(w.task)
    with pytest.raises(ApplicationError) as error:
        task_transition(actor=w.reporter, task_id=w.task.pk, action="complete")
    assert error.value.fields["reason"].code == "completion_unexplained"
    assert snapshot(w.task) == before
    task = task_transition(
        actor=w.reporter, task_id=w.task.pk, action="complete", reason="剩余工程已并入二期"
    )
    assert (task.state, task.percent) == (TaskState.COMPLETED, 55)  # not 100
    detail = Client()
    detail.force_login(w.reviewer)
    assert 'data-testid="percent">55%' in detail.get(f"/tasks/{w.task.pk}/").content.decode()


def test_completing_at_or_above_80_percent_needs_no_explanation(workflow):
    w = workflow
    for action in ["acknowledge", "start"]:
        task_transition(actor=w.reporter, task_id=w.task.pk, action=action)
    report_submit(actor=w.reporter, task_id=w.task.pk, narrative="基本完成", percent=80)
    task = task_transition(actor=w.reporter, task_id=w.task.pk, action="complete")
    assert (task.state, task.percent) == (TaskState.COMPLETED, 80)


def test_the_acceptor_reads_the_completion_explanation(workflow):
    w = workflow
    to_under_acceptance(w)  # completed at 0 % with the test's explanation
    client = Client()
    client.force_login(w.reviewer)
    page = client.get(f"/tasks/{w.task.pk}/acceptance/").content.decode()
    explanation = page.split('data-testid="completion-explanation"')[1]
    assert "整改措施已完成，完工进度未另行报送" in explanation


def test_the_complete_form_requires_the_explanation_below_the_threshold(workflow):
    w = workflow
    for action in ["acknowledge", "start"]:
        task_transition(actor=w.reporter, task_id=w.task.pk, action=action)
    before = snapshot(w.task)
    client = Client()
    client.force_login(w.reporter)
    response = client.post(f"/tasks/{w.task.pk}/actions/complete/", {"reason": ""})
    assert response.status_code == 400
    assert snapshot(w.task) == before


# 5. Ongoing tasks: a staged acceptance, never 销号.


@pytest.fixture
def ongoing(db):
    w = make_workflow(kind="ongoing")
    to_completed(w)
    return w


def stage(w: Any, **changes: Any) -> Task:
    arguments = {
        "actor": w.reviewer,
        "task_id": w.task.pk,
        "acceptance_unit": w.office,
        "signer": w.signer,
        "summary": "阶段性目标已完成，长效机制建立",
        "document_check_reason": DOCUMENTS,
        **changes,
    }
    return staged_acceptance_record(**arguments)


def test_uphold_is_no_longer_a_bare_move(ongoing):
    before = snapshot(ongoing.task)
    with pytest.raises(ApplicationError):
        task_transition(actor=ongoing.reviewer, task_id=ongoing.task.pk, action="uphold")
    assert snapshot(ongoing.task) == before


def test_staged_acceptance_has_the_same_independence_rules(ongoing):
    w = ongoing
    before = snapshot(w.task)
    with pytest.raises(ApplicationError) as error:
        stage(w, acceptance_unit=w.housing, signer=w.responsible, document_check_reason="")
    assert set(error.value.fields) == {"acceptance_unit", "signer", "document_check_reason"}
    with pytest.raises(ApplicationError) as error:
        stage(w, summary=" ")
    assert set(error.value.fields) == {"summary"}
    assert snapshot(w.task) == before


def test_staged_acceptance_upholds_and_is_counted_apart_from_closed(ongoing):
    w = ongoing
    task = stage(w)
    assert task.state == TaskState.UPHELD
    closeout = CloseOut.objects.get(task=w.task)
    assert (closeout.staged, closeout.accepted, closeout.signer_id) == (True, True, w.signer.pk)
    event = Event.objects.get(verb="task.upheld")
    assert (event.data["staged"], event.data["document_check_reason"]) == (True, DOCUMENTS)
    w.problem.refresh_from_db()
    assert w.problem.status == ProblemStatus.COMPLETED  # never closed (销号)
    summary = statistics.summary(user=w.reviewer)
    assert (summary.completed, summary.closed, summary.upheld) == (1, 0, 1)
    assert "其中已销号0个，阶段性完成、长期坚持1个" in summary.sentence()


def test_staged_acceptance_through_the_page_and_the_api(ongoing):
    w = ongoing
    client = Client()
    client.force_login(w.reviewer)
    page = client.get(f"/tasks/{w.task.pk}/acceptance/").content.decode()
    assert 'name="summary"' in page and 'type="radio"' not in page
    body = {
        "acceptance_unit": w.housing.pk,
        "signer": w.responsible.pk,
        "summary": "阶段性完成",
        "document_check_reason": DOCUMENTS,
    }
    before = snapshot(w.task)
    response = client.post(
        f"/api/tasks/{w.task.pk}/staged-acceptance",
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 400 and snapshot(w.task) == before
    body.update(acceptance_unit=w.office.pk, signer=w.signer.pk)
    response = client.post(
        f"/api/tasks/{w.task.pk}/staged-acceptance",
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["state"] == "upheld"


def test_the_dossier_shows_what_the_acceptance_rests_on(workflow):
    from duban.accountability.dossier.summary import Names, event_summary

    w = workflow
    to_under_acceptance(w)
    accept(w)
    event = Event.objects.get(verb="task.accepted")
    line = event_summary(event, Names([event]))
    assert f"验收单位：{w.office.name}，签字人：{w.signer.name}" in line
    assert f"书面审核（理由：{DOCUMENTS}）" in line
