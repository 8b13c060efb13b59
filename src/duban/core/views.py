"""Core pages: home, profile, organizations and people. Thin: a selector, then a template."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from duban.core import selectors
from duban.core.choices import OrganizationKind
from duban.core.dashboard import home_panels
from duban.core.scope import scope_of
from duban.core.web.paging import page_of
from duban.errors import NotFound


def home(request: HttpRequest) -> HttpResponse:
    recent = selectors.event_visible_to(request.user).select_related("actor", "organization")
    return render(
        request,
        "core/home.html",
        {
            "memberships": selectors.membership_list(user=request.user),
            "organization_count": selectors.organization_visible_to(request.user).count(),
            "person_count": selectors.person_visible_to(request.user).count(),
            "recent_events": recent.order_by("-seq")[:10],
            "panels": home_panels(request.user),
        },
    )


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


def organization_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    kind = request.GET.get("kind") or None
    organizations = selectors.organization_list(
        user=request.user, query=query, kind=kind if kind in OrganizationKind.values else None
    )
    page = page_of(request, organizations)
    return render(
        request,
        "core/organization_list.html",
        {
            "page": page,
            "query": query,
            "kind": kind,
            "kinds": OrganizationKind.choices,
        },
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
    page = page_of(request, people)
    return render(request, "core/person_list.html", {"page": page, "query": query})
