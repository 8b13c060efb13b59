"""Saving drawn histories in bulk, then recording their events: each queued on the chain at
its own time and recorded by the app's helper once the rows it names exist, so every payload
is the service's own."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

from duban.core.events import attachment_stored_event
from duban.core.models import Attachment, Organization
from duban.core.principal import SYSTEM
from duban.generate.chain import Chain
from duban.generate.history import S, Story, at, failed_tests
from duban.rectification.choices import FilingState
from duban.rectification.choices import Verb as TaskVerb
from duban.rectification.events import (
    filing_event,
    report_submitted_event,
    task_created_event,
    task_transitioned_event,
)
from duban.rectification.models import Claim, CloseOut, Filing, ProgressReport, Task
from duban.rectification.transitions import TRANSITIONS


def save(stories: list[Story]) -> dict[str, int]:
    """Bulk-create the stories' rows (their events need the ids); return row counts."""
    tasks = Task.objects.bulk_create([s.task for s in stories])
    through = Task.co_units.through
    through.objects.bulk_create(
        [through(task_id=t.pk, organization_id=o.pk) for t in tasks for o in t.co_units_chosen]  # type: ignore[attr-defined]
    )
    Attachment.objects.bulk_create(
        [photo for s in stories for _, photo in s.photos]
        + [photo for s in stories for _, photo in s.closeouts]
    )
    ProgressReport.objects.bulk_create([r for s in stories for r in s.reports], batch_size=2000)
    report_files = ProgressReport.attachments.through
    report_files.objects.bulk_create(
        [
            report_files(progressreport_id=s.reports[i].pk, attachment_id=p.pk)
            for s in stories
            for i, p in s.photos
        ]
    )
    for story in stories:
        for index, claim in story.claims:
            claim.report = story.reports[index]
    Claim.objects.bulk_create([c for s in stories for _, c in s.claims], batch_size=2000)
    CloseOut.objects.bulk_create([c for s in stories for c, _ in s.closeouts])
    evidence = CloseOut.evidence.through
    evidence.objects.bulk_create(
        [evidence(closeout_id=c.pk, attachment_id=p.pk) for s in stories for c, p in s.closeouts]
    )
    Filing.objects.bulk_create([s.filing for s in stories if s.filing])
    return {
        "tasks": len(tasks),
        "reports": sum(len(s.reports) for s in stories),
        "claims": sum(len(s.claims) for s in stories),
        "closeouts": sum(len(s.closeouts) for s in stories),
        "photos": sum(len(s.photos) + len(s.closeouts) for s in stories),
        "filings": sum(1 for s in stories if s.filing),
    }


def queue_events(chain: Chain, story: Story) -> None:
    """Queue every event of the story at its time, recorded by the apps' helpers."""
    task, unit, office = story.task, story.unit, story.office
    for index, report in enumerate(story.reports):
        claims = [c for i, c in story.claims if i == index]
        photos = [p for i, p in story.photos if i == index]
        for photo in photos:
            chain.later(
                report.submitted_at - timedelta(minutes=5),
                partial(attachment_stored_event, actor=unit.user, attachment=photo),
            )
        chain.later(
            report.submitted_at,
            partial(
                report_submitted_event,
                actor=unit.user,
                report=report,
                claims=claims,
                attachments=photos,
            ),
        )
    for closeout, photo in story.closeouts:
        chain.later(
            closeout.requested_at - timedelta(minutes=5),
            partial(attachment_stored_event, actor=unit.user, attachment=photo),
        )
    previous: list[str] = [S.ASSIGNED]
    for when, action, data, reason in story.moves:
        if action == "created":
            chain.later(when, lambda: task_created_event(actor=office.user, task=task))
            continue
        chain.later(when, partial(_move, story, action, data, reason, previous))
    if story.filing:
        filing = story.filing
        filed = at(filing.filed_on, 2, 1)
        chain.later(filed, lambda: _filing(filing, TaskVerb.FILING_FILED, FilingState.FILED))
        if filing.state == FilingState.ACCEPTED:
            chain.later(
                at(filing.review_ends_on + timedelta(days=1), 2),
                lambda: _filing(filing, TaskVerb.FILING_ACCEPTED, FilingState.ACCEPTED),
            )


def _filing(filing: Filing, verb: str, state: str) -> None:
    filing.state = state
    filing_event(actor=SYSTEM, filing=filing, verb=verb)


def _move(
    story: Story, action: str, data: dict[str, Any], reason: str, previous: list[str]
) -> None:
    """One lifecycle move as apply_transition records it (actor and acting organization of
    the side that makes it; the daily job closes after the public notice)."""
    task, transition = story.task, TRANSITIONS[action]
    lead = transition.side.value == "lead"
    actor: Any = story.unit.user if lead else story.office.user
    organization: Organization | None = (
        story.unit.organization if lead else story.office.organization
    )
    payload: dict[str, Any] | None = None
    closeout: CloseOut | None = data.get("closeout")
    if action == "request_closure" and closeout:
        photo = next(p for c, p in story.closeouts if c is closeout)
        payload = {"closeout": closeout.pk, "evidence": [photo.sha256]}
    elif action in ("accept", "return", "uphold") and closeout:
        payload = {"closeout": closeout.pk}
        if action == "uphold":
            payload["staged"] = True
        payload |= {
            "acceptance_unit": story.office.organization.name,
            "signer": story.office.head.name,
        }
        if action == "return":
            payload["tests"], reason = failed_tests()
        elif action == "accept":
            payload["tests"] = closeout.tests
        payload |= {
            "site_check": None,
            "site_check_label": "",
            "document_check_reason": closeout.document_check_reason,
        }
        if action == "accept":
            payload["notice_days"] = closeout.publicity_days
    elif action == "close":
        actor, organization = SYSTEM, None
    task.state = transition.target
    task_transitioned_event(
        actor=actor,
        task=task,
        verb=transition.verb,
        previous=previous[0],
        organization=organization,
        data=payload,
        reason=reason,
    )
    previous[0] = transition.target
