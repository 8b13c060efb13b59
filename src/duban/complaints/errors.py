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
