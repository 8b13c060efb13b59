"""The handling panel and the API: forms offered exactly when the service would accept them,
bad input as field messages (never a 500), no complainant identity anywhere."""

from __future__ import annotations

import pytest
from django.db import connection

from duban.complaints.models import Complaint
from duban.complaints.services import handling
from duban.complaints.services.handling import HandlingIn
from tests.clients import client_for, post_json
from tests.complaints.scene import COMPLAINANT
from tests.complaints.test_handling import concluded_data

pytestmark = pytest.mark.django_db


def page(scene, user) -> str:
    response = client_for(user).get(f"/complaints/{scene.complaint.pk}/handling/")
    assert response.status_code == 200
    return response.content.decode()


def offered(html: str) -> set[str]:
    import re

    return set(re.findall(r'data-testid="action-([a-z_]+)"', html))


def test_each_user_is_offered_what_the_services_accept(scene):
    assert offered(page(scene, scene.unit_worker)) == {"acknowledge"}
    assert offered(page(scene, scene.unit_reviewer)) == {"acknowledge", "extend"}
    assert offered(page(scene, scene.w.reviewer)) == {"not_accept"}
    assert offered(page(scene, scene.office_viewer)) == set()
    handling.complaint_acknowledge(actor=scene.unit_worker, pk=scene.complaint.pk)
    assert offered(page(scene, scene.unit_worker)) == {"reply", "handle", "team_report"}
    assert offered(page(scene, scene.w.reviewer)) == set()


def test_after_conclusion_the_office_calls_back_and_records_a_review(scene):
    pk = scene.complaint.pk
    handling.complaint_acknowledge(actor=scene.unit_worker, pk=pk)
    handling.complaint_reply(actor=scene.unit_worker, pk=pk, text="答复")
    handling.complaint_handle(actor=scene.unit_worker, pk=pk, data=concluded_data())
    assert offered(page(scene, scene.w.reviewer)) == {"follow_up", "review"}
    assert offered(page(scene, scene.unit_worker)) == {"team_report", "follow_up"}


