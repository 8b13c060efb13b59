from duban.complaints import urls_handling, urls_identity, urls_intake, urls_repeats, urls_tables

urlpatterns = [
    *urls_intake.urlpatterns,
    *urls_handling.urlpatterns,
    *urls_identity.urlpatterns,
    *urls_repeats.urlpatterns,
    *urls_tables.urlpatterns,
]
