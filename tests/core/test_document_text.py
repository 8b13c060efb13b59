"""`document_text` makes any Unicode text safe for every document writer (property-based);
`StyledForm` cleans every text field by the one rule of `duban.core.text.input_text`."""

from __future__ import annotations

import io

import pytest
from django import forms
from django.utils import translation
from docx import Document
from fpdf import FPDF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from duban.accountability.dossier.pdf import CJK, cjk_font
from duban.core.documents import document_text
from duban.core.forms import StyledForm

ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=60)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT)
def test_any_text_goes_into_word_excel_and_pdf(value):
    safe = document_text(value)
    document = Document()
    document.add_paragraph(safe).add_run(safe)
    document.add_table(rows=1, cols=1).rows[0].cells[0].text = safe
    document.save(io.BytesIO())
    workbook = Workbook()
    workbook.active.cell(row=1, column=1).value = safe
    workbook.save(io.BytesIO())
    pdf = FPDF()
    path, index = cjk_font()
    pdf.add_font(CJK, "", str(path), collection_font_number=index)
    pdf.add_page()
    pdf.set_font(CJK, size=10)
    pdf.multi_cell(0, 5, safe)
    assert bytes(pdf.output()).startswith(b"%PDF")


def test_document_text_maps_breaks_and_replaces_what_xml_cannot_hold():
    assert document_text("a\x0bb\x0cc\td\r\ne") == "a\nb\nc\td\r\ne"
    assert document_text("\x01\ud800\ufffe\uffff") == "\ufffd" * 4
    assert document_text("整改\x85") == "整改\x85"  # C1 is valid XML 1.0


class NoteForm(StyledForm):
    note = forms.CharField(required=False)


def test_a_form_turns_vertical_tab_into_a_newline():
    form = NoteForm(data={"note": "第一行\x0b第二行\x0c第三行"})
    assert form.is_valid()
    assert form.cleaned_data["note"] == "第一行\n第二行\n第三行"


@pytest.mark.parametrize("bad", ["a\x01b", "a\x1bb", "a\x7fb", "a\x9fb"])
def test_a_form_refuses_other_control_characters_in_the_ui_language(bad):
    with translation.override("zh-hans"):
        form = NoteForm(data={"note": bad})
        assert not form.is_valid()
        assert "控制字符" in form.errors["note"][0]
