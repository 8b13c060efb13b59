"""The data-truth scene shared by the page and API tests (no tests of its own).

株洲's housing bureau reports 107.5, 112 and 115.2 km of renovated sewer; the city office
finds 8.84 km on site, and the scan raises one false-reporting signal. Around it: everyone a
permission test needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from duban.core import clock
from duban.core.choices import OrganizationKind, Role
from duban.rectification.models import Claim, Task
from duban.rectification.services import ClaimInput, report_submit, task_transition
from duban.verification.choices import Severity, SignalKind
from duban.verification.models import Signal, SiteCheck
from duban.verification.services import signals_scan, site_check_record, verification_record
from tests.factories import Workflow, make_organization, make_user, make_workflow
from tests.images import photo

METRIC = "污水管网改造长度"


@dataclass
class Scene:
    w: Workflow
    claims: list[Claim]
    signal: Signal
    supervisor: Any  # discipline commission of the city: may decide and refer
    office_viewer: Any  # sees everything in the city, but only watches: wrong role
    far_reviewer: Any  # reviewer of another city: right role, out of scope


def build_scene() -> Scene:
    w = make_workflow()
    task_transition(actor=w.reporter, task_id=w.task.pk, action="acknowledge")
    task_transition(actor=w.reporter, task_id=w.task.pk, action="start")
    claims = []
    for number, value in enumerate(["107.5", "112", "115.2"], start=1):
        report = report_submit(
            actor=w.reporter,
            task_id=w.task.pk,
            narrative=f"第{number}次报送",
            percent=20 + number,
            claims=[ClaimInput(METRIC, "公里", Decimal(value))],
        )
        claims.append(report.claims.get())
    for claim in claims:
        verification_record(
            actor=w.reviewer,
            claim_id=claim.pk,
            verified_value=Decimal("8.84"),
            method="site_measurement",
            checker=w.signer,
            verified_on=clock.today(),
        )
    (signal,) = signals_scan()
    commission = make_organization("株洲市纪委监委", kind=OrganizationKind.DISCIPLINE_COMMISSION)
    far_office = make_organization(
        "湘潭市整改办", kind=OrganizationKind.RECTIFICATION_OFFICE, region="430300"
    )
    return Scene(
        w=w,
        claims=claims,
        signal=signal,
        supervisor=make_user("jw", organization=commission, role=Role.SUPERVISOR),
        office_viewer=make_user("office_viewer", organization=w.office, role=Role.VIEWER),
        far_reviewer=make_user("far_reviewer", organization=far_office, role=Role.REVIEWER),
    )


def make_signal(
    task: Task,
    number: int,
    *,
    kind: SignalKind = SignalKind.FLAT_SERIES,
    status: str = "open",
) -> Signal:
    """A stored signal for list tests (the scan's own findings are tested in test_signals)."""
    return Signal.objects.create(
        kind=kind,
        severity=Severity.MEDIUM,
        status=status,
        task=task,
        unit=task.lead_unit,
        explanation=f"测试疑点{number}",
        key=f"test:{task.pk}:{number}",
    )


# Forms and bodies the page, API and permission tests post.


def site_check_form(scene, **changes):
    w = scene.w
    data = {
        "organization": w.office.pk,
        "checked_on": clock.today().isoformat(),
        "region": "",
        "place": "石峰区老旧管网改造片区",
        "latitude": "27.8710",
        "longitude": "113.1630",
        "unannounced": "on",
        "findings": "逐段核对：实际完成改造 8.84 公里",
        "passed": "no",
        "inspectors": [w.signer.pk],
        "tasks": [w.task.pk],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def jpeg(name: str = "现场.jpg", seed: int = 7, content_type: str = "image/jpeg"):
    content = photo(seed=seed, taken_at=datetime.now() - timedelta(hours=2), gps=(27.87, 113.16))
    return SimpleUploadedFile(name, content, content_type=content_type)


def record_check(scene) -> SiteCheck:
    w = scene.w
    return site_check_record(
        actor=w.reviewer,
        organization=w.office,
        checked_on=clock.today(),
        region=w.problem.region,
        place="排口",
        findings="排口仍有污水",
        inspectors=[w.signer],
        tasks=[w.task],
    )


def verify_form(scene, checker, **changes):
    data = {
        "verified_value": "8.84",
        "method": "site_measurement",
        "checker": checker.pk,
        "verified_on": clock.today().isoformat(),
        "note": "按竣工资料逐段核对",
    }
    data.update(changes)
    return data


def site_check(scene, **changes):
    w = scene.w
    payload = {
        "organization": w.office.pk,
        "checked_on": clock.today().isoformat(),
        "place": "石峰区老旧管网改造片区",
        "latitude": "27.871",
        "longitude": "113.163",
        "unannounced": True,
        "findings": "实际完成改造 8.84 公里",
        "passed": False,
        "inspectors": [w.signer.pk],
        "tasks": [w.task.pk],
    }
    payload.update(changes)
    return payload


def verification(scene, person=None, **changes):
    payload = {
        "verified_value": "8.84",
        "method": "site_measurement",
        "checker": (person or scene.w.signer).pk,
        "verified_on": clock.today().isoformat(),
        "note": "逐段核对",
    }
    payload.update(changes)
    return payload
