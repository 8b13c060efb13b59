from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "duban.verification"
    label = "verification"
    verbose_name = _("Verification")

    def ready(self) -> None:
        from duban.core.dashboard import register_todo
        from duban.verification import todo

        for entry in todo.TODOS:
            register_todo(entry)

        from duban.verification import describe

        describe.register()
        from duban.core import ledger
        from duban.core.choices import Role
        from duban.core.context_processors import CHECKS, register_nav_item
        from duban.core.selectors import register_attachment_links
        from duban.rectification.site_checks import register_site_checks
        from duban.verification import selectors
        from duban.verification.models import Signal, SiteCheck

        ledger.register_subject(SiteCheck, selectors.site_check_visible_to)
        ledger.register_subject(Signal, selectors.signal_visible_to)
        register_attachment_links(selectors.attachment_links)
        register_site_checks(selectors.site_checks_of_task)
        # Signals are for everyone in scope: leaders who only watch (viewers) and the units
        # they concern see them too — the selectors decide which. Site checks are recorded
        # by reviewers and supervisors; others reach them from signals and task timelines.
        register_nav_item(_("Signals"), "signal-list", Role.VIEWER, menu=CHECKS)
        register_nav_item(_("Site checks"), "site-check-list", Role.REVIEWER, menu=CHECKS)
