"""Forms behind the task actions: shape checks only; the services hold the business rules.

Each form turns POST data into the keyword arguments of one service. When a service refuses
with an ApplicationError, `show_service_errors` puts its per-field reasons back on the form,
in the UI language (`core.reasons.localize`), so the user sees them next to what they typed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from duban.core import clock
from duban.core import forms as core_forms
from duban.core.forms import DateInput, MultipleFileField, StyledForm, textarea
from duban.core.models import Organization, Person
from duban.errors import ApplicationError, Reason
from duban.rectification import rules
from duban.rectification.choices import LOOK_BACK_CAUSES, ObjectionChannel, ReopenCause
from duban.rectification.errors import TEST_FAILURE_UNEXPLAINED
from duban.rectification.services import ClaimInput
from duban.rectification.services.closeout import MAX_PUBLICITY_DAYS
from duban.rectification.site_checks import SiteCheckRef

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def task_label(task: Any) -> str:
    """A task as people name it: its title and lead unit."""
    return f"{task.title}（{task.lead_unit.name}）"


class TransitionForm(StyledForm):
    """A simple move; the reason box is required where the transition needs a reason."""

    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000, widget=textarea(2))

    def __init__(self, *args: Any, needs_reason: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = needs_reason


class ClaimForm(StyledForm):
    """One claimed figure; a row left blank is skipped."""

    # Suggested from the task's figures (the page's datalists); a new metric may be typed.
    metric = forms.CharField(
        label=_("metric"),
        max_length=100,
        widget=forms.TextInput(attrs={"list": "claim-metrics", "autocomplete": "off"}),
    )
    unit = forms.CharField(
        label=_("unit"),
        max_length=20,
        widget=forms.TextInput(attrs={"list": "claim-units", "autocomplete": "off"}),
    )
    value = forms.DecimalField(label=_("value"), max_digits=16, decimal_places=4)
    is_cumulative = forms.BooleanField(label=_("cumulative"), required=False, initial=True)
    explanation = forms.CharField(
        label=_("explanation"), required=False, max_length=2000, widget=textarea(1)
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Every row may stay blank, including rows pre-filled with a metric already claimed.
        kwargs["empty_permitted"] = True
        kwargs["use_required_attribute"] = False
        super().__init__(*args, **kwargs)

    def has_changed(self) -> bool:
        """A row counts when it has a value or an explanation, or a metric or unit the user
        typed; the ticked cumulative box and the pre-filled metric alone do not."""
        if any(str(self[name].data or "").strip() for name in ("value", "explanation")):
            return True
        changed = self.changed_data
        return any(
            name in changed and str(self[name].data or "").strip() for name in ("metric", "unit")
        )

    def to_input(self) -> ClaimInput:
        data = self.cleaned_data
        return ClaimInput(
            metric=data["metric"].strip(),
            unit=data["unit"].strip(),
            value=Decimal(data["value"]),
            is_cumulative=data["is_cumulative"],
            explanation=data["explanation"],
        )


# Units offered for a new figure (a unit may still type another).
COMMON_UNITS = (
    "公里",
    "米",
    "吨",
    "吨/日",
    "万吨",
    "立方米",
    "万立方米",
    "平方米",
    "亩",
    "公顷",
    "个",
    "座",
    "处",
    "家",
    "户",
    "台",
    "套",
    "万元",
    "%",
)


ClaimFormSet = formset_factory(ClaimForm, extra=1, max_num=50, validate_max=True)


class ReportForm(StyledForm):
    """A progress report; its claims come in a ClaimFormSet with the prefix "claims"."""

    narrative = forms.CharField(label=_("progress"), max_length=20000, widget=textarea(5))
    percent = forms.IntegerField(label=_("progress (%)"), min_value=0, max_value=100)
    period_day = forms.DateField(
        label=_("Report for the period containing"),
        initial=clock.today,
        widget=DateInput(),
        help_text=_("Defaults to today; an earlier day files a late report for its period."),
    )
    attachments = MultipleFileField(label=_("attachments"), required=False)


class ClosureRequestForm(StyledForm):
    summary = forms.CharField(
        label=_("rectification summary"), max_length=20000, widget=textarea(5)
    )
    evidence = MultipleFileField(
        label=_("Evidence files"),
        error_messages={"required": _("Attach at least one evidence file.")},
    )


class AcceptanceForm(StyledForm):
    """Acceptance with a named signer of the acceptance unit, what it rests on (a site check
    or why documents suffice) and the five closure tests — or, `staged`, the staged
    acceptance of an ongoing task with its conclusion instead of the tests."""

    acceptance_unit = forms.ModelChoiceField(
        label=_("acceptance unit"), queryset=Organization.objects.none()
    )
    signer = forms.ModelChoiceField(label=_("signer"), queryset=Person.objects.none())
    publicity_days = forms.IntegerField(
        label=_("public notice days"),
        min_value=1,
        max_value=MAX_PUBLICITY_DAYS,
        initial=rules.publicity_working_days,
        help_text=_("working days"),
    )
    site_check = forms.TypedChoiceField(
        label=_("site check"), required=False, coerce=int, empty_value=None
    )
    document_check_reason = forms.CharField(
        label=_("why a document check suffices"),
        required=False,
        max_length=2000,
        widget=textarea(2),
        help_text=_("Only when no site check of this task supports the acceptance."),
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Organization],
        signers: QuerySet[Person],
        signers_url: str = "",
        site_checks: Sequence[SiteCheckRef] = (),
        staged: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.staged = staged
        check_field = self.fields["site_check"]
        assert isinstance(check_field, forms.TypedChoiceField)
        check_field.choices = [("", "—"), *((c.pk, str(c)) for c in site_checks)]
        if signers_url:
            # htmx swaps in the people of the chosen unit (no inline script needed).
            self.fields["acceptance_unit"].widget.attrs.update(
                {"hx-get": signers_url, "hx-target": "#id_signer", "hx-trigger": "change"}
            )
        unit_field = self.fields["acceptance_unit"]
        signer_field = self.fields["signer"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        assert isinstance(signer_field, forms.ModelChoiceField)
        unit_field.queryset = units
        signer_field.queryset = signers
        if staged:
            del self.fields["publicity_days"]
            self.fields["summary"] = forms.CharField(
                label=_("staged acceptance conclusion"), max_length=20000, widget=textarea(4)
            )
        else:
            self._add_tests()
        self.style_fields()

    def _add_tests(self) -> None:
        for key, label in rules.CLOSURE_TESTS:
            self.fields[f"{key}_passed"] = forms.ChoiceField(
                label=cast(Any, label), choices=YES_NO, widget=forms.RadioSelect
            )
            self.fields[f"{key}_comment"] = forms.CharField(
                label=_("Comment"), required=False, max_length=2000
            )

    def test_rows(self) -> list[tuple[object, forms.BoundField, forms.BoundField]]:
        if self.staged:
            return []
        return [
            (label, self[f"{key}_passed"], self[f"{key}_comment"])
            for key, label in rules.CLOSURE_TESTS
        ]

    def tests(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        return {
            key: {"passed": data[f"{key}_passed"] == "yes", "comment": data[f"{key}_comment"]}
            for key in rules.CLOSURE_TEST_KEYS
        }

    def field_for(self, service_field: str, reason: str) -> str | None:
        """ "tests.<key>" names a whole test: the answer, or the comment when it is missing."""
        if service_field.startswith("tests."):
            key = service_field.removeprefix("tests.")
            if key not in rules.CLOSURE_TEST_KEYS:
                return None
            unexplained = (
                isinstance(reason, Reason) and reason.code == TEST_FAILURE_UNEXPLAINED.code
            )
            return f"{key}_comment" if unexplained else f"{key}_passed"
        return service_field if service_field in self.fields else None


class ExtensionRequestForm(StyledForm):
    new_deadline = forms.DateField(label=_("requested deadline"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=textarea(3))


class ExtensionDecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("reject", _("Reject"))]
    )
    note = forms.CharField(
        label=_("decision note"),
        required=False,
        max_length=2000,
        widget=textarea(2),
        help_text=_("Required when rejecting."),
    )


class LookBackForm(StyledForm):
    checked_on = forms.DateField(label=_("checked on"), initial=clock.today, widget=DateInput())
    findings = forms.CharField(label=_("findings"), max_length=20000, widget=textarea(4))
    relapsed = forms.TypedChoiceField(
        label=_("relapsed"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    cause = forms.ChoiceField(
        label=_("Cause of the relapse"),
        choices=[(cause.value, cause.label) for cause in LOOK_BACK_CAUSES],
        initial=ReopenCause.LOOK_BACK,
        help_text=_("Used only when the problem relapsed: the task is then reopened."),
    )

    def clean_checked_on(self) -> Any:
        checked_on = self.cleaned_data["checked_on"]
        if checked_on > clock.today():
            raise forms.ValidationError(_("A look-back cannot be dated in the future."))
        return checked_on


class ObjectionForm(StyledForm):
    """An objection (异议) received during the public notice, as the office took it down."""

    received_on = forms.DateField(label=_("received on"), initial=clock.today, widget=DateInput())
    channel = forms.ChoiceField(label=_("channel"), choices=ObjectionChannel.choices)
    objector = forms.CharField(
        label=_("objector"),
        required=False,
        max_length=64,
        help_text=_("Optional: the objector may stay anonymous."),
    )
    content = forms.CharField(label=_("objection"), max_length=20000, widget=textarea(4))


class ObjectionAnswerForm(StyledForm):
    """A reviewer's written answer; upheld sends the task back to the unit."""

    answer = forms.CharField(label=_("answer"), max_length=20000, widget=textarea(3))
    upheld = forms.TypedChoiceField(
        label=_("Is the objection upheld?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=_("Upheld: the task is returned to the unit with the objection as the reason."),
    )


class FilingRejectForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=20000, widget=textarea(3))


def show_service_errors(
    form: forms.Form,
    error: ApplicationError,
    *,
    aliases: dict[str, str] | None = None,
    claims: Any = None,
    claim_rows: list[int] | None = None,
) -> None:
    """Put a service's per-field reasons on the form, the claim rows of its formset (claim_rows
    maps the service's claim index to the row) and the acceptance form's tests."""

    def place(service_field: str, text: str) -> tuple[forms.Form, str | None] | None:
        row = re.match(r"^claims\.(\d+)\.(\w+)$", service_field)
        if row and claims is not None and claim_rows is not None:
            index, name = int(row.group(1)), row.group(2)
            if index < len(claim_rows) and name in claims.forms[claim_rows[index]].fields:
                return claims.forms[claim_rows[index]], name
        if isinstance(form, AcceptanceForm):
            return form, form.field_for(service_field, text)
        return None

    core_forms.show_service_errors(form, error, aliases=aliases, place=place)
