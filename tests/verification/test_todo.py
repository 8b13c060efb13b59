"""Signals to decide in 待办: whoever `oversees` them, a superuser included."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from duban.verification.todo import signals_to_decide
from tests.verification.scene import make_signal


def test_open_signals_wait_for_those_who_may_decide_them(scene):
    extra = make_signal(scene.w.task, 2)
    root = get_user_model().objects.create_superuser("root", password="x")
    ids = {scene.signal.pk, extra.pk}
    assert set(signals_to_decide(root).values_list("pk", flat=True)) == ids
    assert set(signals_to_decide(scene.w.reviewer).values_list("pk", flat=True)) == ids
    assert set(signals_to_decide(scene.supervisor).values_list("pk", flat=True)) == ids
    assert not signals_to_decide(scene.far_reviewer).exists()
    assert not signals_to_decide(scene.w.reporter).exists()
