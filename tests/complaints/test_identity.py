"""The complainant's identity: the one recorded read, the handlers who may make it, the keys
and their rotation (services.identity, identity.py, `duban complaints new-key|rekey`)."""

from __future__ import annotations

import argparse
import json

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings

from duban import cli
from duban.complaints import commands, identity
from duban.complaints.checks import complaint_keys_check
from duban.complaints.choices import Verb
from duban.complaints.identity import Identity, KeyMissing, seal, unseal
from duban.complaints.models import ComplaintIdentity, HandlerDesignation
from duban.complaints.services.identity import (
    IdentityUnavailable,
    handler_designate,
    handler_revoke,
    identity_read,
    identity_rekey,
)
from duban.complaints.services.intake import complaint_register
from duban.complaints.views.identity import panel
from duban.core.choices import Role
from duban.core.models import Event
from duban.core.principal import SYSTEM
from duban.errors import ApplicationError, CommandError, Conflict, NotFound, NotPermitted
from tests.clients import client_for, post_json
from tests.complaints.scene import COMPLAINANT, complaint_in, designate
from tests.factories import make_user

pytestmark = pytest.mark.django_db

KEY_A, KEY_B = Fernet.generate_key().decode(), Fernet.generate_key().decode()
SECRETS = (COMPLAINANT.name, COMPLAINANT.phone, COMPLAINANT.address)


def events_since(seq: int) -> list[Event]:
    return list(Event.objects.filter(seq__gt=seq).order_by("seq"))


def last_seq() -> int:
    return Event.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def no_identity_in(events: list[Event]) -> None:
    for event in events:
        text = json.dumps(event.data, ensure_ascii=False) + event.reason
        assert not any(secret in text for secret in SECRETS), event.verb


# The read.


def test_designated_handlers_read_and_each_read_is_one_event(scene):
    for reader in (scene.office_handler, scene.unit_handler):
        seq = last_seq()
        assert identity_read(actor=reader, pk=scene.complaint.pk) == COMPLAINANT
        (event,) = events_since(seq)
        assert (event.verb, event.actor_id, event.subject_id) == (
            Verb.IDENTITY_READ,
            reader.pk,
            str(scene.complaint.pk),
        )
        assert event.data == {"number": scene.complaint.number, "anonymous": False}


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("w.reviewer", NotPermitted),  # the receiving office's reviewer, not designated
        ("unit_worker", NotPermitted),
        ("unit_reviewer", NotPermitted),
        ("office_viewer", NotPermitted),
        ("accused_reviewer", NotFound),  # complained about: does not see the complaint
        ("far_reviewer", NotFound),
        ("w.reporter", NotFound),
    ],
)
def test_a_refused_read_raises_and_records_nothing(scene, who, error):
    actor = scene
    for part in who.split("."):
        actor = getattr(actor, part)
    seq = last_seq()
    with pytest.raises(error):
        identity_read(actor=actor, pk=scene.complaint.pk)
    assert events_since(seq) == []


def test_system_and_an_inactive_handler_never_read(scene):
    with pytest.raises(NotPermitted):
        identity_read(actor=SYSTEM, pk=scene.complaint.pk)
    scene.office_handler.is_active = False
    scene.office_handler.save()
    with pytest.raises((NotFound, NotPermitted)):  # an inactive user's scope is empty
        identity_read(actor=scene.office_handler, pk=scene.complaint.pk)


def test_a_handler_who_joins_the_accused_unit_loses_the_complaint(scene):
    """Designated by the handling unit, but now a member of the unit complained about: the
    complaint is out of their sight altogether (信访工作条例 Art. 30)."""
    from duban.core.services import membership_grant

    membership_grant(
        actor=SYSTEM, user=scene.unit_handler, organization=scene.accused, role=Role.VIEWER
    )
    with pytest.raises(NotFound):
        identity_read(actor=scene.unit_handler, pk=scene.complaint.pk)


def test_a_designation_elsewhere_gives_nothing(scene):
    """A handler of another organization (湘潭's office) reads none of 株洲's complaints,
    even when that organization is the one the complaint is against."""
    designate(scene.far_reviewer, scene.far_reviewer.memberships.get().organization)
    designate(scene.accused_reviewer, scene.accused)
    for actor in (scene.far_reviewer, scene.accused_reviewer):
        with pytest.raises(NotFound):
            identity_read(actor=actor, pk=scene.complaint.pk)


