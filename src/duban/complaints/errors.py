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

# Identity (the complainant's identity, its keys, the designated 信访 handlers).
IDENTITY_KEY_MISSING = ReasonKind(
    "complaint_identity_key_missing",
    "the complainant's identity is sealed with key %(key)s, which is no longer configured",
    _(
        "The complainant's identity is sealed with key %(key)s, which is no longer "
        "configured: ask the administrator to restore it in DUBAN_COMPLAINT_KEYS."
    ),
)
HANDLER_NOT_MEMBER = ReasonKind(
    "complaint_handler_not_member",
    "%(user)s is not a member of %(organization)s",
    _("%(user)s is not a member of %(organization)s."),
)
HANDLER_ALREADY = ReasonKind(
    "complaint_handler_already",
    "%(user)s is already a complaint handler of %(organization)s",
    _("%(user)s is already a complaint handler of %(organization)s."),
)
HANDLER_NOT_DESIGNATED = ReasonKind(
    "complaint_handler_not_designated",
    "%(user)s is not a complaint handler of %(organization)s",
    _("%(user)s is not a complaint handler of %(organization)s."),
)
