"""The workbook (整改台账) upload form and the report period form: shape checks only."""

from __future__ import annotations

import zipfile
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from duban.inspections.models import Plan

MAX_LEDGER_BYTES = 20 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(label=_("Ledger file (.xlsx)"))
    plan = forms.ModelChoiceField(
        queryset=Plan.objects.none(),
        required=False,
        to_field_name="code",
        label=_("Plan for new problems"),
        empty_label=_("From the file's existing problems"),
    )
    dry_run = forms.BooleanField(
        required=False, label=_("Dry run: check and show what would change, write nothing")
    )

    def __init__(self, *args: Any, plans: QuerySet[Plan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["plan"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = plans

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_LEDGER_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB."),
                params={"size": MAX_LEDGER_BYTES // (1024 * 1024)},
            )
        content: bytes = upload.read()
        if not content.startswith(XLSX_MAGIC) or not zipfile.is_zipfile(upload):
            raise forms.ValidationError(
                _("This is not an .xlsx file; save it from Excel, WPS or LibreOffice as .xlsx.")
            )
        return content


class ReportPeriodForm(forms.Form):
    period = forms.DateField(required=False, label=_("A day in the period"))
