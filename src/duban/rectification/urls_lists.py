from django.urls import path

from duban.rectification.views import lists, publicity

urlpatterns = [
    path("tasks/", lists.task_list, name="task-list"),
    path("tasks/acknowledge/", lists.task_acknowledge_selected, name="task-acknowledge-selected"),
    path("pick/tasks/", lists.pick_tasks, name="pick-tasks"),
    path("review/", lists.review_queue, name="review-queue"),
    path("warnings/", lists.warning_list, name="warning-list"),
    path("inbox/", lists.inbox, name="inbox"),
    path("inbox/read/", lists.inbox_mark_read, name="inbox-mark-read"),
    path("statistics/", lists.statistics_page, name="statistics"),
    path("filings/", publicity.filing_list, name="filing-list"),
    path("filings/<int:pk>/reject/", publicity.filing_reject, name="filing-reject"),
]
