"""The generator's chain: ledger.record goes to it, events are written in time order and the
chain they make verifies."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

import pytest

from duban.core import ledger
from duban.core.choices import OrganizationKind
from duban.core.models import Event, LedgerHead, Organization
from duban.core.principal import SYSTEM
from duban.generate.chain import chained


@pytest.fixture
def office(db):
    return Organization.objects.create(
        name="株洲市生态环境保护督察整改办公室",
        kind=OrganizationKind.RECTIFICATION_OFFICE,
        path="000001/",
    )


def test_record_inside_redirected_goes_to_the_sink_and_writes_nothing(office):
    received = []
    before = Event.objects.count()

    def sink(**kwargs):
        received.append(kwargs)
        return "built"

    with ledger.redirected(sink):
        result = ledger.record(actor=SYSTEM, verb="test.done", subject=office, data={"n": 1})

    assert result == "built"
    assert received[0]["verb"] == "test.done" and received[0]["data"] == {"n": 1}
    assert Event.objects.count() == before
    after = ledger.record(actor=SYSTEM, verb="test.done", subject=office)
    assert after.pk is not None  # outside the block, record writes again


def test_queued_events_are_written_oldest_first_and_verify(office):
    late, early = datetime(2026, 3, 1, tzinfo=UTC), datetime(2025, 3, 1, tzinfo=UTC)
    record = partial(ledger.record, actor=SYSTEM, subject=office)

    with chained() as chain:
        chain.later(late, partial(record, verb="test.late", data={"名称": "后"}))
        chain.later(early, partial(record, verb="test.early"))

    events = list(Event.objects.order_by("seq").values_list("verb", "created_at", "data"))
    assert [verb for verb, _, _ in events[-2:]] == ["test.early", "test.late"]
    assert events[-1][1] == late and events[-1][2] == {"名称": "后"}
    assert LedgerHead.objects.get().seq == len(events)
    assert ledger.verify().intact


def test_an_event_without_a_time_is_refused(office):
    with pytest.raises(RuntimeError, match="time"), chained():
        ledger.record(actor=SYSTEM, verb="test.untimed", subject=office)
