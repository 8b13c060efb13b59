"""API tokens: expiry, revocation, death by password change or deactivation, the throttled
record of last use, the per-address limit on unknown tokens, and the 我的令牌 page."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from duban.core.choices import TokenRevokeCause, TokenState
from duban.core.models import ApiToken, Event
from duban.core.principal import SYSTEM
from duban.core.services import (
    LAST_USED_RESOLUTION,
    api_token_create,
    api_token_revoke,
    api_tokens_retire,
)
from duban.errors import ApplicationError, InvalidTransition, NotFound
from tests.clients import client_for, count_queries
from tests.factories import make_user
from tests.permissions import nothing_changes

pytestmark = pytest.mark.django_db


def call_me(secret: str, address: str = "127.0.0.1") -> Any:
    """GET /api/me with a bearer token, from a client address."""
    return Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {secret}", REMOTE_ADDR=address)


def token_updates(queries: CaptureQueriesContext) -> int:
    return sum(1 for query in queries if query["sql"].startswith('UPDATE "core_apitoken"'))


# Expiry


def test_a_token_lives_the_configured_days_then_refuses(counties, settings):
    # given tokens issued with the default lifetime and with an explicit one
    settings.DUBAN_TOKEN_DAYS = 30
    before = timezone.now()
    token, secret = api_token_create(actor=SYSTEM, user=counties.lukou_reporter)
    short, _short_secret = api_token_create(actor=SYSTEM, user=counties.lukou_reporter, days=1)
    # then each expires that many days after its issue
    assert before + timedelta(days=30) <= token.expires_at <= timezone.now() + timedelta(days=30)
    assert short.expires_at - short.created_at < timedelta(days=1, seconds=1)
    assert call_me(secret).status_code == 200
    # when its expiry passes, it refuses (401) and is listed as expired
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    response = call_me(secret)
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"
    assert ApiToken.objects.get(pk=token.pk).state == TokenState.EXPIRED


@pytest.mark.parametrize("days", [0, -3, 3651])
def test_a_lifetime_out_of_range_is_refused_on_its_field(counties, days):
    with nothing_changes(), pytest.raises(ApplicationError) as refused:
        api_token_create(actor=SYSTEM, user=counties.lukou_reporter, days=days)
    assert refused.value.fields["days"].code == "between"
    assert str(refused.value.fields["days"]) == "between 1 and 3650"


def test_a_name_over_64_characters_is_refused(counties):
    with nothing_changes(), pytest.raises(ApplicationError) as refused:
        api_token_create(actor=SYSTEM, user=counties.lukou_reporter, name="名" * 65)
    assert refused.value.fields["name"].code == "too_long"


# Revocation


def test_a_revoked_token_refuses_and_the_ledger_says_who_revoked_it(counties):
    # given a working token
    user = counties.lukou_reporter
    token, secret = api_token_create(actor=SYSTEM, user=user, name="脚本")
    assert call_me(secret).status_code == 200
    # when its owner revokes it
    revoked = api_token_revoke(actor=user, token=token)
    # then it refuses, for good, and one event records it against the user
    assert call_me(secret).status_code == 401
    assert revoked.revoked_at is not None and revoked.state == TokenState.REVOKED
    event = Event.objects.get(verb="token.revoked")
    assert (event.actor_id, event.subject_type, event.subject_id) == (
        user.pk,
        "auth.user",
        str(user.pk),
    )
    assert event.data == {"token": token.pk, "prefix": token.prefix, "cause": "requested"}
    # and revoking it again is refused without a second event
    with pytest.raises(InvalidTransition) as again:
        api_token_revoke(actor=user, token=token)
    assert again.value.code == "token_revoked"
    assert Event.objects.filter(verb="token.revoked").count() == 1


def test_a_user_cannot_revoke_another_users_token_a_superuser_can(counties):
    token, secret = api_token_create(actor=SYSTEM, user=counties.hetang_reporter)
    for other in (counties.lukou_reporter, counties.city_reviewer):
        with nothing_changes(), pytest.raises(NotFound) as refused:
            api_token_revoke(actor=other, token=token)
        assert refused.value.code == "token_not_found"
    assert call_me(secret).status_code == 200
    admin = make_user("root", is_superuser=True)
    api_token_revoke(actor=admin, token=token)
    assert call_me(secret).status_code == 401


def test_a_user_cannot_issue_a_token_for_another(counties):
    with nothing_changes(), pytest.raises(ApplicationError) as refused:
        api_token_create(actor=counties.lukou_reporter, user=counties.hetang_reporter)
    assert refused.value.status == 403


# Password change and deactivation


def test_a_password_changed_in_djangos_admin_kills_the_users_tokens(counties):
    # given a token, and a superuser who changes its user's password in Django's admin
    user = counties.lukou_reporter
    _token, secret = api_token_create(actor=SYSTEM, user=user)
    admin = client_for(make_user("root", is_superuser=True))
    assert call_me(secret).status_code == 200
    response = admin.post(
        f"/admin/auth/user/{user.pk}/password/",
        {"password1": "Another-password-2026", "password2": "Another-password-2026"},
    )
    assert response.status_code == 302  # Django's form accepted it
    # then the token refuses, and is listed as killed by the password change
    assert call_me(secret).status_code == 401
    assert ApiToken.objects.get().state == TokenState.PASSWORD_CHANGED


def test_setting_the_same_password_again_still_kills_the_tokens(counties):
    # Someone who may know the old password gets no use of old tokens: a new salt, a new hash.
    user = counties.lukou_reporter
    _token, secret = api_token_create(actor=SYSTEM, user=user)
    user.set_password("Test-password-2026")
    user.save()
    assert call_me(secret).status_code == 401
    # and a token issued after the change works
    _new, new_secret = api_token_create(actor=SYSTEM, user=user)
    assert call_me(new_secret).status_code == 200


def test_deactivation_refuses_at_once_and_the_daily_job_revokes_for_good(counties, capsys):
    # given tokens of a user who is then deactivated, and one of a user whose password changed
    from duban.cli import main as duban

    lukou, hetang = counties.lukou_reporter, counties.hetang_reporter
    _token, secret = api_token_create(actor=SYSTEM, user=lukou)
    api_token_create(actor=SYSTEM, user=hetang)
    lukou.is_active = False
    lukou.save()
    hetang.set_password("Changed-password-2026")
    hetang.save()
    assert call_me(secret).status_code == 401
    # when the daily job runs
    assert duban(["scan"]) == 0
    assert "2 API tokens revoked" in capsys.readouterr().out
    # then both tokens are revoked with their cause, and reactivation brings nothing back
    causes = Event.objects.filter(verb="token.revoked").values_list("data__cause", flat=True)
    assert sorted(causes) == [TokenRevokeCause.PASSWORD_CHANGED, TokenRevokeCause.USER_DEACTIVATED]
    lukou.is_active = True
    lukou.save()
    assert call_me(secret).status_code == 401
    assert api_tokens_retire(actor=SYSTEM) == []  # idempotent


# Last use


def test_last_use_is_written_once_per_window_without_a_ledger_event(counties):
    token, secret = api_token_create(actor=SYSTEM, user=counties.lukou_reporter)
    events = Event.objects.count()
    # when the token is used three times in a row
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert call_me(secret).status_code == 200
    # then one UPDATE wrote its last use, and nothing went to the ledger
    assert token_updates(queries) == 1
    first_use = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first_use is not None and timezone.now() - first_use < timedelta(minutes=1)
    assert Event.objects.count() == events
    # when the recorded use is older than the window, the next use writes it again
    stale = timezone.now() - LAST_USED_RESOLUTION - timedelta(seconds=1)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=stale)
    with CaptureQueriesContext(connection) as queries:
        assert call_me(secret).status_code == 200
    assert token_updates(queries) == 1
    assert ApiToken.objects.get(pk=token.pk).last_used_at > stale


# Guessing


def test_unknown_tokens_from_one_address_are_limited(counties, settings):
    # given a limit of three unknown tokens per address
    settings.DUBAN_TOKEN_FAILURE_LIMIT = 3
    _token, secret = api_token_create(actor=SYSTEM, user=counties.lukou_reporter)
    revoked, revoked_secret = api_token_create(actor=SYSTEM, user=counties.lukou_reporter)
    api_token_revoke(actor=SYSTEM, token=revoked)
    # a known but revoked token is not a guess: it does not count
    for _ in range(5):
        assert call_me(revoked_secret, "10.0.0.1").status_code == 401
    for guess in range(3):
        assert call_me(f"guess-{guess}", "10.0.0.1").status_code == 401
    # then the address gets 429 in the API's error shape, for a right token too
    for attempt in ("guess-4", secret):
        response = call_me(attempt, "10.0.0.1")
        assert response.status_code == 429
        assert response.json() == {
            "message": "too many unknown tokens from this address; try again in up to 10 minutes",
            "code": "too_many_token_failures",
            "fields": {},
        }
    # while another address, and a signed-in session from the first, carry on
    assert call_me(secret, "10.0.0.2").status_code == 200
    session = client_for(counties.lukou_reporter)
    assert session.get("/api/me", REMOTE_ADDR="10.0.0.1").status_code == 200


# The page


def issue_on_page(client: Client, name: str = "报送脚本", days: str = "30") -> Any:
    return client.post("/accounts/tokens/", {"name": name, "days": days})


def test_the_page_issues_a_token_and_shows_its_secret_once(counties):
    client = client_for(counties.lukou_reporter)
    response = issue_on_page(client)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    secret = re.search(r'readonly value="([^"]+)"', html).group(1)
    token = ApiToken.objects.get(user=counties.lukou_reporter)
    assert secret.startswith(token.prefix) and token.name == "报送脚本"
    assert token.expires_at - token.created_at < timedelta(days=30, seconds=1)
    assert call_me(secret).status_code == 200
    # the list shows it, its secret never again
    listing = client.get("/accounts/tokens/").content.decode()
    assert f"{token.prefix}…" in listing and secret not in listing


def test_the_page_refuses_bad_input_on_its_fields(counties):
    client = client_for(counties.lukou_reporter)
    with nothing_changes():
        response = issue_on_page(client, days="0")
    assert response.status_code == 400
    assert 'data-field-error="days"' in response.content.decode()
    with nothing_changes():
        response = issue_on_page(client, name="")
    assert 'data-field-error="name"' in response.content.decode()


def test_the_page_lists_only_the_users_own_tokens(counties):
    api_token_create(actor=SYSTEM, user=counties.lukou_reporter, name="渌口脚本")
    api_token_create(actor=SYSTEM, user=counties.hetang_reporter, name="荷塘脚本")
    superuser = make_user("root", is_superuser=True)
    api_token_create(actor=SYSTEM, user=superuser, name="管理脚本")
    for user, own, others in [
        (counties.lukou_reporter, "渌口脚本", ["荷塘脚本", "管理脚本"]),
        (superuser, "管理脚本", ["渌口脚本", "荷塘脚本"]),  # even a superuser's page is theirs
    ]:
        html = client_for(user).get("/accounts/tokens/").content.decode()
        assert own in html and not any(name in html for name in others)
        assert 'href="/accounts/tokens/"' in html  # the navbar links here


def test_the_page_revokes_own_tokens_and_not_anothers(counties):
    mine, my_secret = api_token_create(actor=SYSTEM, user=counties.lukou_reporter)
    theirs, their_secret = api_token_create(actor=SYSTEM, user=counties.hetang_reporter)
    client = client_for(counties.lukou_reporter)
    # another user's token is not found, and stays working
    with nothing_changes():
        assert client.post(f"/accounts/tokens/{theirs.pk}/revoke/").status_code == 404
    assert call_me(their_secret).status_code == 200
    # one's own is revoked, with a message on the list
    response = client.post(f"/accounts/tokens/{mine.pk}/revoke/", follow=True)
    assert response.redirect_chain == [("/accounts/tokens/", 302)]
    assert "令牌已撤销" in response.content.decode()
    assert call_me(my_secret).status_code == 401
    # a second revoke (a stale page) says it is revoked already, and changes nothing
    with nothing_changes():
        again = client.post(f"/accounts/tokens/{mine.pk}/revoke/", follow=True)
    assert "该令牌已被撤销" in again.content.decode()


def test_the_page_takes_the_same_queries_for_one_token_or_many(counties):
    client = client_for(counties.lukou_reporter)
    api_token_create(actor=SYSTEM, user=counties.lukou_reporter)
    one = count_queries(client, "/accounts/tokens/")
    for _ in range(4):
        api_token_create(actor=SYSTEM, user=counties.lukou_reporter)
    assert count_queries(client, "/accounts/tokens/") == one


def test_no_token_prefix_starts_with_a_dash(monkeypatch):
    """`duban token revoke PREFIX` must never read a prefix as an option."""
    from duban.core import services

    drawn = iter(["-starts-with-a-dash", "_fine-secret"])
    monkeypatch.setattr(services.secrets, "token_urlsafe", lambda n: next(drawn))
    assert services._new_token_secret() == "_fine-secret"
