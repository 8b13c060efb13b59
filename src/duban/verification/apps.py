from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "duban.verification"
    label = "verification"
    verbose_name = _("Verification")

    def ready(self) -> None:
        from duban.core import ledger
        from duban.verification import selectors
        from duban.verification.models import Signal, SiteCheck

        ledger.register_subject(SiteCheck, selectors.site_check_visible_to)
        ledger.register_subject(Signal, selectors.signal_visible_to)
