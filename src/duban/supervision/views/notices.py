"""Supervision notice pages: list, detail with the response and close forms, issuing from a
task, numbering settings and the printed notice (.docx)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from duban.core import selectors as core_selectors
from duban.core.dashboard import todo_narrow
from duban.core.web.bulk import report, selected_ids
from duban.core.web.downloads import download
from duban.core.web.lists import list_response
from duban.core.web.params import GET_POST, posted, uploads_of
from duban.core.web.refusals import found
from duban.inspections.choices import ScheduleStatus
from duban.rectification import selectors as task_selectors
from duban.rectification.models import Task
from duban.supervision import documents, selectors, services
from duban.supervision.choices import NoticeLevel, NoticeState
from duban.supervision.forms import (
    BulkNoticeForm,
    NoticeCloseForm,
    NoticeIssueForm,
    NoticeResponseForm,
    NumberingForm,
    notice_filter,
)
from duban.supervision.models import SupervisionNotice
from duban.supervision.permissions import notice_actions
from duban.supervision.views.listings import NOTICES, OVERDUE_TASKS
from duban.supervision.views.support import forbidden, perform

NOTICE_SUBJECT = SupervisionNotice._meta.label_lower


def _notice(request: HttpRequest, pk: int) -> SupervisionNotice:
    return found(lambda: selectors.notice_get(user=request.user, pk=pk))


def _detail_url(notice: Any) -> str:
    return reverse("notice-detail", args=[notice.pk])


def _refused(request: HttpRequest, notice: SupervisionNotice, *, open_state: str) -> HttpResponse:
    """Not now (someone acted first): a message and back; not this user: the 403 page."""
    if notice.state != open_state:
        messages.warning(request, gettext("This notice has moved on; here is its current state."))
        return redirect(_detail_url(notice))
    return forbidden(request)


@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    filters = notice_filter(request)
    options = selectors.notice_filter_options(user=request.user)
    notices, todo = todo_narrow(request, selectors.notice_list(user=request.user, filters=filters))
    return list_response(
        request,
        NOTICES,
        notices,
        "supervision/notice_list.html",
        {
            "todo": todo,
            "filters": filters,
            "levels": NoticeLevel.choices,
            "states": NoticeState.choices,
            "issuers": options["issuers"],
            "targets": options["targets"],
            "may_configure": selectors.issuer_list(user=request.user).exists(),
        },
    )


def _detail_page(
    request: HttpRequest,
    notice: SupervisionNotice,
    *,
    response_form: NoticeResponseForm | None = None,
    close_form: NoticeCloseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    events = core_selectors.event_list_for(
        user=request.user, subject_type=NOTICE_SUBJECT, subject_id=str(notice.pk)
    )
    context = {
        "notice": notice,
        "chain": selectors.notice_chain(user=request.user, notice=notice),
        "actions": notice_actions(actor=request.user, notice=notice),
        "response_form": response_form or NoticeResponseForm(),
        "close_form": close_form or NoticeCloseForm(),
        "events": events,
    }
    return render(request, "supervision/notice_detail.html", context, status=status)


@require_GET
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _notice(request, pk))


@require_POST
def notice_respond(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    form = NoticeResponseForm(request.POST, request.FILES)
    if not notice_actions(actor=request.user, notice=notice).can_respond:
        return _refused(request, notice, open_state=NoticeState.ISSUED)
    if form.is_valid():
        done = perform(
            request,
            lambda: services.notice_respond(
                actor=request.user,
                notice_id=notice.pk,
                response=form.cleaned_data["response"],
                uploads=uploads_of(form.cleaned_data["evidence"]),
            ),
            form=form,
            success=gettext("Response filed."),
            done_url=lambda _result: _detail_url(notice),
            stale_url=_detail_url(notice),
            aliases={"file": "evidence"},
        )
        if done:
            return done
    return _detail_page(request, notice, response_form=form, status=400)


@require_POST
def notice_close(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    form = NoticeCloseForm(request.POST)
    if not notice_actions(actor=request.user, notice=notice).can_close:
        return _refused(request, notice, open_state=NoticeState.RESPONDED)
    if form.is_valid():
        done = perform(
            request,
            lambda: services.notice_close(
                actor=request.user, notice_id=notice.pk, note=form.cleaned_data["note"]
            ),
            form=form,
            success=gettext("Notice concluded."),
            done_url=lambda _result: _detail_url(notice),
            stale_url=_detail_url(notice),
        )
        if done:
            return done
    return _detail_page(request, notice, close_form=form, status=400)


@require_GET
def notice_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable notice (督办单) as Word."""
    document = documents.notice_document(_notice(request, pk))
    return download(
        document.content, filename=document.filename, content_type=documents.CONTENT_TYPE
    )


