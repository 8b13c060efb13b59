"""Plans moved from rectification to inspections without changing what the ledger holds."""

import pytest

from duban.core.models import Event
from duban.core.selectors import event_list_for
from tests.factories import make_workflow

pytestmark = pytest.mark.django_db


def test_plan_events_keep_the_subject_type_they_were_recorded_under():
    # given a plan made through the service
    w = make_workflow()
    # when its creation event is read back
    event = Event.objects.get(verb="plan.created")
    # then it names the plan as it always did, and the planner sees it under that name
    assert (event.subject_type, event.subject_id) == ("rectification.plan", str(w.plan.pk))
    listed = event_list_for(
        user=w.reviewer, subject_type="rectification.plan", subject_id=str(w.plan.pk)
    )
    assert [e.verb for e in listed] == ["plan.created"]
