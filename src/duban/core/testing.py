"""Helpers the test suite needs from the application itself."""

from __future__ import annotations

import importlib

from django.apps import apps

_migration = importlib.import_module("duban.core.migrations.0002_ledger_guard_and_regions")


def reload_reference_data() -> None:
    """Load the region table and the ledger head again after a test flushed the database."""
    from django.db import connection

    with connection.schema_editor() as editor:
        if not apps.get_model("core", "Region").objects.exists():
            _migration.load_regions(apps, editor)
        _migration.seed_head(apps, editor)
