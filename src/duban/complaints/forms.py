"""Forms of the complaint pages (intake part): shape checks only; the services hold the rules
(services.intake.intake_refusals, services.transfer.transfer_refusal), whose reasons are put
back on the form by `core.forms.show_service_errors`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from duban.complaints.choices import Channel, ComplaintState, Priority, Truth
from duban.complaints.identity import Identity
from duban.complaints.selectors import OVERDUE_CLOCKS, ComplaintFilter
from duban.complaints.services.intake import ComplaintIn
from duban.core import clock
from duban.core.forms import DateInput, StyledForm, textarea
from duban.core.models import Organization, Region
from duban.core.pickers import Picker
from duban.core.web.params import get_choice, get_int, get_region, get_text
from duban.inspections.models import InspectionTeam

LONG_TEXT = 20000
IDENTITY_FIELDS = ("complainant_name", "phone", "complainant_address", "id_number", "email")


def complaint_filter(request: HttpRequest) -> ComplaintFilter:
    """The list's GET filters; a stale or mistyped value is dropped, not refused."""
    return ComplaintFilter(
        state=get_choice(request, "state", ComplaintState.values),
        region=get_region(request),
        team=get_int(request, "team"),
        batch=get_int(request, "batch"),
        channel=get_choice(request, "channel", Channel.values),
        truth=get_choice(request, "truth", Truth.values),
        overdue=get_choice(request, "overdue", OVERDUE_CLOCKS),
        query=get_text(request, "q"),
    )


def _no_autocomplete() -> forms.TextInput:
    return forms.TextInput(attrs={"autocomplete": "off"})


class ComplaintForm(StyledForm):
    """One complaint entered by staff; the complainant's identity is optional (anonymous)."""

    office = forms.ModelChoiceField(label=_("received by"), queryset=Organization.objects.none())
    number = forms.CharField(
        label=_("acceptance number"),
        max_length=32,
        required=False,
        help_text=_("Leave empty for a number of duban's own."),
    )
    received_on = forms.DateField(label=_("received on"), initial=clock.today, widget=DateInput())
    channel = forms.ChoiceField(label=_("channel"), choices=Channel.choices)
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="code",
        widget=Picker("pick-regions", placeholder=_("Search by place name, e.g. 荷塘")),
        error_messages={"invalid_choice": _("Unknown region.")},
    )
    accused_name = forms.CharField(label=_("person or firm complained about"), max_length=200)
    accused_organization = forms.ModelChoiceField(
        label=_("organization complained about"),
        queryset=Organization.objects.none(),
        required=False,
        widget=Picker("pick-organizations", placeholder=_("Search organizations by name")),
        help_text=_("A unit in the directory: it and its staff will never see the complaint."),
    )
    address = forms.CharField(label=_("address"), max_length=300, required=False)
    content = forms.CharField(
        label=_("what was complained of"), max_length=LONG_TEXT, widget=textarea(5)
    )
    pollution_types = forms.CharField(label=_("pollution types"), max_length=200, required=False)
    industry = forms.CharField(label=_("industry"), max_length=100, required=False)
    priority = forms.ChoiceField(
        label=_("priority"), choices=Priority.choices, initial=Priority.NORMAL
    )
    team = forms.ModelChoiceField(
        label=_("inspection team"), queryset=InspectionTeam.objects.all(), required=False
    )
    batch_number = forms.IntegerField(label=_("batch"), min_value=1, max_value=999, required=False)
    handed_over_on = forms.DateField(label=_("handed over on"), required=False, widget=DateInput())
    is_public = forms.BooleanField(label=_("public"), required=False, initial=True)
    # The complainant: sealed on saving, never shown again on this or any page.
    complainant_name = forms.CharField(
        label=_("complainant's name"), max_length=100, required=False, widget=_no_autocomplete()
    )
    phone = forms.CharField(
        label=_("complainant's phone"), max_length=32, required=False, widget=_no_autocomplete()
    )
    complainant_address = forms.CharField(
        label=_("complainant's address"), max_length=300, required=False, widget=_no_autocomplete()
    )
    id_number = forms.CharField(
        label=_("complainant's ID number"), max_length=32, required=False, widget=_no_autocomplete()
    )
    email = forms.EmailField(
        label=_("complainant's e-mail"), max_length=254, required=False, widget=_no_autocomplete()
    )

    def __init__(
        self,
        *args: Any,
        offices: QuerySet[Organization],
        organizations: QuerySet[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        office: Any = self.fields["office"]
        office.queryset = offices
        accused: Any = self.fields["accused_organization"]
        accused.queryset = organizations
        if len(offices) == 1:
            self.initial.setdefault("office", offices[0].pk)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("batch_number") and not data.get("team"):
            self.add_error("team", _("A batch belongs to an inspection team: choose the team."))
        return data

    @property
    def identity_fields(self) -> list[Any]:
        return [self[name] for name in IDENTITY_FIELDS]

    @property
    def complaint_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name not in IDENTITY_FIELDS]

    def complaint_in(self) -> ComplaintIn:
        """The valid form as the service's input."""
        data = self.cleaned_data
        return ComplaintIn(
            number=data["number"],
            received_on=data["received_on"],
            channel=data["channel"],
            region=data["region"],
            accused_name=data["accused_name"],
            content=data["content"],
            address=data["address"],
            pollution_types=data["pollution_types"],
            industry=data["industry"],
            priority=data["priority"],
            team=data["team"],
            batch_number=data["batch_number"],
            handed_over_on=data["handed_over_on"],
            accused_organization=data["accused_organization"],
            is_public=data["is_public"],
            identity=Identity(
                name=data["complainant_name"],
                phone=data["phone"],
                address=data["complainant_address"],
                id_number=data["id_number"],
                email=data["email"],
            ),
        )


class TransferForm(StyledForm):
    """转办: the unit to handle the complaint, and a note for the ledger."""

    unit = forms.ModelChoiceField(
        label=_("handling unit"),
        queryset=Organization.objects.none(),
        widget=Picker("pick-organizations", placeholder=_("Search organizations by name")),
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=textarea(2))

    def __init__(self, *args: Any, units: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit: Any = self.fields["unit"]
        unit.queryset = units
