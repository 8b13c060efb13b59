"""Timelines in words a leader reads, in time order, hashes behind 核验 (issue 10, point 5)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.utils import translation

from duban.core import clock, ledger, timeline
from duban.core.models import Event
from duban.core.principal import SYSTEM
from tests.clients import client_for

pytestmark = pytest.mark.django_db

LATIN_WORD = re.compile(r"[A-Za-z]{4,}")
GONE = 987654  # an id no row has: a sentence never prints it
# Everything any describer reads from an event's data, with ids where ids are recorded.
DATA: dict[str, Any] = {
    "title": "管网改造",
    "task": "HN-ZZ-01-1",
    "lead_unit": GONE,
    "organization": GONE,
    "responsible_person": GONE,
    "supervising_leader": GONE,
    "deadline": "2021-05-31",
    "changes": {"responsible_person": {"old": GONE, "new": GONE + 1}},
    "period": "2021-04-01",
    "version": 3,
    "percent": 42,
    "late": True,
    "claims": [{"metric": "管网改造", "value": "42.3", "unit": "公里", "version": 3}],
    "acceptance_unit": "株洲市整改办",
    "signer": "王晓梅",
    "old_deadline": "2021-05-31",
    "new_deadline": "2021-08-31",
    "recipients": ["甲", "乙"],
    "filed_with": "湖南省整改办",
    "relapsed": True,
    "upheld": False,
    "name": "株洲市住建局",
    "username": "lmh",
    "role": "reporter",
    "number": "株洲市整改办〔2021〕1号",
    "target": "株洲市住建局",
    "due_on": "2021-05-13",
    "submitted_to": "党中央、国务院",
    "commission": "株洲市纪委监委",
    "place": "石峰区",
    "passed": False,
    "metric": "管网改造",
    "claimed": "107.5000",
    "verified": "8.84",
    "measure": "org_circular",
}


def event_of(verb: str, actor: Any = None, data: dict[str, Any] | None = None) -> Event:
    return Event(seq=1, verb=verb, actor=actor, data=DATA if data is None else data)


@pytest.mark.parametrize("verb", timeline.registered_verbs())
def test_every_registered_verb_reads_as_a_chinese_sentence(verb, workflow):
    workflow.reporter.first_name = "李明华"  # shown by name; a bare username is Latin
    event = event_of(verb, actor=workflow.reporter)
    with translation.override("zh-hans"):
        text = timeline.sentence(event, timeline.Names([event]))
    assert text and verb not in text
    assert str(GONE) not in text and str(GONE + 1) not in text  # names, never ids
    assert LATIN_WORD.findall(text) == [], text
    assert "{" not in text and "None" not in text


def test_rectification_verbs_are_all_described():
    from duban.rectification.choices import Verb

    assert set(Verb.values) <= set(timeline.registered_verbs())


def test_sentences_name_units_and_people(workflow):
    w = workflow
    created = event_of(
        "task.created",
        data={
            "title": "完成老旧管网改造",
            "lead_unit": w.housing.pk,
            "responsible_person": w.responsible.pk,
            "deadline": "2021-05-31",
        },
    )
    updated = event_of(
        "task.updated",
        actor=w.reviewer,
        data={"changes": {"responsible_person": {"old": w.responsible.pk, "new": w.leader.pk}}},
    )
    with translation.override("zh-hans"):
        names = timeline.Names([created, updated])
        assert timeline.sentence(created, names) == (
            f"系统 将“完成老旧管网改造”交办{w.housing.name}（责任人：{w.responsible.name}；"
            "时限：2021-05-31）"
        )
        assert timeline.sentence(updated, names).endswith(
            f"将责任人由{w.responsible.name}改为{w.leader.name}"
        )


def test_the_report_sentence_names_who_and_the_figures(workflow):
    event = event_of(
        "report.submitted",
        actor=workflow.reporter,
        data={
            "period": "2021-04-01",
            "percent": 42,
            "version": 1,
            "claims": [{"metric": "管网改造", "value": "42.3", "unit": "公里"}],
        },
    )
    with translation.override("zh-hans"):
        text = timeline.sentence(event, timeline.Names([event]))
    name = workflow.reporter.get_full_name() or workflow.reporter.get_username()
    assert text == f"{name} 报送2021-04-01起一期进展：42%；管网改造 42.3 公里"


def test_an_unknown_verb_falls_back_to_a_generic_sentence():
    with translation.override("zh-hans"):
        text = timeline.sentence(event_of("something.new"), timeline.Names([]))
    assert text == "系统：记录一项变更"


def test_entries_are_by_day_then_ledger_order(workflow):
    task = workflow.task
    with clock.frozen(date(2031, 3, 2)):
        late = ledger.record(actor=SYSTEM, verb="task.started", subject=task)
    with clock.frozen(date(2031, 3, 1)):
        first = ledger.record(actor=SYSTEM, verb="task.acknowledged", subject=task)
        second = ledger.record(actor=SYSTEM, verb="report.submitted", subject=task, data={})
    rows = Event.objects.filter(pk__in=[late.pk, first.pk, second.pk])
    assert [e.event.pk for e in timeline.entries(rows)] == [first.pk, second.pk, late.pk]
    newest = timeline.entries(rows, newest_first=True)
    assert [e.event.pk for e in newest] == [late.pk, second.pk, first.pk]


def test_the_task_page_reads_in_words_with_hashes_folded(workflow):
    html = client_for(workflow.reporter).get(f"/tasks/{workflow.task.pk}/").content.decode()
    sentences = re.findall(r'data-testid="event-sentence">([^<]*)<', html)
    assert sentences and sentences[0].startswith("系统 将“")
    verify = re.findall(
        r"<details[^>]*event-verify[^>]*><summary[^>]*>([^<]*)</summary>\s*"
        r'<div class="hash">#\d+ [0-9a-f]{64}</div></details>',
        html,
    )
    assert verify == ["核验"] * len(sentences)
    assert "<script" not in html.split('data-testid="timeline"')[1].split("</ol>")[0]
