"""Reads of the core domain, already narrowed to what the user may see."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import BigIntegerField, ExpressionWrapper, F, Q, QuerySet, Value

from duban.core import ledger
from duban.core.choices import RegionLevel
from duban.core.errors import NOT_AN_ADMINISTRATOR, TOKEN_NOT_FOUND, USER_NOT_FOUND
from duban.core.models import (
    ApiToken,
    Attachment,
    Event,
    Membership,
    Organization,
    Person,
    Region,
)
from duban.core.principal import user_of
from duban.core.roles import ADMINS
from duban.core.scope import scope_of
from duban.errors import Conflict, NotFound, NotPermitted


def region_list(
    *, query: str = "", parent: str | None = None, level: str | None = None
) -> QuerySet[Region]:
    """Regions are reference data every signed-in user may read."""
    regions = Region.objects.select_related("parent")
    if query:
        regions = regions.filter(Q(name__contains=query) | Q(code__startswith=query))
    if parent is not None:
        regions = regions.filter(parent_id=parent or None)
    if level:
        regions = regions.filter(level=level)
    return regions


def region_search(*, user: Any, query: str) -> QuerySet[Region]:
    """Regions whose name holds `query` (or whose code starts with it), with the two levels
    above loaded; with no query, the regions of the user's scope first, for a picker."""
    regions = region_list(query=query).select_related("parent__parent")
    scope = scope_of(user)
    if query or scope.everything:
        return regions
    own = Region.objects.filter(organization__memberships__user=user_of(user)).distinct()
    prefixes = scope.region_prefixes or {region.prefix for region in own}
    within = Q(pk__in=[]) if prefixes else Q()
    for prefix in prefixes:
        within |= Q(code__startswith=prefix)
    return regions.filter(within)


def region_get(*, code: str) -> Region:
    region = Region.objects.select_related("parent").filter(code=code).first()
    if region is None:
        raise NotFound(f"no region with code {code!r}", code="region_not_found")
    return region


def region_roots() -> QuerySet[Region]:
    return Region.objects.filter(level=RegionLevel.PROVINCE)


def organization_visible_to(user: Any) -> QuerySet[Organization]:
    """The one place that decides which organizations a user sees."""
    return Organization.objects.filter(scope_of(user).organization_q())


def organization_list(
    *, user: Any, query: str = "", kind: str | None = None
) -> QuerySet[Organization]:
    organizations = organization_visible_to(user).select_related("region", "parent")
    if query:
        organizations = organizations.filter(name__contains=query)
    if kind:
        organizations = organizations.filter(kind=kind)
    return organizations


def organization_get(*, user: Any, pk: int) -> Organization:
    organization = organization_list(user=user).filter(pk=pk).first()
    if organization is None:
        raise NotFound("organization not found", code="organization_not_found")
    return organization


def person_visible_to(user: Any) -> QuerySet[Person]:
    return Person.objects.filter(scope_of(user).organization_q("organization__"))


def person_list(*, user: Any, query: str = "", organization: int | None = None) -> QuerySet[Person]:
    people = person_visible_to(user).select_related("organization")
    if query:
        people = people.filter(Q(name__contains=query) | Q(post__contains=query))
    if organization is not None:
        people = people.filter(organization_id=organization)
    return people


def person_get(*, user: Any, pk: int) -> Person:
    person = person_list(user=user).filter(pk=pk).first()
    if person is None:
        raise NotFound("person not found", code="person_not_found")
    return person


def membership_list(*, user: Any) -> QuerySet[Membership]:
    """The user's own memberships (for the profile page)."""
    return Membership.objects.filter(user=user).select_related("organization__region")


