"""The complaint API's repeats operations (mounted by `complaints.api`)."""

from __future__ import annotations

from duban.core.api_types import ApiRouter

router = ApiRouter(tags=["complaints"])
