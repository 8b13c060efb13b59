"""The complaint pages' intake addresses (gathered by `complaints.urls`)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []

# import
from django.urls import path  # noqa: E402

from duban.complaints.views import importing  # noqa: E402

urlpatterns += [
    path("import/", importing.complaint_import, name="complaint-import"),
]
