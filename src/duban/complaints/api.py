"""The complaints app's one router, gathered from its parts' routers."""

from __future__ import annotations

from duban.complaints import (
    api_handling,
    api_identity,
    api_import,
    api_intake,
    api_repeats,
    api_tables,
)
from duban.core.api_types import ApiRouter

router = ApiRouter(tags=["complaints"])
for part in (api_intake, api_handling, api_identity, api_repeats, api_tables, api_import):
    router.add_router("", part.router)
