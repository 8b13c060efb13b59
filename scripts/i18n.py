"""Regenerate the zh_Hans catalogue: extract msgids, fill them from translations/*.json.

Translations live in src/duban/locale/zh_Hans/translations/*.json (msgid -> 中文), one file per
area, so several people can add strings without editing the same .po file. Run after changing
UI text; it prints the msgids that still lack a translation and exits 1 if there are any.

    python scripts/i18n.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "duban"
LOCALE = PACKAGE / "locale" / "zh_Hans"
PO = LOCALE / "LC_MESSAGES" / "django.po"


def main() -> int:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "duban.settings",
        "DUBAN_DATA_DIR": os.environ.get("DUBAN_DATA_DIR", "/tmp/duban-i18n"),
    }
    subprocess.run(
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "zh_Hans",
            "--no-location",
            "--no-obsolete",
            "-i",
            "static/*",
            "-i",
            "*/migrations/*",
        ],
        cwd=PACKAGE,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    translations: dict[str, str] = {}
    for path in sorted((LOCALE / "translations").glob("*.json")):
        for msgid, text in json.loads(path.read_text(encoding="utf-8")).items():
            # One msgid, one translation: a second file giving another silently relabelled
            # every use of the first (a job's "progress" turned the report's 进展情况 into 进度).
            if translations.get(msgid, text) != text:
                sys.exit(f"{path.name}: {msgid!r} is already translated {translations[msgid]!r}")
            translations[msgid] = text
    catalogue = polib.pofile(str(PO))
    catalogue.metadata.update(
        {
            "Language": "zh_Hans",
            "Plural-Forms": "nplurals=1; plural=0;",
            "Content-Type": "text/plain; charset=UTF-8",
        }
    )
    missing = []
    for entry in catalogue:
        entry.msgstr = translations.get(entry.msgid, "")
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        if not entry.msgstr:
            missing.append(entry.msgid)
    catalogue.save()
    catalogue.save_as_mofile(str(PO.with_suffix(".mo")))
    for msgid in missing:
        print(f"missing translation: {msgid!r}")
    print(f"{len(catalogue) - len(missing)}/{len(catalogue)} translated")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
