"""The only writers of core data; each use case records its ledger event."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from duban.core import throttle
from duban.core.choices import OrganizationKind, Role, TokenRevokeCause, TokenState
from duban.core.errors import (
    BETWEEN,
    PASSWORD_REJECTED,
    TEXT_TOO_LONG,
    TOKEN_ALREADY_REVOKED,
    TOKEN_FAILURES,
    TOKEN_NOT_FOUND,
    UNKNOWN_VALUE,
    WRONG_PASSWORD,
)
from duban.core.events import (
    membership_granted_event,
    organization_created_event,
    password_changed_event,
    password_reset_event,
    person_created_event,
    token_created_event,
    token_revoked_event,
    user_created_event,
)
from duban.core.models import ApiToken, Membership, Organization, Person, Region
from duban.core.models.tokens import password_stamp
from duban.core.principal import require_principal
from duban.core.scope import scope_of
from duban.core.selectors import user_password_resettable_get
from duban.errors import (
    ApplicationError,
    InvalidTransition,
    NotFound,
    NotPermitted,
    Reason,
    TooManyRequests,
)

TOKEN_PREFIX_LENGTH = 8
TOKEN_NAME_MAX = 64
MAX_TOKEN_DAYS = 3650
# A script calling every second would otherwise write its token's row every second.
LAST_USED_RESOLUTION = timedelta(minutes=5)
TOKEN_FAILURE_WINDOW = timedelta(minutes=10)
# Generated passwords are read off a screen and typed, or read out on the phone: no 0/O, 1/l/I.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_GROUPS = 4  # four groups of four characters: log2(56) * 16 ≈ 93 bits


def _require_admin_over(actor: Any, organization: Organization | None) -> None:
    """SYSTEM and superusers pass; otherwise an admin role over the org (TypeError: None)."""
    scope = scope_of(actor)
    if scope.superuser:
        return
    if organization is None or scope.role_for(organization) != Role.ADMIN:
        raise NotPermitted("only an administrator of this organization may do this")


def organization_create(
    *,
    actor: Any,
    name: str,
    kind: OrganizationKind | str,
    region: Region | None = None,
    parent: Organization | None = None,
    stationed_in: Organization | None = None,
) -> Organization:
    """Create an organization under a parent; raises NotPermitted or ApplicationError."""
    _require_admin_over(actor, parent)
    if kind not in OrganizationKind.values:
        raise ApplicationError(
            "unknown organization kind", fields={"kind": UNKNOWN_VALUE(value=kind)}
        )
    if parent and Organization.objects.filter(parent=parent, name=name).exists():
        raise ApplicationError(
            "name already used", fields={"name": "already used under this parent"}
        )
    with transaction.atomic():
        organization = Organization.objects.create(
            name=name, kind=kind, region=region, parent=parent, stationed_in=stationed_in, path=""
        )
        organization.path = f"{parent.path if parent else ''}{organization.pk:06d}/"
        organization.save(update_fields=["path"])
        organization_created_event(actor=actor, organization=organization)
    return organization


def person_create(
    *, actor: Any, name: str, organization: Organization, post: str = "", user: Any = None
) -> Person:
    """Register a person in an organization; raises NotPermitted outside the actor's scope."""
    _require_admin_over(actor, organization)
    with transaction.atomic():
        person = Person.objects.create(name=name, post=post, organization=organization, user=user)
        person_created_event(actor=actor, person=person)
    return person


def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    full_name: str = "",
    email: str = "",
    is_superuser: bool = False,
) -> Any:
    """Create a login (argon2-hashed password); raises ApplicationError if the name is taken."""
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ApplicationError("username taken", fields={"username": "already exists"})
    with transaction.atomic():
        user = user_model.objects.create_user(
            username=username,
            password=password,
            email=email,
            first_name=full_name,
            is_staff=is_superuser,
            is_superuser=is_superuser,
        )
        user_created_event(actor=actor, user=user, username=username)
    return user


