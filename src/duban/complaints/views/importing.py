"""The page that imports a team's daily list (/complaints/import/): upload, a dry-run
preview, every row's reasons in a table. The check and the writing are the service's
(`services.importing.complaints_import`); this page only shapes its input and result."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from duban.complaints.errors import NOT_PERMITTED
from duban.complaints.services.importing import ImportResult, complaints_import, import_offices
from duban.core.attachments import Upload
from duban.core.forms import DateInput, StyledForm
from duban.core.models import Organization
from duban.core.reasons import localize
from duban.core.web.params import posted, posted_files
from duban.core.web.refusals import forbidden
from duban.errors import NotPermitted
from duban.inspections.models import InspectionTeam

MAX_LIST_BYTES = 10 * 1024 * 1024


class ComplaintImportForm(StyledForm):
    """The daily list and what the team's cover note says of it: shape checks only."""

    file = forms.FileField(label=_("Daily list (.xlsx)"))
    office = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label=_("Received by"), empty_label=None
    )
    team = forms.ModelChoiceField(
        queryset=InspectionTeam.objects.none(), required=False, label=_("Inspection team")
    )
    batch_number = forms.IntegerField(label=_("Batch"), required=False, min_value=1, max_value=999)
    handed_over_on = forms.DateField(label=_("Handed over on"), required=False, widget=DateInput())
    dry_run = forms.BooleanField(
        required=False, label=_("Dry run: check and show what would be registered, write nothing")
    )

    def __init__(self, *args: Any, offices: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (
            ("office", offices),
            ("team", InspectionTeam.objects.select_related("batch").order_by("-pk")),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset

    def clean_file(self) -> Upload:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_LIST_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB."),
                params={"size": MAX_LIST_BYTES // (1024 * 1024)},
            )
        return Upload(name=upload.name or "list.xlsx", content=upload.read())


def complaint_import(request: HttpRequest) -> HttpResponse:
    """GET: the upload form; POST: import (or preview) the list and show the result."""
    offices = import_offices(user=request.user)
    if not offices.exists():
        return forbidden(request, localize(NOT_PERMITTED()))
    form = ComplaintImportForm(posted(request), posted_files(request), offices=offices)
    result: ImportResult | None = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            result = complaints_import(
                actor=request.user,
                office=data["office"],
                upload=data["file"],
                team=data["team"],
                batch_number=data["batch_number"],
                handed_over_on=data["handed_over_on"],
                dry_run=data["dry_run"],
            )
        except NotPermitted as error:
            return forbidden(request, localize(error.message))
        if not result.refused and not result.dry_run:
            messages.success(request, summary(result))
            return redirect(reverse("complaint-import"))
    context = {
        "form": form,
        "result": result,
        "summary": summary(result) if result else "",
        "reasons": [(r.row, r.column, localize(r.reason)) for r in result.reasons]
        if result
        else [],
    }
    refused = form.errors or (result is not None and result.refused)
    return render(request, "complaints/import.html", context, status=400 if refused else 200)


def summary(result: ImportResult) -> str:
    """One sentence for the page and its message."""
    counts = {
        "rows": result.rows,
        "created": len(result.created),
        "linked": len(result.linked),
        "unchanged": len(result.unchanged),
    }
    if result.refused:
        rows = len({reason.row for reason in result.reasons})
        return _t("Refused: %(rows)s rows with %(reasons)s reasons; nothing was written.") % {
            "rows": rows,
            "reasons": len(result.reasons),
        }
    if result.dry_run:
        return (
            _t(
                "Dry run, nothing written: of %(rows)s rows, %(created)s would be registered "
                "(%(linked)s linked as repeats), %(unchanged)s are already registered."
            )
            % counts
        )
    return (
        _t(
            "Imported: of %(rows)s rows, %(created)s registered (%(linked)s linked as "
            "repeats), %(unchanged)s already registered."
        )
        % counts
    )
