"""The signal pages: list with filters, detail with evidence, confirm / dismiss / refer."""

from __future__ import annotations

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from duban.core.models import Event
from duban.verification.choices import SignalKind, SignalStatus
from tests.clients import client_for
from tests.permissions import changes_since, database_state
from tests.verification.scene import make_signal

pytestmark = pytest.mark.django_db


# The list


def test_signal_list_in_scope_shows_the_signal_in_chinese(scene):
    response = client_for(scene.w.reviewer).get("/signals/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "数据疑点" in text
    assert "报送数据多次与核查结果不符" in text  # the kind
    assert 'data-severity="high">高<' in text
    assert 'data-status="open">待处理<' in text
    assert f'href="/tasks/{scene.w.task.pk}/"' in text
    assert f'href="/units/{scene.w.housing.pk}/data-quality/"' in text
    assert "连续3次与核查结果偏差超过10%" in text
    assert f'data-signal="{scene.signal.pk}"' in text


def test_signal_list_out_of_scope_shows_nothing(scene):
    response = client_for(scene.w.outsider).get("/signals/")
    assert response.status_code == 200
    assert 'data-signal="' not in response.content.decode()


def test_filters_narrow_the_list(scene):
    w = scene.w
    flat = make_signal(w.task, 1, kind=SignalKind.FLAT_SERIES)
    dismissed = make_signal(w.task, 2, kind=SignalKind.FLAT_SERIES, status=SignalStatus.DISMISSED)
    client = client_for(w.reviewer)

    def listed(query: str) -> set[int]:
        response = client.get(f"/signals/?{query}")
        assert response.status_code == 200
        text = response.content.decode()
        return {s.pk for s in (scene.signal, flat, dismissed) if f'data-signal="{s.pk}"' in text}

    assert listed("") == {scene.signal.pk, flat.pk, dismissed.pk}
    assert listed("kind=flat_series") == {flat.pk, dismissed.pk}
    assert listed("kind=flat_series&status=open") == {flat.pk}
    assert listed("status=dismissed") == {dismissed.pk}
    assert listed(f"unit={w.housing.pk}") == {scene.signal.pk, flat.pk, dismissed.pk}
    assert listed("region=430200") == {scene.signal.pk, flat.pk, dismissed.pk}
    assert listed("region=430000") == {scene.signal.pk, flat.pk, dismissed.pk}
    # A value outside the choices is shown as an error and ignored, never a 500.
    assert listed("kind=nonsense&unit=abc&page=999") == {scene.signal.pk, flat.pk, dismissed.pk}


def test_filter_to_a_region_without_signals_is_refused_not_widened(scene):
    response = client_for(scene.w.reviewer).get("/signals/?region=430300")
    assert response.status_code == 200
    assert 'data-field-error="region"' in response.content.decode()


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/signals/").status_code == 200
    return len(queries)


def test_signal_list_runs_a_fixed_number_of_queries(scene):
    w = scene.w
    client = client_for(w.reviewer)
    make_signal(w.task, 1)
    two = _queries(client)
    for number in range(2, 10):
        make_signal(w.task, number)
    assert _queries(client) == two
    assert two == 8


# The detail page


def test_signal_detail_out_of_scope_is_404(scene):
    assert client_for(scene.w.outsider).get(f"/signals/{scene.signal.pk}/").status_code == 404
    assert client_for(scene.far_reviewer).get(f"/signals/{scene.signal.pk}/").status_code == 404
    assert client_for(scene.w.reviewer).get(f"/signals/{10**30}/").status_code == 404


def test_signal_detail_resolves_evidence_into_links(scene):
    response = client_for(scene.w.reviewer).get(f"/signals/{scene.signal.pk}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert scene.signal.explanation in text
    for claim in scene.claims:
        assert f'data-claim="{claim.pk}"' in text
        assert f'href="/claims/{claim.pk}/verify/"' in text
        assert f'data-verification="{claim.verifications.get().pk}"' in text
    assert "107.5 公里" in text and "8.84 公里" in text and "现场测量" in text
    assert 'data-testid="decision-form"' in text
    assert "确认疑点" in text and "排除疑点" in text
    assert "发现数据疑点" in text  # the timeline's label of signal.raised


def test_signal_detail_for_a_viewer_offers_no_decision(scene):
    response = client_for(scene.office_viewer).get(f"/signals/{scene.signal.pk}/")
    text = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="decision-form"' not in text
    assert "只有本地区的审核人员或监督人员可以研判疑点" in text


# Deciding


def decide(user, signal, decision="confirm", reason="三次报送均严重失实"):
    return client_for(user).post(
        f"/signals/{signal.pk}/decision/", {"decision": decision, "reason": reason}
    )


def test_decision_without_a_reason_is_a_field_error(scene):
    before = database_state()
    response = decide(scene.w.reviewer, scene.signal, reason="   ")
    assert response.status_code == 400
    assert 'data-field-error="reason"' in response.content.decode()
    assert changes_since(before) == []


def test_dismiss_with_reason(scene):
    response = decide(scene.w.reviewer, scene.signal, "dismiss", "核查口径不一致")
    assert response.status_code == 302
    scene.signal.refresh_from_db()
    assert (scene.signal.status, scene.signal.decision_reason) == ("dismissed", "核查口径不一致")
    page = client_for(scene.w.reviewer).get(response["Location"]).content.decode()
    assert "已排除" in page and "核查口径不一致" in page
    assert 'data-testid="referral-form"' not in page


def test_confirm_then_refer_writes_exactly_two_events(scene):
    signal, supervisor = scene.signal, scene.supervisor
    before = Event.objects.count()
    assert decide(supervisor, signal).status_code == 302
    page = client_for(supervisor).get(f"/signals/{signal.pk}/").content.decode()
    assert 'data-testid="referral-form"' in page and "移送纪委监委" in page
    response = client_for(supervisor).post(f"/signals/{signal.pk}/referral/", {"note": "移送问责"})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert (signal.status, signal.referred) == (SignalStatus.CONFIRMED, True)
    new = Event.objects.order_by("seq")[before:]
    assert [(e.verb, e.subject_type) for e in new] == [
        ("signal.confirmed", "verification.signal"),
        ("signal.referred", "verification.signal"),
    ]
    page = client_for(supervisor).get(f"/signals/{signal.pk}/").content.decode()
    assert "已移送" in page and 'data-testid="referral-form"' not in page


def test_invalid_transitions_show_a_message_and_change_nothing(scene):
    signal, client = scene.signal, client_for(scene.w.reviewer)
    before = database_state()
    response = client.post(f"/signals/{signal.pk}/referral/", {"note": ""})
    assert response.status_code == 302
    assert changes_since(before) == []
    assert "只有已确认的疑点才能移送" in client.get(response["Location"]).content.decode()
    decision = {"decision": "confirm", "reason": "属实"}
    assert client.post(f"/signals/{signal.pk}/decision/", decision).status_code == 302
    before = database_state()
    decision = {"decision": "dismiss", "reason": "改判"}
    response = client.post(f"/signals/{signal.pk}/decision/", decision)
    assert response.status_code == 302
    assert changes_since(before) == []
    assert "该疑点已有研判结论" in client.get(response["Location"]).content.decode()


def test_get_on_a_decision_url_is_not_allowed(scene):
    response = client_for(scene.w.reviewer).get(f"/signals/{scene.signal.pk}/decision/")
    assert response.status_code == 405


# Timeline labels and navigation


def test_task_timeline_shows_the_verbs_as_labels(scene):
    events = Event.objects.filter(
        subject_type="rectification.task", subject_id=str(scene.w.task.pk)
    ).order_by("seq")
    html = render_to_string("core/_timeline.html", {"events": events})
    assert "核查报送数据" in html and "发现数据疑点" in html
    assert 'data-verb="signal.raised"' in html
    assert ">signal.raised<" not in html and ">claim.verified<" not in html


def test_navigation_entries(scene):
    viewer_home = client_for(scene.office_viewer).get("/").content.decode()
    assert 'href="/signals/"' in viewer_home and "数据核查" in viewer_home
    assert 'href="/site-checks/"' not in viewer_home
    reviewer_home = client_for(scene.w.reviewer).get("/").content.decode()
    assert 'href="/signals/"' in reviewer_home and 'href="/site-checks/"' in reviewer_home