def membership_grant(
    *, actor: Any, user: Any, organization: Organization, role: Role | str
) -> Membership:
    """Give a user a role in an organization (replacing an earlier role there)."""
    _require_admin_over(actor, organization)
    if role not in Role.values:
        raise ApplicationError("unknown role", fields={"role": UNKNOWN_VALUE(value=role)})
    with transaction.atomic():
        membership, _ = Membership.objects.update_or_create(
            user=user, organization=organization, defaults={"role": role}
        )
        membership_granted_event(actor=actor, user=user, organization=organization, role=role)
    return membership


def _hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _manages_tokens_of(actor: Any, user: Any) -> bool:
    """A user manages their own tokens; superusers and SYSTEM manage everyone's."""
    return scope_of(actor).superuser or (actor.is_authenticated and actor.pk == user.pk)


def _token_lifetime(days: int | None) -> timedelta:
    days = settings.DUBAN_TOKEN_DAYS if days is None else days
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise ApplicationError(
            "token lifetime out of range", fields={"days": BETWEEN(low=1, high=MAX_TOKEN_DAYS)}
        )
    return timedelta(days=days)


def _new_token_secret() -> str:
    """A URL-safe secret whose prefix never starts with "-": `duban token revoke PREFIX`
    would read one as an option (one secret in 64 did)."""
    while (secret := secrets.token_urlsafe(32)).startswith("-"):
        pass
    return secret


def api_token_create(
    *, actor: Any, user: Any, name: str = "", days: int | None = None
) -> tuple[ApiToken, str]:
    """Issue a token to `user` valid for `days` (default settings.DUBAN_TOKEN_DAYS); returns
    the row and the plain secret, which is never stored. Raises NotPermitted for another
    user's token (unless a superuser or SYSTEM asks), ApplicationError for a bad name or days."""
    if not _manages_tokens_of(actor, user):
        raise NotPermitted("only the user or a superuser may issue the user's tokens")
    if len(name) > TOKEN_NAME_MAX:
        raise ApplicationError(
            "name too long", fields={"name": TEXT_TOO_LONG(limit=TOKEN_NAME_MAX)}
        )
    lifetime = _token_lifetime(days)
    secret = _new_token_secret()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=secret[:TOKEN_PREFIX_LENGTH],
            key_hash=_hash_token(secret),
            expires_at=timezone.now() + lifetime,
            password_stamp=password_stamp(user),
        )
        token_created_event(actor=actor, token=token)
    return token, secret


def api_token_revoke(
    *, actor: Any, token: ApiToken, cause: TokenRevokeCause = TokenRevokeCause.REQUESTED
) -> ApiToken:
    """Revoke a token for good. Raises NotFound for a token the actor does not manage (it is
    not theirs to see) and InvalidTransition when it is revoked already."""
    if not _manages_tokens_of(actor, token.user):
        raise NotFound(TOKEN_NOT_FOUND(), code=TOKEN_NOT_FOUND.code)
    with transaction.atomic():
        locked = (
            ApiToken.objects.select_for_update(no_key=True).select_related("user").get(pk=token.pk)
        )
        if locked.revoked_at is not None:
            raise InvalidTransition(TOKEN_ALREADY_REVOKED(), code=TOKEN_ALREADY_REVOKED.code)
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        token_revoked_event(actor=actor, token=locked, cause=cause)
    return locked


def api_tokens_retire(*, actor: Any) -> list[ApiToken]:
    """Revoke, for the record, the unexpired tokens that already fail because their user was
    deactivated or changed password (by whatever means: the admin, `manage changepassword`).
    Authentication refuses them anyway; this makes it last if the user is reactivated."""
    causes = {
        TokenState.USER_INACTIVE: TokenRevokeCause.USER_DEACTIVATED,
        TokenState.PASSWORD_CHANGED: TokenRevokeCause.PASSWORD_CHANGED,
    }
    now = timezone.now()
    pending = ApiToken.objects.filter(revoked_at=None, expires_at__gt=now).select_related("user")
    retired = []
    for token in pending:
        cause = causes.get(token.state_at(now))
        if cause is not None:
            retired.append(api_token_revoke(actor=actor, token=token, cause=cause))
    return retired