def event_visible_to(user: Any) -> QuerySet[Event]:
    """Events whose subject the user may see: each subject type's rule over the columns its
    events are stamped with, or its own selector's ids matched as numbers.

    Ids are read first (one small query per kind) and written into the filter as values, not
    subqueries: every branch is then an index condition, and PostgreSQL combines them
    (BitmapOr) instead of walking the whole ledger backwards testing each event."""
    scopes = ledger.registered_event_scopes()
    condition = Q(pk__in=[])
    listed: dict[str, QuerySet[Any]] = {}
    for subject_type, visible in ledger.registered_subjects().items():
        if subject_type in scopes:
            condition |= Q(subject_type=subject_type) & scopes[subject_type](user)
            continue
        subjects = visible(user)
        if subjects.query.where:
            listed[subject_type] = subjects
        else:  # seeing every row of a type needs no list of them (rows are never deleted)
            condition |= Q(subject_type=subject_type)
    for subject_type, ids in _ids_by_type(listed).items():
        # Thousands of ids (a national user's colleagues) cost more to send than to ask for:
        # such a user's events are found by walking the ledger back anyway.
        many = len(ids) > LISTED_IDS_AT_MOST
        matching = listed[subject_type].values("pk") if many else ids
        condition |= Q(subject_type=subject_type, subject_pk__in=matching)
    return Event.objects.filter(condition)


LISTED_IDS_AT_MOST = 1000


def _ids_by_type(subjects: dict[str, QuerySet[Any]]) -> dict[str, list[int]]:
    """The ids of each type's visible subjects, read in one query (a UNION of them all)."""
    if not subjects:
        return {}
    kinds = list(subjects)
    parts = [
        rows.order_by().annotate(listed_as=Value(index)).values_list("listed_as", "pk")
        for index, rows in enumerate(subjects.values())
    ]
    ids: dict[str, list[int]] = {kind: [] for kind in kinds}
    for index, pk in parts[0].union(*parts[1:], all=True):
        ids[kinds[index]].append(pk)
    return {kind: sorted(set(values)) for kind, values in ids.items()}


def event_recent_list(*, user: Any, limit: int) -> list[Event]:
    """The newest events the user may see (the home page's feed).

    For a user who sees everything, walking the ledger backwards finds them at once. For
    anyone else the planner would do the same, guessing their events spread evenly over the
    ledger; they do not (a city's events may be the oldest), and it then reads most of it. So
    their events are collected through the indexes first and sorted after: ordering by
    `seq + 0` keeps the planner off the `seq` index."""
    events = event_visible_to(user).select_related("actor", "organization")
    if scope_of(user).everything:
        return list(events.order_by("-seq")[:limit])
    newest = ExpressionWrapper(F("seq") + 0, output_field=BigIntegerField()).desc()
    return list(events.order_by(newest)[:limit])


def ids_of(rows: QuerySet[Any], field: str = "pk") -> list[int]:
    """The ids as a list, to filter events on by value (see event_visible_to)."""
    return sorted(set(rows.order_by().values_list(field, flat=True)))


def organization_event_q(user: Any) -> Q:
    """organization_visible_to over Event's stamped columns (events of organizations)."""
    scope = scope_of(user)
    if scope.everything:
        return Q()
    condition = Q(subject_pk__in=sorted(scope.organization_ids))
    for path in scope.org_paths:
        condition |= Q(org_path__startswith=path)
    return condition | scope.region_q("region_code")


def person_event_q(user: Any) -> Q:
    """person_visible_to over Event's stamped columns: a person's organization's stamp, the
    organizations of the memberships matched by their path (a path names one organization)."""
    scope = scope_of(user)
    if scope.everything:
        return Q()
    own = Organization.objects.filter(pk__in=sorted(scope.organization_ids))
    condition = Q(org_path__in=sorted(own.values_list("path", flat=True)))
    for path in scope.org_paths:
        condition |= Q(org_path__startswith=path)
    return condition | scope.region_q("region_code")


def event_list_for(*, user: Any, subject_type: str, subject_id: str) -> QuerySet[Event]:
    """The timeline of one object; 404 when the object is unknown or out of scope."""
    visible = ledger.registered_subjects().get(subject_type)
    if visible is None:
        raise NotFound(f"unknown subject type {subject_type!r}", code="subject_type_not_found")
    if not subject_id.isdigit() or not visible(user).filter(pk=int(subject_id)).exists():
        raise NotFound("object not found", code="subject_not_found")
    return (
        Event.objects.filter(subject_type=subject_type, subject_id=subject_id)
        .select_related("actor", "organization")
        .order_by("seq")
    )


