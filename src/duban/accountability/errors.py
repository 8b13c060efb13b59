"""Reasons the accountability services give. The English text is what the API sends; the UI
wording what pages show (`duban.core.reasons.localize`); a reason without UI wording is shown
in English."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from duban.errors import ReasonKind

# Cases.
NOT_A_COMMISSION = ReasonKind(
    "case_commission_invalid", "only a discipline commission holds accountability cases"
)
NO_PROBLEMS = ReasonKind(
    "case_without_problems", "name at least one problem", _("Name at least one problem.")
)
UNKNOWN_SOURCE = ReasonKind("case_source_unknown", "unknown source %(source)r")
SIGNAL_REQUIRED = ReasonKind(
    "case_signal_required",
    "name the signal the case comes from",
    _("Name the signal the case comes from."),
)
SIGNAL_NOT_CONFIRMED = ReasonKind(
    "case_signal_not_confirmed",
    "only a confirmed signal can become a case",
    _("Only a confirmed signal can become a case."),
)
INVESTIGATION_REQUIRED = ReasonKind(
    "case_investigation_required", "name the investigation the case comes from"
)
INVESTIGATION_OF_OTHERS = ReasonKind(
    "case_investigation_of_others", "the investigation belongs to another commission"
)

# Findings.
NO_ONE_NAMED = ReasonKind(
    "finding_target_invalid",
    "name either a person or an organization",
    _("Name either a person or an organization."),
)
UNKNOWN_RESPONSIBILITY = ReasonKind("responsibility_unknown", "unknown type %(responsibility)r")
EVENTS_UNKNOWN = ReasonKind("events_unknown", "no such ledger events: %(seqs)s")

FINDING_HAS_SANCTIONS = ReasonKind(
    "finding_has_sanctions",
    "a sanction rests on this finding: have it revoked on review first",
    _("A sanction rests on this finding: have it revoked on review first."),
)

# Sanctions.
FINDING_NOT_IN_CASE = ReasonKind("finding_not_in_case", "no such finding in this case")
FINDING_WITHOUT_EVIDENCE = ReasonKind(
    "finding_without_evidence",
    "the finding has no evidence: attach files or cite ledger events first",
    _("The finding has no evidence: attach files or cite ledger events first."),
)
UNKNOWN_MEASURE = ReasonKind("measure_unknown", "unknown measure %(measure)r")
MEASURE_NOT_FOR_ORGANIZATION = ReasonKind(
    "measure_not_for_organization",
    "this measure does not apply to an organization",
    _("This measure does not apply to an organization."),
)
MEASURE_NOT_FOR_PERSON = ReasonKind(
    "measure_not_for_person",
    "this measure does not apply to a person",
    _("This measure does not apply to a person."),
)
MEASURE_FOR_PARTY_ORGANIZATIONS = ReasonKind(
    "measure_for_party_organizations",
    "this measure applies only to a party organization (party committee or party group)",
    _("This measure applies only to a party organization (party committee or party group)."),
)
PERIOD_REQUIRED = ReasonKind(
    "period_required",
    "choose the period in months: %(periods)s",
    _("Choose the period in months: %(periods)s."),
)
PERIOD_NOT_CHOSEN = ReasonKind(
    "period_not_chosen",
    "this measure has no period to choose",
    _("This measure has no period to choose."),
)
RANK_REQUIRED = ReasonKind("rank_required", "give the person's rank", _("Give the person's rank."))
DECISION_IN_FUTURE = ReasonKind(
    "decision_in_future",
    "a decision cannot be in the future",
    _("A decision cannot be dated in the future."),
)
NOT_ORGANIZATIONAL_HANDLING = ReasonKind(
    "not_organizational_handling", "not organizational handling"
)
CARRIED_OUT_OUT_OF_RANGE = ReasonKind(
    "carried_out_out_of_range",
    "between the decision date and today",
    _("Between the decision date and today."),
)

# Reviews (复审/复核).
NOT_YOUR_SANCTION = ReasonKind(
    "review_not_your_sanction",
    "only the person sanctioned may ask for a review",
    _("Only the person sanctioned may ask for a review."),
)
REVIEW_TOO_LATE = ReasonKind(
    "review_too_late",
    "a review must be asked for by %(until)s (one month after the decision)",
    _("A review must be asked for by %(until)s (one month after the decision)."),
)
REVIEW_PENDING = ReasonKind(
    "review_pending",
    "a review of this sanction is already under way",
    _("A review of this sanction is already under way."),
)
REVIEW_ORDER = ReasonKind(
    "review_order",
    "a second review (复核) follows a decided review (复审), once",
    _("A second review (复核) follows a decided review (复审), once."),
)
SANCTION_REVOKED = ReasonKind(
    "sanction_revoked", "the sanction was revoked", _("The sanction was revoked.")
)
UNKNOWN_OUTCOME = ReasonKind("review_outcome_unknown", "unknown outcome %(outcome)r")
NEW_MEASURE_REQUIRED = ReasonKind(
    "review_new_measure_required",
    "a changed decision names its new measure, different from the old",
    _("A changed decision names its new measure, different from the old."),
)

# Published results of direct investigations.
INVESTIGATION_NOT_CONCLUDED = ReasonKind(
    "investigation_not_concluded",
    "results are published once the investigation is concluded",
    _("Results are published once the investigation is concluded."),
)
