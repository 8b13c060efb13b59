"""Every complaint page and API operation through the permission harness; each part of the
app declares its endpoints in endpoints_<part>.py against the scene in scene.py."""

from __future__ import annotations

import pytest

from tests.complaints import (
    endpoints_handling,
    endpoints_identity,
    endpoints_import,
    endpoints_intake,
    endpoints_repeats,
    endpoints_tables,
)
from tests.permissions import check, parametrize

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    *endpoints_intake.ENDPOINTS,
    *endpoints_handling.ENDPOINTS,
    *endpoints_identity.ENDPOINTS,
    *endpoints_repeats.ENDPOINTS,
    *endpoints_tables.ENDPOINTS,
    *endpoints_import.ENDPOINTS,
]


@parametrize(ENDPOINTS)
def test_permissions(scene, endpoint):
    check(endpoint, scene)
