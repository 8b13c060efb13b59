"""Supervision use cases; the only writers of notices, their numbering and investigations."""

from duban.supervision.permissions import COMMISSION_KINDS, ISSUER_KINDS, NoticeTerms
from duban.supervision.services.bulk import notices_issue_each
from duban.supervision.services.common import require, require_member
from duban.supervision.services.escalation import (
    escalate,
    escalation_periods,
    escalation_setting,
    refer_confirmed_false_reporting,
)
from duban.supervision.services.investigations import (
    investigation_conclude,
    investigation_open,
    investigation_record,
)
from duban.supervision.services.notices import notice_close, notice_issue, notice_respond
from duban.supervision.services.numbering import numbering_configure

__all__ = [
    "COMMISSION_KINDS",
    "ISSUER_KINDS",
    "NoticeTerms",
    "escalate",
    "escalation_periods",
    "escalation_setting",
    "investigation_conclude",
    "investigation_open",
    "investigation_record",
    "notice_close",
    "notice_issue",
    "notices_issue_each",
    "notice_respond",
    "numbering_configure",
    "refer_confirmed_false_reporting",
    "require",
    "require_member",
]
