"""The complaint pages' tables addresses (gathered by `complaints.urls`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from duban.complaints.views import tables

urlpatterns: list[URLPattern] = [
    path("tables/", tables.table_list, name="complaint-tables"),
    path("tables/<int:team_id>/download/", tables.table_download, name="complaint-table-download"),
]
