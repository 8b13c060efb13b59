"""Permission-harness endpoints of the complaint pages and API (intake)."""

from __future__ import annotations

from tests.permissions import Endpoint

ENDPOINTS: list[Endpoint] = []
