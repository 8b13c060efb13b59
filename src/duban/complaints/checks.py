"""Deployment checks of the complaints app (`duban manage check --deploy`), registered by
`ComplaintsConfig.ready()`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

from duban.complaints import identity


@register(Tags.security, deploy=True)
def complaint_keys_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """A deployment (DEBUG off) seals identities under its own keys, never the derived one;
    the configured keys must all parse."""
    if settings.DEBUG:
        return []
    if identity.derived_key_in_use():
        return [Error(identity.DERIVED_KEY_WARNING, id="complaints.E001")]
    try:
        identity.keys()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="complaints.E002")]
    return []
