"""Rectification use cases; the only writers of tasks, reports and close-outs."""

from duban.rectification.services.bulk import tasks_acknowledge
from duban.rectification.services.closeout import (
    acceptance_record,
    closure_request,
    extension_decide,
    extension_request,
    lookback_record,
    staged_acceptance_record,
)
from duban.rectification.services.lifecycle import task_transition
from duban.rectification.services.plans import task_create, task_update_responsibility
from duban.rectification.services.progress import ClaimInput, report_submit
from duban.rectification.services.publicity import (
    filing_reject,
    filings_accept_expired,
    objection_answer,
    objection_record,
)
from duban.rectification.services.warnings import ScanResult, handoff_digests_send, scan

__all__ = [
    "ClaimInput",
    "ScanResult",
    "acceptance_record",
    "closure_request",
    "extension_decide",
    "extension_request",
    "filing_reject",
    "filings_accept_expired",
    "lookback_record",
    "objection_answer",
    "objection_record",
    "report_submit",
    "handoff_digests_send",
    "scan",
    "staged_acceptance_record",
    "task_create",
    "task_transition",
    "task_update_responsibility",
    "tasks_acknowledge",
]
