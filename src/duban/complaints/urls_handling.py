"""The complaint pages' handling addresses (gathered by `complaints.urls`)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
