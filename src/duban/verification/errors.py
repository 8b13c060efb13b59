"""Reasons the data-truth services give. The English text is what the API sends; the UI
wording what pages show (`duban.core.reasons.localize`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from duban.errors import ReasonKind

# Who may act (NotPermitted messages).
SITE_CHECK_REFUSED = ReasonKind(
    "site_check_refused",
    "only reviewers or supervisors of this region may record site checks",
    _("Only reviewers or supervisors of this region may record site checks."),
)
VERIFICATION_REFUSED = ReasonKind(
    "verification_refused",
    "only reviewers or supervisors of this region may verify claims",
    _("Only reviewers or supervisors of this region may verify claims."),
)
SIGNAL_DECISION_REFUSED = ReasonKind(
    "signal_decision_refused",
    "only reviewers or supervisors of this region may decide on signals",
    _("Only reviewers or supervisors of this region may decide on signals."),
)

# Site checks.
NO_INSPECTORS = ReasonKind(
    "no_inspectors", "name at least one inspector", _("Name at least one inspector.")
)
NO_TASKS = ReasonKind("no_tasks", "link at least one task", _("Link at least one task."))
INSPECTOR_OF_LEAD_UNIT = ReasonKind(
    "inspector_of_lead_unit",
    "%(person)s belongs to the lead unit %(unit)s; a unit may not inspect its own work",
    _(
        "%(person)s belongs to the lead unit %(unit)s: a unit may not inspect its own work. "
        "Choose inspectors from other organizations."
    ),
)
HALF_A_POSITION = ReasonKind(
    "half_a_position",
    "give both latitude and longitude, or neither",
    _("Give both latitude and longitude, or neither."),
)
NOT_ON_EARTH = ReasonKind("not_on_earth", "not a position on Earth", _("Not a position on Earth."))
SITE_CHECK_IN_FUTURE = ReasonKind(
    "site_check_in_future",
    "a site check cannot be in the future",
    _("A site check cannot be dated in the future."),
)

# Verifications.
CHECKER_OF_LEAD_UNIT = ReasonKind(
    "checker_of_lead_unit",
    "%(person)s belongs to the lead unit %(unit)s; a unit may not verify its own figures",
    _(
        "%(person)s belongs to the lead unit %(unit)s: a unit may not verify its own "
        "figures. Choose a checker from another organization."
    ),
)
UNKNOWN_METHOD = ReasonKind("unknown_method", "unknown method %(method)r", _("Unknown method."))

# Signals (InvalidTransition messages).
SIGNAL_DECIDED = ReasonKind(
    "signal_decided", "the signal is already %(status)s", _("The signal has already been decided.")
)
SIGNAL_NOT_CONFIRMED = ReasonKind(
    "signal_not_confirmed",
    "only a confirmed signal can be referred",
    _("Only a confirmed signal can be referred."),
)
SIGNAL_REFERRED = ReasonKind(
    "signal_referred",
    "the signal has already been referred",
    _("The signal has already been referred to the discipline commission."),
)