def test_an_anonymous_complaint_reads_empty_and_is_still_recorded(scene):
    anonymous = complaint_register(
        actor=scene.w.reviewer,
        office=scene.w.office,
        data=complaint_in(
            number="D3HN202611270002", accused_name="某砂场", address="", identity=Identity()
        ),
    )
    assert anonymous.anonymous and not ComplaintIdentity.objects.filter(complaint=anonymous)
    seq = last_seq()
    assert identity_read(actor=scene.office_handler, pk=anonymous.pk).is_empty
    (event,) = events_since(seq)
    assert event.data["anonymous"] is True


def test_the_stored_token_is_not_plaintext(scene):
    row = ComplaintIdentity.objects.get(complaint=scene.complaint)
    assert not any(secret in row.token for secret in SECRETS)
    assert unseal(row.key_id, row.token) == COMPLAINANT


# Designation.


def test_admin_designates_a_member_and_revokes(scene):
    admin = make_user("office_admin", organization=scene.w.office, role=Role.ADMIN)
    seq = last_seq()
    handler_designate(actor=admin, organization=scene.w.office, user=scene.w.reviewer)
    assert identity_read(actor=scene.w.reviewer, pk=scene.complaint.pk) == COMPLAINANT
    handler_revoke(actor=admin, organization=scene.w.office, user=scene.w.reviewer)
    with pytest.raises(NotPermitted):
        identity_read(actor=scene.w.reviewer, pk=scene.complaint.pk)
    verbs = [event.verb for event in events_since(seq)]
    assert verbs == [Verb.HANDLER_DESIGNATED, Verb.IDENTITY_READ, Verb.HANDLER_REVOKED]
    designated = events_since(seq)[0]
    assert designated.data == {"user": scene.w.reviewer.pk, "username": scene.w.reviewer.username}
    assert designated.subject_id == str(scene.w.office.pk)


def test_designation_refusals(scene):
    admin = make_user("office_admin", organization=scene.w.office, role=Role.ADMIN)
    far_admin = make_user(
        "far_admin",
        organization=scene.far_reviewer.memberships.get().organization,
        role=Role.ADMIN,
    )
    seq = last_seq()
    for actor in (scene.w.reviewer, scene.office_handler, far_admin):
        with pytest.raises(NotPermitted):
            handler_designate(actor=actor, organization=scene.w.office, user=scene.office_viewer)
    with pytest.raises(ApplicationError) as refused:  # not a member of the office
        handler_designate(actor=admin, organization=scene.w.office, user=scene.unit_worker)
    assert "user" in refused.value.fields
    with pytest.raises(Conflict):  # designated already
        handler_designate(actor=admin, organization=scene.w.office, user=scene.office_handler)
    with pytest.raises(Conflict):  # not designated
        handler_revoke(actor=admin, organization=scene.w.office, user=scene.office_viewer)
    with pytest.raises(NotPermitted):
        handler_revoke(actor=far_admin, organization=scene.w.office, user=scene.office_handler)
    assert events_since(seq) == []
    assert HandlerDesignation.objects.filter(user=scene.office_handler).count() == 1


def test_an_inactive_member_cannot_be_designated(scene):
    admin = make_user("office_admin", organization=scene.w.office, role=Role.ADMIN)
    scene.office_viewer.is_active = False
    scene.office_viewer.save()
    with pytest.raises(ApplicationError):
        handler_designate(actor=admin, organization=scene.w.office, user=scene.office_viewer)


def test_an_admin_above_designates_in_a_unit_below(scene):
    city_admin = make_user("city_admin", organization=scene.w.office.parent, role=Role.ADMIN)
    handler_designate(actor=city_admin, organization=scene.environment, user=scene.unit_worker)
    assert identity_read(actor=scene.unit_worker, pk=scene.complaint.pk) == COMPLAINANT


def test_handler_pages_and_api(scene):
    admin = make_user("office_admin", organization=scene.w.office, role=Role.ADMIN)
    client = client_for(admin)
    page = client.get("/complaints/handlers/")
    assert page.status_code == 200 and "office_handler" in page.content.decode()
    refused = client.post(
        "/complaints/handlers/",
        {"organization": scene.w.office.pk, "user": scene.unit_worker.pk},
    )
    assert refused.status_code == 400  # not a member: not among the choices
    listed = client.get("/api/complaints/handlers").json()
    assert [(h["organization"]["id"], h["user"]["username"]) for h in listed] == [
        (scene.w.office.pk, "office_handler")
    ]
    answer = post_json(
        client,
        "/api/complaints/handlers",
        {"organization": scene.w.office.pk, "user": scene.unit_worker.pk},
    )
    assert answer.status_code == 400 and "user" in answer.json()["fields"]
    assert client_for(scene.w.reviewer).get("/api/complaints/handlers").json() == []


