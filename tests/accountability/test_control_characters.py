"""A reason with control characters already in the append-only ledger (as old data is) still
renders in the dossier, Word and PDF."""

from __future__ import annotations

import io

import pytest
from django.db import transaction
from docx import Document

from duban.accountability.dossier.files import dossier
from duban.core.ledger import record
from duban.core.principal import SYSTEM

pytestmark = pytest.mark.django_db


def test_the_dossier_renders_a_ledger_reason_with_control_characters(scene):
    with transaction.atomic():
        record(
            actor=SYSTEM, verb="task.updated", subject=scene.w.task, reason="退回\u0001\u000b重报"
        )
    word = dossier(user=SYSTEM, problem=scene.w.problem)
    document = Document(io.BytesIO(word.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any("退回\ufffd\n重报" in cell for cell in cells)
    pdf = dossier(user=SYSTEM, problem=scene.w.problem, file_format="pdf")
    assert pdf.content.startswith(b"%PDF")
