"""办理: the handling unit takes the complaint from receipt to 已办结 (docs/complaints.md).

Each rule lives in one function here, whoever calls (page, API, command):

- acknowledge (受理告知): the handling unit, TRANSFERRED → HANDLING; a late acknowledgement is
  allowed and shows on the clock (acknowledged_on after acknowledge_due_on);
- not accepted (不予受理): the receiving office, from REGISTERED or TRANSFERRED, on a ground
  and with a reason;
- extend: the handling unit's head, once, at most 30 days, with the reason told to the
  complainant; it moves handle_due_on;
- handle: the result, recorded as often as needed while open; 已办结 needs 是否属实, 调查核实情况,
  处理和整改情况 and — unless the complainant is anonymous (nobody to send it to) — the
  written reply; 阶段性办结 needs 是否属实, 调查核实情况 and 办结目标;
- reply (答复意见书): text and date, replaceable while open, or given once after conclusion
  when none was (an anonymous complaint);
- report to the team (10 days from the hand-over), once;
- follow-up (回访): the receiving office or the handling unit, after (stage) conclusion.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from duban.complaints import errors, rules
from duban.complaints.choices import ComplaintState, NotAcceptedGround, Satisfaction, Truth, Verb
from duban.complaints.events import complaint_event
from duban.complaints.models import Complaint
from duban.complaints.permissions import may_dispatch, may_extend, may_handle
from duban.complaints.services.common import locked
from duban.core import clock
from duban.errors import ApplicationError, Reason

S = ComplaintState
ACKNOWLEDGE_STATES = (S.TRANSFERRED,)
NOT_ACCEPT_STATES = (S.REGISTERED, S.TRANSFERRED)
EXTEND_STATES = (S.TRANSFERRED, S.HANDLING, S.PARTLY_CONCLUDED)
HANDLE_STATES = (S.HANDLING, S.PARTLY_CONCLUDED)
REPLY_STATES = (S.HANDLING, S.PARTLY_CONCLUDED, S.CONCLUDED)
TEAM_REPORT_STATES = (S.HANDLING, S.PARTLY_CONCLUDED, S.CONCLUDED)
FOLLOW_UP_STATES = (S.PARTLY_CONCLUDED, S.CONCLUDED)
# What a handling record may leave the complaint as.
OUTCOMES = (S.HANDLING, S.PARTLY_CONCLUDED, S.CONCLUDED)
COUNTS = (
    "ordered_to_rectify",
    "cases_filed",
    "criminal_cases",
    "administrative_detentions",
    "criminal_detentions",
    "talks",
    "held_accountable",
)
MAX_FINE = Decimal("9999999999.99")  # the column: 12 digits, 2 after the point


def _refuse(fields: dict[str, Reason]) -> None:
    if fields:
        first = next(iter(fields.values()))
        raise ApplicationError(first, code=first.code, fields=fields)


def _day(value: date | None, *, field: str, not_before: date | None = None) -> date:
    """A day given for something done: today by default, never in the future, never before
    `not_before`."""
    today = clock.today()
    day = value or today
    if day > today:
        _refuse({field: errors.DAY_IN_FUTURE()})
    if not_before is not None and day < not_before:
        _refuse({field: errors.DAY_TOO_EARLY(day=not_before.isoformat())})
    return day


def _required(text: str, field: str) -> dict[str, Reason]:
    return {} if text.strip() else {field: errors.REASON_REQUIRED()}


# 受理告知 and 不予受理


def complaint_acknowledge(*, actor: Any, pk: int, on: date | None = None) -> Complaint:
    """The handling unit acknowledges receipt (the complainant is told in writing)."""
    with transaction.atomic():
        complaint = locked(actor=actor, pk=pk, allowed=may_handle, states=ACKNOWLEDGE_STATES)
        day = _day(on, field="acknowledged_on", not_before=complaint.transferred_on)
        complaint.acknowledged_on = day
        complaint.state = S.HANDLING
        complaint.save()
        late = bool(complaint.acknowledge_due_on and day > complaint.acknowledge_due_on)
        complaint_event(
            actor=actor,
            verb=Verb.ACKNOWLEDGED,
            complaint=complaint,
            data={"acknowledged_on": day, "late": late},
        )
    return complaint


def complaint_not_accept(*, actor: Any, pk: int, ground: str, reason: str) -> Complaint:
    """不予受理: outside powers, for the courts, the same matter already answered — or
    another ground, always with the reason the complainant is told."""
    with transaction.atomic():
        complaint = locked(actor=actor, pk=pk, allowed=may_dispatch, states=NOT_ACCEPT_STATES)
        refusals = _required(reason, "reason")
        if ground not in NotAcceptedGround.values:
            refusals["ground"] = errors.TEXT_REQUIRED()
        _refuse(refusals)
        complaint.state = S.NOT_ACCEPTED
        complaint.not_accepted_reason = reason.strip()
        complaint.save()
        complaint_event(
            actor=actor,
            verb=Verb.NOT_ACCEPTED,
            complaint=complaint,
            data={"ground": ground},
            reason=complaint.not_accepted_reason,
        )
    return complaint


# Extension


def extension_refusal(complaint: Complaint, days: int) -> Reason | None:
    """Why `days` more cannot be granted now (rules.extension_refusal), or None."""
    why = rules.extension_refusal(already=complaint.extended_days, asked=days)
    return errors.EXTENSION_REFUSALS[why]() if why else None


def complaint_extend(*, actor: Any, pk: int, days: int, reason: str) -> Complaint:
    """Approve the one extension (≤ 30 days, Art. 34); the reason is told to the complainant."""
    with transaction.atomic():
        complaint = locked(actor=actor, pk=pk, allowed=may_extend, states=EXTEND_STATES)
        refusals = _required(reason, "reason")
        refusal = extension_refusal(complaint, days)
        if refusal:
            refusals = {"days": refusal, **refusals}
        _refuse(refusals)
        complaint.extended_days = days
        complaint.extension_reason = reason.strip()
        if complaint.handle_due_on:
            complaint.handle_due_on = rules.handle_due(
                complaint.transferred_on or complaint.received_on, days
            )
        complaint.save()
        complaint_event(
            actor=actor,
            verb=Verb.EXTENDED,
            complaint=complaint,
            data={"days": days, "handle_due_on": complaint.handle_due_on},
            reason=complaint.extension_reason,
        )
    return complaint


# The handling result


@dataclass(frozen=True)
class HandlingIn:
    """What the handling unit records; `outcome` is the state it leaves the complaint in."""

    outcome: str = S.HANDLING
    truth: str = ""
    investigation: str = ""  # 调查核实情况
    measures: str = ""  # 处理和整改情况
    closure_target: str = ""  # 办结目标
    accountability: str = ""  # 责任人被处理情况
    ordered_to_rectify: int = 0
    cases_filed: int = 0
    fines_wan_yuan: Decimal = Decimal("0")
    criminal_cases: int = 0
    administrative_detentions: int = 0
    criminal_detentions: int = 0
    talks: int = 0
    held_accountable: int = 0


def _fine_refusal(value: Any) -> Reason | None:
    try:
        fine = Decimal(value)
    except (ArithmeticError, TypeError, ValueError):
        return errors.FINE_PRECISION()
    if not fine.is_finite():
        return errors.FINE_PRECISION()
    if fine < 0:
        return errors.NEGATIVE_COUNT()
    if fine > MAX_FINE or fine != fine.quantize(Decimal("0.01")):
        return errors.FINE_PRECISION()
    return None


def handling_refusals(complaint: Complaint, data: HandlingIn) -> dict[str, Reason]:
    """Why this record cannot be kept, field by field (empty: it can)."""
    refusals: dict[str, Reason] = {}
    if data.outcome not in OUTCOMES:
        refusals["outcome"] = errors.TEXT_REQUIRED()
    if data.truth and data.truth not in Truth.values:
        refusals["truth"] = errors.TEXT_REQUIRED()
    for name in COUNTS:
        value = getattr(data, name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            refusals[name] = errors.NEGATIVE_COUNT()
        elif value > 2_147_483_647:
            refusals[name] = errors.FINE_PRECISION()
    fine = _fine_refusal(data.fines_wan_yuan)
    if fine:
        refusals["fines_wan_yuan"] = fine
    if data.outcome == S.CONCLUDED:
        needed = ("truth", "investigation", "measures")
        for name in needed:
            if not str(getattr(data, name)).strip():
                refusals.setdefault(name, errors.CONCLUSION_NEEDS())
        if not complaint.anonymous and not complaint.reply.strip():
            refusals.setdefault("reply", errors.REPLY_NEEDED())
    elif data.outcome == S.PARTLY_CONCLUDED:
        for name in ("truth", "investigation", "closure_target"):
            if not str(getattr(data, name)).strip():
                refusals.setdefault(name, errors.STAGE_NEEDS())
    return refusals


def complaint_handle(*, actor: Any, pk: int, data: HandlingIn) -> Complaint:
    """Record the handling (replacing the last record) and leave the complaint in
    data.outcome; 已办结 stamps concluded_on. Two people concluding at once: the row lock
    makes the second find it concluded (InvalidTransition)."""
    with transaction.atomic():
        complaint = locked(actor=actor, pk=pk, allowed=may_handle, states=HANDLE_STATES)
        _refuse(handling_refusals(complaint, data))
        values = asdict(data)
        outcome = values.pop("outcome")
        for name, value in values.items():
            setattr(complaint, name, value.strip() if isinstance(value, str) else value)
        complaint.fines_wan_yuan = Decimal(data.fines_wan_yuan).quantize(Decimal("0.01"))
        complaint.state = outcome
        complaint.concluded_on = clock.today() if outcome == S.CONCLUDED else None
        complaint.save()
        complaint_event(
            actor=actor,
            verb=Verb.HANDLED,
            complaint=complaint,
            data={
                "outcome": outcome,
                "truth": complaint.truth,
                "fines_wan_yuan": str(complaint.fines_wan_yuan),
                **{name: getattr(complaint, name) for name in COUNTS},
            },
        )
    return complaint


# 答复意见书


def reply_refusal(complaint: Complaint) -> Reason | None:
    """After conclusion the reply can only be given when none was (anonymous complaints
    conclude without one); while open it may be replaced."""
    if complaint.state == S.CONCLUDED and complaint.reply.strip():
        return errors.WRONG_STATE(state=complaint.get_state_display())
    return None


def complaint_reply(*, actor: Any, pk: int, text: str, on: date | None = None) -> Complaint:
    """Store the written reply; the .docx (complaints.reply) is generated from it."""
    with transaction.atomic():
        complaint = locked(actor=actor, pk=pk, allowed=may_handle, states=REPLY_STATES)
        refusal = reply_refusal(complaint)
        if refusal:
            raise ApplicationError(refusal, code=refusal.code)
        _refuse(_required(text, "text"))
        day = _day(on, field="replied_on", not_before=complaint.acknowledged_on)
        complaint.reply = text.strip()
        complaint.replied_on = day
        complaint.save()
        complaint_event(
            actor=actor, verb=Verb.REPLIED, complaint=complaint, data={"replied_on": day}
        )
    return complaint


# 报送督察组


def team_report_refusal(complaint: Complaint) -> Reason | None:
    if complaint.team_id is None or complaint.handed_over_on is None:
        return errors.NOT_INSPECTION()
    if complaint.team_reported_on is not None:
        return errors.ALREADY_REPORTED()
    return None


def complaint_team_report(*, actor: Any, pk: int, on: date | None = None) -> Complaint:
    """The handling reported back to the inspection team (due 10 days after hand-over)."""
    with transaction.atomic():
        complaint = locked(actor=actor, pk=pk, allowed=may_handle, states=TEAM_REPORT_STATES)
        refusal = team_report_refusal(complaint)
        if refusal:
            raise ApplicationError(refusal, code=refusal.code)
        day = _day(on, field="team_reported_on", not_before=complaint.handed_over_on)
        complaint.team_reported_on = day
        complaint.save()
        late = bool(complaint.team_report_due_on and day > complaint.team_report_due_on)
        complaint_event(
            actor=actor,
            verb=Verb.TEAM_REPORTED,
            complaint=complaint,
            data={"team_reported_on": day, "late": late},
        )
    return complaint


# 回访


def may_follow_up(actor: Any, complaint: Complaint) -> bool:
    """The receiving office or the handling unit calls the complainant back."""
    return may_dispatch(actor, complaint) or may_handle(actor, complaint)


def complaint_follow_up(
    *, actor: Any, pk: int, on: date | None, satisfaction: str, note: str = ""
) -> Complaint:
    """Record the call back and what the complainant said (no identity in the note's event)."""
    with transaction.atomic():
        complaint = locked(actor=actor, pk=pk, allowed=may_follow_up, states=FOLLOW_UP_STATES)
        if satisfaction not in Satisfaction.values:
            _refuse({"satisfaction": errors.TEXT_REQUIRED()})
        day = _day(on, field="followed_up_on", not_before=complaint.acknowledged_on)
        complaint.followed_up_on = day
        complaint.satisfaction = satisfaction
        complaint.follow_up_note = note.strip()
        complaint.save()
        complaint_event(
            actor=actor,
            verb=Verb.FOLLOWED_UP,
            complaint=complaint,
            data={"followed_up_on": day, "satisfaction": satisfaction},
        )
    return complaint


# What a page or an API answer offers: exactly what the services above would accept now
# (time limits and typed input aside), asked of the same functions.


def handling_actions(actor: Any, complaint: Complaint) -> list[str]:
    """The handling actions `actor` may take on the complaint now, in the panel's order."""
    state = complaint.state
    handler = may_handle(actor, complaint)
    actions = []
    if handler and state in ACKNOWLEDGE_STATES:
        actions.append("acknowledge")
    if may_dispatch(actor, complaint) and state in NOT_ACCEPT_STATES:
        actions.append("not_accept")
    if (
        may_extend(actor, complaint)
        and state in EXTEND_STATES
        and rules.extension_refusal(already=complaint.extended_days, asked=1) is None
    ):
        actions.append("extend")
    if handler and state in REPLY_STATES and reply_refusal(complaint) is None:
        actions.append("reply")
    if handler and state in HANDLE_STATES:
        actions.append("handle")
    if handler and state in TEAM_REPORT_STATES and team_report_refusal(complaint) is None:
        actions.append("team_report")
    if may_follow_up(actor, complaint) and state in FOLLOW_UP_STATES:
        actions.append("follow_up")
    return actions
