from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "duban.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from duban.core import describe

        describe.register()
        from django.contrib.auth import get_user_model

        from duban.core import events, ledger, selectors
        from duban.core.choices import Role
        from duban.core.context_processors import REFERENCE, register_nav_item
        from duban.core.models import Organization, Person

        ledger.register_subject(
            Organization,
            selectors.organization_visible_to,
            stamp=events.organization_stamp,
            events=selectors.organization_event_q,
        )
        ledger.register_subject(
            Person,
            selectors.person_visible_to,
            stamp=events.person_stamp,
            events=selectors.person_event_q,
        )
        ledger.register_subject(get_user_model(), selectors.user_visible_to)
        register_nav_item(_("Reset passwords"), "password-reset-list", Role.ADMIN, menu=REFERENCE)