def user_visible_to(user: Any) -> QuerySet[Any]:
    """Users with a membership in an organization the viewer sees (and the viewer)."""
    visible_orgs = organization_visible_to(user).values("pk")
    return (
        get_user_model()
        .objects.filter(Q(memberships__organization__in=visible_orgs) | Q(pk=user.pk))
        .distinct()
    )


def may_reset_passwords(user: Any) -> bool:
    """Whether the user administers any organization (or is a superuser): who sees the page."""
    return scope_of(user).holds_anywhere(ADMINS)


def _administered_q(user: Any) -> Q:
    """Organizations the user administers: below each organization they are an admin of
    (its own subtree, even for a stationed group: its admin does not run the department's
    logins) and, for a coordinating one, every organization in its region."""
    admins = scope_of(user).with_roles(ADMINS)
    if admins.everything:
        return Q()
    condition = Q(pk__in=[])
    roots = Organization.objects.filter(pk__in=sorted(admins.organization_ids))
    for path in roots.values_list("path", flat=True):
        condition |= Q(path__startswith=path)
    for region in admins.region_prefixes:
        condition |= Q(region__code__startswith=region)
    return condition


def user_password_resettable_by(user: Any) -> QuerySet[Any]:
    """The one rule for whose password `user` may reset (docs/scope.md, "Passwords"). A
    superuser and SYSTEM: anyone's. An administrator: a user with memberships, every one of
    them in an organization they administer, who is neither superuser nor staff (a county
    admin does not reset a city leader who also sits in the county). Nobody: their own."""
    users = get_user_model().objects.exclude(pk=user.pk) if user.pk else get_user_model().objects
    if scope_of(user).superuser:
        return users.all()
    if not may_reset_passwords(user):
        return users.none()
    administered = Organization.objects.filter(_administered_q(user)).values("pk")
    return (
        users.filter(memberships__organization__in=administered, is_superuser=False, is_staff=False)
        .exclude(memberships__in=Membership.objects.exclude(organization__in=administered))
        .distinct()
    )


def user_password_resettable_list(*, user: Any, query: str = "") -> QuerySet[Any]:
    """The users whose password `user` may reset, by username; `query` matches the username
    or the name."""
    users = user_password_resettable_by(user)
    if query:
        users = users.filter(Q(username__icontains=query) | Q(first_name__icontains=query))
    return users.prefetch_related("memberships__organization").order_by("username")


def user_password_resettable_get(*, user: Any, pk: int) -> Any:
    """One user whose password `user` may reset. Raises NotPermitted when `user` administers
    nothing, NotFound when the user is unknown or not theirs to reset (no existence leaks)."""
    if not may_reset_passwords(user):
        raise NotPermitted(NOT_AN_ADMINISTRATOR(), code=NOT_AN_ADMINISTRATOR.code)
    target = user_password_resettable_by(user).filter(pk=pk).first()
    if target is None:
        raise NotFound(USER_NOT_FOUND(), code=USER_NOT_FOUND.code)
    return target


def api_token_visible_to(user: Any) -> QuerySet[ApiToken]:
    """The one rule for tokens: a user sees their own; superusers and SYSTEM see every one."""
    tokens = ApiToken.objects.select_related("user")
    if scope_of(user).superuser:
        return tokens
    return tokens.filter(user=user) if user.is_authenticated else tokens.none()


def api_token_list(*, user: Any, owner: Any = None, username: str = "") -> QuerySet[ApiToken]:
    """Tokens the user sees, newest first; `owner` or `username` narrows to one user's."""
    tokens = api_token_visible_to(user)
    if owner is not None:
        tokens = tokens.filter(user=owner)
    if username:
        tokens = tokens.filter(user__username=username)
    return tokens.order_by("-created_at", "-pk")


