from duban.core.models.attachments import Attachment
from duban.core.models.directory import Membership, Organization, Person, Region
from duban.core.models.jobs import Job
from duban.core.models.ledger import Event, LedgerHead
from duban.core.models.tokens import ApiToken

__all__ = [
    "ApiToken",
    "Attachment",
    "Event",
    "Job",
    "LedgerHead",
    "Membership",
    "Organization",
    "Person",
    "Region",
]
