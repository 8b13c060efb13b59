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

# Pages and API (intake part): what the client chose that is not among its choices.
NOT_A_RECEIVING_OFFICE = ReasonKind(
    "complaint_not_a_receiving_office",
    "not an office you register complaints for",
    _("Not an office you register complaints for."),
)
UNKNOWN_CHOICE = ReasonKind("complaint_unknown_choice", "unknown", _("Unknown."))

# Handling (services/handling.py, services/reviews.py).
REASON_REQUIRED = ReasonKind(
    "complaint_reason_required", "a reason is required", _("Give the reason.")
)
TEXT_REQUIRED = ReasonKind("complaint_text_required", "required", _("This is required."))
DAY_IN_FUTURE = ReasonKind(
    "complaint_day_in_future", "a date in the future", _("The date is in the future.")
)
DAY_TOO_EARLY = ReasonKind(
    "complaint_day_too_early",
    "a date before %(day)s",
    _("The date is before %(day)s."),
)
# rules.extension_refusal's answers.
EXTENSION_REFUSALS = {
    "positive": ReasonKind(
        "complaint_extension_positive",
        "an extension is a positive number of days",
        _("The extension is a positive number of days."),
    ),
    "once": ReasonKind(
        "complaint_extension_once",
        "the handling period has already been extended once",
        _("The handling period has already been extended once."),
    ),
    "too_long": ReasonKind(
        "complaint_extension_too_long",
        "an extension is at most 30 days",
        _("An extension is at most 30 days (信访工作条例 Art. 34)."),
    ),
}
NEGATIVE_COUNT = ReasonKind(
    "complaint_negative_count", "must not be negative", _("Must not be negative.")
)
FINE_PRECISION = ReasonKind(
    "complaint_fine_precision",
    "at most 2 decimal places and 10 digits before them",
    _("At most 2 decimal places and 10 digits before them."),
)
CONCLUSION_NEEDS = ReasonKind(
    "complaint_conclusion_needs",
    "required to conclude",
    _("Required before the complaint is concluded."),
)
STAGE_NEEDS = ReasonKind(
    "complaint_stage_needs",
    "required to conclude in stages",
    _("Required before the complaint is concluded in stages."),
)
REPLY_NEEDED = ReasonKind(
    "complaint_reply_needed",
    "give the written reply before concluding",
    _("Give the written reply (答复意见书) before concluding."),
)
NO_REPLY = ReasonKind(
    "complaint_no_reply", "no written reply was given", _("No written reply was given.")
)
NOT_INSPECTION = ReasonKind(
    "complaint_not_from_team",
    "not handed over by an inspection team",
    _("The complaint was not handed over by an inspection team."),
)
ALREADY_REPORTED = ReasonKind(
    "complaint_already_reported",
    "already reported to the team",
    _("The handling has already been reported to the team."),
)
REVIEW_CLOSED = ReasonKind(
    "complaint_review_closed",
    "the time to ask (until %(day)s) has passed",
    _("The time to ask (until %(day)s) has passed."),
)
REVIEW_EXISTS = ReasonKind(
    "complaint_review_exists",
    "already requested",
    _("Already requested for this complaint."),
)
REVIEW_AFTER_RECHECK = ReasonKind(
    "complaint_review_after_recheck",
    "a review follows a decided re-examination",
    _("A review (复核) can be asked only after a re-examination (复查) is decided."),
)
REVIEW_FINAL = ReasonKind(
    "complaint_review_final",
    "reviewed already: the same complaint is not accepted again",
    _("Reviewed already (复核): the same complaint is not examined again."),
)
NO_REVIEWER = ReasonKind(
    "complaint_no_reviewer",
    "no organization above %(unit)s to review it",
    _("There is no organization above %(unit)s to review it."),
)
REVIEW_DECIDED = ReasonKind(
    "complaint_review_decided", "already decided", _("This has already been decided.")
)
UNKNOWN_REVIEW = ReasonKind(
    "complaint_review_not_found", "no such re-examination", _("No such re-examination.")
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

# Links (services/links.py): repeats, problems and tasks.
REPEAT_OF_ITSELF = ReasonKind(
    "complaint_repeat_of_itself",
    "a complaint cannot repeat itself",
    _("A complaint cannot be a repeat of itself."),
)
FIRST_NOT_OPEN = ReasonKind(
    "complaint_first_not_open",
    "complaint %(number)s is no longer open",
    _("Complaint %(number)s is no longer open: register this one as new."),
)
HAS_REPEATS = ReasonKind(
    "complaint_has_repeats",
    "other complaints are linked to this one",
    _("Other complaints are linked to this one; it cannot follow another."),
)
ALREADY_IN_PROBLEM = ReasonKind(
    "complaint_already_in_problem",
    "the complaint is already joined to problem %(code)s",
    _("The complaint is already joined to problem %(code)s."),
)
NOT_FOUND_TRUE = ReasonKind(
    "complaint_not_found_true",
    "only a complaint found true, basically or partly true becomes a problem",
    _("Only a complaint found true, basically true or partly true becomes a problem."),
)
TASK_ALREADY_LINKED = ReasonKind(
    "complaint_task_already_linked",
    "task %(task)s is already linked",
    _("Task %(task)s is already linked to this complaint."),
)
TASK_OF_OTHER_PROBLEM = ReasonKind(
    "complaint_task_of_other_problem",
    "task %(task)s belongs to another problem than %(code)s",
    _("Task %(task)s belongs to another problem than %(code)s."),
)
TASK_NOT_LINKED = ReasonKind(
    "complaint_task_not_linked",
    "task %(task)s is not linked to this complaint",
    _("Task %(task)s is not linked to this complaint."),
)

# Tables (the daily 一览表).
TABLE_NOT_FOUND = ReasonKind(
    "complaint_table_not_found",
    "no public complaints of this team and batch that you can see",
    _("No public complaints of this team and batch that you can see."),
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
