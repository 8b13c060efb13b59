"""The complaint pages' repeats addresses (gathered by `complaints.urls`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from duban.complaints.views import repeats

urlpatterns: list[URLPattern] = [
    path("repeats/", repeats.repeat_cluster_list, name="complaint-repeats"),
    path("<int:pk>/links/", repeats.complaint_link_page, name="complaint-links"),
    path("<int:pk>/links/repeat/", repeats.complaint_link_repeat, name="complaint-link-repeat"),
    path(
        "<int:pk>/links/unrepeat/", repeats.complaint_unlink_repeat, name="complaint-unlink-repeat"
    ),
    path("<int:pk>/links/problem/", repeats.complaint_join_problem, name="complaint-join-problem"),
    path(
        "<int:pk>/links/problem/new/",
        repeats.complaint_create_problem,
        name="complaint-create-problem",
    ),
    path("<int:pk>/links/task/", repeats.complaint_link_task, name="complaint-link-task"),
    path(
        "<int:pk>/links/task/<int:task_pk>/reopen/",
        repeats.complaint_reopen_task,
        name="complaint-reopen-task",
    ),
]
