"""Accountability pages (for commission supervisors) and back-tracing pages of a problem."""

from django.urls import path

from duban.accountability.views import cases, oversight, reviews
from duban.core.web.downloads import attachment_download

urlpatterns = [
    path("accountability/", cases.case_list, name="accountability-case-list"),
    path("accountability/new/", cases.case_open, name="accountability-case-open"),
    path("accountability/<int:pk>/", cases.case_detail, name="accountability-case-detail"),
    path("accountability/<int:pk>/findings/", cases.finding_add, name="accountability-finding-add"),
    path(
        "accountability/<int:pk>/findings/<int:finding_pk>/withdrawal/",
        cases.finding_withdraw,
        name="accountability-finding-withdraw",
    ),
    path(
        "accountability/<int:pk>/sanctions/", cases.sanction_add, name="accountability-sanction-add"
    ),
    path(
        "accountability/<int:pk>/sanctions/<int:sanction_pk>/carried-out/",
        cases.sanction_carried_out,
        name="accountability-sanction-carried-out",
    ),
    path("accountability/my-sanctions/", reviews.my_sanctions, name="accountability-my-sanctions"),
    path(
        "accountability/sanctions/<int:sanction_pk>/review/",
        reviews.review_request,
        name="accountability-review-request",
    ),
    path(
        "accountability/<int:pk>/reviews/<int:review_pk>/decision/",
        reviews.review_decide,
        name="accountability-review-decide",
    ),
    # Links handed out before evidence had one address (core's attachment-download).
    path("accountability/evidence/<int:pk>/", attachment_download),
    # The address keeps its first word; the page is the supervision overview (政治监督台账).
    path(
        "accountability/ledger/",
        oversight.supervision_overview,
        name="accountability-overview",
    ),
    path(
        "accountability/statistics/",
        oversight.statistics_page,
        name="accountability-statistics",
    ),
    path(
        "problems/<str:code>/responsibility/",
        oversight.responsibility,
        name="problem-responsibility",
    ),
    path("problems/<str:code>/dossier/", oversight.dossier_request, name="problem-dossier"),
]
