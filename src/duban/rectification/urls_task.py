"""The task detail page and the forms behind each action."""

from django.urls import path

from duban.rectification.views import publicity, task, task_actions, task_review

urlpatterns = [
    path("tasks/<int:pk>/", task.task_detail, name="task-detail"),
    path(
        "tasks/<int:pk>/actions/<slug:action>/",
        task_actions.task_transition,
        name="task-transition",
    ),
    path("tasks/<int:pk>/report/", task_actions.task_report, name="task-report"),
    path("tasks/<int:pk>/closure/", task_actions.task_closure, name="task-closure"),
    path("tasks/<int:pk>/acceptance/", task_review.task_acceptance, name="task-acceptance"),
    path(
        "tasks/<int:pk>/acceptance/signers/",
        task.acceptance_signers,
        name="task-acceptance-signers",
    ),
    path("tasks/<int:pk>/extension/", task_review.task_extension, name="task-extension"),
    path(
        "tasks/<int:pk>/extensions/<int:extension_pk>/decide/",
        task_review.task_extension_decide,
        name="task-extension-decide",
    ),
    path("tasks/<int:pk>/look-back/", task_review.task_lookback, name="task-lookback"),
    path("tasks/<int:pk>/objections/new/", publicity.task_objection, name="task-objection"),
    path(
        "tasks/<int:pk>/objections/<int:objection_pk>/answer/",
        publicity.task_objection_answer,
        name="task-objection-answer",
    ),
]
