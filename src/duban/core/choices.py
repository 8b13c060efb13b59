"""Enumerations of the core domain."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County")


class OrganizationKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Party committee")
    PARTY_GROUP = "party_group", _("Party group")
    GOVERNMENT = "government", _("Government")
    DEPARTMENT = "department", _("Department")
    DISCIPLINE_COMMISSION = "discipline_commission", _("Discipline commission")
    STATIONED_GROUP = "stationed_group", _("Stationed discipline group")
    INSPECTION_TEAM = "inspection_team", _("Inspection team")
    RECTIFICATION_OFFICE = "rectification_office", _("Rectification office")
    ENTERPRISE = "enterprise", _("Enterprise")
    # 领导小组 (e.g. a county's, with the party secretary and the head of government as joint
    # heads): coordinates over its region. 工作专班: works on what it is assigned (docs/scope.md).
    LEADING_GROUP = "leading_group", _("Leading group")
    TASK_FORCE = "task_force", _("Task force")


# Coordinating organizations see their whole region subtree (DESIGN §2);
# working organizations see only their own organization subtree.
COORDINATING_KINDS = frozenset(
    {
        OrganizationKind.PARTY_COMMITTEE,
        OrganizationKind.GOVERNMENT,
        OrganizationKind.DISCIPLINE_COMMISSION,
        OrganizationKind.INSPECTION_TEAM,
        OrganizationKind.RECTIFICATION_OFFICE,
        OrganizationKind.LEADING_GROUP,
    }
)


class Role(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    REPORTER = "reporter", _("Reporter")
    REVIEWER = "reviewer", _("Reviewer")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Administrator")


class Verb(models.TextChoices):
    """Ledger verbs written by the core app; other apps add their own."""

    ORGANIZATION_CREATED = "organization.created", _("Organization created")
    ORGANIZATION_UPDATED = "organization.updated", _("Organization updated")
    PERSON_CREATED = "person.created", _("Person created")
    PERSON_UPDATED = "person.updated", _("Person updated")
    MEMBERSHIP_GRANTED = "membership.granted", _("Membership granted")
    MEMBERSHIP_REVOKED = "membership.revoked", _("Membership revoked")
    USER_CREATED = "user.created", _("User created")
    TOKEN_CREATED = "token.created", _("API token created")
    TOKEN_REVOKED = "token.revoked", _("API token revoked")
    PASSWORD_CHANGED = "password.changed", _("Password changed")
    PASSWORD_RESET = "password.reset", _("Password reset by an administrator")


class TokenState(models.TextChoices):
    """Whether an API token authenticates now, and if not, why (first reason that applies)."""

    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Token revoked")
    USER_INACTIVE = "user_inactive", _("User deactivated")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    EXPIRED = "expired", _("Expired")


class TokenRevokeCause(models.TextChoices):
    """Why a token was revoked, as its `token.revoked` event records it."""

    REQUESTED = "requested", _("Revoked on request")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    USER_DEACTIVATED = "user_deactivated", _("User deactivated")


class JobState(models.TextChoices):
    """Where a background job (core.jobs) stands."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
