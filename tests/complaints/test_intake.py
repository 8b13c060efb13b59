"""Registering a complaint: duban's own numbering (services/intake.py)."""

from __future__ import annotations

import pytest

from duban.complaints.models import Complaint
from duban.complaints.services.intake import _save_numbered, complaint_register
from tests.complaints.scene import complaint_in

pytestmark = pytest.mark.django_db


def test_duban_numbers_after_the_highest_and_past_one_taken_meanwhile(scene):
    """A number given by duban follows the day's highest; one a concurrent registration took
    between choosing and saving is skipped, not a 500."""
    day = scene.complaint.received_on
    prefix = f"DB{day:%Y%m%d}"
    complaint_register(
        actor=scene.w.reviewer,
        office=scene.w.office,
        data=complaint_in(number=f"{prefix}0007", accused_name="甲厂", address="甲路1号"),
    )
    made = complaint_register(
        actor=scene.w.reviewer,
        office=scene.w.office,
        data=complaint_in(number="", accused_name="乙厂", address="乙路2号"),
    )
    assert made.number == f"{prefix}0008"
    racing = Complaint.objects.get(pk=made.pk)
    racing.pk, racing.number = None, f"{prefix}0008"  # as if chosen before 0008 was saved
    _save_numbered(racing, given=False)
    assert racing.number == f"{prefix}0009"
