from __future__ import annotations

import pytest

from tests.supervision.scene import Scene, build_scene


@pytest.fixture
def scene(db) -> Scene:
    return build_scene()
