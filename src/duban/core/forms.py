"""Form pieces every app's pages share: Bootstrap-styled forms, date and multi-file inputs,
and putting a refusal's reasons on the form in the UI language (`duban.core.reasons.localize`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from duban.core.attachments import MAX_ATTACHMENT_BYTES
from duban.core.reasons import localize
from duban.core.text import TextRefused, input_text
from duban.errors import ApplicationError

MAX_FILES_PER_UPLOAD = 20
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


def _input_text_of(to_python: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A CharField's to_python followed by the one rule for typed text (`core.text`)."""

    def cleaned(value: Any) -> Any:
        value = to_python(value)
        if not isinstance(value, str):
            return value
        try:
            return input_text(value)
        except TextRefused as refused:
            raise forms.ValidationError(
                localize(refused.reason), code=refused.reason.code
            ) from None

    cleaned.input_text = True  # type: ignore[attr-defined]
    return cleaned


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, so templates render fields without per-field markup;
    every text field cleaned by `duban.core.text.input_text` (vertical tab and form feed to
    newlines, control characters refused with a field error)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()

    def full_clean(self) -> None:
        # Here, not in __init__: some forms add fields after construction.
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not hasattr(field.to_python, "input_text"):
                field.to_python = _input_text_of(field.to_python)  # type: ignore[method-assign,assignment]
        super().full_clean()

    def style_fields(self) -> None:
        style_widgets(self)


def style_widgets(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget of `form` (also a form not built on StyledForm)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(
            widget, forms.RadioSelect | forms.CheckboxInput | forms.CheckboxSelectMultiple
        ):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = css


def person_label(person: Any) -> str:
    """A person as a picker or select shows them: name and organization."""
    return f"{person.name}（{person.organization.name}）"


def textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def show_service_errors(
    form: forms.Form,
    error: ApplicationError,
    *,
    aliases: dict[str, str] | None = None,
    place: Placement | None = None,
) -> None:
    """Put a service's per-field reasons on the form, in the UI language (`localize`).

    `aliases` renames service fields to form fields ("file" → "evidence"); `place` may send a
    reason elsewhere (a formset row). A reason for a field the form does not show goes on
    top, so nothing is lost; a refusal without per-field reasons shows its message there.
    """
    aliases = aliases or {}
    for service_field, text in error.fields.items():
        placed = place(service_field, text) if place else None
        target, name = placed or (form, aliases.get(service_field, service_field))
        target.add_error(name if name in target.fields else None, localize(text))
    if not error.fields:
        form.add_error(None, localize(error.message))


class TokenForm(StyledForm):
    """A new API token for oneself: a name to tell it apart, and how many days it lives."""

    name = forms.CharField(label=_("Name"), max_length=64, help_text=_("e.g. the script using it"))
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=3650)


def _rules_of_passwords() -> str:
    """The validators' rules as one plain sentence (Django's help is HTML, and fields' help
    is shown escaped)."""
    return " ".join(str(text) for text in password_validators_help_texts())


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form: the current password, the new one twice. The page saves it through
    `services.user_password_change`, never `form.save()`; its passwords are kept as typed
    (no `input_text`: a password is not text to tidy)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)
        self.fields["new_password1"].help_text = _rules_of_passwords()


class PasswordResetForm(forms.Form):
    """An administrator's new password for another user: typed twice, or left empty for the
    service to generate one. The service validates it against the user."""

    password1 = forms.CharField(
        label=_("New password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave both empty to have a strong password generated."),
    )
    password2 = forms.CharField(
        label=_("New password again"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("password1", "") != cleaned.get("password2", ""):
            self.add_error("password2", _("The two passwords differ."))
        return cleaned

    @property
    def password(self) -> str | None:
        """The typed password, or None for a generated one."""
        return self.cleaned_data.get("password1") or None