def api_token_get(*, user: Any, pk: int, owner: Any = None) -> ApiToken:
    """One token the user sees (of `owner`, when given); NotFound otherwise."""
    token = api_token_list(user=user, owner=owner).filter(pk=pk).first()
    if token is None:
        raise NotFound(TOKEN_NOT_FOUND(), code=TOKEN_NOT_FOUND.code)
    return token


def api_token_find(*, user: Any, key: str) -> ApiToken:
    """The token whose prefix or id is `key`; NotFound for none, Conflict when a prefix is
    shared (or looks like another token's id), naming the candidates."""
    condition = Q(prefix=key) | (Q(pk=int(key)) if key.isdigit() and len(key) <= 18 else Q())
    matches = list(api_token_visible_to(user).filter(condition).order_by("pk")[:10])
    if not matches:
        raise NotFound(TOKEN_NOT_FOUND(), code=TOKEN_NOT_FOUND.code)
    if len(matches) > 1:
        ids = ", ".join(str(token.pk) for token in matches)
        raise Conflict(f"{key!r} matches several tokens: ids {ids}", code="token_ambiguous")
    return matches[0]


def region_ancestors(*, region: Region) -> list[Region]:
    """From the province down to the region's parent (at most two queries)."""
    chain: list[Region] = []
    current = region.parent
    while current is not None:
        chain.insert(0, current)
        current = current.parent
    return chain


def regions_for_prefixes(*, prefixes: set[str]) -> list[Region]:
    """The regions named by scope prefixes (for showing a user's scope)."""
    codes = [prefix.ljust(6, "0") for prefix in prefixes]
    return list(Region.objects.filter(code__in=codes))


def region_q(field: str, code: str) -> Q:
    """Q for `field` (a region code) lying in the region `code` and below; an unknown code
    matches nothing. Uses the GB/T 2260 prefix, so 430210 does not also match 430211; a
    province or city prefix ("43", "4302") is taken as it is."""
    if code.isdigit() and len(code) in (2, 4):
        return Q(**{f"{field}__startswith": code})
    region = Region.objects.filter(code=code).first()
    if region is None:
        return Q(pk__in=[])
    return Q(**{f"{field}__startswith": region.prefix})


# Apps declare where evidence files hang (reports, close-outs, site checks, notices …): each
# entry maps a user to a Q over Attachment for the files linked to things that user may see.
AttachmentLinks = Callable[[Any], Q]
_ATTACHMENT_LINKS: list[AttachmentLinks] = []


def register_attachment_links(links: AttachmentLinks) -> None:
    _ATTACHMENT_LINKS.append(links)


def _attachment_q(user: Any) -> Q:
    condition = Q(uploaded_by=user) if user.is_authenticated else Q(pk__in=[])
    for links in _ATTACHMENT_LINKS:
        condition |= links(user)
    return condition


def attachment_visible_to(user: Any) -> QuerySet[Attachment]:
    """The one place that decides which stored files a user may download."""
    return Attachment.objects.filter(_attachment_q(user))


def attachment_get(*, user: Any, pk: int) -> Attachment:
    attachment = attachment_visible_to(user).filter(pk=pk).first()
    if attachment is None:
        raise NotFound("attachment not found", code="attachment_not_found")
    return attachment


def attachments_citable(*, user: Any, ids: list[int], field: str) -> list[Attachment]:
    """The attachments with these ids, in order, if the user may cite them as evidence.

    Citable: what the user may download (their own uploads, files attached to what they see).
    Uploading the same bytes as someone else gives the user a record of their own, never a
    right to the other record (issue 16). Raises NotFound naming the field and the other ids.
    """
    wanted = list(dict.fromkeys(ids))
    citable = _attachment_q(user)
    found = {
        attachment.pk: attachment
        for attachment in Attachment.objects.filter(citable, pk__in=wanted)
    }
    missing = [str(pk) for pk in wanted if pk not in found]
    if missing:
        raise NotFound(
            "attachment not found",
            code="attachment_not_found",
            fields={field: f"unknown or not yours to cite: {', '.join(missing)}"},
        )
    return [found[pk] for pk in wanted]
