"""The repeat clusters page and API, and the complaint's links panel and forms."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import RequestFactory

from duban.complaints.choices import ComplaintState, Verb
from duban.complaints.models import Complaint
from duban.complaints.services.intake import complaint_register
from duban.complaints.views.repeats import panel
from duban.core.models import Event, Region
from duban.verification.choices import SignalKind
from duban.verification.models import Signal
from tests.clients import client_for, count_queries
from tests.complaints.scene import COMPLAINANT, Scene, complaint_in
from tests.rectification.task_states import to_closed


def repeat(scene: Scene, number: str = "D3HN202611270002", **overrides) -> Complaint:
    data = complaint_in(number=number, **overrides)
    return complaint_register(actor=scene.w.reviewer, office=scene.w.office, data=data)


def other(scene: Scene, number: str = "D3HN202611270050") -> Complaint:
    return repeat(
        scene,
        number,
        accused_name="某砂石厂",
        address="株洲市攸县网岭镇罗家坪村2组",
        region=Region.objects.get(code="430223"),
    )


def test_clusters_page_lists_the_repeats_without_identity_or_content(scene: Scene) -> None:
    repeat(scene)
    page = client_for(scene.w.reviewer).get("/complaints/repeats/")
    text = page.content.decode()
    assert page.status_code == 200
    assert text.count('data-testid="repeat-row"') == 3  # linked, same firm, same address
    assert scene.complaint.number in text
    assert COMPLAINANT.name not in text and COMPLAINANT.phone not in text
    assert scene.complaint.content not in text


def test_the_accused_unit_sees_no_cluster(scene: Scene) -> None:
    repeat(scene)
    text = client_for(scene.accused_reviewer).get("/complaints/repeats/").content.decode()
    assert 'data-testid="repeat-row"' not in text
    assert scene.complaint.number not in text


def test_clusters_filters_and_bad_parameters(scene: Scene) -> None:
    repeat(scene)
    client = client_for(scene.w.reviewer)
    only_linked = client.get("/complaints/repeats/?kind=linked&days=30&region=430212")
    assert only_linked.content.decode().count('data-testid="repeat-row"') == 1
    elsewhere = client.get("/complaints/repeats/?region=430300")
    assert 'data-testid="repeat-row"' not in elsewhere.content.decode()
    assert client.get("/complaints/repeats/?kind=x&days=-5&region=abc").status_code == 200


def test_clusters_page_queries_do_not_grow_with_clusters(scene: Scene) -> None:
    client = client_for(scene.w.reviewer)
    repeat(scene)
    other(scene, "D3HN202611270200")
    other(scene, "D3HN202611270201")
    before = count_queries(client, "/complaints/repeats/")
    for serial in range(3):
        repeat(scene, f"D3HN20261127010{serial}")
        other(scene, f"D3HN20261127030{serial}")
    assert count_queries(client, "/complaints/repeats/") == before


def test_clusters_api(scene: Scene) -> None:
    repeat(scene)
    client = client_for(scene.w.reviewer)
    answer = client.get("/api/complaints/repeats?kind=linked")
    assert answer.status_code == 200
    (cluster,) = answer.json()
    assert (cluster["kind"], cluster["count"], cluster["region_code"]) == ("linked", 2, "430212")
    assert cluster["first_id"] == scene.complaint.pk
    assert COMPLAINANT.name not in answer.content.decode()
    assert client.get("/api/complaints/repeats?kind=nonsense").status_code in (400, 422)
    assert client.get("/api/complaints/repeats?days=0").status_code in (400, 422)
    assert client_for(scene.accused_reviewer).get("/api/complaints/repeats").json() == []


def _panel_html(scene: Scene, user, complaint: Complaint) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("complaints/_repeats.html", panel(request, complaint), request)


def test_the_panel_offers_a_dispatcher_the_forms_of_the_state(scene: Scene) -> None:
    registered = other(scene)
    html = _panel_html(scene, scene.w.reviewer, registered)
    assert 'data-testid="form-link-repeat"' in html
    assert 'data-testid="form-join-problem"' in html
    assert 'data-testid="form-link-task"' in html
    assert 'data-testid="form-create-problem"' not in html  # not found true yet
    linked = repeat(scene)
    html = _panel_html(scene, scene.w.reviewer, linked)
    assert 'data-testid="form-unlink-repeat"' in html
    assert 'data-testid="form-link-repeat"' not in html
    assert scene.complaint.number in html


def test_the_panel_offers_the_handling_unit_no_form(scene: Scene) -> None:
    html = _panel_html(scene, scene.unit_worker, scene.complaint)
    assert 'data-testid="complaint-links"' in html
    assert "<form" not in html
    assert COMPLAINANT.name not in html


def test_an_unknown_first_comes_back_on_its_field(scene: Scene) -> None:
    registered = other(scene)
    answer = client_for(scene.w.reviewer).post(
        f"/complaints/{registered.pk}/links/repeat/", {"link-of": "NOPE0001"}
    )
    assert answer.status_code == 400
    assert 'data-field-error="link-of"' in answer.content.decode()
    assert Complaint.objects.get(pk=registered.pk).state == ComplaintState.REGISTERED
    empty = client_for(scene.w.reviewer).post(f"/complaints/{registered.pk}/links/repeat/", {})
    assert empty.status_code == 400
    assert not Event.objects.filter(verb=Verb.LINKED).exists()


def test_a_complaint_about_a_closed_task_then_reopen_from_the_page(scene: Scene) -> None:
    to_closed(scene.w)
    client = client_for(scene.w.reviewer)
    linked = client.post(
        f"/complaints/{scene.complaint.pk}/links/task/", {"task-task": scene.w.task.code}
    )
    assert linked.status_code == 302
    assert Signal.objects.filter(kind=SignalKind.RELAPSE_AFTER_CLOSURE).count() == 1
    page = client.get(f"/complaints/{scene.complaint.pk}/links/").content.decode()
    assert f'data-testid="form-reopen-{scene.w.task.pk}"' in page
    no_reason = client.post(
        f"/complaints/{scene.complaint.pk}/links/task/{scene.w.task.pk}/reopen/"
    )
    assert no_reason.status_code == 400
    reopened = client.post(
        f"/complaints/{scene.complaint.pk}/links/task/{scene.w.task.pk}/reopen/",
        {f"reopen-{scene.w.task.pk}-reason": "群众再次举报，问题反弹"},
    )
    assert reopened.status_code == 302
    scene.w.task.refresh_from_db()
    assert scene.w.task.state == "in_progress"


def test_a_new_complaint_about_a_firm_whose_task_closed_is_offered_that_task(
    scene: Scene,
) -> None:
    from duban.complaints.services.links import complaint_link_task

    complaint_link_task(actor=scene.w.reviewer, pk=scene.complaint.pk, task=scene.w.task)
    Complaint.objects.filter(pk=scene.complaint.pk).update(state=ComplaintState.CONCLUDED)
    to_closed(scene.w)
    # Months later, the same firm written otherwise: accepted anew, and offered the task.
    again = repeat(scene, accused_name="某化工有限责任公司", address="")
    assert again.state == ComplaintState.REGISTERED
    html = _panel_html(scene, scene.w.reviewer, again)
    assert f'data-testid="form-link-suggested-{scene.w.task.pk}"' in html
    answer = client_for(scene.w.reviewer).post(
        f"/complaints/{again.pk}/links/task/", {"task-task": scene.w.task.code}
    )
    assert answer.status_code == 302
    assert Signal.objects.filter(kind=SignalKind.RELAPSE_AFTER_CLOSURE).count() == 1
    # The handling unit and the viewer get no form (they may not link).
    assert "form-link-suggested" not in _panel_html(scene, scene.office_viewer, again)
