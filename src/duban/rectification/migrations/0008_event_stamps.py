"""Stamp tasks' ledger events with their problem's region, the problem's id and their own."""

from django.db import migrations

from duban.core.backfill import stamp_events

TASK = {"region_code": "problem__region_id", "problem_ref": "problem_id", "task_ref": "pk"}


def stamp(apps, schema_editor):
    stamp_events(apps, schema_editor, "rectification.task", "rectification.Task", TASK)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0010_event_visibility_stamps"),
        ("inspections", "0005_event_stamps"),
        ("rectification", "0007_acceptance_level_words"),
    ]

    operations = [migrations.RunPython(stamp, migrations.RunPython.noop)]
