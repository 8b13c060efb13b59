"""`duban backup` and `duban restore` on the demo data, against a database of the suite's own
kind (SQLite, or PostgreSQL when DATABASE_URL names it): every row, file and event hash comes
back identical and the ledger verifies; a non-empty target, a tampered archive and a backup of
another kind of database are refused; a broken ledger is backed up, reported and exits 1."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from duban.backup import archive
from duban.errors import CommandError
from tests.databases import postgres_dsn, scratch_database_url

# The demo database is built once for the module; its tests share one xdist worker.
pytestmark = pytest.mark.xdist_group("backup")

LOAD_DEMO = (
    "from duban.demo.load import load_demo; load_demo(); "
    "from duban.daily import run_daily; run_daily()"
)
# Every table's rows by primary key, the event hashes in order, from inside `duban manage shell`.
SNAPSHOT = """
import json
from django.apps import apps
from duban.core.models import Event
rows = {}
for model in apps.get_models(include_auto_created=True):
    fields = [field.attname for field in model._meta.concrete_fields]
    rows[model._meta.db_table] = list(model.objects.order_by("pk").values_list(*fields))
hashes = list(Event.objects.order_by("seq").values_list("seq", "hash"))
with open(PATH, "w") as out:
    json.dump({"rows": rows, "hashes": hashes}, out, default=str, sort_keys=True)
