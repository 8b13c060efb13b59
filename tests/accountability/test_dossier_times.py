"""Times in the dossier are Asia/Shanghai: the 责任变更 table once printed the stored UTC."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime

import pytest

from duban.accountability.dossier.files import dossier
from duban.core import clock
from duban.core.models import Event
from duban.core.principal import SYSTEM
from duban.rectification.services import task_update_responsibility
from tests.accountability.test_dossier import docx_text
from tests.factories import make_person

pytestmark = pytest.mark.django_db
# 23:30 UTC on 10 June is 07:30 on 11 June in Beijing: the day changes too.
STORED = datetime(2021, 6, 10, 23, 30, tzinfo=UTC)


@pytest.fixture
def late_change(scene, monkeypatch):
    """A change of responsible person, recorded at 23:30 UTC (the ledger is append-only, so
    the clock the ledger reads is set for the one call)."""
    deputy = make_person("李明华", organization=scene.w.housing, post="副局长")
    with monkeypatch.context() as patch:
        patch.setattr(clock, "now", lambda: STORED)
        task_update_responsibility(actor=SYSTEM, task=scene.w.task, responsible_person=deputy)
    assert Event.objects.filter(verb="task.updated").latest("seq").created_at == STORED
    return scene


def test_the_word_dossier_prints_every_time_in_beijing_time(late_change):
    text = docx_text(dossier(user=SYSTEM, problem=late_change.w.problem).content)
    assert "2021-06-11 07:30" in text  # in the change table and the event chain
    assert "2021-06-10 23:30" not in text
    assert "截至2021年6月11日的责任：" in text


def test_the_pdf_dossier_prints_every_time_in_beijing_time(late_change, tmp_path):
    pdf = tmp_path / "dossier.pdf"
    pdf.write_bytes(dossier(user=SYSTEM, problem=late_change.w.problem, file_format="pdf").content)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    text = re.sub(r"[ \t]+", " ", text)
    assert "2021-06-11 07:30" in text
    assert "2021-06-10 23:30" not in text
