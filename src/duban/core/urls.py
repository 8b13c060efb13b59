from django.contrib.auth import views as auth_views
from django.urls import path

from duban.core import views
from duban.core.jobs import views as jobs
from duban.core.web.downloads import attachment_download

urlpatterns = [
    path("", views.home, name="home"),
    path("todo/count/", views.todo_count, name="todo-count"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path(
        "accounts/password/done/",
        views.PasswordChangeDoneView.as_view(),
        name="password-change-done",
    ),
    path("accounts/users/", views.password_reset_list, name="password-reset-list"),
    path("accounts/users/<int:pk>/password/", views.password_reset, name="password-reset"),
    path("accounts/tokens/", views.token_list, name="token-list"),
    path("accounts/tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization-detail"),
    path("people/", views.person_list, name="person-list"),
    path("attachments/<int:pk>/", attachment_download, name="attachment-download"),
    path("jobs/<str:pk>/", jobs.job_detail, name="job-detail"),
    path("jobs/<str:pk>/progress/", jobs.job_progress, name="job-progress"),
    path("jobs/<str:pk>/download/", jobs.job_download, name="job-download"),
    path("pick/organizations/", views.pick_organizations, name="pick-organizations"),
    path("pick/people/", views.pick_people, name="pick-people"),
    path("pick/regions/", views.pick_regions, name="pick-regions"),
]
