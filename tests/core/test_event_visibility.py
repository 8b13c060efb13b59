"""Event visibility stamped at write time selects exactly what the per-subject rule did.

The reference below is event_visible_to and problem_timeline as they were before events
carried visibility columns: each subject type's own selector, matched on the text subject id.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db.models import CharField, Count, Q, QuerySet
from django.db.models.functions import Cast

from duban.core import ledger, selectors
from duban.core.ledger import subject_type_of
from duban.core.models import Event
from duban.core.principal import SYSTEM
from duban.core.related import sections_of
from duban.demo.load import load_demo
from duban.inspections.models import Problem
from duban.inspections.selectors import problem_timeline

pytestmark = pytest.mark.django_db


def reference_event_visible_to(user: Any) -> QuerySet[Event]:
    condition = Q(pk__in=[])
    for subject_type, visible in ledger.registered_subjects().items():
        ids = visible(user).annotate(pk_text=Cast("pk", CharField())).values("pk_text")
        condition |= Q(subject_type=subject_type, subject_id__in=ids)
    return Event.objects.filter(condition)


def reference_problem_timeline(user: Any, problem: Problem) -> QuerySet[Event]:
    condition = Q(subject_type=subject_type_of(problem), subject_id=str(problem.pk))
    for section in sections_of(Problem):
        rows = section.rows_of(user, problem)
        ids = rows.annotate(pk_text=Cast("pk", CharField())).values("pk_text")
        condition |= Q(subject_type=subject_type_of(rows.model), subject_id__in=ids)
    return Event.objects.filter(condition).order_by("seq")


def seqs(events: QuerySet[Event]) -> list[int]:
    return list(events.order_by("seq").values_list("seq", flat=True))


@pytest.fixture
def demo(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    load_demo()


def demo_users() -> list[Any]:
    return [SYSTEM, *get_user_model().objects.order_by("pk")]


def test_stamps_and_selectors_match_the_subject_rules_on_the_demo(demo, monkeypatch):
    # one load of the demo (20 s) for the checks
    check_every_event_is_stamped_with_its_subject()
    check_event_visible_to_selects_what_each_subject_rule_selects()
    check_problem_timeline_selects_what_the_subject_rule_selects()
    # and with every id list asked for instead of sent (as for thousands of ids)
    monkeypatch.setattr(selectors, "LISTED_IDS_AT_MOST", 0)
    check_event_visible_to_selects_what_each_subject_rule_selects()


def check_every_event_is_stamped_with_its_subject() -> None:
    # given the demo's ledger (files and teams are subjects no page shows events of)
    events = Event.objects.all()
    recorded = set(events.values_list("subject_type", flat=True))
    assert recorded - set(ledger.registered_subjects()) == {
        "core.attachment",
        "inspections.inspectionteam",
    }
    # then every event names its subject as a number too, and the stamped kinds carry a region
    assert not events.filter(subject_pk__isnull=True).exists()
    for event in events.filter(subject_type="rectification.task")[:50]:
        assert event.subject_pk == int(event.subject_id) == event.task_ref
        assert event.problem_ref is not None and len(event.region_code) == 6
    assert not events.filter(subject_type="core.organization", org_path="").exists()


def check_event_visible_to_selects_what_each_subject_rule_selects() -> None:
    users = demo_users()
    assert len(users) > 10
    seen = []
    for user in users:
        expected = seqs(reference_event_visible_to(user))
        assert seqs(selectors.event_visible_to(user)) == expected, getattr(user, "username", user)
        seen.append(len(expected))
    # the users see different, non-empty parts of the ledger (the comparison means something)
    shown = Event.objects.filter(subject_type__in=ledger.registered_subjects())
    assert min(seen) > 0 and len(set(seen)) > 5 and max(seen) == shown.count()


def check_problem_timeline_selects_what_the_subject_rule_selects() -> None:
    # the ten problems with the most events, and every tenth other (all 100 take 40 s)
    busiest = (
        Event.objects.filter(problem_ref__isnull=False)
        .values("problem_ref")
        .annotate(events=Count("pk"))
        .order_by("-events", "problem_ref")
        .values_list("problem_ref", flat=True)[:10]
    )
    problems = Problem.objects.filter(Q(pk__in=list(busiest)) | Q(pk__endswith="0"))
    compared = 0
    for user in demo_users():
        for problem in problems.order_by("pk"):
            expected = seqs(reference_problem_timeline(user, problem))
            assert seqs(problem_timeline(user=user, problem=problem)) == expected
            compared += bool(expected)
    assert compared > 20
