from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "duban.complaints"
    label = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        from duban.complaints import checks, describe_intake, selectors, todo
        from duban.complaints.models import Complaint
        from duban.core import ledger
        from duban.core.context_processors import CHECKS, register_nav_item
        from duban.core.dashboard import register_todo

        assert checks.complaint_keys_check  # imported to register the deploy check

        # Timelines and /api/events/... show a complaint's events to whoever sees it: never
        # to the organization or people complained about.
        ledger.register_subject(Complaint, selectors.complaint_visible_to)
        # 信访举报: every member may open the list; it shows only what they see.
        register_nav_item(_("Complaints"), "complaint-list", menu=CHECKS)
        for entry in todo.TODOS:
            register_todo(entry)
        describe_intake.register()
