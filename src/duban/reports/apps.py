from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "duban.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from duban.core.context_processors import REPORTS, register_nav_item
        from duban.core.jobs.results import register_result
        from duban.reports.services import WORKBOOK_IMPORT_JOB

        # Everyone signed in may export what they see; the page offers upload to reviewers.
        register_nav_item(_("Ledger"), "reports:workbook", menu=REPORTS)
        # An import's job page lists its refused, changed and ignored rows.
        register_result(WORKBOOK_IMPORT_JOB, "reports/_import_result.html")