def _task(request: HttpRequest, pk: int) -> Task:
    return found(lambda: task_selectors.task_get(user=request.user, pk=pk))


@require_http_methods(GET_POST)
def task_notice_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a notice about a task (and other tasks of its problem) to one of its units."""
    task = _task(request, pk)
    issuers = selectors.issuer_list(user=request.user)
    if not issuers.exists():
        return forbidden(request)
    form = NoticeIssueForm(
        posted(request),
        issuers=issuers,
        targets=selectors.task_target_options(task=task),
        tasks=task_selectors.task_visible_to(request.user).filter(problem_id=task.problem_id),
        initial={"tasks": [task.pk], "target": task.lead_unit_id, "level": NoticeLevel.NOTICE},
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        done = perform(
            request,
            lambda: services.notice_issue(
                actor=request.user,
                issuer=data["issuer"],
                target=data["target"],
                tasks=list(data["tasks"]),
                level=data["level"],
                demands=data["demands"],
                due_on=data["due_on"],
                terms=form.terms(),
            ),
            form=form,
            success=gettext("Notice issued."),
            done_url=_detail_url,
        )
        if done:
            return done
    return render(
        request,
        "supervision/notice_form.html",
        {"task": task, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(GET_POST)
def numbering_settings(request: HttpRequest) -> HttpResponse:
    """How each issuer the user works for numbers its notices, per year."""
    issuers = selectors.issuer_list(user=request.user)
    if not issuers.exists():
        return forbidden(request)
    form = NumberingForm(posted(request), issuers=issuers)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        done = perform(
            request,
            lambda: services.numbering_configure(
                actor=request.user,
                issuer=data["issuer"],
                year=data["year"],
                prefix=data["number_prefix"],
                pattern=data["pattern"],
            ),
            form=form,
            success=gettext("Numbering saved."),
            done_url=lambda _result: reverse("notice-numbering"),
            stale_url=reverse("notice-numbering"),
            aliases={"prefix": "number_prefix"},
        )
        if done:
            return done
    rows = [
        {
            "numbering": numbering,
            "example": numbering.pattern.format(
                prefix=numbering.prefix, year=numbering.year, seq=numbering.last + 1
            ),
        }
        for numbering in selectors.numbering_list(user=request.user)
    ]
    return render(
        request,
        "supervision/numbering.html",
        {"form": form, "rows": rows},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(GET_POST)
def overdue_notices(request: HttpRequest) -> HttpResponse:
    """批量督办: the overdue tasks the user sees; a POST issues one 督办 notice per ticked
    task to its lead unit (each through notice_issue, each in its own transaction)."""
    issuers = selectors.issuer_list(user=request.user)
    if not issuers.exists():
        return forbidden(request)
    form = BulkNoticeForm(posted(request), issuers=issuers)
    if form.is_bound:
        ids = selected_ids(request, "task")
        if ids is None:
            form.add_error(None, gettext("The selection could not be read; tick the tasks again."))
        elif form.is_valid():
            data = form.cleaned_data
            outcome = services.notices_issue_each(
                actor=request.user,
                issuer=data["issuer"],
                task_ids=ids,
                demands=data["demands"],
                due_on=data["due_on"],
            )
            report(
                request,
                outcome,
                done=lambda count: gettext("Notices issued: %(count)s.") % {"count": count},
                name_of=lambda task: task.code,
                fields={name: field.label or name for name, field in form.fields.items()},
            )
            return redirect(request.get_full_path())
    overdue = task_selectors.TaskFilter(schedule_status=ScheduleStatus.OVERDUE)
    return list_response(
        request,
        OVERDUE_TASKS,
        task_selectors.task_list(user=request.user, filters=overdue),
        "supervision/overdue_notices.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )
