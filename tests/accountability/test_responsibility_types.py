"""Responsibility types as 问责条例 names them; findings stored under the former code
"supervisory" (监管) become 监督责任, and their ledger events stay as they were."""

from __future__ import annotations

import importlib
from pathlib import Path

from django.apps import apps

from duban.accountability import migrations as accountability_migrations
from duban.accountability.choices import ResponsibilityType
from duban.accountability.dossier.summary import Names, event_summary
from duban.accountability.models import ResponsibilityFinding
from duban.core.models import Event


def _rename_migration():
    folder = Path(accountability_migrations.__file__).parent
    (path,) = folder.glob("*_i9_accountab_responsibility.py")
    return importlib.import_module(f"duban.accountability.migrations.{path.stem}")


def test_the_types_are_those_of_the_regulations():
    assert ResponsibilityType.values == [
        "primary",
        "supervision",
        "leadership",
        "leadership_overall",
        "leadership_main",
        "leadership_important",
        "direct",
    ]
    assert "supervisory" not in ResponsibilityType.values


def test_a_finding_stored_as_supervisory_becomes_oversight_and_its_event_stays(scene):
    # given a finding stored, before the rename, as "supervisory"
    finding = scene.finding
    ResponsibilityFinding.objects.filter(pk=finding.pk).update(responsibility="supervisory")
    recorded = list(Event.objects.order_by("seq").values_list("seq", "data"))
    # when the data migration runs
    _rename_migration().forwards(apps, None)
    # then the finding reads 监督责任, and the ledger is untouched
    assert ResponsibilityFinding.objects.get(pk=finding.pk).responsibility == "supervision"
    assert list(Event.objects.order_by("seq").values_list("seq", "data")) == recorded


def test_an_event_recorded_as_supervisory_still_reads_as_oversight_in_the_dossier(db):
    event = Event(
        verb="case.finding_recorded",
        data={"person": "周建国", "responsibility": "supervisory", "event_seqs": []},
    )
    assert event_summary(event, Names([])) == "周建国：监督责任"
