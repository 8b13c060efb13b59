"""Handlers behind `duban complaints new-key|rekey` (docs/complaints.md, "Confidentiality and
keys"). The command line acts as SYSTEM. Exit codes: 0 done, 1 refused (a key is missing),
2 bad configuration (from CommandError)."""

from __future__ import annotations

import argparse
import sys

from django.core.exceptions import ImproperlyConfigured

from duban.complaints.identity import KeyMissing, keys
from duban.complaints.services.identity import identity_rekey
from duban.core.principal import SYSTEM
from duban.errors import CommandError

EXIT_REFUSED = 1


def rekey_command(args: argparse.Namespace) -> int:
    """Re-seal every identity under the first key of DUBAN_COMPLAINT_KEYS."""
    try:
        newest = keys()[0][0]
        count = identity_rekey(actor=SYSTEM, batch_size=args.batch)
    except ImproperlyConfigured as error:
        raise CommandError(f"configuration error: {error}") from error
    except KeyMissing as error:
        print(
            f"duban: identities are sealed with key(s) {error} that DUBAN_COMPLAINT_KEYS does "
            "not list; add them back (after the newest) and run rekey again",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    print(f"{count} identities re-sealed under key {newest!r}")
    return 0
