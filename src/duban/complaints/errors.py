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

# Import (the daily list a team hands over; importer.py, services/importing.py).
IMPORT_NOT_XLSX = ReasonKind(
    "complaint_import_not_xlsx",
    "not an .xlsx file",
    _("Not an .xlsx file (save an old .xls as .xlsx)."),
)
IMPORT_NO_HEADER = ReasonKind(
    "complaint_import_no_header",
    "no header row naming %(columns)s in the first rows",
    _("No header row naming %(columns)s in the first rows."),
)
IMPORT_MISSING_COLUMN = ReasonKind(
    "complaint_import_missing_column",
    "the list has no column %(column)s",
    _("The list has no column %(column)s."),
)
IMPORT_EMPTY = ReasonKind(
    "complaint_import_empty", "the list has no rows", _("The list has no rows.")
)
IMPORT_TOO_MANY_ROWS = ReasonKind(
    "complaint_import_too_many_rows",
    "more than %(most)s rows: split the list",
    _("More than %(most)s rows: split the list."),
)
IMPORT_REQUIRED = ReasonKind("complaint_import_required", "required", _("Required."))
IMPORT_TOO_LONG = ReasonKind(
    "complaint_import_too_long",
    "longer than %(most)s characters",
    _("Longer than %(most)s characters."),
)
IMPORT_CONTROL_CHARACTERS = ReasonKind(
    "complaint_import_control_characters",
    "contains control characters",
    _("Contains control characters (invisible characters copied from another program)."),
)
IMPORT_BAD_DATE = ReasonKind(
    "complaint_import_bad_date",
    "not a date (2026-05-28, 2026年5月28日 or 2026/5/28)",
    _("Not a date (2026-05-28, 2026年5月28日 or 2026/5/28)."),
)
IMPORT_NUMBER_DATE_MISMATCH = ReasonKind(
    "complaint_import_number_date_mismatch",
    "the acceptance number says %(day)s, the date column another day",
    _("The acceptance number says %(day)s, the date column another day."),
)
IMPORT_UNKNOWN_CHANNEL = ReasonKind(
    "complaint_import_unknown_channel",
    "unknown channel (phone, letter, web or visit)",
    _("Unknown channel (电话, 来信, 网络 or 来访)."),
)
IMPORT_UNKNOWN_PRIORITY = ReasonKind(
    "complaint_import_unknown_priority",
    "unknown priority (urgent or normal)",
    _("Unknown priority (是/重点/紧急, or 否/一般)."),
)
IMPORT_UNKNOWN_REGION = ReasonKind(
    "complaint_import_unknown_region",
    "no region of that name",
    _("No region of that name (write e.g. 株洲市渌口区)."),
)
IMPORT_AMBIGUOUS_REGION = ReasonKind(
    "complaint_import_ambiguous_region",
    "the name fits %(regions)s: add the city",
    _("The name fits %(regions)s: add the city."),
)
IMPORT_DUPLICATE_NUMBER = ReasonKind(
    "complaint_import_duplicate_number",
    "acceptance number repeated from row %(row)s",
    _("Acceptance number repeated from row %(row)s."),
)
IMPORT_CHANGED = ReasonKind(
    "complaint_import_changed",
    "already registered with different %(fields)s: not overwritten",
    _("Already registered with different %(fields)s: not overwritten."),
)
IMPORT_TOO_LARGE = ReasonKind(
    "complaint_import_too_large",
    "the file is larger than 10 MB",
    _("The file is larger than 10 MB."),
)
