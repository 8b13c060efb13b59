"""Form pieces every app's pages share: Bootstrap-styled forms, date and multi-file inputs,
turning a service's English reason into the UI language, and putting a refusal's reasons on
the form."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from duban.core.attachments import MAX_ATTACHMENT_BYTES
from duban.errors import ApplicationError

MAX_FILES_PER_UPLOAD = 20
ReasonPatterns = list[tuple[re.Pattern[str], Any]]
# Where a service field's reason goes when not on the form's field of that name: (the form or
# a formset row, its field or None for on top), or None to follow the aliases.
Placement = Callable[[str, str], tuple[forms.Form, str | None] | None]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one <input type="file" multiple>; cleans to a list (maybe empty)."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > MAX_FILES_PER_UPLOAD:
            raise forms.ValidationError(
                _("At most %(count)s files at a time."), params={"count": MAX_FILES_PER_UPLOAD}
            )
        for upload in files:
            super().clean(upload, initial)
            if upload.size and upload.size > MAX_ATTACHMENT_BYTES:
                raise forms.ValidationError(
                    _("%(name)s is larger than %(size)s MB."),
                    params={"name": upload.name, "size": MAX_ATTACHMENT_BYTES // (1024 * 1024)},
                )
        return files


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, so templates render fields without per-field markup."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = css


def textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def translate_reason(text: str, messages: dict[str, Any], patterns: ReasonPatterns) -> str | None:
    """A service's reason from an app's catalogue (exact text, then patterns), or None."""
    known = messages.get(text)
    if known is not None:
        return str(known)
    for pattern, template in patterns:
        match = pattern.match(text)
        if match:
            return gettext(str(template)) % match.groupdict()
    return None


def show_service_errors(
    form: forms.Form,
    error: ApplicationError,
    *,
    translate: Callable[[str], str],
    aliases: dict[str, str] | None = None,
    place: Placement | None = None,
) -> None:
    """Put a service's per-field reasons on the form, in the UI language (`translate`).

    `aliases` renames service fields to form fields ("file" → "evidence"); `place` may send a
    reason elsewhere (a formset row). A reason for a field the form does not show goes on
    top, so nothing is lost; a refusal without per-field reasons shows its message there.
    """
    aliases = aliases or {}
    for service_field, text in error.fields.items():
        placed = place(service_field, str(text)) if place else None
        target, name = placed or (form, aliases.get(service_field, service_field))
        target.add_error(name if name in target.fields else None, translate(str(text)))
    if not error.fields:
        form.add_error(None, translate(error.message))