# The pages.


def test_panel_offers_the_button_only_to_a_handler(scene):
    request = RequestFactory().get("/")
    for user, may in ((scene.office_handler, True), (scene.w.reviewer, False)):
        request.user = user
        context = panel(request, scene.complaint)
        assert context["identity_may_read"] is may
        html = render_to_string("complaints/_identity.html", context, request=request)
        assert ('data-testid="identity-reveal"' in html) is may
        assert ('data-testid="identity-protected"' in html) is not may
        assert not any(secret in html for secret in SECRETS)


def test_the_page_shows_the_identity_only_in_the_answer_to_a_post(scene):
    client = client_for(scene.office_handler)
    url = f"/complaints/{scene.complaint.pk}/identity/"
    assert client.get(url).status_code == 405
    seq = last_seq()
    shown = client.post(url)
    body = shown.content.decode()
    assert shown.status_code == 200
    assert all(secret in body for secret in SECRETS)
    assert 'data-testid="identity-recorded"' in body
    assert "no-store" in shown["Cache-Control"]
    assert [e.verb for e in events_since(seq)] == [Verb.IDENTITY_READ]


def test_the_api_answer_is_not_cached(scene):
    answer = post_json(
        client_for(scene.unit_handler), f"/api/complaints/{scene.complaint.pk}/identity", {}
    )
    assert answer.status_code == 200
    assert answer.json() == {
        "anonymous": False,
        "name": COMPLAINANT.name,
        "phone": COMPLAINANT.phone,
        "address": COMPLAINANT.address,
        "id_number": "",
        "email": "",
    }
    assert "no-store" in answer["Cache-Control"]


# Keys and rotation.


def test_rotation_keeps_every_identity_readable(scene):
    """Seal under A; configure "B,A" (and the derived key the scene's identity was sealed
    with); rekey; configure only B: every identity still opens, and one event tells it."""
    with override_settings(DUBAN_COMPLAINT_KEYS=f"A:{KEY_A}"):
        under_a = complaint_register(
            actor=scene.w.reviewer,
            office=scene.w.office,
            data=complaint_in(
                number="D3HN202611270003", accused_name="某冶炼厂", address="株洲市石峰区清水塘1号"
            ),
        )
    assert ComplaintIdentity.objects.get(complaint=under_a).key_id == "A"
    seq = last_seq()
    with override_settings(DUBAN_COMPLAINT_KEYS=f"B:{KEY_B},A:{KEY_A},derived"):
        assert identity_rekey(batch_size=1) == 2
        assert identity_rekey() == 0  # nothing left: no second event
    assert set(ComplaintIdentity.objects.values_list("key_id", flat=True)) == {"B"}
    (event,) = events_since(seq)
    assert event.verb == Verb.IDENTITY_REKEYED and event.actor_id is None
    assert event.data == {"count": 2, "from": ["A", "derived"], "to": "B"}
    dumped = json.dumps(event.data)
    assert KEY_A not in dumped and KEY_B not in dumped
    with override_settings(DUBAN_COMPLAINT_KEYS=f"B:{KEY_B}"):
        for pk in (scene.complaint.pk, under_a.pk):
            assert identity_read(actor=scene.office_handler, pk=pk) == COMPLAINANT


def test_rekey_resumes_after_an_interruption(scene, monkeypatch):
    with override_settings(DUBAN_COMPLAINT_KEYS=f"A:{KEY_A}"):
        for n in range(3):
            complaint_register(
                actor=scene.w.reviewer,
                office=scene.w.office,
                data=complaint_in(
                    number=f"D3HN20261127010{n}",
                    accused_name=f"某厂{n}",
                    address=f"株洲市荷塘区{n}号",
                ),
            )
    from duban.complaints.services import identity as service

    calls = {"n": 0}
    real_seal = service.seal

    def failing_seal(value: Identity) -> tuple[str, str]:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("interrupted")
        return real_seal(value)

    with override_settings(DUBAN_COMPLAINT_KEYS=f"B:{KEY_B},A:{KEY_A},derived"):
        monkeypatch.setattr(service, "seal", failing_seal)
        with pytest.raises(RuntimeError):
            identity_rekey(batch_size=2)
        # The first batch of two stayed re-sealed; the second rolled back whole.
        assert ComplaintIdentity.objects.filter(key_id="B").count() == 2
        monkeypatch.setattr(service, "seal", real_seal)
        assert identity_rekey(batch_size=2) == 2
    with override_settings(DUBAN_COMPLAINT_KEYS=f"B:{KEY_B}"):
        for row in ComplaintIdentity.objects.all():
            assert unseal(row.key_id, row.token).name == COMPLAINANT.name


