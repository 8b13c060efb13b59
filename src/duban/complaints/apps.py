from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "duban.complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        from duban.complaints import checks, selectors
        from duban.complaints.models import Complaint
        from duban.core import ledger

        assert checks.complaint_keys_check  # imported to register the deploy check

        # Timelines and /api/events/... show a complaint's events to whoever sees it: never
        # to the organization or people complained about.
        ledger.register_subject(Complaint, selectors.complaint_visible_to)
