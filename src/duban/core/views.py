"""Core pages: home, profile, one's API tokens and password, resetting others' passwords,
organizations and people. Thin: a selector or a service, then a template."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from duban.core import selectors, services
from duban.core.choices import OrganizationKind
from duban.core.dashboard import home_panels, todo_list, todo_total
from duban.core.errors import NOT_AN_ADMINISTRATOR
from duban.core.forms import (
    PasswordChangeForm,
    PasswordResetForm,
    TokenForm,
    show_service_errors,
)
from duban.core.listings import ORGANIZATIONS, PEOPLE
from duban.core.pickers import PICK_LIMIT, Option, person_option, picker_view, region_path
from duban.core.reasons import localize
from duban.core.scope import scope_of
from duban.core.web.lists import list_response
from duban.core.web.paging import page_of
from duban.core.web.params import GET_POST, posted
from duban.core.web.refusals import forbidden, found, perform
from duban.errors import ApplicationError, NotFound, NotPermitted


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {
            "memberships": selectors.membership_list(user=request.user),
            "organization_count": selectors.organization_visible_to(request.user).count(),
            "person_count": selectors.person_visible_to(request.user).count(),
            "recent_events": selectors.event_recent_list(user=request.user, limit=10),
            "panels": home_panels(request.user),
            "todos": todo_list(request.user),
        },
    )


@never_cache
def todo_count(request: HttpRequest) -> HttpResponse:
    """The navigation bar's to-do badge, fetched after the page (htmx), so no page pays for
    the counts it shows."""
    return render(request, "core/_todo_badge.html", {"total": todo_total(request.user)})


def profile(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    return render(
        request,
        "core/profile.html",
        {
            "memberships": selectors.membership_list(user=request.user),
            "scope": scope,
            "scope_regions": selectors.regions_for_prefixes(prefixes=scope.region_prefixes),
        },
    )


@require_http_methods(GET_POST)
@never_cache  # the answer to a POST carries the new secret: no cache may keep it
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's own tokens, and a form issuing one whose secret is shown this once."""
    fresh = {"days": settings.DUBAN_TOKEN_DAYS}
    form = TokenForm(posted(request), initial=fresh)
    issued: tuple[Any, str] | None = None
    if form.is_bound and form.is_valid():
        try:
            issued = services.api_token_create(
                actor=request.user,
                user=request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
            )
        except ApplicationError as error:
            show_service_errors(form, error)
        else:
            form = TokenForm(initial=fresh)
    context = {
        "tokens": selectors.api_token_list(user=request.user, owner=request.user),
        "form": form,
        "issued": issued[0] if issued else None,
        "secret": issued[1] if issued else None,
    }
    return render(request, "core/token_list.html", context, status=400 if form.errors else 200)


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's own tokens; another user's is not found (404)."""
    token = found(lambda: selectors.api_token_get(user=request.user, pk=pk, owner=request.user))
    tokens_url = reverse("token-list")
    done = perform(
        request,
        lambda: services.api_token_revoke(actor=request.user, token=token),
        success=_("The token was revoked; it no longer authenticates."),
        done_url=lambda _token: tokens_url,
        show_errors=lambda error: messages.error(request, localize(error.message)),
        refused=lambda error: forbidden(request, localize(error.message)),
        stale_message=lambda error: localize(error.message),
        stale_url=tokens_url,
    )
    return done or redirect(tokens_url)


def organization_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    kind = request.GET.get("kind") or None
    organizations = selectors.organization_list(
        user=request.user, query=query, kind=kind if kind in OrganizationKind.values else None
    )
    return list_response(
        request,
        ORGANIZATIONS,
        organizations,
        "core/organization_list.html",
        {"query": query, "kind": kind, "kinds": OrganizationKind.choices},
    )


def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        organization = selectors.organization_get(user=request.user, pk=pk)
        events = selectors.event_list_for(
            user=request.user, subject_type="core.organization", subject_id=str(pk)
        )
    except NotFound as error:
        raise Http404(error.message) from error
    return render(
        request,
        "core/organization_detail.html",
        {
            "organization": organization,
            "people": selectors.person_list(user=request.user, organization=pk),
            "children": selectors.organization_list(user=request.user).filter(parent=organization),
            "events": events,
        },
    )


def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    people = selectors.person_list(user=request.user, query=query)
    return list_response(request, PEOPLE, people, "core/person_list.html", {"query": query})


# Pick endpoints (core.pickers): what a picker offers, read through the scoped selectors.


def _pick_organizations(user: Any, query: str, params: Any) -> list[Option]:
    rows = selectors.organization_list(user=user, query=query).order_by("path")
    return [
        Option(str(org.pk), org.name, org.region.name if org.region else "")
        for org in rows[: PICK_LIMIT + 1]
    ]


def _pick_people(user: Any, query: str, params: Any) -> list[Option]:
    rows = selectors.person_list(user=user, query=query).order_by("organization__path", "name")
    return [person_option(person) for person in rows[: PICK_LIMIT + 1]]


def _pick_regions(user: Any, query: str, params: Any) -> list[Option]:
    rows = selectors.region_search(user=user, query=query)
    return [Option(region.code, region_path(region)) for region in rows[: PICK_LIMIT + 1]]


pick_organizations = picker_view(_pick_organizations)
pick_people = picker_view(_pick_people)
pick_regions = picker_view(_pick_regions)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page (CSRF, sensitive POST parameters), saving through the service so the
    change is checked and recorded in one place; the user stays signed in here."""

    form_class = PasswordChangeForm
    template_name = "core/password_change.html"
    success_url = reverse_lazy("password-change-done")

    def form_valid(self, form: auth_forms.PasswordChangeForm) -> HttpResponse:
        try:
            user = services.user_password_change(
                actor=self.request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except ApplicationError as error:
            show_service_errors(form, error, aliases={"new_password": "new_password2"})
            return self.form_invalid(form)
        update_session_auth_hash(self.request, user)
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "core/password_change_done.html"


def password_reset_list(request: HttpRequest) -> HttpResponse:
    """The users whose password the administrator may reset; others get the 403 page."""
    if not selectors.may_reset_passwords(request.user):
        return forbidden(request, localize(NOT_AN_ADMINISTRATOR()))
    query = request.GET.get("q", "")[:100]
    users = selectors.user_password_resettable_list(user=request.user, query=query)
    page = page_of(request, users)
    return render(request, "core/password_reset_list.html", {"page": page, "query": query})


@require_http_methods(GET_POST)
@never_cache  # the answer to a POST may show the generated password: no cache may keep it
def password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """Set another user's password: typed, or generated and shown this once."""
    try:
        target = selectors.user_password_resettable_get(user=request.user, pk=pk)
    except NotPermitted as error:
        return forbidden(request, localize(error.message))
    except NotFound as error:
        raise Http404(error.message) from error
    form = PasswordResetForm(posted(request))
    context: dict[str, Any] = {"target": target, "form": form}
    if form.is_bound and form.is_valid():
        try:
            password = services.user_password_reset(
                actor=request.user, user=target, password=form.password
            )
        except ApplicationError as error:
            show_service_errors(form, error, aliases={"password": "password1"})
        else:
            context.update(done=True, generated=password if form.password is None else None)
    status = 400 if form.errors else 200
    return render(request, "core/password_reset.html", context, status=status)