def test_a_dropped_key_is_a_clear_error_not_a_500(scene):
    with override_settings(DUBAN_COMPLAINT_KEYS=f"A:{KEY_A}"):
        key_id, token = seal(COMPLAINANT)
    ComplaintIdentity.objects.filter(complaint=scene.complaint).update(key_id=key_id, token=token)
    with override_settings(DUBAN_COMPLAINT_KEYS=f"B:{KEY_B}"):
        with pytest.raises(KeyMissing):
            unseal(key_id, token)
        seq = last_seq()
        with pytest.raises(IdentityUnavailable) as unavailable:
            identity_read(actor=scene.office_handler, pk=scene.complaint.pk)
        assert "A" in unavailable.value.message and unavailable.value.status == 503
        page = client_for(scene.office_handler).post(f"/complaints/{scene.complaint.pk}/identity/")
        assert page.status_code == 503
        assert 'data-testid="identity-unavailable"' in page.content.decode()
        api = post_json(
            client_for(scene.unit_handler), f"/api/complaints/{scene.complaint.pk}/identity", {}
        )
        assert api.status_code == 503
        assert api.json()["code"] == "complaint_identity_key_missing"
        assert events_since(seq) == []  # nothing was read
        with pytest.raises(KeyMissing):  # rekey refuses before changing anything
            identity_rekey()
    # The same key under the same id, but a different secret: also KeyMissing, not a crash.
    with override_settings(DUBAN_COMPLAINT_KEYS=f"A:{KEY_B}"), pytest.raises(KeyMissing):
        unseal(key_id, token)


def test_malformed_keys_are_named(settings):
    settings.DUBAN_COMPLAINT_KEYS = "A:not-a-key"
    with pytest.raises(ImproperlyConfigured, match="'A'"):
        identity.keys()
    settings.DUBAN_COMPLAINT_KEYS = f":{KEY_A}"
    with pytest.raises(ImproperlyConfigured, match="id"):
        identity.keys()


def test_only_system_or_a_superuser_rekeys(scene):
    with pytest.raises(NotPermitted):
        identity_rekey(actor=scene.w.reviewer)


def test_cli_new_key_and_rekey(scene, capsys, settings):
    assert cli.main(["complaints", "new-key"]) == 0
    printed = capsys.readouterr().out.strip()
    Fernet(printed.encode())  # a valid key
    settings.DUBAN_COMPLAINT_KEYS = f"B:{printed},derived"
    assert commands.rekey_command(argparse.Namespace(batch=100)) == 0
    assert "1 identities re-sealed under key 'B'" in capsys.readouterr().out
    settings.DUBAN_COMPLAINT_KEYS = f"C:{KEY_A}"  # B dropped too early
    assert commands.rekey_command(argparse.Namespace(batch=100)) == 1
    assert "B" in capsys.readouterr().err
    settings.DUBAN_COMPLAINT_KEYS = "C:nonsense"
    with pytest.raises(CommandError, match="DUBAN_COMPLAINT_KEYS"):
        commands.rekey_command(argparse.Namespace(batch=100))


def test_the_deploy_check_refuses_the_derived_key(settings):
    settings.DEBUG = False
    for raw in ("", " ", "derived", f"derived,A:{KEY_A}"):
        settings.DUBAN_COMPLAINT_KEYS = raw
        assert [m.id for m in complaint_keys_check()] == ["complaints.E001"], raw
    settings.DUBAN_COMPLAINT_KEYS = "A:nonsense"
    assert [m.id for m in complaint_keys_check()] == ["complaints.E002"]
    settings.DUBAN_COMPLAINT_KEYS = f"A:{KEY_A},derived"
    assert complaint_keys_check() == []
    settings.DEBUG = True
    settings.DUBAN_COMPLAINT_KEYS = ""
    assert complaint_keys_check() == []


def test_the_deploy_check_runs_with_check_deploy(settings):
    from django.core.checks import run_checks

    settings.DEBUG = False
    settings.DUBAN_COMPLAINT_KEYS = ""
    assert "complaints.E001" in [m.id for m in run_checks(include_deployment_checks=True)]
