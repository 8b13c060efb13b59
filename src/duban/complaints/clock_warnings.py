"""The daily job's complaints step: each running 信访 clock that is near, at or past its due
date becomes a warning in the inboxes of whoever must act, once per clock, due date and stage.

The clocks (rules.py; 信访工作条例 Art. 22, 23, 34–36; the 10-day report during an inspection):

- transfer: while REGISTERED, due 15 d after receipt; the receiving office's reviewers.
- acknowledge: open, not acknowledged, `acknowledge_due_on`; the handling unit's staff.
- handle: open (阶段性办结 does not stop it), `handle_due_on` (60 d + extension); the unit's staff.
- team report: handed over by a team, not reported, `team_report_due_on`; the unit's staff.
- review: a 复查/复核 request not decided, `ComplaintReview.due_on`; the reviewing body's
  reviewers.

"soon" (within rules.WARN_BEFORE_DAYS) is yellow; "due" and "overdue" are red. The key holds
the due date, so an approved extension (a new due date) warns again; overdue warns once, not
every day. Nobody the complaint is against is ever told of it (Art. 30), whatever role they
hold in the unit. Queries are set-based: one for the running clocks, one for the reviews, one
for the recipients, one for the accused people and one for the warnings already sent.

Escalation (decided here, not built): an overdue handle clock is NOT offered to supervision as
a notice. Supervision's escalation rule is over rectification tasks (its periods, its
targets); a complaint that became or joined a problem is pressed through that problem's tasks,
which escalation already covers. A complaint on its own stays with the 信访 chain: a red
warning to the unit, the overdue 待办 (todo.py), and the office that transferred it sees it
on its list. A rule for notices on complaints would need its own source and its own issue.

Warnings are stored in rectification's Notification (no task, a link to the complaint) and
e-mailed here, one digest per user, marked only after it went out (rectification's
digests send only task warnings and hand-offs).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse

from duban.complaints import rules
from duban.complaints.choices import OPEN_STATES, ComplaintState
from duban.complaints.models import Complaint, ComplaintReview
from duban.core import clock
from duban.core.models import Membership
from duban.core.roles import REVIEWERS, WORKERS
from duban.rectification.choices import WarningLevel
from duban.rectification.models import Notification
from duban.rectification.services.warnings import digests_send

KEY_PREFIX = "complaint:"

CLOCK_NAMES = {
    "transfer": "转办",
    "acknowledge": "书面告知受理",
    "handle": "办结",
    "team_report": "向督察组反馈办理情况",
    "review": "复查（复核）决定",
}
STAGE_TEXT = {
    "soon": "{clock}时限将至：信访件 {number}（{accused}），时限 {due}。",
    "due": "今天是{clock}时限：信访件 {number}（{accused}），时限 {due}。",
    "overdue": "{clock}已逾期 {days} 天：信访件 {number}（{accused}），时限 {due}。",
}
# Clocks the handling unit's staff are told of; the others name their own recipients.
UNIT_CLOCKS = ("acknowledge", "handle", "team_report")
# A complaint handed over but linked or not accepted owes the team nothing of its own.
NO_TEAM_REPORT = (ComplaintState.LINKED, ComplaintState.NOT_ACCEPTED)


@dataclass(frozen=True)
class Warning:
    complaint_id: int
    number: str
    accused: str
    clock: str
    due_on: date
    stage: str
    organization_id: int  # whose members are told
    roles: frozenset[str]

    def key(self) -> str:
        return f"{KEY_PREFIX}{self.complaint_id}:{self.clock}:{self.due_on}:{self.stage}"

    def message(self, today: date) -> str:
        return STAGE_TEXT[self.stage].format(
            clock=CLOCK_NAMES[self.clock],
            number=self.number,
            accused=self.accused,
            due=self.due_on,
            days=(today - self.due_on).days,
        )

    @property
    def level(self) -> str:
        return WarningLevel.YELLOW if self.stage == "soon" else WarningLevel.RED


@dataclass
class ClockResult:
    complaints_checked: int = 0
    warnings: int = 0  # clock stages reached today (or earlier and not yet told)
    notifications: int = 0
    emails: int = 0


def complaint_link(pk: int) -> str:
    """The complaint's page (its path, as the inbox stores links)."""
    try:
        return reverse("complaint-detail", args=[pk])
    except NoReverseMatch:  # the page is mounted by the pages part
        return f"/complaints/{pk}/"


