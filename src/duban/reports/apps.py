from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "duban.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from duban.core.context_processors import REPORTS, register_nav_item

        # Everyone signed in may export what they see; the page offers upload to reviewers.
        register_nav_item(_("Ledger"), "reports:workbook", menu=REPORTS)
