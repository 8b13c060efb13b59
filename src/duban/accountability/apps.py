from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    name = "duban.accountability"
    label = "accountability"
    verbose_name = _("Accountability")

    def ready(self) -> None:
        from duban.accountability import todo
        from duban.core.dashboard import register_todo

        for entry in todo.TODOS:
            register_todo(entry)

        from duban.accountability import describe

        describe.register()
        from duban.accountability import selectors
        from duban.accountability.models import AccountabilityCase
        from duban.core import ledger
        from duban.core.choices import Role
        from duban.core.context_processors import ACCOUNTABILITY, register_nav_item
        from duban.core.related import register_panel
        from duban.core.selectors import register_attachment_links
        from duban.inspections.models import Problem
        from duban.verification.models import Signal

        ledger.register_subject(AccountabilityCase, selectors.case_visible_to)
        register_panel(Problem, "accountability/_problem_panel.html")
        register_panel(Signal, "accountability/_signal_panel.html")
        register_attachment_links(selectors.attachment_links)
        # Cases, the political-supervision overview and their statistics are the discipline
        # commissions' pages; back-tracing is reached from each problem's page.
        register_nav_item(
            _("Accountability cases"),
            "accountability-case-list",
            Role.SUPERVISOR,
            menu=ACCOUNTABILITY,
        )
        register_nav_item(
            _("Supervision ledger"), "accountability-overview", Role.SUPERVISOR, menu=ACCOUNTABILITY
        )
        register_nav_item(
            _("Accountability statistics"),
            "accountability-statistics",
            Role.SUPERVISOR,
            menu=ACCOUNTABILITY,
        )
