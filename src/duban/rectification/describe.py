"""Rectification's ledger events in words (core.timeline; registered in apps.py)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from duban.core.models import Event
from duban.core.timeline import Describer, Names, actor_name, register_verbs
from duban.rectification.choices import Verb
from duban.rectification.models import Task


def plain(text: Promise) -> Describer:
    """A sentence whose only blank is who acted."""
    return lambda event, names: str(text) % {"actor": actor_name(event)}


def _task_created(event: Event, names: Names) -> str:
    data = event.data
    deadline = data.get("deadline") or _("ongoing")
    return _(
        "%(actor)s assigned “%(title)s” to %(unit)s (responsible: %(person)s; deadline: "
        "%(deadline)s)"
    ) % {
        "actor": actor_name(event),
        "title": data.get("title", ""),
        "unit": names.unit(data.get("lead_unit")),
        "person": names.person(data.get("responsible_person")),
        "deadline": deadline,
    }


def _field_label(name: str) -> str:
    try:
        field = Task._meta.get_field(name)
    except FieldDoesNotExist:  # a field since renamed keeps its recorded name
        return name
    return str(getattr(field, "verbose_name", name))


def _task_updated(event: Event, names: Names) -> str:
    changes = [
        _("%(field)s from %(old)s to %(new)s")
        % {
            "field": _field_label(key),
            "old": names.of(key, change.get("old")),
            "new": names.of(key, change.get("new")),
        }
        for key, change in (event.data.get("changes") or {}).items()
        if isinstance(change, dict)
    ]
    return _("%(actor)s changed %(changes)s") % {
        "actor": actor_name(event),
        "changes": _("; ").join(changes),
    }


def claims_text(claims: list[dict[str, Any]]) -> str:
    return "、".join(
        f"{c.get('metric', '')} {c.get('value', '')} {c.get('unit', '')}".strip() for c in claims
    )


def _report(event: Event, names: Names) -> str:
    data = event.data
    text = _("%(actor)s reported progress for the period from %(period)s: %(percent)s%%") % {
        "actor": actor_name(event),
        "period": data.get("period", ""),
        "percent": data.get("percent", ""),
    }
    if (data.get("version") or 1) > 1:
        text += _(" (correction, version %(version)s)") % {"version": data["version"]}
    if data.get("late"):
        text += _(" (late)")
    if claims := data.get("claims"):
        text += _("; figures: %(claims)s") % {"claims": claims_text(claims)}
    return text


def _accepted(event: Event, names: Names) -> str:
    data = event.data
    return _(
        "%(actor)s recorded the acceptance by %(unit)s, signed by %(signer)s; the public "
        "notice started"
    ) % {
        "actor": actor_name(event),
        "unit": data.get("acceptance_unit", "—"),
        "signer": data.get("signer", "—"),
    }


def _returned(event: Event, names: Names) -> str:
    if event.data.get("acceptance_unit"):
        return _("%(actor)s did not accept the task (%(unit)s) and returned it to the unit") % {
            "actor": actor_name(event),
            "unit": event.data["acceptance_unit"],
        }
    return _("%(actor)s returned the task to the unit") % {"actor": actor_name(event)}


def _deadline_change(text: Promise) -> Describer:
    return lambda event, names: (
        str(text)
        % {
            "actor": actor_name(event),
            "old": event.data.get("old_deadline", "—"),
            "new": event.data.get("new_deadline", "—"),
        }
    )


def _warning(event: Event, names: Names) -> str:
    count = len(event.data.get("recipients") or [])
    return _("The system sent a deadline warning to %(count)s person(s)") % {"count": count}


def _filing(text: Promise) -> Describer:
    return lambda event, names: (
        str(text)
        % {
            "actor": actor_name(event),
            "office": event.data.get("filed_with", "—"),
        }
    )


def _looked_back(event: Event, names: Names) -> str:
    if event.data.get("relapsed"):
        return _("%(actor)s looked back on the task and found a relapse") % {
            "actor": actor_name(event)
        }
    return _("%(actor)s looked back on the task: no relapse") % {"actor": actor_name(event)}


def _objection_answered(event: Event, names: Names) -> str:
    if event.data.get("upheld"):
        return _("%(actor)s answered an objection and upheld it") % {"actor": actor_name(event)}
    return _("%(actor)s answered an objection: not upheld") % {"actor": actor_name(event)}


DESCRIBERS: dict[Any, Describer] = {
    Verb.TASK_CREATED: _task_created,
    Verb.TASK_UPDATED: _task_updated,
    Verb.TASK_ACKNOWLEDGED: plain(gettext_lazy("%(actor)s acknowledged the task")),
    Verb.TASK_STARTED: plain(gettext_lazy("%(actor)s started the work")),
    Verb.TASK_COMPLETED: plain(gettext_lazy("%(actor)s reported the task completed")),
    Verb.TASK_CLOSURE_REQUESTED: plain(gettext_lazy("%(actor)s requested closure, with evidence")),
    Verb.TASK_ACCEPTANCE_STARTED: plain(gettext_lazy("%(actor)s began the acceptance")),
    Verb.TASK_ACCEPTED: _accepted,
    Verb.TASK_CLOSED: plain(gettext_lazy("%(actor)s closed the task out (销号)")),
    Verb.TASK_UPHELD: plain(
        gettext_lazy("%(actor)s recorded a staged acceptance: completed, upheld long-term")
    ),
    Verb.TASK_RETURNED: _returned,
    Verb.TASK_REOPENED: plain(gettext_lazy("%(actor)s reopened the task")),
    Verb.TASK_LOOKED_BACK: _looked_back,
    Verb.REPORT_SUBMITTED: _report,
    Verb.EXTENSION_REQUESTED: _deadline_change(
        gettext_lazy("%(actor)s asked to extend the deadline from %(old)s to %(new)s")
    ),
    Verb.EXTENSION_APPROVED: _deadline_change(
        gettext_lazy("%(actor)s approved extending the deadline from %(old)s to %(new)s")
    ),
    Verb.EXTENSION_REJECTED: _deadline_change(
        gettext_lazy("%(actor)s rejected extending the deadline from %(old)s to %(new)s")
    ),
    Verb.WARNING_SENT: _warning,
    Verb.OBJECTION_RECORDED: plain(
        gettext_lazy("%(actor)s recorded an objection to the public notice")
    ),
    Verb.OBJECTION_ANSWERED: _objection_answered,
    Verb.FILING_FILED: _filing(gettext_lazy("%(actor)s filed the close-out with %(office)s")),
    Verb.FILING_ACCEPTED: _filing(
        gettext_lazy("The filing with %(office)s stands: its review period ended")
    ),
    Verb.FILING_REJECTED: _filing(gettext_lazy("%(office)s rejected the filed close-out")),
}


def register() -> None:
    """Called from the app's ready(): its verbs read as these sentences on every timeline."""
    register_verbs(Verb, DESCRIBERS)
