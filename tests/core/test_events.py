"""Core's ledger events keep the payloads they were first recorded with (the chain is
append-only and hashed: a changed key would make old and new events disagree)."""

from __future__ import annotations

from typing import Any

import pytest

from duban.core.attachments import attachment_store
from duban.core.choices import OrganizationKind, Role
from duban.core.ledger import subject_type_of
from duban.core.models import Event
from duban.core.principal import SYSTEM
from duban.core.services import api_token_create
from tests.factories import make_organization, make_person, make_user
from tests.images import photo

pytestmark = pytest.mark.django_db


def recorded(verb: str, subject: Any) -> tuple[int | None, dict[str, Any], str]:
    """(acting organization, data, reason) of the one event with this verb on the subject."""
    event = Event.objects.get(
        verb=verb, subject_type=subject_type_of(subject), subject_id=str(subject.pk)
    )
    return event.organization_id, event.data, event.reason


def test_directory_events_keep_their_payloads():
    # given an organization under a parent, a person, a user with a role and a token
    parent = make_organization("株洲市人民政府", kind=OrganizationKind.GOVERNMENT)
    housing = make_organization("株洲市住建局", parent=parent)
    person = make_person("周建国", organization=housing, post="局长")
    user = make_user("reporter", organization=housing, role=Role.REPORTER, full_name="周")
    token, _secret = api_token_create(actor=SYSTEM, user=user, name="报送脚本")
    # then each event holds exactly what it always held
    assert recorded("organization.created", housing) == (
        parent.pk,
        {
            "name": "株洲市住建局",
            "kind": "department",
            "region": "430200",
            "parent": parent.pk,
            "stationed_in": None,
        },
        "",
    )
    assert recorded("person.created", person) == (
        housing.pk,
        {"name": "周建国", "post": "局长", "organization": housing.pk, "user": None},
        "",
    )
    assert recorded("user.created", user) == (
        None,
        {"username": "reporter", "full_name": "周", "is_superuser": False},
        "",
    )
    assert recorded("membership.granted", housing) == (
        housing.pk,
        {"user": user.pk, "username": "reporter", "role": "reporter"},
        "",
    )
    assert recorded("token.created", user) == (
        None,
        {"token": token.pk, "prefix": token.prefix, "name": "报送脚本"},
        "",
    )


def test_attachment_events_keep_their_payloads():
    # given a photo stored by one user, then the same bytes uploaded by another
    first = make_user("first")
    second = make_user("second")
    content = photo(seed=5)
    stored = attachment_store(actor=first, name="现场.jpg", content=content)
    again = attachment_store(actor=second, name="复核.jpg", content=content)
    # then each upload is a record of its own with its own stored event (issue 16 item 5)
    assert again != stored and again.sha256 == stored.sha256
    for attachment, name in [(stored, "现场.jpg"), (again, "复核.jpg")]:
        assert recorded("attachment.stored", attachment) == (
            None,
            {
                "sha256": stored.sha256,
                "size": stored.size,
                "name": name,
                "content_type": "image/jpeg",
            },
            "",
        )
