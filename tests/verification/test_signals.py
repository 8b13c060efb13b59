"""Site checks, verifications and the signals raised from the stored data."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from duban.core import clock
from duban.core.attachments import attachment_store
from duban.core.choices import OrganizationKind, Role
from duban.core.models import Event
from duban.core.principal import SYSTEM
from duban.errors import ApplicationError, InvalidTransition, NotFound, NotPermitted
from duban.rectification.services import ClaimInput, report_submit, task_create, task_transition
from duban.verification.choices import SignalKind, SignalStatus
from duban.verification.models import Signal
from duban.verification.services import (
    signal_decide,
    signal_refer,
    signals_scan,
    site_check_record,
    verification_record,
)
from tests.factories import make_organization, make_person, make_user
from tests.images import photo

pytestmark = pytest.mark.django_db


def km(value: str, explanation: str = "") -> list[ClaimInput]:
    return [ClaimInput("污水管网改造长度", "公里", D(value), explanation=explanation)]


def rescaled(content: bytes) -> bytes:
    """The same picture at 90 % size and lower quality: other bytes, same scene."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(content))
    output = io.BytesIO()
    image.resize((image.width * 9 // 10, image.height * 9 // 10)).save(output, "JPEG", quality=70)
    return output.getvalue()


def start(w) -> None:
    task_transition(actor=w.reporter, task_id=w.task.pk, action="acknowledge")
    task_transition(actor=w.reporter, task_id=w.task.pk, action="start")


def three_submissions(w):
    start(w)
    return [
        report_submit(
            actor=w.reporter,
            task_id=w.task.pk,
            narrative=f"第{n}次",
            percent=20 + n,
            claims=km(value),
        ).claims.get()
        for n, value in enumerate(["107.5", "112", "115.2"], start=1)
    ]


def test_checker_from_lead_unit_is_refused(workflow):
    claim = three_submissions(workflow)[0]
    with pytest.raises(ApplicationError) as error:
        verification_record(
            actor=workflow.reviewer,
            claim_id=claim.pk,
            verified_value=D("8.84"),
            method="site_measurement",
            checker=workflow.responsible,
            verified_on=clock.today(),
        )
    assert "lead unit" in error.value.fields["checker"]


def test_three_deviating_submissions_raise_one_false_reporting_signal(workflow):
    w = workflow
    claims = three_submissions(w)
    for claim in claims[:1]:
        verification_record(
            actor=w.reviewer,
            claim_id=claim.pk,
            verified_value=D("8.84"),
            method="site_measurement",
            checker=w.signer,
            verified_on=clock.today(),
        )
    assert [s.kind for s in signals_scan()] == []  # one deviating version is not yet a pattern
    for claim in claims[1:]:
        verification_record(
            actor=w.reviewer,
            claim_id=claim.pk,
            verified_value=D("8.84"),
            method="site_measurement",
            checker=w.signer,
            verified_on=clock.today(),
        )
    raised = signals_scan()
    assert [s.kind for s in raised] == [SignalKind.FALSE_REPORTING]
    signal = raised[0]
    assert signal.evidence["claims"] == [c.pk for c in claims]
    assert "107.5公里" in signal.explanation and "8.84公里" in signal.explanation
    assert signals_scan() == []  # idempotent
    timeline = Event.objects.filter(subject_type="rectification.task", subject_id=str(w.task.pk))
    assert timeline.filter(verb="signal.raised").count() == 1


def test_same_photo_for_two_tasks_and_near_duplicate(workflow):
    w = workflow
    second = task_create(
        actor=SYSTEM,
        problem=w.problem,
        number=2,
        title="另一处",
        measures="m",
        target="t",
        kind="deadline",
        lead_unit=w.housing,
        responsible_person=w.responsible,
        acceptance_level="city",
        deadline=clock.today() + timedelta(days=30),
    )
    for task in (w.task, second):
        task_transition(actor=w.reporter, task_id=task.pk, action="acknowledge")
    same = attachment_store(actor=w.reporter, name="a.jpg", content=photo(seed=3))
    report_submit(
        actor=w.reporter, task_id=w.task.pk, narrative="x", percent=10, attachments=[same]
    )
    report_submit(
        actor=w.reporter, task_id=second.pk, narrative="x", percent=10, attachments=[same]
    )
    recropped = attachment_store(actor=w.reporter, name="b.jpg", content=rescaled(photo(seed=3)))
    assert recropped.sha256 != same.sha256
    report_submit(
        actor=w.reporter, task_id=second.pk, narrative="y", percent=12, attachments=[recropped]
    )
    kinds = sorted(s.kind for s in signals_scan())
    assert SignalKind.DUPLICATE_FILE in kinds and SignalKind.NEAR_DUPLICATE_PHOTO in kinds


def test_photo_taken_after_the_report_was_submitted(workflow, settings):
    w = workflow
    start(w)
    later = timezone.localtime() + timedelta(days=2)
    future = attachment_store(
        actor=w.reporter,
        name="摆拍.jpg",
        content=photo(seed=5, taken_at=later.replace(tzinfo=None)),
    )
    honest = attachment_store(
        actor=w.reporter,
        name="现场.jpg",
        content=photo(seed=9, taken_at=datetime.now() - timedelta(hours=3)),
    )
    no_exif = attachment_store(actor=w.reporter, name="无.jpg", content=photo(seed=11, device=""))
    assert no_exif.metadata["exif_missing"] is True
    report_submit(
        actor=w.reporter,
        task_id=w.task.pk,
        narrative="x",
        percent=10,
        attachments=[future, honest, no_exif],
    )
    signals = [s for s in signals_scan() if s.kind == SignalKind.EXIF_TIME]
    assert [s.evidence["attachments"] for s in signals] == [[future.pk]]


def test_photo_far_from_checked_site(workflow):
    w = workflow
    start(w)
    site_check_record(
        actor=w.reviewer,
        organization=w.office,
        checked_on=clock.today(),
        region=w.problem.region,
        place="荷塘区排口",
        findings="排口仍有污水",
        inspectors=[w.signer],
        tasks=[w.task],
        latitude=D("27.8274"),
        longitude=D("113.1340"),
    )
    near = attachment_store(
        actor=w.reporter, name="near.jpg", content=photo(seed=1, gps=(27.83, 113.14))
    )
    far = attachment_store(
        actor=w.reporter, name="far.jpg", content=photo(seed=2, gps=(28.2282, 112.9388))
    )
    report_submit(
        actor=w.reporter, task_id=w.task.pk, narrative="x", percent=10, attachments=[near, far]
    )
    gps = [s for s in signals_scan() if s.kind == SignalKind.EXIF_GPS]
    assert [s.evidence["attachments"] for s in gps] == [[far.pk]]


def test_flat_series_of_a_non_cumulative_metric(workflow, settings):
    w = workflow
    start(w)
    for month in range(4):
        settings.DUBAN_TODAY = date(2026, 6 + month, 15)
        report_submit(
            actor=w.reporter,
            task_id=w.task.pk,
            narrative="x",
            percent=10 + month,
            claims=[ClaimInput("出水COD浓度", "mg/L", D("28.0"), is_cumulative=False)],
        )
    assert [s.kind for s in signals_scan()] == [SignalKind.FLAT_SERIES]


def test_failed_check_after_closure_feeds_reopen(workflow):
    from duban.rectification.models import Task

    w = workflow
    Task.objects.filter(pk=w.task.pk).update(
        state="closed", closed_on=clock.today() - timedelta(days=30)
    )
    site_check_record(
        actor=w.reviewer,
        organization=w.office,
        checked_on=clock.today(),
        region=w.problem.region,
        place="排口",
        findings="雨后溢流",
        passed=False,
        inspectors=[w.signer],
        tasks=[w.task],
    )
    assert [s.kind for s in signals_scan()] == [SignalKind.RELAPSE_AFTER_CLOSURE]


def test_decisions_need_oversight_role_and_change_nothing_when_denied(workflow):
    w = workflow
    claims = three_submissions(w)
    for claim in claims:
        verification_record(
            actor=w.reviewer,
            claim_id=claim.pk,
            verified_value=D("8.84"),
            method="site_measurement",
            checker=w.signer,
            verified_on=clock.today(),
        )
    signal = signals_scan()[0]
    events = Event.objects.count()
    with pytest.raises(NotPermitted):
        signal_decide(actor=w.reporter, signal_id=signal.pk, confirm=False, reason="不认可")
    with pytest.raises(NotFound):
        signal_decide(actor=w.outsider, signal_id=signal.pk, confirm=False, reason="x")
    with pytest.raises(InvalidTransition):
        signal_refer(actor=w.reviewer, signal_id=signal.pk)  # not confirmed yet
    assert Event.objects.count() == events
    assert Signal.objects.get(pk=signal.pk).status == SignalStatus.OPEN
    commission = make_organization("株洲市纪委监委", kind=OrganizationKind.DISCIPLINE_COMMISSION)
    supervisor = make_user("jw", organization=commission, role=Role.SUPERVISOR)
    signal_decide(actor=supervisor, signal_id=signal.pk, confirm=True, reason="三次报送均失实")
    signal_refer(actor=supervisor, signal_id=signal.pk, note="移送问责")
    signal.refresh_from_db()
    assert (signal.status, signal.referred) == (SignalStatus.CONFIRMED, True)
    verbs = list(
        Event.objects.filter(subject_type="verification.signal").values_list("verb", flat=True)
    )
    assert verbs == ["signal.raised", "signal.confirmed", "signal.referred"]


def test_uploads_sniffed_sanitised_and_exif_kept():
    jpeg = photo(seed=4, taken_at=datetime(2021, 10, 20, 9, 30), gps=(27.8, 113.1))
    payload = jpeg[:2] + b"\xff\xfe\x00\x14<script>alert</script>" + jpeg[2:]  # a COM segment
    stored = attachment_store(
        actor=SYSTEM, name="x.jpg", content=payload, declared_type="image/jpeg"
    )
    data = stored.file.read()
    assert b"<script>" not in data
    assert stored.metadata["exif_taken_at"] == "2021-10-20T09:30:00"
    assert stored.metadata["exif_latitude"].startswith("27.8")
    assert stored.metadata["original_sha256"] != stored.sha256
    with pytest.raises(ApplicationError) as mismatch:
        attachment_store(actor=SYSTEM, name="x.pdf", content=jpeg, declared_type="application/pdf")
    assert mismatch.value.code == "type_mismatch"
    with pytest.raises(ApplicationError):
        attachment_store(actor=SYSTEM, name="x.exe", content=b"MZ\x90\x00binary")
    again = attachment_store(actor=SYSTEM, name="copy.jpg", content=payload)
    assert again.pk == stored.pk  # stored once, never overwritten


def test_person_helper_for_checker_outside_unit(workflow):
    outside = make_person("外部核查员", organization=workflow.office)
    claim = three_submissions(workflow)[0]
    verification = verification_record(
        actor=workflow.reviewer,
        claim_id=claim.pk,
        verified_value=D("100"),
        method="document_check",
        checker=outside,
        verified_on=clock.today(),
    )
    assert verification.deviation == D("0.0750")


def test_stationed_group_supervisor_decides_signals_of_its_department(workflow):
    w = workflow
    claims = three_submissions(w)
    for claim in claims:
        verification_record(
            actor=w.reviewer,
            claim_id=claim.pk,
            verified_value=D("8.84"),
            method="site_measurement",
            checker=w.signer,
            verified_on=clock.today(),
        )
    signal = signals_scan()[0]
    commission = make_organization("株洲市纪委监委", kind=OrganizationKind.DISCIPLINE_COMMISSION)
    group = make_organization(
        "驻市住建局纪检监察组",
        kind=OrganizationKind.STATIONED_GROUP,
        parent=commission,
        stationed_in=w.housing,
    )
    stationed = make_user("group", organization=group, role=Role.SUPERVISOR)
    other_group = make_organization(
        "驻荷塘区住建局纪检监察组",
        kind=OrganizationKind.STATIONED_GROUP,
        parent=commission,
        stationed_in=w.sibling,
    )
    elsewhere = make_user("other_group", organization=other_group, role=Role.SUPERVISOR)
    with pytest.raises(NotFound):
        signal_decide(actor=elsewhere, signal_id=signal.pk, confirm=True, reason="x")
    signal_decide(actor=stationed, signal_id=signal.pk, confirm=True, reason="三次报送均失实")
    assert Signal.objects.get(pk=signal.pk).status == SignalStatus.CONFIRMED


def test_site_check_evidence_downloads_in_scope_only(workflow, settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    w = workflow
    evidence = attachment_store(actor=w.reviewer, name="核查.jpg", content=photo(seed=41))
    site_check_record(
        actor=w.reviewer,
        organization=w.office,
        checked_on=clock.today(),
        region=w.problem.region,
        place="排口",
        findings="见照片",
        inspectors=[w.signer],
        tasks=[w.task],
        evidence=[evidence],
    )
    client.force_login(w.reporter)
    assert client.get(f"/attachments/{evidence.pk}/").status_code == 200
    client.force_login(w.outsider)
    assert client.get(f"/attachments/{evidence.pk}/").status_code == 404
