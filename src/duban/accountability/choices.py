"""Accountability catalogues: responsibility types and the official sanctions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    PRIMARY = "primary", _("Primary responsibility")
    SUPERVISORY = "supervisory", _("Supervisory responsibility")
    DIRECT = "direct", _("Direct responsibility")
    LEADERSHIP = "leadership", _("Leadership responsibility")


class Rank(models.TextChoices):
    BUREAU = "bureau", _("Department/bureau level")
    DIVISION = "division", _("Division level")
    SECTION = "section", _("Section level")
    OTHER = "other", _("Other")


class Measure(models.TextChoices):
    # For a party organization
    ORG_INSPECTION = "org_inspection", _("Ordered to make a written self-examination")
    ORG_CIRCULAR = "org_circular", _("Circulated criticism (organization)")
    ORG_REORGANIZATION = "org_reorganization", _("Reorganization")
    # For a person: accountability
    CIRCULAR = "circular", _("Circulated criticism")
    ADMONITION = "admonition", _("Admonishment")
    SUSPENSION = "suspension", _("Suspended for examination")
    REASSIGNMENT = "reassignment", _("Post adjusted")
    ORDERED_RESIGNATION = "ordered_resignation", _("Ordered to resign")
    DEMOTION = "demotion", _("Demoted")
    DISMISSAL = "dismissal", _("Removed from post")
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


ORGANIZATION_MEASURES = frozenset(
    {Measure.ORG_INSPECTION, Measure.ORG_CIRCULAR, Measure.ORG_REORGANIZATION}
)
ORGANIZATIONAL_HANDLING = frozenset(
    {
        Measure.SUSPENSION,
        Measure.REASSIGNMENT,
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


class Verb(models.TextChoices):
    CASE_OPENED = "case.opened", _("Accountability case opened")
    FINDING_RECORDED = "case.finding_recorded", _("Responsibility finding recorded")
    SANCTION_DECIDED = "case.sanction_decided", _("Sanction decided")
    SANCTION_CARRIED_OUT = "case.sanction_carried_out", _("Organizational handling carried out")
