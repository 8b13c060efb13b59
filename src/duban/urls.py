from django.contrib import admin
from django.urls import include, path, re_path

from duban.api import api, unknown_api_path
from duban.health import healthz

# A failed database answers 503 (duban.faults), whichever layer of the request hit it.
handler500 = "duban.faults.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", unknown_api_path),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("duban.core.urls")),
    path("", include("duban.inspections.urls")),
    path("", include("duban.rectification.urls")),
    path("", include("duban.verification.urls")),
    path("", include("duban.accountability.urls")),
    path("", include("duban.supervision.urls")),
    path("complaints/", include("duban.complaints.urls")),
    path("reports/", include("duban.reports.urls")),
]