def running_q(today: date) -> Q:
    """Q over Complaint for the complaints with a unit or transfer clock at or within
    WARN_BEFORE_DAYS of its due date (or past it)."""
    horizon = today + timedelta(days=rules.WARN_BEFORE_DAYS)
    open_ = Q(state__in=sorted(OPEN_STATES))
    return (
        Q(
            state=ComplaintState.REGISTERED,
            received_on__lte=horizon - timedelta(rules.TRANSFER_DAYS),
        )
        | (open_ & Q(acknowledged_on__isnull=True, acknowledge_due_on__lte=horizon))
        | (open_ & Q(handle_due_on__lte=horizon))
        | (
            Q(team__isnull=False, team_reported_on__isnull=True, team_report_due_on__lte=horizon)
            & ~Q(state__in=NO_TEAM_REPORT)
        )
    )


def overdue_q(today: date) -> Q:
    """Q over Complaint for a clock past its due date (the 待办 and the list filter)."""
    open_ = Q(state__in=sorted(OPEN_STATES))
    return (
        Q(
            state=ComplaintState.REGISTERED,
            received_on__lt=today - timedelta(days=rules.TRANSFER_DAYS),
        )
        | (open_ & Q(acknowledged_on__isnull=True, acknowledge_due_on__lt=today))
        | (open_ & Q(handle_due_on__lt=today))
        | (
            Q(team__isnull=False, team_reported_on__isnull=True, team_report_due_on__lt=today)
            & ~Q(state__in=NO_TEAM_REPORT)
        )
    )


def complaint_warnings(row: dict[str, Any], today: date) -> list[Warning]:
    """The clocks of one complaint (a `values()` row) that warn today."""
    found: list[Warning] = []

    def add(
        clock_name: str, due: date | None, done: date | None, org: int | None, roles: Any
    ) -> None:
        stage = rules.clock_stage(due, done, today)
        if stage and due is not None and org is not None:
            found.append(
                Warning(
                    row["pk"],
                    row["number"],
                    row["accused_name"],
                    clock_name,
                    due,
                    stage,
                    org,
                    frozenset(roles),
                )
            )

    state = row["state"]
    if state == ComplaintState.REGISTERED:
        add(
            "transfer",
            rules.transfer_due(row["received_on"]),
            None,
            row["received_by_id"],
            REVIEWERS,
        )
    unit = row["handling_unit_id"]
    if state in OPEN_STATES:
        add("acknowledge", row["acknowledge_due_on"], row["acknowledged_on"], unit, WORKERS)
        add("handle", row["handle_due_on"], None, unit, WORKERS)
    if row["team_id"] and state not in NO_TEAM_REPORT:
        add("team_report", row["team_report_due_on"], row["team_reported_on"], unit, WORKERS)
    return found


FIELDS = (
    "pk",
    "number",
    "accused_name",
    "state",
    "received_on",
    "received_by_id",
    "handling_unit_id",
    "team_id",
    "acknowledge_due_on",
    "acknowledged_on",
    "handle_due_on",
    "team_report_due_on",
    "team_reported_on",
    "accused_organization_id",
)


def review_warnings(today: date) -> tuple[list[Warning], dict[int, int | None]]:
    """Undecided 复查/复核 requests that warn today, and their complaints' accused units."""
    horizon = today + timedelta(days=rules.WARN_BEFORE_DAYS)
    rows = ComplaintReview.objects.filter(decided_on__isnull=True, due_on__lte=horizon).values(
        "complaint_id",
        "complaint__number",
        "complaint__accused_name",
        "complaint__accused_organization_id",
        "due_on",
        "reviewer_id",
    )
    found: list[Warning] = []
    accused: dict[int, int | None] = {}
    for row in rows:
        stage = rules.clock_stage(row["due_on"], None, today)
        if stage:
            found.append(
                Warning(
                    row["complaint_id"],
                    row["complaint__number"],
                    row["complaint__accused_name"],
                    "review",
                    row["due_on"],
                    stage,
                    row["reviewer_id"],
                    frozenset(REVIEWERS),
                )
            )
            accused[row["complaint_id"]] = row["complaint__accused_organization_id"]
    return found, accused


