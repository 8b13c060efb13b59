"""Data-truth pages: signals, site checks, verifying a claim, a unit's data quality."""

from django.urls import path

from duban.verification import views

urlpatterns = [
    path("signals/", views.signal_list, name="signal-list"),
    path("signals/<int:pk>/", views.signal_detail, name="signal-detail"),
    path("signals/<int:pk>/decision/", views.signal_decide, name="signal-decide"),
    path("signals/<int:pk>/referral/", views.signal_refer, name="signal-refer"),
    path("pick/inspectors/", views.pick_inspectors, name="pick-inspectors"),
    path("site-checks/", views.site_check_list, name="site-check-list"),
    path("site-checks/new/", views.site_check_create, name="site-check-create"),
    path("site-checks/<int:pk>/", views.site_check_detail, name="site-check-detail"),
    path("claims/<int:pk>/verify/", views.claim_verify, name="claim-verify"),
    path("units/<int:pk>/data-quality/", views.unit_data_quality, name="unit-data-quality"),
]
