"""The complaint pages' intake addresses (gathered by `complaints.urls`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from duban.complaints.views import importing, intake

urlpatterns: list[URLPattern] = [
    path("", intake.complaint_list, name="complaint-list"),
    path("new/", intake.complaint_new, name="complaint-new"),
    path("import/", importing.complaint_import, name="complaint-import"),
    path("<int:pk>/", intake.complaint_detail, name="complaint-detail"),
    path("<int:pk>/transfer/", intake.complaint_transfer_page, name="complaint-transfer"),
]
