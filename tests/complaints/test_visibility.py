"""complaint_visible_to: the receiving office, the handling unit and the coordinating
organizations over the region see a complaint; whom it is against never does."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from duban.complaints.permissions import may_read_identity
from duban.complaints.selectors import complaint_visible_to
from duban.core.choices import Role
from duban.core.models import Membership, Person
from duban.core.principal import SYSTEM
from duban.core.services import membership_grant

pytestmark = pytest.mark.django_db


def _sees(user, complaint) -> bool:
    return complaint_visible_to(user).filter(pk=complaint.pk).exists()


def test_office_and_handling_unit_see_it_others_do_not(scene):
    c = scene.complaint
    for user in (scene.w.reviewer, scene.office_viewer, scene.unit_worker, scene.unit_handler):
        assert _sees(user, c), user.username
    for user in (scene.far_reviewer, scene.w.outsider, scene.w.reporter, scene.accused_reviewer):
        assert not _sees(user, c), user.username


def test_the_accused_unit_never_sees_it_even_from_the_office(scene):
    """A member of the office who is also in the accused unit loses the complaint."""
    user = scene.w.reviewer
    membership_grant(actor=SYSTEM, user=user, organization=scene.accused, role=Role.VIEWER)
    assert not _sees(get_user_model().objects.get(pk=user.pk), scene.complaint)


def test_a_person_complained_about_does_not_see_it(scene):
    person = Person.objects.create(
        name="钱局长", organization=scene.environment, user=scene.unit_worker
    )
    scene.complaint.accused_people.add(person)
    assert not _sees(scene.unit_worker, scene.complaint)
    assert _sees(scene.unit_handler, scene.complaint)


def test_only_designated_handlers_may_read_the_identity(scene):
    c = scene.complaint
    assert may_read_identity(scene.office_handler, c)
    assert may_read_identity(scene.unit_handler, c)
    others = (scene.w.reviewer, scene.unit_worker, scene.unit_reviewer, scene.accused_reviewer)
    for user in (*others, SYSTEM):
        assert not may_read_identity(user, c)


def test_a_designation_ends_with_the_membership(scene):
    """A handler who left the office keeps no access through a designation nobody revoked."""
    assert may_read_identity(scene.office_handler, scene.complaint)
    Membership.objects.filter(user=scene.office_handler, organization=scene.w.office).delete()
    user = get_user_model().objects.get(pk=scene.office_handler.pk)
    assert not may_read_identity(user, scene.complaint)
