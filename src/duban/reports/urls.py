from django.urls import path

from duban.reports import views

app_name = "reports"
urlpatterns = [
    # The paths are the users' addresses and keep the word "ledger"; the names say what it is.
    path("ledger/", views.workbook, name="workbook"),
    path("ledger/export.xlsx", views.workbook_export, name="workbook-export"),
    path(
        "plans/<str:code>/progress.docx",
        views.progress_report_request,
        name="progress-report",
    ),
]
