from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "duban.supervision"
    label = "supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        from duban.core.dashboard import register_todo
        from duban.supervision import todo

        for entry in todo.TODOS:
            register_todo(entry)

        from duban.supervision import describe

        describe.register()
        from duban.core import ledger
        from duban.core.choices import Role
        from duban.core.context_processors import CHECKS, register_nav_item
        from duban.core.models import Organization
        from duban.core.related import register_panel
        from duban.core.selectors import register_attachment_links
        from duban.rectification.models import Task
        from duban.supervision import selectors
        from duban.supervision.models import DirectInvestigation, SupervisionNotice

        # Timelines and /api/events/... decide visibility through these selectors: an
        # investigation's own events (plan, findings, outcome) only for commission supervisors.
        ledger.register_subject(SupervisionNotice, selectors.notice_visible_to)
        ledger.register_subject(DirectInvestigation, selectors.investigation_visible_to)
        register_attachment_links(selectors.attachment_links)
        register_panel(Organization, "supervision/_unit_escalations.html")
        register_panel(Task, "supervision/_task_notice_link.html")
        register_nav_item(_("Supervision notices"), "notice-list", menu=CHECKS)
        register_nav_item(
            _("Direct investigations"), "investigation-list", Role.SUPERVISOR, menu=CHECKS
        )
