from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RectificationConfig(AppConfig):
    name = "duban.rectification"
    label = "rectification"
    verbose_name = _("Rectification")

    def ready(self) -> None:
        from duban.rectification import describe

        describe.register()
        from duban.core import ledger
        from duban.core.choices import Role
        from duban.core.context_processors import REPORTS, register_nav_item
        from duban.core.dashboard import register_home_panel, register_todo
        from duban.core.related import Section, register_reach, register_section
        from duban.core.selectors import register_attachment_links
        from duban.inspections.models import Problem
        from duban.rectification import events, selectors, statistics, todo
        from duban.rectification.models import Task
        from duban.rectification.schemas import task_data

        ledger.register_subject(
            Task, selectors.task_visible_to, stamp=events.task_stamp, events=selectors.task_event_q
        )
        register_attachment_links(selectors.attachment_links)
        register_reach(Problem, selectors.problem_reach)
        register_section(
            Problem,
            Section(
                name="tasks",
                count_as="task_count",
                rows=selectors.problem_tasks,
                label=lambda task: f"{task.code} {task.title}",
                data=task_data,
                template="rectification/problem_tasks.html",
            ),
        )
        register_home_panel("rectification/home_panel.html", statistics.home_summary)
        for entry in todo.TODOS:
            register_todo(entry)
        register_nav_item(_("Tasks"), "task-list")
        register_nav_item(_("Review"), "review-queue", Role.REVIEWER)
        register_nav_item(_("Warnings"), "warning-list")
        register_nav_item(_("Filings"), "filing-list", Role.REVIEWER)
        register_nav_item(_("Statistics"), "statistics", menu=REPORTS)
        register_nav_item(_("Inbox"), "inbox")
