"""Pages of supervision notices (督办单) and direct investigations (直查直办)."""

from django.urls import path

from duban.core.web.downloads import attachment_download
from duban.supervision.views import investigations, notices

urlpatterns = [
    path("notices/", notices.notice_list, name="notice-list"),
    path("notices/numbering/", notices.numbering_settings, name="notice-numbering"),
    path("notices/overdue/", notices.overdue_notices, name="notice-overdue"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice-detail"),
    path("notices/<int:pk>/response/", notices.notice_respond, name="notice-respond"),
    path("notices/<int:pk>/closure/", notices.notice_close, name="notice-close"),
    path("notices/<int:pk>/docx", notices.notice_docx, name="notice-docx"),
    # Links handed out before evidence had one address (core's attachment-download).
    path("notices/<int:notice_pk>/evidence/<int:pk>/", attachment_download),
    path("tasks/<int:pk>/notices/new/", notices.task_notice_new, name="task-notice-new"),
    path("investigations/", investigations.investigation_list, name="investigation-list"),
    path("investigations/new/", investigations.investigation_new, name="investigation-new"),
    path(
        "investigations/<int:pk>/",
        investigations.investigation_detail,
        name="investigation-detail",
    ),
    path(
        "investigations/<int:pk>/findings/",
        investigations.investigation_findings,
        name="investigation-findings",
    ),
    path(
        "investigations/<int:pk>/conclusion/",
        investigations.investigation_conclude,
        name="investigation-conclude",
    ),
]
