from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundKind(models.TextChoices):
    ROUTINE = "routine", _("Routine inspection")
    LOOK_BACK = "look_back", _("Look-back inspection")
    SPECIAL = "special", _("Special inspection")


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Fortnightly")
    MONTHLY = "monthly", _("Monthly")


class ProblemSource(models.TextChoices):
    FEEDBACK = "feedback", _("Feedback")
    TYPICAL_CASE = "typical_case", _("Typical case")
    COMPLAINT = "complaint", _("Complaint")
    SELF_FOUND = "self_found", _("Self-found")


class Category(models.TextChoices):
    WATER = "water", _("Water")
    AIR = "air", _("Air")
    SOIL = "soil", _("Soil")
    ECOLOGY = "ecology", _("Ecology")
    NOISE = "noise", _("Noise")
    RADIATION = "radiation", _("Radiation")
    OTHER = "other", _("Other")


class ProblemStatus(models.TextChoices):
    """Derived from the problem's tasks; stored so lists and statistics can filter on it."""

    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CLOSED = "closed", _("Closed")


class ScheduleStatus(models.TextChoices):
    """Where a task stands against its deadline; a problem takes the worst of its tasks'."""

    ON_SCHEDULE = "on_schedule", _("On schedule")
    BEHIND = "behind", _("Behind")
    OVERDUE = "overdue", _("Overdue")
    DONE = "done", _("Done")


class Verb(models.TextChoices):
    PROBLEM_CREATED = "problem.created", _("Problem recorded")
    TEAM_CREATED = "team.created", _("Inspection team recorded")
    PLAN_CREATED = "plan.created", _("Plan created")
    PLAN_SUBMITTED = "plan.submitted", _("Plan submitted")
    PLAN_APPROVED = "plan.approved", _("Plan approved")
