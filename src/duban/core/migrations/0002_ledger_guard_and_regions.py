"""Seed the ledger head, guard the events table on PostgreSQL, and load the region table."""

import csv
from pathlib import Path

from django.db import migrations

REGIONS_CSV = Path(__file__).resolve().parents[1] / "data" / "regions.csv"

GUARD_SQL = """
CREATE OR REPLACE FUNCTION core_event_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = 'ledger events are append-only: ' || TG_OP || ' refused',
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_event_no_update_delete BEFORE UPDATE OR DELETE ON core_event
    FOR EACH ROW EXECUTE FUNCTION core_event_refuse_change();
CREATE TRIGGER core_event_no_truncate BEFORE TRUNCATE ON core_event
    FOR EACH STATEMENT EXECUTE FUNCTION core_event_refuse_change();
"""

UNGUARD_SQL = """
DROP TRIGGER IF EXISTS core_event_no_truncate ON core_event;
DROP TRIGGER IF EXISTS core_event_no_update_delete ON core_event;
DROP FUNCTION IF EXISTS core_event_refuse_change();
"""


def guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARD_SQL)


def unguard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNGUARD_SQL)


def seed_head(apps, schema_editor):
    apps.get_model("core", "LedgerHead").objects.get_or_create(pk=1)


def load_regions(apps, schema_editor):
    region_model = apps.get_model("core", "Region")
    with REGIONS_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # Parents sort before children by code, but insert level by level to be safe.
    for level in ("province", "city", "county"):
        region_model.objects.bulk_create(
            [
                region_model(code=row["code"], name=row["name"], level=level,
                             parent_id=row["parent"] or None)
                for row in rows
                if row["level"] == level
            ],
            batch_size=500,
        )


def unload_regions(apps, schema_editor):
    region_model = apps.get_model("core", "Region")
    for level in ("county", "city", "province"):
        region_model.objects.filter(level=level).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunPython(seed_head, migrations.RunPython.noop),
        migrations.RunPython(guard, unguard),
        migrations.RunPython(load_regions, unload_regions),
    ]