def api_token_authenticate(*, secret: str, address: str | None) -> Any | None:
    """The user a working token belongs to, or None. An unknown secret counts against the
    client `address`; past settings.DUBAN_TOKEN_FAILURE_LIMIT in the window, every bearer
    request from it raises TooManyRequests, a right token too, so guessing learns nothing."""
    failures_key = f"token:{address or 'unknown'}"
    if throttle.failures(failures_key) >= settings.DUBAN_TOKEN_FAILURE_LIMIT:
        minutes = int(TOKEN_FAILURE_WINDOW.total_seconds() // 60)
        raise TooManyRequests(TOKEN_FAILURES(minutes=minutes), code=TOKEN_FAILURES.code)
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash_token(secret)).first()
    if token is None:
        throttle.record_failure(failures_key, window=TOKEN_FAILURE_WINDOW)
        return None
    now = timezone.now()
    if token.state_at(now) != TokenState.ACTIVE:
        return None
    _note_use(token, now)
    return token.user


def _note_use(token: ApiToken, now: datetime) -> None:
    """Write last_used_at at most once per LAST_USED_RESOLUTION: no query at all while the
    value read is recent, and one conditional UPDATE otherwise, so racing threads write once.
    Mere use is no state change: no ledger event."""
    since = now - LAST_USED_RESOLUTION
    if token.last_used_at is not None and token.last_used_at >= since:
        return
    ApiToken.objects.filter(Q(last_used_at=None) | Q(last_used_at__lt=since), pk=token.pk).update(
        last_used_at=now
    )


def _validator_words(password: str, user: Any) -> str:
    """What settings.AUTH_PASSWORD_VALIDATORS say against `password` in the active language
    (they word their messages when they run), or "" when they accept it."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


def _require_acceptable(password: str, user: Any, *, field: str) -> None:
    """Refuse a password the validators reject, in their own words: English for the API,
    the page's language for the page (asked once in each)."""
    wording = _validator_words(password, user)
    if not wording:
        return
    with translation.override("en"):
        text = _validator_words(password, user)
    reason = Reason(text, code=PASSWORD_REJECTED, ui=wording)
    raise ApplicationError("password rejected", code=PASSWORD_REJECTED, fields={field: reason})


def _generated_password() -> str:
    groups = (
        "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(PASSWORD_GROUPS)
    )
    return "-".join(groups)


def user_password_change(*, actor: Any, old_password: str, new_password: str) -> Any:
    """Change the actor's own password after checking the current one and the validators;
    returns the user with the new hash (the page keeps its session with it). Their API tokens
    stop working (`password_stamp`), as do their other sessions. Raises NotPermitted for
    SYSTEM, ApplicationError for a wrong current password or a rejected new one."""
    require_principal(actor)
    if not actor.is_authenticated:
        raise NotPermitted("only a signed-in user has a password of their own to change")
    with transaction.atomic():
        user = get_user_model().objects.select_for_update(no_key=True).get(pk=actor.pk)
        if not user.check_password(old_password):
            raise ApplicationError(
                "wrong password",
                code=WRONG_PASSWORD.code,
                fields={"old_password": WRONG_PASSWORD()},
            )
        _require_acceptable(new_password, user, field="new_password")
        user.set_password(new_password)
        user.save(update_fields=["password"])
        password_changed_event(actor=actor, user=user)
    return user


def user_password_reset(*, actor: Any, user: Any, password: str | None = None) -> str:
    """Set another user's password as their administrator: `password` (validated) or, when
    None, a generated one; returns it, to be shown once. Their sessions and API tokens stop
    working. Raises NotPermitted when the actor administers nothing, NotFound when the user is
    not theirs to reset (`selectors.user_password_resettable_by`, the one rule), and
    ApplicationError for a rejected password."""
    with transaction.atomic():
        target = user_password_resettable_get(user=actor, pk=user.pk)
        target = get_user_model().objects.select_for_update(no_key=True).get(pk=target.pk)
        new_password = _generated_password() if password is None else password
        _require_acceptable(new_password, target, field="password")
        target.set_password(new_password)
        target.save(update_fields=["password"])
        password_reset_event(actor=actor, user=target, generated=password is None)
    return new_password
