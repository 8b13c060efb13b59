"""The complaint API's import shapes (api_import.py)."""

from __future__ import annotations

from ninja import Schema


class ComplaintImportOut(Schema):
    """What an import did, or in a dry run would do (a refused list answers 400 instead)."""

    rows: int
    created: list[str]
    linked: list[str]
    unchanged: list[str]
    dry_run: bool
    written: bool
