"""Stamp problems' ledger events with their region and id."""

from django.db import migrations

from duban.core.backfill import stamp_events


def stamp(apps, schema_editor):
    columns = {"region_code": "region_id", "problem_ref": "pk"}
    stamp_events(apps, schema_editor, "inspections.problem", "inspections.Problem", columns)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0010_event_visibility_stamps"),
        ("inspections", "0004_i9_clocks"),
    ]

    operations = [migrations.RunPython(stamp, migrations.RunPython.noop)]
