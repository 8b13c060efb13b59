"""Accountability use cases; the only writers of cases, findings, sanctions and reviews."""

from duban.accountability.services.cases import (
    case_open,
    finding_record,
    finding_withdraw,
    sanction_carried_out,
    sanction_decide,
)
from duban.accountability.services.dossiers import dossier_request
from duban.accountability.services.publication import investigation_publish
from duban.accountability.services.reviews import review_decide, review_request

__all__ = [
    "case_open",
    "dossier_request",
    "finding_record",
    "finding_withdraw",
    "investigation_publish",
    "review_decide",
    "review_request",
    "sanction_carried_out",
    "sanction_decide",
]
