"""Loading the whole demo in one transaction (the package's entry point, `duban demo`)."""

from __future__ import annotations

from django.db import transaction

from duban.demo.accountability import load_accountability
from duban.demo.cases import load_cases
from duban.demo.complaints import load_complaints
from duban.demo.directory import DemoLogin, load_directory
from duban.demo.generated import load_generated
from duban.demo.truth import load_truth


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    """Load everything; return the logins to print."""
    directory = load_directory()
    load_cases(directory)
    load_truth(directory)
    load_accountability(directory)
    load_complaints(directory)
    load_generated(seed=2021)
    return directory.logins