"""


@dataclass(frozen=True)
class Site:
    """One installation: its database and its data folder (media under it)."""

    url: str
    data_dir: Path

    @property
    def media(self) -> Path:
        return self.data_dir / "media"

    def duban(self, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DJANGO_SETTINGS_MODULE", "DUBAN_MEDIA_ROOT", "DUBAN_MEDIA_STORAGE"}
        }
        environment.update(
            DATABASE_URL=self.url,
            DUBAN_DATA_DIR=str(self.data_dir),
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        )
        result = subprocess.run(
            [sys.executable, "-m", "duban.cli", *args],
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    def snapshot(self) -> dict[str, Any]:
        path = self.data_dir / "snapshot.json"
        script = SNAPSHOT.replace("PATH", repr(str(path)))
        self.duban("manage", "shell", "-v0", "-c", script, check=True)
        taken: dict[str, Any] = json.loads(path.read_text())
        path.unlink()
        return taken

    def files(self) -> dict[str, bytes]:
        return {
            path.relative_to(self.media).as_posix(): path.read_bytes()
            for path in sorted(self.media.rglob("*"))
            if path.is_file()
        }

    def execute(self, *statements: str) -> None:
        """Run SQL behind the application's back (to break what it guards)."""
        if self.url.startswith("sqlite"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///")) as database:
                for statement in statements:
                    database.execute(statement)
            return
        import psycopg

        with psycopg.connect(postgres_dsn(self.url.rsplit("/", 1)[1])) as database:
            for statement in statements:
                database.execute(statement)


@dataclass(frozen=True)
class DemoBackup:
    source: Site
    archive: Path
    output: str


@pytest.fixture(scope="module")
def new_site(tmp_path_factory) -> Iterator[Any]:
    """Make empty installations; their databases are dropped with the module."""
    with ExitStack() as stack:

        def make(name: str) -> Site:
            directory = tmp_path_factory.mktemp(name)
            return Site(stack.enter_context(scratch_database_url(directory)), directory)

        yield make


@pytest.fixture(scope="module")
def demo_backup(new_site, tmp_path_factory) -> DemoBackup:
    source = new_site("source")
    source.duban("manage", "migrate", "-v0", check=True)
    source.duban("manage", "shell", "-v0", "-c", LOAD_DEMO, check=True)
    path = tmp_path_factory.mktemp("backups") / "duban-demo.tar.gz"
    made = source.duban("backup", "-o", str(path))
    assert made.returncode == 0, made.stdout + made.stderr
    return DemoBackup(source, path, made.stdout)


def manifest_of(path: Path) -> dict[str, Any]:
    with tarfile.open(path) as tar:
        member = tar.extractfile(archive.MANIFEST)
        assert member is not None
        return json.loads(member.read())


def rewrite(source: Path, target: Path, change: Any) -> None:
    """Copy an archive member by member, passing each (name, bytes) through `change`."""
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            content = old.extractfile(member).read()  # type: ignore[union-attr]
            content = change(member.name, content)
            member.size = len(content)
            new.addfile(member, io.BytesIO(content))


def test_restore_gives_back_every_row_file_and_event_hash(demo_backup, new_site):
    source = demo_backup.source
    manifest = manifest_of(demo_backup.archive)
    target = new_site("target")

    restored = target.duban("restore", str(demo_backup.archive))

    assert restored.returncode == 0, restored.stdout + restored.stderr
    before, after = source.snapshot(), target.snapshot()
    assert after["hashes"] == before["hashes"]
    assert len(after["hashes"]) == manifest["ledger"]["events"] > 1000
    assert after["hashes"][-1] == [manifest["ledger"]["head_seq"], manifest["ledger"]["head_hash"]]
    assert after["rows"].keys() == before["rows"].keys()
    for table, rows in before["rows"].items():
        assert after["rows"][table] == rows, table
    # Demo evidence: many attachment records, one pair sharing its stored bytes.
    assert len(before["rows"]["core_attachment"]) == manifest["attachments"]["records"] == 59
    assert target.files() == source.files()
    assert len(target.files()) == manifest["attachments"]["files"] == 58
    verified = target.duban("audit", "verify")
    assert verified.returncode == 0
    events = manifest["ledger"]["events"]
    assert verified.stdout.startswith(f"ledger intact: {events} events checked (")
    assert verified.stdout.strip().endswith(" events/s)")


def test_restored_postgresql_ledger_is_still_append_only(demo_backup, new_site):
    """pg_restore brings the triggers back: the restored events refuse UPDATE and DELETE."""
    target = new_site("guarded")
    target.duban("restore", str(demo_backup.archive), check=True)
    if connection.vendor != "postgresql":
        return  # SQLite has no triggers; its model refuses changes (tests/core/test_ledger.py)
    import psycopg

    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
        target.execute("UPDATE core_event SET reason = 'x' WHERE seq = 1")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
        target.execute("DELETE FROM core_event WHERE seq = 1")


def test_backup_manifest_records_the_ledger_and_every_member(demo_backup):
    manifest = manifest_of(demo_backup.archive)

    assert manifest["format"] == "duban-backup" and manifest["format_version"] == 1
    assert manifest["vendor"] == connection.vendor
    assert manifest["ledger"]["intact"] is True and manifest["problems"] == []
    assert manifest["ledger"]["checked"] == manifest["ledger"]["events"]
    with tarfile.open(demo_backup.archive) as tar:
        names = {member.name for member in tar}
    assert names - {archive.MANIFEST} == set(manifest["members"])
    assert manifest["ledger"]["head_hash"] in demo_backup.output


def test_restore_refuses_a_database_that_is_not_empty(demo_backup):
    source = demo_backup.source
    before = source.duban("audit", "verify").stdout.split(" (")[0]  # without the rate

    refused = source.duban("restore", str(demo_backup.archive))

    assert refused.returncode == 2
    assert "refusing to restore" in refused.stderr and "is not empty" in refused.stderr
    assert source.url.rsplit("/", 1)[1] in refused.stderr  # names the database
    assert source.duban("audit", "verify").stdout.split(" (")[0] == before


def test_restore_refuses_media_that_is_not_empty_and_touches_nothing(demo_backup, new_site):
    target = new_site("stray")
    (target.media / "attachments").mkdir(parents=True)
    (target.media / "attachments" / "stray.pdf").write_bytes(b"%PDF-1.4")

    refused = target.duban("restore", str(demo_backup.archive))

    assert refused.returncode == 2
    assert f"media folder {target.media} is not empty" in refused.stderr
    (target.media / "attachments" / "stray.pdf").unlink()
    target.duban("restore", str(demo_backup.archive), check=True)  # the database was untouched


def test_restore_refuses_a_tampered_archive_and_restores_nothing(demo_backup, new_site, tmp_path):
    altered = sorted(manifest_of(demo_backup.archive)["members"])[-1]  # an attachment file
    tampered = tmp_path / "tampered.tar.gz"
    rewrite(
        demo_backup.archive,
        tampered,
        lambda name, content: content[:-1] + b"!" if name == altered else content,
    )
    target = new_site("tampered")

    refused = target.duban("restore", str(tampered))

    assert refused.returncode == 2
    assert f"{altered} does not match its checksum" in refused.stderr
    assert "nothing was restored" in refused.stderr
    assert target.files() == {}
    target.duban("restore", str(demo_backup.archive), check=True)  # the database was untouched


def test_restore_refuses_a_backup_of_another_kind_of_database(demo_backup, new_site, tmp_path):
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"

    def relabel(name: str, content: bytes) -> bytes:
        if name != archive.MANIFEST:
            return content
        return json.dumps({**json.loads(content), "vendor": other}).encode()

    foreign = tmp_path / "foreign.tar.gz"
    rewrite(demo_backup.archive, foreign, relabel)

    refused = new_site("foreign").duban("restore", str(foreign))

    assert refused.returncode == 2
    assert f"is a backup of a {other} database" in refused.stderr


def test_a_broken_ledger_and_a_lost_file_are_backed_up_reported_and_fail(
    demo_backup, new_site, tmp_path
):
    """The copy is kept as evidence, the problems are recorded and both commands exit 1."""
    broken = new_site("broken")
    broken.duban("restore", str(demo_backup.archive), check=True)
    unguard = [] if connection.vendor == "sqlite" else ["SET session_replication_role = replica"]
    broken.execute(*unguard, "UPDATE core_event SET reason = 'rewritten' WHERE seq = 7")
    lost = sorted(broken.files())[0]
    (broken.media / lost).unlink()
    path = tmp_path / "broken.tar.gz"

    made = broken.duban("backup", "-o", str(path))

    assert made.returncode == 1
    assert "PROBLEM: ledger BROKEN at event #7: content does not match its hash" in made.stdout
    assert f"PROBLEM: attachment file {lost} is missing from storage" in made.stdout
    manifest = manifest_of(path)
    assert manifest["ledger"]["intact"] is False and manifest["ledger"]["broken_seq"] == 7
    assert len(manifest["problems"]) == 2
    restored = new_site("restored-broken").duban("restore", str(path))
    assert restored.returncode == 1
    assert "PROBLEM: ledger BROKEN at event #7" in restored.stdout
    assert f"PROBLEM: attachment file {lost} is missing" in restored.stdout


def test_backup_never_overwrites_a_file(demo_backup, tmp_path):
    existing = tmp_path / "kept.tar.gz"
    existing.write_bytes(b"an older backup")

    refused = demo_backup.source.duban("backup", "-o", str(existing))

    assert refused.returncode == 2 and "already exists" in refused.stderr
    assert existing.read_bytes() == b"an older backup"


def test_an_interrupted_backup_leaves_no_file(tmp_path):
    target = tmp_path / "interrupted.tar.gz"

    with pytest.raises(KeyboardInterrupt), archive.archive_writer(target) as writer:
        writer.add("database.sqlite3", io.BytesIO(b"x" * 1000), 1000)
        raise KeyboardInterrupt

    assert list(tmp_path.iterdir()) == []


def test_a_member_shorter_than_announced_fails_the_backup(tmp_path):
    target = tmp_path / "short.tar.gz"

    with pytest.raises(OSError), archive.archive_writer(target) as writer:
        writer.add("database.sqlite3", io.BytesIO(b"x" * 10), 1000)

    assert list(tmp_path.iterdir()) == []


def test_an_archive_without_a_manifest_is_refused(tmp_path):
    path = tmp_path / "other.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo("database.sqlite3")
        tar.addfile(info, io.BytesIO(b""))

    with pytest.raises(CommandError, match="no manifest.json: not a duban backup"):
        archive.check_archive(path)


@pytest.mark.parametrize("name", ["../escape", "/etc/passwd", "media/../../escape"])
def test_a_member_outside_the_archive_is_refused(tmp_path, name):
    path = tmp_path / "evil.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        tar.addfile(tarfile.TarInfo(name), io.BytesIO(b""))

    with pytest.raises(CommandError, match="unsafe member name"):
        archive.extract_verified(path, tmp_path / "out")
    assert not (tmp_path / "escape").exists()


APPEND_UNTIL_STOPPED = """
from pathlib import Path
from duban.core import ledger
from duban.core.models import Region
from duban.core.principal import SYSTEM
subject = Region.objects.get(code="430200")
started, stop = Path(STARTED), Path(STOP)
while not stop.exists():
    ledger.record(actor=SYSTEM, verb="test.online", subject=subject)
    started.touch()
"""


def test_backup_while_the_application_writes_is_consistent(demo_backup, new_site, tmp_path):
    """Online: events appended during the backup land before or after its snapshot, and the
    manifest's head is the dumped database's head."""
    busy = new_site("busy")
    busy.duban("restore", str(demo_backup.archive), check=True)
    before = manifest_of(demo_backup.archive)["ledger"]["events"]
    started, stop = tmp_path / "started", tmp_path / "stop"
    script = APPEND_UNTIL_STOPPED.replace("STARTED", repr(str(started)))
    script = script.replace("STOP", repr(str(stop)))
    environment = {**os.environ, "DATABASE_URL": busy.url, "DUBAN_DATA_DIR": str(busy.data_dir)}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    writer = subprocess.Popen(
        [sys.executable, "-m", "duban.cli", "manage", "shell", "-v0", "-c", script],
        env=environment,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        while not started.exists():
            assert writer.poll() is None, writer.stderr.read() if writer.stderr else ""
            time.sleep(0.05)
        made = busy.duban("backup", "-o", str(tmp_path / "online.tar.gz"))
    finally:
        stop.touch()
        writer.wait(timeout=60)

    assert made.returncode == 0, made.stdout + made.stderr
    assert writer.returncode == 0, writer.stderr.read() if writer.stderr else ""
    recorded = manifest_of(tmp_path / "online.tar.gz")["ledger"]
    assert recorded["events"] > before
    restored = new_site("online").duban("restore", str(tmp_path / "online.tar.gz"))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert f"ledger restored intact: {recorded['events']} events" in restored.stdout
