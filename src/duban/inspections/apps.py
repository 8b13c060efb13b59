from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "duban.inspections"
    label = "inspections"
    verbose_name = _("Inspections")

    def ready(self) -> None:
        from duban.inspections import describe

        describe.register()
        from duban.core import ledger
        from duban.core.context_processors import register_nav_item
        from duban.inspections import events, selectors
        from duban.inspections.models import Plan, Problem

        ledger.register_subject(
            Problem,
            selectors.problem_visible_to,
            stamp=events.problem_stamp,
            events=selectors.problem_event_q,
        )
        ledger.register_subject(Plan, selectors.plan_visible_to)
        register_nav_item(_("Problems"), "problem-list")
