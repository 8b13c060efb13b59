from duban.rectification.models.closeout import CloseOut, ExtensionRequest, LookBack
from duban.rectification.models.notifications import Notification
from duban.rectification.models.plans import Task
from duban.rectification.models.progress import Claim, ProgressReport
from duban.rectification.models.publicity import Filing, Objection

__all__ = [
    "Claim",
    "CloseOut",
    "ExtensionRequest",
    "Filing",
    "LookBack",
    "Notification",
    "Objection",
    "ProgressReport",
    "Task",
]
