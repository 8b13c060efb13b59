"""Compile every .po catalogue under src/ into .mo with polib (no GNU gettext needed)."""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1] / "src"

for po_path in ROOT.rglob("*.po"):
    catalogue = polib.pofile(str(po_path))
    catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
    print(f"compiled {po_path.relative_to(ROOT)}: {catalogue.percent_translated()}% translated")