def _recipients(warnings: Iterable[Warning]) -> dict[tuple[int, str], set[Any]]:
    """(organization id, role) → the active users holding that role there."""
    memberships = Membership.objects.filter(
        organization_id__in={w.organization_id for w in warnings},
        role__in=sorted(REVIEWERS | WORKERS),
        user__is_active=True,
    ).select_related("user")
    found: dict[tuple[int, str], set[Any]] = defaultdict(set)
    for membership in memberships:
        found[(membership.organization_id, membership.role)].add(membership.user)
    return found


def _against(users: Iterable[Any]) -> tuple[dict[int, set[int]], set[tuple[int, int]]]:
    """What makes a complaint be against a user (selectors.accused_exclusion, set-based): the
    organizations each user belongs to with those above them, and (complaint, user) pairs
    naming the user among the people complained about."""
    user_ids = {user.pk for user in users}
    orgs: dict[int, set[int]] = defaultdict(set)
    for user_id, path in Membership.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "organization__path"
    ):
        orgs[user_id] |= {int(part) for part in path.split("/") if part}
    # Bounded by the recipients, not by the complaints (a national backlog has many).
    named = set(
        Complaint.accused_people.through.objects.filter(person__user_id__in=user_ids).values_list(
            "complaint_id", "person__user_id"
        )
    )
    return orgs, named


CHUNK = 1000  # keys per lookup: a national backlog of overdue clocks stays within SQL limits


def _existing(keys: set[str]) -> set[tuple[int, str]]:
    """(user id, key) of the warnings already written, looked up a chunk of keys at a time."""
    ordered = sorted(keys)
    found: set[tuple[int, str]] = set()
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        found |= set(Notification.objects.filter(key__in=chunk).values_list("user_id", "key"))
    return found


def clocks_scan(*, today: date | None = None) -> ClockResult:
    """Warn of every complaint clock reaching a stage; idempotent (a second run the same day
    writes and sends nothing)."""
    today = today or clock.today()
    rows = list(Complaint.objects.filter(running_q(today)).values(*FIELDS))
    warnings = [w for row in rows for w in complaint_warnings(row, today)]
    accused = {row["pk"]: row["accused_organization_id"] for row in rows}
    reviews, review_accused = review_warnings(today)
    warnings += reviews
    accused.update(review_accused)
    result = ClockResult(complaints_checked=len(rows), warnings=len(warnings))
    by_org_role = _recipients(warnings)
    everyone = {user for users in by_org_role.values() for user in users}
    user_orgs, named = _against(everyone)
    wanted: list[Notification] = []
    for warning in warnings:
        users = {
            u
            for role in warning.roles
            for u in by_org_role.get((warning.organization_id, role), ())
        }
        against = accused.get(warning.complaint_id)
        key, text = warning.key(), warning.message(today)
        link = complaint_link(warning.complaint_id)
        wanted += [
            Notification(user=user, key=key, level=warning.level, message=text, link=link)
            for user in sorted(users, key=lambda u: u.pk)
            if against not in user_orgs[user.pk] and (warning.complaint_id, user.pk) not in named
        ]
    existing = _existing({n.key for n in wanted})
    new = [n for n in wanted if (n.user.pk, n.key) not in existing]
    with transaction.atomic():
        Notification.objects.bulk_create(new, batch_size=CHUNK, ignore_conflicts=True)
    result.notifications = len(new)
    result.emails = complaint_digests_send(today=today)
    return result


def complaint_digests_send(*, today: date) -> int:
    """One e-mail per user listing the complaint warnings not e-mailed yet (today's, and those
    a stopped run left), each message once."""
    return digests_send(
        prefix=KEY_PREFIX,
        subject=f"【督办】信访件办理预警（{today:%Y-%m-%d}，{{count}} 项）",
        distinct=True,
    )