def test_bad_form_input_is_shown_on_the_field(scene):
    pk = scene.complaint.pk
    handling.complaint_acknowledge(actor=scene.unit_worker, pk=pk)
    client = client_for(scene.unit_worker)
    response = client.post(
        f"/complaints/{pk}/handling/handle/",
        {
            "outcome": "concluded",
            "truth": "",
            "fines_wan_yuan": "1.234",
            "ordered_to_rectify": "-1",
            "cases_filed": "0",
            "criminal_cases": "0",
            "administrative_detentions": "0",
            "criminal_detentions": "0",
            "talks": "0",
            "held_accountable": "0",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-field-error="fines_wan_yuan"' in html
    assert 'data-field-error="ordered_to_rectify"' in html
    # Valid shape but the service's rule: conclusion needs its parts, shown by field.
    response = client.post(
        f"/complaints/{pk}/handling/handle/",
        {
            "outcome": "concluded",
            "fines_wan_yuan": "0",
            **dict.fromkeys(handling.COUNTS, "0"),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    for name in ("truth", "investigation", "measures"):
        assert f'data-field-error="{name}"' in html
    assert Complaint.objects.get(pk=pk).state == "handling"


def test_an_unknown_action_is_not_found(scene):
    response = client_for(scene.unit_worker).post(f"/complaints/{scene.complaint.pk}/handling/x/")
    assert response.status_code == 404


def test_a_stale_form_says_so_and_goes_back(scene):
    pk = scene.complaint.pk
    handling.complaint_acknowledge(actor=scene.unit_worker, pk=pk)
    response = client_for(scene.unit_worker).post(f"/complaints/{pk}/handling/acknowledge/", {})
    assert response.status_code == 302
    assert response["Location"] == f"/complaints/{pk}/"  # back to the complaint's page


@pytest.mark.parametrize(
    "body, field",
    [
        ({"outcome": "concluded", "fines_wan_yuan": "1.001"}, "fines_wan_yuan"),
        ({"outcome": "concluded", "talks": -1}, "talks"),
        ({"outcome": "nonsense"}, "outcome"),
    ],
)
def test_bad_api_input_is_a_field_error(scene, body, field):
    pk = scene.complaint.pk
    handling.complaint_acknowledge(actor=scene.unit_worker, pk=pk)
    response = post_json(client_for(scene.unit_worker), f"/api/complaints/{pk}/handling", body)
    assert response.status_code in (400, 422)
    assert field in str(response.json()["fields"])


def test_api_rule_refusals_name_the_fields(scene):
    pk = scene.complaint.pk
    handling.complaint_acknowledge(actor=scene.unit_worker, pk=pk)
    response = post_json(
        client_for(scene.unit_worker), f"/api/complaints/{pk}/handling", {"outcome": "concluded"}
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"truth", "investigation", "measures", "reply"}
    response = post_json(
        client_for(scene.unit_reviewer),
        f"/api/complaints/{pk}/extension",
        {"days": 31, "reason": "太长"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "complaint_extension_too_long"


def test_api_walk_to_concluded_and_the_actions_it_offers(scene):
    pk = scene.complaint.pk
    client = client_for(scene.unit_worker)
    answer = post_json(client, f"/api/complaints/{pk}/acknowledgement", {}).json()
    assert answer["state"] == "handling"
    assert answer["actions"] == ["reply", "handle", "team_report"]
    post_json(client, f"/api/complaints/{pk}/reply", {"text": "经查属实"})
    answer = post_json(
        client,
        f"/api/complaints/{pk}/handling",
        {
            "outcome": "concluded",
            "truth": "basically_true",
            "investigation": "核实",
            "measures": "整改",
            "fines_wan_yuan": "2.5",
        },
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["state"] == "concluded" and body["fines_wan_yuan"] in ("2.50", 2.5, "2.5")


def test_no_identity_in_pages_or_api_answers(scene):
    """Walk the complaint to the end and read every handling page and answer as everyone."""
    pk = scene.complaint.pk
    handling.complaint_acknowledge(actor=scene.unit_worker, pk=pk)
    handling.complaint_reply(actor=scene.unit_worker, pk=pk, text="答复")
    handling.complaint_handle(actor=scene.unit_worker, pk=pk, data=concluded_data())
    handling.complaint_follow_up(
        actor=scene.w.reviewer, pk=pk, on=None, satisfaction="satisfied", note="满意"
    )
    secrets = (COMPLAINANT.name, COMPLAINANT.phone, COMPLAINANT.address)
    users = [
        scene.unit_worker,
        scene.unit_handler,
        scene.unit_reviewer,
        scene.office_handler,
        scene.w.reviewer,
        scene.office_viewer,
        scene.accused_reviewer,
        scene.far_reviewer,
        None,
    ]
    for user in users:
        client = client_for(user)
        for path in (
            f"/complaints/{pk}/handling/",
            f"/api/complaints/{pk}/handling",
            f"/complaints/{pk}/reply.docx",
        ):
            content = client.get(path).content
            if path.endswith(".docx") and content.startswith(b"PK"):
                from tests.complaints.test_reply import text_of

                text = text_of(content)
            else:
                text = content.decode(errors="replace")
            for secret in secrets:
                assert secret not in text, (user, path)


def test_handling_recorded_while_partly_concluded_keeps_state_choices(scene):
    pk = scene.complaint.pk
    handling.complaint_acknowledge(actor=scene.unit_worker, pk=pk)
    handling.complaint_handle(
        actor=scene.unit_worker,
        pk=pk,
        data=HandlingIn(
            outcome="partly_concluded", truth="true", investigation="x", closure_target="y"
        ),
    )
    html = page(scene, scene.unit_worker)
    assert 'value="partly_concluded" selected' in html
    assert connection.vendor in ("sqlite", "postgresql")
