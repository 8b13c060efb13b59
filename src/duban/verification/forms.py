"""Forms of the data-truth pages: shape checks only; the services hold the business rules.

Services answer with coded reasons; `core.forms.show_service_errors` puts them on the form, in
the UI language, next to what the user typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from duban.core import clock
from duban.core.forms import DateInput, MultipleFileField, StyledForm, person_label, textarea
from duban.core.models import Organization, Person, Region
from duban.core.pickers import Picker, region_path
from duban.rectification.forms import task_label
from duban.rectification.models import Task
from duban.verification.choices import SignalKind, SignalStatus, VerificationMethod
from duban.verification.models import SiteCheck
from duban.verification.selectors import SignalFilter

PASSED_CHOICES = [("", _("Not judged")), ("yes", _("Yes")), ("no", _("No"))]


class SignalFilterForm(StyledForm):
    """The signal list's filters; an invalid value is ignored (and shown as an error)."""

    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)

    def __init__(
        self, *args: Any, units: QuerySet[Organization], regions: QuerySet[Region], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *SignalKind.choices]  # type: ignore[attr-defined]
        self.fields["status"].choices = [("", _("All statuses")), *SignalStatus.choices]  # type: ignore[attr-defined]
        self.fields["region"].choices = [  # type: ignore[attr-defined]
            ("", _("All regions")),
            *((region.code, f"{region.code} {region.name}") for region in regions),
        ]
        self.fields["unit"].choices = [  # type: ignore[attr-defined]
            ("", _("All units")),
            *((str(unit.pk), unit.name) for unit in units),
        ]

    def to_filter(self) -> SignalFilter:
        self.is_valid()
        data = self.cleaned_data
        return SignalFilter(
            kind=data.get("kind") or None,
            status=data.get("status") or None,
            region=data.get("region") or None,
            unit=data.get("unit") or None,
        )


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Conclusion"),
        choices=[("confirm", _("Confirm the signal")), ("dismiss", _("Dismiss the signal"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=textarea(3))


class ReferralForm(StyledForm):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=textarea(2))


class SiteCheckForm(StyledForm):
    """An on-site check; without a region the first task's region is taken, without a
    position a photo's GPS (the service reads it)."""

    organization = forms.ModelChoiceField(
        label=_("checking organization"), queryset=Organization.objects.none()
    )
    checked_on = forms.DateField(label=_("checked on"), initial=clock.today, widget=DateInput())
    tasks = forms.ModelMultipleChoiceField(
        label=_("tasks"),
        queryset=Task.objects.none(),
        widget=Picker(
            "pick-tasks", multiple=True, placeholder=_("Search tasks by title, problem or unit")
        ),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        to_field_name="code",
        required=False,
        widget=Picker("pick-regions", placeholder=_("Search by place name, e.g. 荷塘")),
        help_text=_("Empty: the region of the first task."),
        error_messages={"invalid_choice": _("Unknown region.")},
    )
    place = forms.CharField(label=_("place"), max_length=200)
    latitude = forms.DecimalField(
        label=_("latitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        help_text=_(
            "Leave both empty to take the position from a photo's GPS (EXIF), if it has one."
        ),
    )
    longitude = forms.DecimalField(
        label=_("longitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
    )
    unannounced = forms.BooleanField(
        label=_("Unannounced (四不两直)"), required=False, initial=True
    )
    findings = forms.CharField(label=_("findings"), max_length=20000, widget=textarea(4))
    passed = forms.TypedChoiceField(
        label=_("matches the reports"),
        choices=PASSED_CHOICES,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    inspectors = forms.ModelMultipleChoiceField(
        label=_("inspectors"),
        queryset=Person.objects.none(),
        widget=Picker(
            "pick-inspectors",
            multiple=True,
            include="[data-picker][data-name=tasks] input[type=hidden]",
            placeholder=_("Search people by name or post"),
        ),
        help_text=_(
            "Not the staff of the tasks' lead units: a unit does not inspect its own work."
        ),
    )
    evidence = MultipleFileField(label=_("Evidence files"), required=False)

    def __init__(
        self,
        *args: Any,
        organizations: QuerySet[Organization],
        regions: QuerySet[Region],
        people: QuerySet[Person],
        tasks: QuerySet[Task],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["organization"].queryset = organizations
        if len(organizations) == 1:  # the user's one organization needs no choosing
            self.initial.setdefault("organization", organizations[0])
        fields["region"].queryset = regions.select_related("parent__parent")
        fields["region"].label_from_instance = region_path
        fields["inspectors"].queryset = people
        fields["tasks"].queryset = tasks
        fields["inspectors"].label_from_instance = person_label
        fields["tasks"].label_from_instance = task_label

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        tasks = data.get("tasks")
        if not data.get("region") and tasks and "region" not in self.errors:
            data["region"] = tasks[0].problem.region
        return data


class VerificationForm(StyledForm):
    """A checked value for one claim; the checker may not be of the task's lead unit."""

    verified_value = forms.DecimalField(label=_("verified value"), max_digits=16, decimal_places=4)
    method = forms.ChoiceField(label=_("method"), choices=VerificationMethod.choices)
    checker = forms.ModelChoiceField(
        label=_("checker"),
        queryset=Person.objects.none(),
        widget=Picker("pick-inspectors", placeholder=_("Search people by name or post")),
        help_text=_("Not of the task's lead unit."),
    )
    site_check = forms.ModelChoiceField(
        label=_("site check"), queryset=SiteCheck.objects.none(), required=False
    )
    verified_on = forms.DateField(label=_("verified on"), initial=clock.today, widget=DateInput())
    note = forms.CharField(label=_("note"), required=False, max_length=2000, widget=textarea(3))

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        site_checks: QuerySet[SiteCheck],
        task_id: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["checker"].queryset = people  # type: ignore[attr-defined]
        if task_id is not None:  # the picker leaves out the task's lead unit
            self.fields["checker"].widget.query = f"tasks={task_id}"
        self.fields["checker"].label_from_instance = person_label  # type: ignore[attr-defined]
        self.fields["site_check"].queryset = site_checks  # type: ignore[attr-defined]
