"""The case pages as a supervisor uses them: open a case from a problem or a confirmed signal,
record a finding with an uploaded file, decide sanctions, see and clear the overdue banner."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from duban.accountability.choices import CaseSource, Measure
from duban.accountability.models import AccountabilityCase, Sanction
from duban.accountability.services import finding_record, sanction_decide
from duban.core import clock
from duban.core.models import Event
from duban.verification.choices import Severity, SignalKind, SignalStatus
from duban.verification.models import Signal
from tests.clients import client_for
from tests.images import photo

pytestmark = pytest.mark.django_db


def signal(scene, status: str) -> Signal:
    return Signal.objects.create(
        kind=SignalKind.FALSE_REPORTING,
        severity=Severity.HIGH,
        status=status,
        task=scene.w.task,
        unit=scene.w.housing,
        explanation="三次报送均与核实值偏差较大",
        key=f"test:{status}",
    )


def test_open_a_case_from_a_problem(scene):
    client = client_for(scene.supervisor)
    form = client.get("/accountability/new/?problem=HN-ZZ-01").content.decode()
    assert 'value="HN-ZZ-01"' in form
    response = client.post(
        "/accountability/new/",
        {
            "commission": scene.commission.pk,
            "title": "第二案",
            "problems": "HN-ZZ-01",
            "source": "handover",
            "summary": "移交",
        },
    )
    case = AccountabilityCase.objects.get(title="第二案")
    assert response["Location"] == f"/accountability/{case.pk}/"
    assert case.number == f"株洲市纪委监委问责〔{clock.today().year}〕2号"


def test_open_a_case_from_a_confirmed_signal_only(scene):
    client = client_for(scene.supervisor)
    confirmed = signal(scene, SignalStatus.CONFIRMED)
    page = client.get(f"/accountability/new/?signal={confirmed.pk}").content.decode()
    assert 'data-testid="from-signal"' in page and 'value="signal" selected' in page
    data = {
        "signal": confirmed.pk,
        "commission": scene.commission.pk,
        "title": "数据造假",
        "problems": "HN-ZZ-01",
        "source": "signal",
        "summary": "疑点经确认",
    }
    assert client.post("/accountability/new/", data).status_code == 302
    assert AccountabilityCase.objects.get(title="数据造假").signal == confirmed
    pending = signal(scene, SignalStatus.OPEN)
    before = Event.objects.count()
    response = client.post("/accountability/new/", {**data, "signal": pending.pk})
    assert response.status_code == 400
    assert "只有经确认的疑点才能启动问责调查" in response.content.decode()
    assert Event.objects.count() == before
    assert client.get("/accountability/new/?signal=999999").status_code == 404


def test_finding_with_an_uploaded_file_then_a_sanction(scene):
    client = client_for(scene.supervisor)
    upload = SimpleUploadedFile("笔录.jpg", photo(seed=21), content_type="image/jpeg")
    response = client.post(
        f"/accountability/{scene.case.pk}/findings/",
        {
            "target": "organization",
            "organization": scene.party_group.pk,
            "responsibility": "primary",
            "facts": "牵头单位履行主体责任不力",
            "evidence": upload,
        },
    )
    assert response.status_code == 302
    finding = scene.case.findings.get(organization=scene.party_group)
    file = finding.evidence.get()
    download = client.get(f"/accountability/evidence/{file.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "image/jpeg"
    response = client.post(
        f"/accountability/{scene.case.pk}/sanctions/",
        {
            "finding": finding.pk,
            "measure": "org_circular",
            "decided_by": "株洲市纪委监委",
            "decided_on": clock.today().isoformat(),
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    assert Sanction.objects.get(finding=finding).is_public is True
    page = client.get(f"/accountability/{scene.case.pk}/").content.decode()
    assert len(re.findall(r'data-testid="sanction-row"', page)) == 2


def test_sanction_on_a_finding_without_evidence_is_refused_on_the_page(scene):
    bare = finding_record(
        actor=scene.supervisor,
        case_id=scene.case.pk,
        responsibility="leadership",
        facts="无证据的认定",
        person=scene.w.leader,
    )
    before = Sanction.objects.count()
    response = client_for(scene.supervisor).post(
        f"/accountability/{scene.case.pk}/sanctions/",
        {
            "finding": bare.pk,
            "measure": "admonition",
            "rank": "division",
            "decided_by": "x",
            "decided_on": clock.today().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "该责任认定没有证据" in response.content.decode()
    assert Sanction.objects.count() == before


def test_overdue_handling_banner_and_carried_out(scene):
    decided_on = clock.today() - timedelta(days=40)
    handling = sanction_decide(
        actor=scene.supervisor,
        case_id=scene.case.pk,
        finding_id=scene.finding.pk,
        measure=Measure.DISMISSAL,
        rank="division",
        decided_by="株洲市委",
        decided_on=decided_on,
    )
    client = client_for(scene.supervisor)
    for path in ("/accountability/", f"/accountability/{scene.case.pk}/"):
        page = client.get(path).content.decode()
        assert 'data-testid="overdue-sanction"' in page
    response = client.post(
        f"/accountability/{scene.case.pk}/sanctions/{handling.pk}/carried-out/",
        {"on": (decided_on - timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 400  # before the decision
    response = client.post(
        f"/accountability/{scene.case.pk}/sanctions/{handling.pk}/carried-out/",
        {"on": clock.today().isoformat()},
    )
    assert response.status_code == 302
    assert 'data-testid="overdue-sanction"' not in client.get("/accountability/").content.decode()
    again = client.post(
        f"/accountability/{scene.case.pk}/sanctions/{handling.pk}/carried-out/",
        {"on": clock.today().isoformat()},
    )
    assert again.status_code == 302  # a message, nothing recorded twice
    assert Event.objects.filter(verb="case.sanction_carried_out").count() == 1


def test_case_list_filters(scene):
    client = client_for(scene.supervisor)
    assert scene.case.number in client.get("/accountability/?problem=HN-ZZ-01").content.decode()
    assert scene.case.number not in client.get("/accountability/?problem=OTHER").content.decode()
    assert (
        scene.case.number
        not in client.get(f"/accountability/?source={CaseSource.SIGNAL}").content.decode()
    )


def test_a_confirmed_signal_leads_to_the_case_form_with_it_chosen(scene):
    # given a confirmed signal the commission's supervisor sees
    client = client_for(scene.supervisor)
    confirmed = signal(scene, SignalStatus.CONFIRMED)
    # when they open the signal's page and follow its link
    page = client.get(f"/signals/{confirmed.pk}/").content.decode()
    link = f'href="/accountability/new/?signal={confirmed.pk}"'
    assert link in page
    form = client.get(f"/accountability/new/?signal={confirmed.pk}").content.decode()
    # then the form has the signal chosen
    assert f'<option value="{confirmed.pk}" selected>' in form
    # and a reviewer, who may not open cases, gets no link
    reviewer_page = client_for(scene.w.reviewer).get(f"/signals/{confirmed.pk}/")
    assert link not in reviewer_page.content.decode()


def test_choosing_the_signal_source_without_a_signal_lists_the_signals(scene):
    client = client_for(scene.supervisor)
    confirmed = signal(scene, SignalStatus.CONFIRMED)
    before = (AccountabilityCase.objects.count(), Event.objects.count())
    response = client.post(
        "/accountability/new/",
        {
            "commission": scene.commission.pk,
            "title": "数据造假",
            "problems": "HN-ZZ-01",
            "source": "signal",
            "summary": "疑点经确认",
        },
    )
    assert response.status_code == 400
    # The signal in words (its kind and explanation), not by number.
    text = response.content.decode()
    assert f"请选择问责调查所依据的疑点：{confirmed.get_kind_display()}：" in text
    assert (AccountabilityCase.objects.count(), Event.objects.count()) == before
