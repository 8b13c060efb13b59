"""Registry: the template that shows a finished job's details, by kind. An app above core
registers its own in AppConfig.ready() (reports: the rows of a workbook import)."""

from __future__ import annotations

RESULT_TEMPLATES: dict[str, str] = {}


def register_result(kind: str, template: str) -> None:
    """Show `template` (given `result`, the job's details) on the page of a done job."""
    RESULT_TEMPLATES[kind] = template


def result_template(kind: str) -> str:
    """The registered template for this kind of job; "" when it has only a summary."""
    return RESULT_TEMPLATES.get(kind, "")
