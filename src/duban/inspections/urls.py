from django.urls import path

from duban.inspections import views

urlpatterns = [
    path("pick/problems/", views.pick_problems, name="pick-problems"),
    path("problems/", views.problem_list, name="problem-list"),
    path("problems/<str:code>/", views.problem_detail, name="problem-detail"),
]
