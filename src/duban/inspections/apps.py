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
        from duban.inspections import selectors
        from duban.inspections.models import Plan, Problem

        ledger.register_subject(Problem, selectors.problem_visible_to)
        ledger.register_subject(Plan, selectors.plan_visible_to)
        register_nav_item(_("Problems"), "problem-list")
