"""Counting failures per key in Django's cache, in fixed windows: the first failure opens a
window, and the count is forgotten when it closes (settings.CACHES says where it lives)."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache

PREFIX = "duban:failures:"


def failures(key: str) -> int:
    """Failures counted for `key` in its open window (0 when none is open)."""
    return int(cache.get(PREFIX + key, 0))


def record_failure(key: str, *, window: timedelta) -> int:
    """Count one failure for `key`, opening a window if none is open; returns the count."""
    # add() is a no-op on an open window and incr() is atomic in each backend, so threads
    # racing here lose no count.
    cache.add(PREFIX + key, 0, timeout=int(window.total_seconds()))
    try:
        return cache.incr(PREFIX + key)
    except ValueError:  # the window closed between add() and incr()
        cache.add(PREFIX + key, 1, timeout=int(window.total_seconds()))
        return 1
