"""The dossier of a problem as a file: read once (data.py), rendered as .docx or PDF."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from duban.accountability.dossier.data import DossierData, dossier_data
from duban.accountability.dossier.pdf import render_pdf
from duban.accountability.dossier.word import render_docx
from duban.core import clock
from duban.core.principal import SYSTEM
from duban.errors import ApplicationError
from duban.inspections.models import Problem

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS: dict[str, tuple[str, Callable[[DossierData], bytes]]] = {
    "docx": (DOCX_TYPE, render_docx),
    "pdf": ("application/pdf", render_pdf),
}


@dataclass(frozen=True)
class DossierFile:
    content: bytes
    filename: str
    content_type: str
    events: int


def dossier(
    *, user: Any, problem: Problem, file_format: str = "docx", generated_by: str = ""
) -> DossierFile:
    """The dossier of a problem as `user` may see it (SYSTEM: everything); raises
    ApplicationError for an unknown format and FontMissing when PDF has no CJK font."""
    if file_format not in FORMATS:
        raise ApplicationError(
            "unknown dossier format", code="invalid_format", fields={"format": "docx or pdf"}
        )
    content_type, render = FORMATS[file_format]
    if user is not SYSTEM and not generated_by:
        generated_by = user.get_full_name() or user.get_username()
    data = dossier_data(user=user, problem=problem, generated_by=generated_by)
    filename = f"一案一档-{problem.code}-{clock.today():%Y%m%d}.{file_format}"
    return DossierFile(render(data), filename, content_type, len(data.events))
