"""`duban backup -o FILE` and `duban restore FILE` (docs/backup.md).

Backup writes the archive even when the ledger is broken or a file is missing — that copy is
the evidence, and refusing would leave no backup on the day one is needed most — but it records
and prints what it found and exits 1. Restore loads only into an empty database of the same
vendor, only from an archive whose every member matches the manifest, and exits 1 unless the
restored ledger verifies and ends at the head the manifest recorded.
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from duban.backup import archive, database, media
from duban.backup.database import DatabaseState
from duban.errors import CommandError


def backup_command(args: argparse.Namespace) -> int:
    output = Path(args.output).resolve()
    if not output.parent.is_dir():
        raise CommandError(f"{output.parent} is not a directory")
    vendor = database.vendor()
    with (
        tempfile.TemporaryDirectory(dir=output.parent) as scratch,
        archive.archive_writer(output) as writer,
    ):
        dump_name = database.DUMP_NAMES[vendor]
        state = database.dump(Path(scratch) / dump_name)
        writer.add_path(dump_name, Path(scratch) / dump_name)
        problems = _ledger_problems(state) + media.back_up(writer, state.files)
        manifest = writer.finish(_manifest(vendor, dump_name, state, problems))
    archive.check_archive(output)  # read back: what is on disk matches what was written
    size = output.stat().st_size
    print(f"backup written: {output} ({size / 1e6:.1f} MB), {database.describe()}")
    print(_ledger_line("ledger", manifest["ledger"]))
    print(f"  attachments: {state.attachment_records} records, {len(state.files)} files")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    return 1 if problems else 0


def _ledger_problems(state: DatabaseState) -> list[str]:
    result = state.ledger
    if result.intact:
        return []
    return [f"ledger BROKEN at event #{result.broken_seq}: {result.problem}"]


def _manifest(
    vendor: str, dump_name: str, state: DatabaseState, problems: list[str]
) -> dict[str, Any]:
    try:
        duban_version = version("duban")
    except PackageNotFoundError:  # run from a source tree that was never installed
        duban_version = "unknown"
    return {
        "format": archive.FORMAT,
        "format_version": archive.FORMAT_VERSION,
        "duban_version": duban_version,
        "vendor": vendor,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": dump_name,
        "ledger": {
            "intact": state.ledger.intact,
            "checked": state.ledger.checked,
            "broken_seq": state.ledger.broken_seq,
            "problem": state.ledger.problem,
            "events": state.events,
            "head_seq": state.head_seq,
            "head_hash": state.head_hash,
        },
        "attachments": {"records": state.attachment_records, "files": len(state.files)},
        "problems": problems,
    }


def _ledger_line(label: str, ledger: dict[str, Any]) -> str:
    verdict = (
        "intact"
        if ledger["intact"]
        else f"BROKEN at event #{ledger['broken_seq']}: {ledger['problem']}"
    )
    return (
        f"  {label} {verdict}: {ledger['events']} events, "
        f"head #{ledger['head_seq']} {ledger['head_hash']}"
    )


def restore_command(args: argparse.Namespace) -> int:
    source = Path(args.file).resolve()
    if not source.is_file():
        raise CommandError(f"{source}: no such file")
    vendor = database.vendor()
    _refuse_unless_empty()
    with tempfile.TemporaryDirectory() as scratch:
        manifest = archive.extract_verified(source, Path(scratch))
        if manifest.get("vendor") != vendor:
            raise CommandError(
                f"{source} is a backup of a {manifest.get('vendor')} database and DATABASE_URL "
                f"names a {vendor} one; restore into the same kind of database"
            )
        print(f"archive checked: {len(manifest['members'])} members match the manifest")
        print(_ledger_line("ledger at backup", manifest["ledger"]))
        database.load(Path(scratch) / str(manifest["database"]), vendor)
        files = media.restore(Path(scratch))
    print(f"restored into {database.describe()}; {files} files into {media.describe()}")
    problems = _check_restored(manifest)
    for problem in problems:
        print(f"PROBLEM: {problem}")
    return 1 if problems else 0


def _refuse_unless_empty() -> None:
    tables = database.tables()
    if tables:
        raise CommandError(
            f"refusing to restore: {database.describe()} is not empty ({len(tables)} tables, "
            f"{', '.join(tables[:3])} …); restore into a new, empty database"
        )
    stored = media.stored_names()
    if stored:
        raise CommandError(
            f"refusing to restore: {media.describe()} is not empty ({len(stored)} files, "
            f"{stored[0]} …); restore into an empty one"
        )


def _check_restored(manifest: dict[str, Any]) -> list[str]:
    """Verify the restored ledger and compare it, and the files, with the manifest."""
    state = database.read_state()
    restored = _manifest(manifest["vendor"], manifest["database"], state, [])["ledger"]
    print(_ledger_line("ledger restored", restored))
    problems = _ledger_problems(state)
    recorded = {key: manifest["ledger"].get(key) for key in ("events", "head_seq", "head_hash")}
    if {key: restored[key] for key in recorded} != recorded:
        problems.append(f"the restored ledger ends elsewhere than the backup recorded: {recorded}")
    problems += [f"attachment file {name} is missing" for name in media.missing(state.files)]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print("note: the backup predates this duban version; run `duban manage migrate`")
    return problems
