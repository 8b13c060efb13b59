"""Accountability catalogues: responsibility types and the official sanctions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from duban.core.choices import OrganizationKind


class CaseSource(models.TextChoices):
    HANDOVER = "handover", _("Handed-over accountability list")
    # A typical case the team disclosed while stationed (集中公开通报), before any hand-over.
    TYPICAL_CASE = "typical_case", _("Typical case disclosed by the inspection team")
    INVESTIGATION = "investigation", _("Direct investigation")
    SIGNAL = "signal", _("Data-quality signal")


class CaseState(models.TextChoices):
    OPEN = "open", _("Open")
    DECIDED = "decided", _("Decided")


class ResponsibilityType(models.TextChoices):
    """As 中国共产党问责条例 names them: art. 4 (主体、监督、领导责任), art. 6 (全面、主要、重要
    领导责任), and 直接责任 (生态环境损害责任追究办法)."""

    PRIMARY = "primary", _("Primary responsibility")
    SUPERVISION = "supervision", _("Oversight responsibility")
    LEADERSHIP = "leadership", _("Leadership responsibility")
    LEADERSHIP_OVERALL = "leadership_overall", _("Overall leadership responsibility")
    LEADERSHIP_MAIN = "leadership_main", _("Main leadership responsibility")
    LEADERSHIP_IMPORTANT = "leadership_important", _("Important leadership responsibility")
    DIRECT = "direct", _("Direct responsibility")


# Codes recorded before the catalogue followed 问责条例, as they may still appear in ledger
# events (which never change): "supervisory" (监管, a regulator's word) is 监督责任.
FORMER_RESPONSIBILITY_CODES = {"supervisory": ResponsibilityType.SUPERVISION}


class Rank(models.TextChoices):
    BUREAU = "bureau", _("Department/bureau level")
    DIVISION = "division", _("Division level")
    SECTION = "section", _("Section level")
    OTHER = "other", _("Other")


class Measure(models.TextChoices):
    # For a party organization (党组织): 问责条例 art. 8; 解散: 党纪处分条例
    ORG_INSPECTION = "org_inspection", _("Ordered to make a written self-examination")
    ORG_CIRCULAR = "org_circular", _("Circulated criticism (organization)")
    ORG_REORGANIZATION = "org_reorganization", _("Reorganization")
    ORG_DISSOLUTION = "org_dissolution", _("Dissolution")
    # For a person: the first form (第一种形态): 政务处分法 art. 12, 监察法 art. 52(一)
    TALK_REMINDER = "talk_reminder", _("Reminder talk")
    CRITICISM_EDUCATION = "criticism_education", _("Criticism and education")
    ORDERED_EXAMINATION = "ordered_examination", _("Ordered to make a self-examination")
    # For a person: accountability (问责条例 art. 8) and the environmental-damage rules
    CIRCULAR = "circular", _("Circulated criticism")
    ADMONITION = "admonition", _("Admonishment")
    PUBLIC_APOLOGY = "public_apology", _("Ordered to apologize publicly")
    SUSPENSION = "suspension", _("Suspended for examination")
    REASSIGNMENT = "reassignment", _("Post adjusted")
    TRANSFER = "transfer", _("Transferred from post")
    BLAME_RESIGNATION = "blame_resignation", _("Resigned taking the blame")
    ORDERED_RESIGNATION = "ordered_resignation", _("Ordered to resign")
    DEMOTION = "demotion", _("Demoted")
    DISMISSAL = "dismissal", _("Removed from post")
    # Outcomes a commission addresses to another body (监察法 art. 52(三)(五))
    ACCOUNTABILITY_RECOMMENDATION = (
        "accountability_recommendation",
        _("Accountability recommendation"),
    )
    SUPERVISION_RECOMMENDATION = "supervision_recommendation", _("Supervision recommendation")
    # Party discipline
    PARTY_WARNING = "party_warning", _("Party warning")
    PARTY_SERIOUS_WARNING = "party_serious_warning", _("Serious party warning")
    PARTY_POST_REMOVAL = "party_post_removal", _("Removal from party posts")
    PARTY_PROBATION = "party_probation", _("Party probation")
    PARTY_EXPULSION = "party_expulsion", _("Expulsion from the party")
    # Government sanctions (政务处分)
    GOV_WARNING = "gov_warning", _("Government warning")
    GOV_DEMERIT = "gov_demerit", _("Demerit")
    GOV_MAJOR_DEMERIT = "gov_major_demerit", _("Major demerit")
    GOV_DOWNGRADE = "gov_downgrade", _("Downgrade")
    GOV_REMOVAL = "gov_removal", _("Removal from office")
    GOV_DISCHARGE = "gov_discharge", _("Discharge")


# Measures against a party organization: refused for any other kind of organization.
PARTY_ORGANIZATION_MEASURES = frozenset(
    {
        Measure.ORG_INSPECTION,
        Measure.ORG_CIRCULAR,
        Measure.ORG_REORGANIZATION,
        Measure.ORG_DISSOLUTION,
    }
)
# The organizations those measures apply to: a party committee (党委) or party group (党组).
PARTY_ORGANIZATION_KINDS = frozenset(
    {OrganizationKind.PARTY_COMMITTEE, OrganizationKind.PARTY_GROUP}
)
# Measures addressed to an organization (the rest are for a person).
ORGANIZATION_MEASURES = PARTY_ORGANIZATION_MEASURES | {Measure.SUPERVISION_RECOMMENDATION}
# A recommendation is addressed to another body: it is not itself a sanction of anyone and
# statistics do not count it.
RECOMMENDATIONS = frozenset(
    {Measure.ACCOUNTABILITY_RECOMMENDATION, Measure.SUPERVISION_RECOMMENDATION}
)
FIRST_FORM = frozenset(
    {
        Measure.TALK_REMINDER,
        Measure.CRITICISM_EDUCATION,
        Measure.ORDERED_EXAMINATION,
        Measure.ADMONITION,
    }
)
# 组织处理, to be carried out within one month (问责条例 art. 19; 生态环境损害办法 art. 10).
ORGANIZATIONAL_HANDLING = frozenset(
    {
        Measure.SUSPENSION,
        Measure.REASSIGNMENT,
        Measure.TRANSFER,
        Measure.BLAME_RESIGNATION,
        Measure.ORDERED_RESIGNATION,
        Measure.DEMOTION,
        Measure.DISMISSAL,
    }
)
PARTY_DISCIPLINE = frozenset(
    {
        Measure.PARTY_WARNING,
        Measure.PARTY_SERIOUS_WARNING,
        Measure.PARTY_POST_REMOVAL,
        Measure.PARTY_PROBATION,
        Measure.PARTY_EXPULSION,
    }
)
GOVERNMENT_SANCTIONS = frozenset(
    {
        Measure.GOV_WARNING,
        Measure.GOV_DEMERIT,
        Measure.GOV_MAJOR_DEMERIT,
        Measure.GOV_DOWNGRADE,
        Measure.GOV_REMOVAL,
        Measure.GOV_DISCHARGE,
    }
)
# 政务处分 periods in months (公职人员政务处分法 art. 8); discharge has none.
SANCTION_MONTHS = {
    Measure.GOV_WARNING: 6,
    Measure.GOV_DEMERIT: 12,
    Measure.GOV_MAJOR_DEMERIT: 18,
    Measure.GOV_DOWNGRADE: 24,
    Measure.GOV_REMOVAL: 24,
}
# 留党察看 lasts one or two years (党纪处分条例 art. 8): the one period chosen per decision.
PERIOD_CHOICES = {Measure.PARTY_PROBATION: (12, 24)}


class ReviewKind(models.TextChoices):
    """复审 by the deciding body, then 复核 by the one above it (监察法 art. 56; 政务处分法
    art. 55): each within one month of the decision it contests."""

    REVIEW = "review", _("Review (复审)")
    RE_REVIEW = "re_review", _("Second review (复核)")


class ReviewOutcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld")
    CHANGED = "changed", _("Changed")
    REVOKED = "revoked", _("Revoked")


class Verb(models.TextChoices):
    CASE_OPENED = "case.opened", _("Accountability case opened")
    FINDING_RECORDED = "case.finding_recorded", _("Responsibility finding recorded")
    SANCTION_DECIDED = "case.sanction_decided", _("Sanction decided")
    SANCTION_CARRIED_OUT = "case.sanction_carried_out", _("Organizational handling carried out")
    FINDING_WITHDRAWN = "case.finding_withdrawn", _("Responsibility finding withdrawn")
    REVIEW_REQUESTED = "case.review_requested", _("Review of a sanction requested")
    REVIEW_DECIDED = "case.review_decided", _("Review of a sanction decided")
    INVESTIGATION_PUBLISHED = "investigation.published", _("Direct investigation results published")
