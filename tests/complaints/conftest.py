from __future__ import annotations

import pytest

from tests.complaints.scene import Scene, build_scene


@pytest.fixture
def scene(db) -> Scene:
    return build_scene()
