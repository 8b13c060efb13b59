"""Forms behind the accountability pages: shape checks only; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from duban.accountability.choices import (
    CaseSource,
    Measure,
    Rank,
    ResponsibilityType,
    ReviewKind,
    ReviewOutcome,
)
from duban.core import clock
from duban.core.forms import (
    DateInput,
    MultipleFileField,
    StyledForm,
    show_service_errors,
    textarea,
)
from duban.core.models import Organization, Person
from duban.errors import ApplicationError
from duban.verification.choices import SignalStatus
from duban.verification.models import Signal

MAX_CITED_EVENTS = 50


def show_errors(form: forms.Form, error: ApplicationError, **aliases: str) -> None:
    """The service's per-field reasons on the form, in the UI language."""
    show_service_errors(form, error, aliases=aliases)


class CaseOpenForm(StyledForm):
    commission = forms.ModelChoiceField(
        label=_("discipline commission"), queryset=Organization.objects.none()
    )
    title = forms.CharField(label=_("title"), max_length=200)
    problems = forms.CharField(
        label=_("problems"),
        max_length=500,
        help_text=_("Problem codes, separated by commas."),
    )
    source = forms.ChoiceField(label=_("source"), choices=CaseSource.choices)
    signal = forms.ModelChoiceField(
        label=_("signal"),
        queryset=Signal.objects.none(),
        required=False,
        help_text=_("Your confirmed data-quality signals: required when that is the source."),
    )
    summary = forms.CharField(label=_("summary"), max_length=20000, widget=textarea(4))

    def __init__(
        self,
        *args: Any,
        commissions: QuerySet[Organization],
        signals: QuerySet[Signal],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["commission"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = commissions
        if commissions.count() == 1:
            field.initial = commissions.first()
        # Any signal the user sees is accepted (the service says why one is not fit); the
        # select offers the confirmed ones.
        signal = self.fields["signal"]
        assert isinstance(signal, forms.ModelChoiceField)
        signal.queryset = signals
        signal.widget.choices = [
            ("", "—"),
            *(
                (s.pk, f"#{s.pk} {s.get_kind_display()}")
                for s in signals
                if s.status == SignalStatus.CONFIRMED
            ),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source") == CaseSource.SIGNAL and not data.get("signal"):
            offered = [label for value, label in self.fields["signal"].widget.choices if value]
            if offered:
                self.add_error(
                    "signal",
                    _("Choose the signal the case comes from: %(signals)s.")
                    % {"signals": "、".join(offered)},
                )
            else:
                self.add_error("signal", _("You have no confirmed signal to open a case from."))
        return data

    def clean_problems(self) -> list[str]:
        raw = self.cleaned_data["problems"].replace("，", ",").replace("、", ",")
        codes = [code.strip() for code in raw.split(",") if code.strip()]
        if not codes:
            raise forms.ValidationError(_("Name at least one problem."))
        if len(codes) > MAX_CITED_EVENTS or any(len(code) > 32 for code in codes):
            raise forms.ValidationError(_("Enter problem codes separated by commas."))
        return codes


class FindingForm(StyledForm):
    """Who bore which responsibility, with evidence files and/or cited ledger events."""

    target = forms.ChoiceField(
        label=_("Held responsible"),
        choices=[("person", _("A person")), ("organization", _("An organization"))],
        widget=forms.RadioSelect,
        initial="person",
    )
    person = forms.ModelChoiceField(
        label=_("person"), queryset=Person.objects.none(), required=False
    )
    organization = forms.ModelChoiceField(
        label=_("organization"), queryset=Organization.objects.none(), required=False
    )
    responsibility = forms.ChoiceField(
        label=_("responsibility type"), choices=ResponsibilityType.choices
    )
    facts = forms.CharField(label=_("facts"), max_length=20000, widget=textarea(4))
    event_seqs = forms.CharField(
        label=_("Ledger events relied on"),
        required=False,
        max_length=400,
        help_text=_("Event numbers (#) from the problem's timeline, separated by commas."),
    )
    evidence = MultipleFileField(label=_("Evidence files"), required=False)

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        organizations: QuerySet[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        person, organization = self.fields["person"], self.fields["organization"]
        assert isinstance(person, forms.ModelChoiceField)
        assert isinstance(organization, forms.ModelChoiceField)
        person.queryset, organization.queryset = people, organizations

    def clean_event_seqs(self) -> list[int]:
        raw = self.cleaned_data["event_seqs"].replace("，", ",").replace("#", "")
        parts = [part.strip() for part in raw.split(",") if part.strip()]
        if not all(part.isdigit() and len(part) <= 12 for part in parts):
            raise forms.ValidationError(_("Enter event numbers separated by commas."))
        if len(parts) > MAX_CITED_EVENTS:
            raise forms.ValidationError(
                _("At most %(count)s events."), params={"count": MAX_CITED_EVENTS}
            )
        return sorted({int(part) for part in parts})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("target")
        if chosen == "person" and not data.get("person"):
            self.add_error("person", _("Choose the person."))
        if chosen == "organization" and not data.get("organization"):
            self.add_error("organization", _("Choose the organization."))
        return data

    def target_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        if data["target"] == "person":
            return {"person": data["person"], "organization": None}
        return {"person": None, "organization": data["organization"]}


class WithdrawalForm(StyledForm):
    reason = forms.CharField(label=_("reason for withdrawal"), max_length=20000)


class SanctionForm(StyledForm):
    finding = forms.TypedChoiceField(label=_("finding"), coerce=int, choices=[])
    measure = forms.ChoiceField(label=_("measure"), choices=Measure.choices)
    rank = forms.ChoiceField(
        label=_("rank"),
        choices=[("", "—"), *Rank.choices],
        required=False,
        help_text=_("Required when a person is sanctioned."),
    )
    months = forms.TypedChoiceField(
        label=_("period (months)"),
        choices=[("", "—"), (12, _("One year")), (24, _("Two years"))],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Party probation only."),
    )
    decided_by = forms.CharField(label=_("decided by"), max_length=128)
    decided_on = forms.DateField(label=_("decision date"), initial=clock.today, widget=DateInput())
    is_public = forms.BooleanField(label=_("Publish the result"), required=False)

    def __init__(self, *args: Any, findings: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["finding"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = findings


class ReviewRequestForm(StyledForm):
    kind = forms.ChoiceField(label=_("kind"), choices=ReviewKind.choices)
    grounds = forms.CharField(label=_("grounds"), max_length=20000, widget=textarea(3))


class ReviewDecisionForm(StyledForm):
    outcome = forms.ChoiceField(label=_("outcome"), choices=ReviewOutcome.choices)
    measure = forms.ChoiceField(
        label=_("new measure"),
        choices=[("", "—"), *Measure.choices],
        required=False,
        help_text=_("When the decision is changed."),
    )
    months = SanctionForm.base_fields["months"]
    answer = forms.CharField(label=_("answer"), max_length=20000, widget=textarea(3))


class CarriedOutForm(StyledForm):
    on = forms.DateField(label=_("carried out on"), initial=clock.today, widget=DateInput())


class ResponsibilityDateForm(forms.Form):
    at = forms.DateField(label=_("As of"), required=False, widget=DateInput())
