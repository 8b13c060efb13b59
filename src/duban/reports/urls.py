from django.urls import path

from duban.reports import views

app_name = "reports"
urlpatterns = [
    path("ledger/", views.ledger, name="ledger"),
    path("ledger/export.xlsx", views.ledger_download, name="ledger-export"),
    path(
        "plans/<str:code>/progress.docx",
        views.progress_report_download,
        name="progress-report",
    ),
]
