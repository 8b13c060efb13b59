"""Permission-harness endpoints of the complaint pages and API (identity)."""

from __future__ import annotations

from tests.permissions import Endpoint

ENDPOINTS: list[Endpoint] = []
