"""The complaint pages' identity addresses (gathered by `complaints.urls`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from duban.complaints.views import identity

urlpatterns: list[URLPattern] = [
    path("<int:pk>/identity/", identity.identity_reveal, name="complaint-identity"),
    path("handlers/", identity.handler_list, name="complaint-handlers"),
    path("handlers/<int:pk>/revoke/", identity.handler_revoke, name="complaint-handler-revoke"),
]
