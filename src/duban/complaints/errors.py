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
