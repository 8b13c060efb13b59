"""`duban generate --scale national|province|N [--seed 1]` (docs/generate.md)."""

from __future__ import annotations

import argparse
import time

from django.core.management import call_command

from duban.errors import CommandError
from duban.generate.directory import BENCH_USERS, PASSWORD
from duban.generate.models import GeneratedData
from duban.generate.run import generate
from duban.generate.scale import parse_scale
from duban.inspections.models import Problem


def generate_command(args: argparse.Namespace) -> int:
    scale = parse_scale(args.scale, density=args.density)
    call_command("migrate", verbosity=0)
    previous = GeneratedData.objects.order_by("-pk").first()
    if Problem.objects.exists():
        same = previous is not None and (previous.scale, previous.seed, previous.density) == (
            scale.name,
            args.seed,
            scale.density,
        )
        if same and previous is not None and previous.finished_at is not None:
            print(
                f"duban generate: reused — this database already holds scale {scale.name}, "
                f"seed {args.seed}"
            )
            return 0
        held = (
            f"scale {previous.scale}, seed {previous.seed}"
            if previous
            else "data not generated here"
        )
        state = "" if previous is None or previous.finished_at else " (unfinished)"
        raise CommandError(
            f"the database already holds problems ({held}{state}); generate into an empty database"
        )
    started = time.perf_counter()
    print(f"duban generate: scale {scale.name}, seed {args.seed}, density {scale.density}")
    counts, _ = generate(scale, seed=args.seed)
    print(f"generated in {time.perf_counter() - started:.1f} s:")
    for name, count in sorted(counts.items()):
        print(f"  {name:<16} {count:>9,}")
    print(f"Logins (password {PASSWORD} for every generated login):")
    for username, description in BENCH_USERS.items():
        print(f"  {username:<16} {description}")
    return 0
