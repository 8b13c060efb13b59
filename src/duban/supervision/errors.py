"""Reasons the supervision services give. The English text is what the API sends; the UI
wording what pages show (`duban.core.reasons.localize`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from duban.errors import ReasonKind

UNKNOWN = ReasonKind("unknown", "unknown", _("Unknown, or outside your scope."))

# Notices.
NOT_AN_ISSUER = ReasonKind(
    "not_an_issuer",
    "only rectification offices and discipline commissions issue notices",
    _("Only rectification offices and discipline commissions issue notices."),
)
NOTICE_WITHOUT_TASKS = ReasonKind(
    "notice_without_tasks", "name at least one task", _("Name at least one task.")
)
NOT_A_TASK_UNIT = ReasonKind(
    "not_a_task_unit",
    "not a lead or co-unit of %(tasks)s",
    _("The unit is not a lead or co-unit of %(tasks)s."),
)
REPLY_DATE_PAST = ReasonKind(
    "reply_date_past", "the reply date is in the past", _("The reply date is in the past.")
)
DECIDED_BY_A_PERSON = ReasonKind(
    "decided_by_a_person",
    "listed supervision and admonitory talks are decided by a person, not by a rule",
    _("Listed supervision and admonitory talks are decided by a person, not by a rule."),
)
LISTED_FROM_ABOVE = ReasonKind(
    "listed_from_above",
    "only an issuer at a level above %(name)s's region may list it for supervision",
    _("Only an issuer at a level above the region of %(name)s may list it for supervision."),
)
TALK_OUTSIDE_REGION = ReasonKind(
    "talk_outside_region",
    "%(name)s is outside the issuer's region",
    _("%(name)s is outside the issuer's region."),
)
TALK_NOT_AHEAD = ReasonKind(
    "talk_not_ahead",
    "the talk must be scheduled after the moment of issue",
    _("The talk must be scheduled after the moment of issue."),
)
ATTENDEES_NOT_NAMES = ReasonKind(
    "attendees_not_names",
    "name each attendee (one per line or separated by 、), at most 64 characters each",
    _("Name each attendee (one per line or separated by 、), at most 64 characters each."),
)
MONTHS_BETWEEN = ReasonKind(
    "months_between",
    "a time limit of %(low)s to %(high)s months",
    _("A time limit of %(low)s to %(high)s months."),
)
NOTICE_ANSWERED = ReasonKind(
    "notice_answered",
    "the notice has already been answered or closed",
    _("The notice has already been answered or concluded."),
)
NOTICE_UNANSWERED = ReasonKind(
    "notice_unanswered",
    "only an answered notice can be closed",
    _("Only an answered notice can be concluded."),
)

# Notice numbering.
PREFIX_TOO_LONG = ReasonKind(
    "prefix_too_long", "at most 32 characters", _("At most 32 characters.")
)
PATTERN_MALFORMED = ReasonKind(
    "pattern_malformed",
    "use {prefix}, {year} and {seq}: %(error)s",
    _("Use {prefix}, {year} and {seq}."),
)
PATTERN_UNKNOWN_FIELD = ReasonKind(
    "pattern_unknown_field",
    "use only {prefix}, {year} and {seq}",
    _("Use only {prefix}, {year} and {seq}."),
)
PATTERN_INCOMPLETE = ReasonKind(
    "pattern_incomplete",
    "the pattern must contain {year} and {seq}",
    _("The pattern must contain {year} and {seq}."),
)
NUMBERS_TOO_LONG = ReasonKind(
    "numbers_too_long",
    "numbers would be longer than %(length)s characters",
    _("Numbers would be longer than %(length)s characters."),
)
NUMBERING_TAKEN = ReasonKind(
    "numbering_taken",
    "%(name)s already numbers its notices so",
    _("%(name)s already numbers its notices this way."),
)

# Direct investigations.
NOT_A_COMMISSION = ReasonKind(
    "not_a_commission", "not a discipline commission", _("Not a discipline commission.")
)
OUTSIDE_REGION = ReasonKind(
    "outside_region", "outside the region of %(name)s", _("Outside the region of %(name)s.")
)
TEAM_REQUIRED = ReasonKind("team_required", "name the team", _("Name the investigation team."))
ALREADY_INVESTIGATING = ReasonKind(
    "already_investigating",
    "%(name)s already investigates it",
    _("%(name)s is already investigating this problem."),
)
INVESTIGATION_CONCLUDED = ReasonKind(
    "investigation_concluded",
    "the investigation is concluded",
    _("The investigation is concluded."),
)
INVESTIGATION_ALREADY_CONCLUDED = ReasonKind(
    "investigation_already_concluded",
    "the investigation is already concluded",
    _("The investigation is already concluded."),
)
