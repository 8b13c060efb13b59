"""Forms of the supervision pages: shape checks only; the services hold the business rules.

Choices come from the selectors, so a form offers only what the user may pick; a service
refusal is put back on the form in the UI language (`core.forms.show_service_errors`).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from duban.core import clock
from duban.core.forms import DateInput, MultipleFileField, StyledForm, textarea
from duban.core.models import Organization, Person
from duban.core.pickers import Picker
from duban.core.web.params import get_choice, get_int, get_text
from duban.inspections.models import Problem
from duban.rectification.models import Task
from duban.supervision.choices import InvestigationState, NoticeLevel, NoticeState
from duban.supervision.models import DEFAULT_NUMBER_PATTERN
from duban.supervision.permissions import NoticeTerms
from duban.supervision.selectors import NoticeFilter

LONG_TEXT = 20000


def notice_filter(request: HttpRequest) -> NoticeFilter:
    """The list's GET filters; a stale or mistyped value is dropped, not refused."""
    return NoticeFilter(
        level=get_choice(request, "level", NoticeLevel.values),
        state=get_choice(request, "state", NoticeState.values),
        issuer=get_int(request, "issuer"),
        target=get_int(request, "target"),
        task=get_int(request, "task"),
    )


def investigation_filter(request: HttpRequest) -> dict[str, Any]:
    return {
        "state": get_choice(request, "state", InvestigationState.values),
        "problem": get_text(request, "problem", max_length=32),
    }


class BulkNoticeForm(StyledForm):
    """批量督办: one notice per ticked task, to its lead unit, with the same demands."""

    issuer = forms.ModelChoiceField(label=_("Issued by"), queryset=Organization.objects.none())
    demands = forms.CharField(label=_("Demands"), max_length=LONG_TEXT, widget=textarea(3))
    due_on = forms.DateField(label=_("Reply due by"), widget=DateInput())

    def __init__(self, *args: Any, issuers: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        issuer: Any = self.fields["issuer"]
        issuer.queryset = issuers
        if len(issuers) == 1:
            self.initial.setdefault("issuer", issuers[0].pk)


class NoticeIssueForm(StyledForm):
    """A notice about one or more tasks of a problem, to one of their units."""

    issuer = forms.ModelChoiceField(label=_("Issued by"), queryset=Organization.objects.none())
    target = forms.ModelChoiceField(label=_("Addressed to"), queryset=Organization.objects.none())
    tasks = forms.ModelMultipleChoiceField(
        label=_("Tasks concerned"),
        queryset=Task.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    level = forms.ChoiceField(label=_("Level"), choices=NoticeLevel.choices)
    demands = forms.CharField(label=_("Demands"), max_length=LONG_TEXT, widget=textarea(5))
    due_on = forms.DateField(
        label=_("Reply due by"),
        widget=DateInput(),
        required=False,
        help_text=_("Listed supervision is due at the end of its time limit."),
    )
    time_limit_months = forms.IntegerField(
        label=_("Time limit (months)"),
        min_value=1,
        max_value=12,
        required=False,
        help_text=_("Listed supervision only: set by the higher authority, 1–12 months."),
    )
    talk_at = forms.DateTimeField(
        label=_("Talk time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Admonitory talk only."),
    )
    talk_place = forms.CharField(label=_("Talk place"), max_length=128, required=False)
    talk_attendees = forms.CharField(
        label=_("Attendees"),
        max_length=2000,
        required=False,
        widget=textarea(2),
        help_text=_(
            "Admonitory talk only: the leaders summoned, by name and post, one per line or "
            "separated by 、."
        ),
    )

    def terms(self) -> NoticeTerms:
        """The level's terms as entered (the service decides which are required)."""
        data = self.cleaned_data
        return NoticeTerms(
            time_limit_months=data.get("time_limit_months"),
            talk_at=data.get("talk_at"),
            talk_place=data.get("talk_place", ""),
            talk_attendees=data.get("talk_attendees", ""),
        )

    def __init__(
        self,
        *args: Any,
        issuers: QuerySet[Organization],
        targets: list[Organization],
        tasks: QuerySet[Task],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["issuer"].queryset = issuers
        fields["target"].queryset = Organization.objects.filter(pk__in=[t.pk for t in targets])
        fields["tasks"].queryset = tasks
        if issuers.count() == 1:
            self.initial.setdefault("issuer", issuers.first())


class NoticeResponseForm(StyledForm):
    response = forms.CharField(label=_("Response"), max_length=LONG_TEXT, widget=textarea(5))
    evidence = MultipleFileField(label=_("Evidence files"), required=False)


class NoticeCloseForm(StyledForm):
    note = forms.CharField(
        label=_("Closing note"), required=False, max_length=2000, widget=textarea(2)
    )


class NumberingForm(StyledForm):
    issuer = forms.ModelChoiceField(label=_("Issued by"), queryset=Organization.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    # Not "prefix": that name is the form's own field-name prefix.
    number_prefix = forms.CharField(label=_("Prefix"), max_length=32)
    pattern = forms.CharField(
        label=_("Pattern"),
        max_length=64,
        initial=DEFAULT_NUMBER_PATTERN,
        help_text=_("{prefix}, {year} and {seq} are replaced, e.g. {prefix}〔{year}〕{seq}号."),
    )

    def __init__(self, *args: Any, issuers: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["issuer"].queryset = issuers
        self.initial.setdefault("year", clock.today().year)


class InvestigationOpenForm(StyledForm):
    problem = forms.ModelChoiceField(
        label=_("Problem"),
        queryset=Problem.objects.none(),
        to_field_name="code",
        widget=Picker("pick-problems", placeholder=_("Search problems by title")),
    )
    commission = forms.ModelChoiceField(
        label=_("Discipline commission"), queryset=Organization.objects.none()
    )
    team = forms.ModelMultipleChoiceField(
        label=_("Investigation team"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    plan = forms.CharField(label=_("Work plan"), max_length=LONG_TEXT, widget=textarea(5))

    def __init__(
        self,
        *args: Any,
        commissions: QuerySet[Organization],
        people: QuerySet[Person],
        problems: QuerySet[Problem],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["problem"].queryset = problems
        fields["problem"].label_from_instance = lambda problem: f"{problem.code} {problem.title}"
        fields["commission"].queryset = commissions
        fields["team"].queryset = people
        if commissions.count() == 1:
            self.initial.setdefault("commission", commissions.first())


class FindingsForm(StyledForm):
    findings = forms.CharField(label=_("Findings"), max_length=LONG_TEXT, widget=textarea(6))


class ConclusionForm(StyledForm):
    outcome = forms.CharField(label=_("Outcome"), max_length=LONG_TEXT, widget=textarea(4))
