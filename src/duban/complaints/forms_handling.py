"""Forms of the handling panel: shape checks only; services/handling.py and
services/reviews.py hold the rules and their refusals come back on the form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from duban.complaints.choices import (
    ComplaintState,
    NotAcceptedGround,
    ReviewOutcome,
    Satisfaction,
    Truth,
)
from duban.complaints.services.handling import HandlingIn
from duban.core.forms import DateInput, StyledForm, textarea

LONG_TEXT = 20000
MAX_COUNT = 1_000_000
OUTCOME_CHOICES = [
    (ComplaintState.HANDLING.value, _("Still being handled")),
    (ComplaintState.PARTLY_CONCLUDED.value, ComplaintState.PARTLY_CONCLUDED.label),
    (ComplaintState.CONCLUDED.value, ComplaintState.CONCLUDED.label),
]


def _day(label: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), required=False)


class AcknowledgeForm(StyledForm):
    acknowledged_on = _day(_("Acknowledged on"))


class NotAcceptForm(StyledForm):
    ground = forms.ChoiceField(label=_("Ground"), choices=NotAcceptedGround.choices)
    reason = forms.CharField(
        label=_("Reason told to the complainant"), max_length=LONG_TEXT, widget=textarea(3)
    )


class ExtendForm(StyledForm):
    days = forms.IntegerField(label=_("Extension (days)"), min_value=1, max_value=30)
    reason = forms.CharField(
        label=_("Reason told to the complainant"), max_length=LONG_TEXT, widget=textarea(2)
    )


class HandlingForm(StyledForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=OUTCOME_CHOICES)
    truth = forms.ChoiceField(label=_("True?"), choices=[("", "—"), *Truth.choices], required=False)
    investigation = forms.CharField(
        label=_("Investigation"), max_length=LONG_TEXT, widget=textarea(4), required=False
    )
    measures = forms.CharField(
        label=_("Handling and rectification"),
        max_length=LONG_TEXT,
        widget=textarea(4),
        required=False,
    )
    closure_target = forms.CharField(
        label=_("Target for conclusion"), max_length=LONG_TEXT, widget=textarea(2), required=False
    )
    accountability = forms.CharField(
        label=_("People held to account"), max_length=LONG_TEXT, widget=textarea(2), required=False
    )
    ordered_to_rectify = forms.IntegerField(
        label=_("Ordered to rectify (firms)"), min_value=0, max_value=MAX_COUNT, initial=0
    )
    cases_filed = forms.IntegerField(
        label=_("Penalty cases filed (firms)"), min_value=0, max_value=MAX_COUNT, initial=0
    )
    fines_wan_yuan = forms.DecimalField(
        label=_("Fines (10,000 yuan)"),
        min_value=Decimal("0"),
        max_digits=12,
        decimal_places=2,
        initial=Decimal("0"),
    )
    criminal_cases = forms.IntegerField(
        label=_("Criminal investigations (cases)"), min_value=0, max_value=MAX_COUNT, initial=0
    )
    administrative_detentions = forms.IntegerField(
        label=_("Administrative detentions (people)"), min_value=0, max_value=MAX_COUNT, initial=0
    )
    criminal_detentions = forms.IntegerField(
        label=_("Criminal detentions (people)"), min_value=0, max_value=MAX_COUNT, initial=0
    )
    talks = forms.IntegerField(
        label=_("Admonitory talks (people)"), min_value=0, max_value=MAX_COUNT, initial=0
    )
    held_accountable = forms.IntegerField(
        label=_("Held accountable (people)"), min_value=0, max_value=MAX_COUNT, initial=0
    )

    def handling(self) -> HandlingIn:
        return HandlingIn(**self.cleaned_data)


class ReplyForm(StyledForm):
    text = forms.CharField(
        label=_("Handling opinion (答复意见)"), max_length=LONG_TEXT, widget=textarea(5)
    )
    replied_on = _day(_("Replied on"))


class TeamReportForm(StyledForm):
    team_reported_on = _day(_("Reported to the team on"))


class FollowUpForm(StyledForm):
    followed_up_on = _day(_("Called back on"))
    satisfaction = forms.ChoiceField(label=_("Satisfaction"), choices=Satisfaction.choices)
    note = forms.CharField(
        label=_("Call-back note"), max_length=LONG_TEXT, widget=textarea(2), required=False
    )


class ReviewRequestForm(StyledForm):
    requested_on = _day(_("Requested on"))
    grounds = forms.CharField(label=_("Grounds"), max_length=LONG_TEXT, widget=textarea(3))


class ReviewDecisionForm(StyledForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ReviewOutcome.choices)
    decision = forms.CharField(label=_("Decision"), max_length=LONG_TEXT, widget=textarea(3))
