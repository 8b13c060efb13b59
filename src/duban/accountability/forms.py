"""Forms behind the accountability pages: shape checks only; the services hold the rules."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import Truncator
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
    person_label,
    show_service_errors,
    textarea,
)
from duban.core.models import Event, Organization, Person
from duban.core.pickers import Picker
from duban.core.templatetags.duban_tags import verb_label
from duban.errors import ApplicationError
from duban.inspections.models import Problem
from duban.verification.choices import SignalStatus
from duban.verification.models import Signal

MAX_CITED_EVENTS = 50


def problem_label(problem: Problem) -> str:
    return f"{problem.code} {problem.title}"


def event_label(event: Event) -> str:
    """A ledger event in words: when, what, by whom (its number stays out of sight)."""
    who = event.actor.get_full_name() or event.actor.get_username() if event.actor else _("system")
    where = f"（{event.organization.name}）" if event.organization else ""
    about = f" — {event.data['task']}" if isinstance(event.data.get("task"), str) else ""
    when = timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M")
    return f"{when} {verb_label(event.verb)} · {who}{where}{about}"


def show_errors(form: forms.Form, error: ApplicationError, **aliases: str) -> None:
    """The service's per-field reasons on the form, in the UI language."""
    show_service_errors(form, error, aliases=aliases)


class CaseOpenForm(StyledForm):
    commission = forms.ModelChoiceField(
        label=_("discipline commission"), queryset=Organization.objects.none()
    )
    title = forms.CharField(label=_("title"), max_length=200)
    problems = forms.ModelMultipleChoiceField(
        label=_("problems"),
        queryset=Problem.objects.none(),
        to_field_name="code",
        widget=Picker("pick-problems", multiple=True, placeholder=_("Search problems by title")),
        error_messages={"required": _("Choose at least one problem.")},
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
        problems: QuerySet[Problem],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        problem_field = self.fields["problems"]
        assert isinstance(problem_field, forms.ModelMultipleChoiceField)
        problem_field.queryset = problems
        problem_field.label_from_instance = problem_label  # type: ignore[method-assign,assignment]
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
                (s.pk, f"{s.get_kind_display()}：{Truncator(s.explanation).chars(40)}")
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


class FindingForm(StyledForm):
    """Who bore which responsibility, with evidence files and/or cited ledger events."""

    target = forms.ChoiceField(
        label=_("Held responsible"),
        choices=[("person", _("A person")), ("organization", _("An organization"))],
        widget=forms.RadioSelect,
        initial="person",
    )
    person = forms.ModelChoiceField(
        label=_("person"),
        queryset=Person.objects.none(),
        required=False,
        widget=Picker("pick-people", placeholder=_("Search people by name or post")),
    )
    organization = forms.ModelChoiceField(
        label=_("organization"),
        queryset=Organization.objects.none(),
        required=False,
        widget=Picker("pick-organizations", placeholder=_("Search organizations by name")),
    )
    responsibility = forms.ChoiceField(
        label=_("responsibility type"), choices=ResponsibilityType.choices
    )
    facts = forms.CharField(label=_("facts"), max_length=20000, widget=textarea(4))
    event_seqs = forms.TypedMultipleChoiceField(
        label=_("Ledger events relied on"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the events of the problems' timelines the finding rests on."),
    )
    evidence = MultipleFileField(label=_("Evidence files"), required=False)

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        organizations: QuerySet[Organization],
        events: Sequence[Event] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["person"].queryset, fields["organization"].queryset = people, organizations
        fields["person"].label_from_instance = person_label
        fields["event_seqs"].choices = [(event.seq, event_label(event)) for event in events]
        if not events:
            fields["event_seqs"].help_text = _("The case's problems have no events you may cite.")

    def clean_event_seqs(self) -> list[int]:
        seqs = self.cleaned_data["event_seqs"]
        if len(seqs) > MAX_CITED_EVENTS:
            raise forms.ValidationError(
                _("At most %(count)s events."), params={"count": MAX_CITED_EVENTS}
            )
        return sorted(set(seqs))

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
