"""Reasons the complaint services give. The English text is what the API sends; the UI
wording what pages show (`duban.core.reasons.localize`). Each part of the app adds its own
below its heading."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from duban.errors import ReasonKind

NOT_PERMITTED = ReasonKind(
    "complaint_not_permitted",
    "you may not do this with this complaint",
    _("You may not do this with this complaint."),
)
WRONG_STATE = ReasonKind(
    "complaint_wrong_state",
    "not possible while the complaint is %(state)s",
    _("Not possible while the complaint is %(state)s."),
)

# Intake.
OUTSIDE_OFFICE_REGION = ReasonKind(
    "complaint_outside_region",
    "%(region)s is outside the region of %(office)s",
    _("%(region)s is outside the region of %(office)s."),
)
NUMBER_TAKEN = ReasonKind(
    "complaint_number_taken",
    "acceptance number %(number)s is already registered",
    _("Acceptance number %(number)s is already registered."),
)
RECEIVED_IN_FUTURE = ReasonKind(
    "complaint_received_in_future", "a date in the future", _("The date is in the future.")
)

# Transfer.
TRANSFER_TO_ACCUSED = ReasonKind(
    "complaint_transfer_to_accused",
    "%(unit)s is complained about and cannot handle the complaint",
    _("%(unit)s is complained about and cannot handle the complaint (信访工作条例 Art. 30)."),
)
UNIT_OUTSIDE_REGION = ReasonKind(
    "complaint_unit_outside_region",
    "%(unit)s does not work in %(region)s",
    _("%(unit)s does not work in %(region)s."),
)

# Tables (the daily 一览表).
TABLE_NOT_FOUND = ReasonKind(
    "complaint_table_not_found",
    "no public complaints of this team and batch that you can see",
    _("No public complaints of this team and batch that you can see."),
)
