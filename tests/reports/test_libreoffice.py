"""Files really saved by LibreOffice Calc (`make test` installs it; never skipped)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from duban.core.models import Event
from duban.core.principal import SYSTEM
from duban.reports.workbook.export import workbook_export
from duban.reports.workbook.importer import workbook_import

# One worker runs them in turn: two Calcs starting at once on a loaded machine have failed.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("libreoffice")]


def test_libreoffice_is_installed():
    assert shutil.which("soffice"), "make test installs libreoffice-calc-nogui (system-deps)"


def resave(source: Path, tmp_path: Path, *options: str) -> bytes:
    """Open the file in LibreOffice Calc and save it as .xlsx (about four seconds).

    A first start with a fresh profile sometimes exits 1 while it sets the profile up (seen
    under load); the second start uses the finished profile. Its output is checked either way.
    """
    out = tmp_path / "out"
    command = [
        "soffice",
        "--headless",
        f"-env:UserInstallation=file://{tmp_path}/profile",
        *options,
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        str(out),
        str(source),
    ]
    for attempt in (1, 2):
        run = subprocess.run(command, capture_output=True, timeout=120, text=True)
        if run.returncode == 0 or attempt == 2:
            break
    assert run.returncode == 0, f"soffice exited {run.returncode}: {run.stdout} {run.stderr}"
    return (out / f"{source.stem}.xlsx").read_bytes()


def test_export_saved_again_by_libreoffice_changes_nothing(world, tmp_path):
    source = tmp_path / "ledger.xlsx"
    source.write_bytes(workbook_export(user=SYSTEM, plan=world.w.plan).content)
    content = resave(source, tmp_path)
    assert b"sharedStrings.xml" in content
    events = Event.objects.count()
    result = workbook_import(actor=world.w.reviewer, content=content)
    assert (result.errors, result.changes, result.unchanged) == ([], [], 3)
    assert result.ignored == []
    assert Event.objects.count() == events


def test_libreoffice_file_made_from_text(world, tmp_path):
    source = tmp_path / "new.csv"
    source.write_text(
        "问题编号,来源,问题描述,整改目标,整改措施,牵头单位,责任人,整改时限,验收层级\n"
        "HN-ZZ-09,反馈问题,河道垃圾堆积,清理完毕,组织清理,株洲市住建局,周建国,2021年7月31日,市级\n"
        "HN-ZZ-10,反馈问题,河道采砂,依法取缔,开展执法,株洲市住建局,周建国,2021-08-31,市级\n",
        encoding="utf-8",
    )
    content = resave(source, tmp_path, "--infilter=CSV:44,34,76,1")  # comma, quote, UTF-8
    plan = world.w.plan
    result = workbook_import(actor=world.w.reviewer, content=content, plan=plan, dry_run=True)
    assert result.errors == []
    assert [change.code for change in result.created_tasks] == ["HN-ZZ-09-1", "HN-ZZ-10-1"]
