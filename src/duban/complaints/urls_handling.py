"""The complaint pages' handling addresses (gathered by `complaints.urls`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from duban.complaints.views import handling

urlpatterns: list[URLPattern] = [
    path("<int:pk>/handling/", handling.handling_page, name="complaint-handling"),
    path(
        "<int:pk>/handling/<slug:action>/",
        handling.handling_action,
        name="complaint-handling-action",
    ),
    path(
        "<int:pk>/reviews/<int:review_pk>/decision/",
        handling.review_decision,
        name="complaint-review-decision",
    ),
    path("<int:pk>/reply.docx", handling.reply_docx, name="complaint-reply-docx"),
]
