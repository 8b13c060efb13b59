"""`duban token create|list|revoke`: the command line acts as SYSTEM, over everyone's tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from duban.cli import main as duban
from duban.core.models import ApiToken, Event
from duban.core.principal import SYSTEM
from duban.core.services import api_token_create, api_token_revoke
from tests.cli.test_cli_config import run_duban

pytestmark = pytest.mark.django_db


def create(capsys, *args: str) -> tuple[ApiToken, str]:
    assert duban(["token", "create", *args]) == 0
    out = capsys.readouterr()
    token = ApiToken.objects.order_by("-pk").first()
    assert out.err.startswith(f"token {token.pk} ({token.prefix}…) expires ")
    return token, out.out.strip()


def test_create_takes_a_lifetime_and_prints_only_the_secret(counties, capsys):
    token, secret = create(capsys, "lukou", "--name", "nightly", "--days", "7")
    assert secret.startswith(token.prefix) and len(secret) == 43
    assert timedelta(days=7) - (token.expires_at - token.created_at) < timedelta(seconds=1)
    assert token.name == "nightly" and token.user == counties.lukou_reporter


@pytest.mark.parametrize("days", ["0", "3651", "-1"])
def test_create_refuses_a_lifetime_out_of_range(counties, capsys, days):
    assert duban(["token", "create", "lukou", "--days", days]) == 2
    assert capsys.readouterr().err == "duban: --days: between 1 and 3650\n"
    assert not ApiToken.objects.exists()


def test_list_shows_every_token_with_its_state(counties, capsys):
    # given an active, a revoked, an expired and a used token of two users
    active, _ = create(capsys, "lukou", "--name", "active")
    revoked, _ = create(capsys, "lukou", "--name", "revoked")
    expired, _ = create(capsys, "hetang", "--name", "expired")
    api_token_revoke(actor=SYSTEM, token=revoked)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    used = timezone.localtime(timezone.now()).replace(second=0, microsecond=0)
    ApiToken.objects.filter(pk=active.pk).update(last_used_at=used)
    # when listed
    assert duban(["token", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    # then a header, and one line per token, newest first
    assert lines[0].split() == [
        "id",
        "prefix",
        "name",
        "user",
        "created",
        "expires",
        "last",
        "used",
        "state",
    ]
    rows = [line.split() for line in lines[1:]]
    assert [(row[0], row[1], row[2], row[3], row[-1]) for row in rows] == [
        (str(expired.pk), expired.prefix, "expired", "hetang", "expired"),
        (str(revoked.pk), revoked.prefix, "revoked", "lukou", "revoked"),
        (str(active.pk), active.prefix, "active", "lukou", "active"),
    ]
    assert used.strftime("%Y-%m-%d %H:%M") in lines[3]
    # and --user narrows it to one user's
    assert duban(["token", "list", "--user", "hetang"]) == 0
    assert [line.split()[0] for line in capsys.readouterr().out.splitlines()[1:]] == [
        str(expired.pk)
    ]


def test_revoke_by_prefix_or_id(counties, capsys):
    first, first_secret = create(capsys, "lukou")
    second, _ = create(capsys, "hetang")
    assert duban(["token", "revoke", first.prefix]) == 0
    assert capsys.readouterr().out == f"revoked token {first.pk} ({first.prefix}…) of lukou\n"
    assert duban(["token", "revoke", str(second.pk)]) == 0
    assert ApiToken.objects.filter(revoked_at=None).count() == 0
    events = Event.objects.filter(verb="token.revoked", actor=None)
    assert sorted(event.data["token"] for event in events) == [first.pk, second.pk]


def test_revoke_refuses_unknown_repeated_and_ambiguous(counties, capsys):
    token, _ = create(capsys, "lukou")
    assert duban(["token", "revoke", "nothing1"]) == 2
    assert "no such token" in capsys.readouterr().err
    api_token_revoke(actor=SYSTEM, token=token)
    assert duban(["token", "revoke", token.prefix]) == 1
    assert "already revoked" in capsys.readouterr().err
    # two tokens that share a prefix are named, and neither is revoked
    one, _ = api_token_create(actor=SYSTEM, user=counties.lukou_reporter)
    two, _ = api_token_create(actor=SYSTEM, user=counties.hetang_reporter)
    ApiToken.objects.filter(pk__in=[one.pk, two.pk]).update(prefix="samesame")
    assert duban(["token", "revoke", "samesame"]) == 2
    assert f"ids {one.pk}, {two.pk}" in capsys.readouterr().err
    assert ApiToken.objects.filter(revoked_at=None).count() == 2


def test_a_bad_token_lifetime_setting_is_one_clear_line(tmp_path):
    result = run_duban(
        "token",
        "list",
        DUBAN_TOKEN_DAYS="forever",
        DUBAN_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3",
    )
    assert result.returncode == 2
    assert "DUBAN_TOKEN_DAYS must be a whole number from 1 to 3650" in result.stderr
    assert "Traceback" not in result.stderr
