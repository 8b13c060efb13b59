"""Handlers behind `duban export ledger`, `duban import ledger` and `duban report progress`.

Each takes the parsed argparse namespace and returns the exit code.
"""

from __future__ import annotations

import argparse


def export_ledger(args: argparse.Namespace) -> int:
    raise NotImplementedError


def import_ledger(args: argparse.Namespace) -> int:
    raise NotImplementedError


def report_progress(args: argparse.Namespace) -> int:
    raise NotImplementedError
