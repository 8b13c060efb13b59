"""The permission harness: every page and API operation, called as anonymous, as a user without
the right, as a user with the right but out of scope, and in scope (STYLE rule 13).

Each app's tests/<app>/test_permissions.py declares ENDPOINTS, one `Endpoint` per request:

    Endpoint(
        "POST /api/tasks/{w.task.pk}/transitions",   # method and path; {names} from the scene
        data=lambda s: {"action": "acknowledge"},    # form data, or the JSON body of an API call
        anonymous=401,
        without_right={"housing_viewer": 403},       # user (a dotted name in the scene): status
        out_of_scope={"w.outsider": 404},
        in_scope={"w.reporter": 200},
        records=["task.acknowledged"],               # the ledger verbs the in-scope call writes
    )

and runs them with `@parametrize(ENDPOINTS)` against its scene fixture, calling `check`.
A status may carry the API error code expected: `(404, "investigation_not_found")`.
Where a kind of caller does not exist for an endpoint, `NotApplicable("why")` says why.

`check` makes every call on one scene: anonymous first, then the refused callers, the allowed
readers, and the allowed writer last. It asserts each status (and, for the API, the error shape
and code), and that a refused call or a read changed nothing: no row of any table (the ledger
included) differs afterwards. tests/test_urls.py fails when a URL pattern or API operation has
no endpoint here, or an endpoint leaves one kind of caller undeclared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from operator import attrgetter
from typing import Any
from urllib.parse import quote

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from duban.core.models import Event
from tests.clients import client_for, post_json

Status = int | tuple[int, str]  # a status, or a status and the API error code


@dataclass(frozen=True)
class NotApplicable:
    """No caller of this kind exists for the endpoint; `why` says so for the reader."""

    why: str


Callers = Mapping[str, Status] | NotApplicable
KINDS = ("anonymous", "without_right", "out_of_scope", "in_scope")
# Default API error codes for a refusal without an explicit one (404s end with "not_found").
DEFAULT_CODES = {401: "unauthenticated", 403: "not_permitted"}


@dataclass(frozen=True)
class Endpoint:
    """One page or API request and the status each kind of caller gets."""

    request: str  # "GET /problems/{w.problem.code}/": method, then a path with {scene names}
    # The callers of each kind. None: declared by another endpoint of the same request (the
    # coverage test needs every kind declared, for each request, by one endpoint or another).
    anonymous: Status | None = None
    without_right: Callers | None = None
    out_of_scope: Callers | None = None
    in_scope: Callers | None = None
    data: Callable[[Any], Any] | None = None  # form data / JSON body, from the scene's names
    given: Callable[[Any], Mapping[str, Any] | None] | None = None  # set-up; returns more names
    records: Sequence[str] = ()  # ledger verbs the in-scope write records, in order
    refusal_says: str | None = None  # text a refused page (403) shows
    scene_options: Mapping[str, Any] = field(default_factory=dict)  # for the app's scene builder
    name: str = ""  # the test id; the request when empty

    def __post_init__(self) -> None:
        assert self.method in ("GET", "POST"), f"{self.id}: GET or POST"
        seen: set[str] = set()
        for kind in KINDS[1:]:
            callers = getattr(self, kind)
            if not isinstance(callers, Mapping):
                continue
            assert callers, f"{self.id}: {kind} is empty; say why with NotApplicable"
            assert not seen & set(callers), f"{self.id}: a caller is in two kinds"
            seen |= set(callers)
        if self.method != "GET" and isinstance(self.in_scope, Mapping):
            assert len(self.in_scope) <= 1, f"{self.id}: one in-scope writer per endpoint"

    @property
    def id(self) -> str:
        return self.name or self.request

    @property
    def method(self) -> str:
        return self.request.split(" ", 1)[0]

    @property
    def path_template(self) -> str:
        return self.request.split(" ", 1)[1]

    @property
    def is_api(self) -> bool:
        return self.path_template.startswith("/api/")

    def callers(self) -> Iterator[tuple[str, str | None, Status]]:
        """(kind, user name, expected status) in the order `check` calls them."""
        if self.anonymous is not None:
            yield "anonymous", None, self.anonymous
        for kind in KINDS[1:]:
            callers = getattr(self, kind)
            if isinstance(callers, Mapping):
                for who, status in callers.items():
                    yield kind, who, status

    def declares(self, kind: str) -> bool:
        """Whether this endpoint says what callers of `kind` get (or why there are none)."""
        return getattr(self, kind) is not None


def parametrize(endpoints: Sequence[Endpoint]) -> Any:
    """`@parametrize(ENDPOINTS)` on a test taking `endpoint`; ids are the requests."""
    ids = [endpoint.id for endpoint in endpoints]
    duplicates = {name for name in ids if ids.count(name) > 1}
    assert not duplicates, f"give these endpoints a name: {duplicates}"
    return pytest.mark.parametrize("endpoint", endpoints, ids=ids)


class Names:
    """The scene's attributes, plus the names an endpoint's `given` returned."""

    def __init__(self, scene: Any, extra: Mapping[str, Any] | None = None) -> None:
        self._scene = scene
        self._extra = dict(extra or {})

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name in self._extra:
            return self._extra[name]
        return getattr(self._scene, name)

    def __getitem__(self, name: str) -> Any:  # str.format_map looks names up here
        return getattr(self, name)


def check(endpoint: Endpoint, scene: Any) -> None:
    """Call `endpoint` as each declared caller; fail listing every caller that went wrong."""
    names = Names(scene)
    if endpoint.given is not None:
        names = Names(scene, endpoint.given(names))
    path = endpoint.path_template.format_map(names)
    problems: list[str] = []
    # Refused calls and reads change nothing, so one state before them all serves each.
    before = database_state()
    for kind, who, expected in endpoint.callers():
        client = client_for(None if who is None else attrgetter(who)(names))
        last = last_seq()
        body = endpoint.data(names) if endpoint.data else None
        response = send(client, endpoint.method, path, body, api=endpoint.is_api)
        label = f"{kind} {who or ''}".strip()
        problems += [f"{label}: {p}" for p in judge(endpoint, kind, expected, response)]
        if kind != "in_scope" or endpoint.method == "GET":
            problems += [f"{label} changed {change}" for change in changes_since(before)]
        else:  # the one writer, last
            verbs = list(Event.objects.filter(seq__gt=last).values_list("verb", flat=True))
            if verbs != list(endpoint.records):
                problems.append(f"{label}: recorded {verbs}, expected {list(endpoint.records)}")
    assert not problems, f"{endpoint.id} ({path}):\n  " + "\n  ".join(problems)


def send(client: Client, method: str, path: str, body: Any, *, api: bool) -> Any:
    if method == "GET":
        return client.get(path, body or {})
    if api and not _has_files(body):
        return post_json(client, path, body if body is not None else {})
    return client.post(path, body or {})  # a form, or an upload (multipart)


def _has_files(body: Any) -> bool:
    def is_file(value: Any) -> bool:
        return hasattr(value, "read") or (
            isinstance(value, list) and any(hasattr(item, "read") for item in value)
        )

    return isinstance(body, Mapping) and any(is_file(value) for value in body.values())


def _query(response: Any) -> str:
    query = response.request.get("QUERY_STRING", "")
    return f"?{query}" if query else ""


def judge(endpoint: Endpoint, kind: str, expected: Status, response: Any) -> list[str]:
    status, code = expected if isinstance(expected, tuple) else (expected, None)
    got = response.status_code
    if got != status:
        return [f"status {got}, expected {status}: {response.content[:200]!r}"]
    problems = []
    if endpoint.is_api and got >= 400:
        body = response.json()
        if set(body) != {"message", "code", "fields"}:
            problems.append(f"error body {body}")
        want = code or DEFAULT_CODES.get(got)
        if want and body.get("code") != want:
            problems.append(f"code {body.get('code')!r}, expected {want!r}")
        if not want and got == 404 and not str(body.get("code")).endswith("not_found"):
            problems.append(f"code {body.get('code')!r} does not end with not_found")
    if not endpoint.is_api and kind == "anonymous" and got == 302:
        login = "/accounts/login/?next=" + quote(response.request["PATH_INFO"] + _query(response))
        if response["Location"] != login:
            problems.append(f"sent to {response['Location']}, not to {login}")
    if not endpoint.is_api and got == 403 and endpoint.refusal_says:
        if endpoint.refusal_says not in response.content.decode():
            problems.append(f"403 page does not say {endpoint.refusal_says!r}")
    return problems


# Nothing changed: every row of every table, compared before and after.

IGNORED_TABLES = {
    "sessions.session",  # signing the test client in
    "axes.accessattempt",  # login throttling, not the application's data
    "axes.accesslog",
    "axes.accessfailurelog",
}
IGNORED_COLUMNS = {"last_login"}  # written by signing the test client in


@cache
def _table_queries() -> tuple[tuple[str, str], ...]:
    """(model label, SELECT of its rows in primary-key order) for every table compared."""
    queries = []
    quote = connection.ops.quote_name
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label_lower in IGNORED_TABLES:
            continue
        columns = [f.column for f in meta.concrete_fields if f.attname not in IGNORED_COLUMNS]
        select = ", ".join(quote(column) for column in columns)
        order = quote(meta.pk.column)
        queries.append(
            (meta.label_lower, f"SELECT {select} FROM {quote(meta.db_table)} ORDER BY {order}")
        )
    return tuple(queries)


def database_state() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the application writes, in primary-key order."""
    state = {}
    with connection.cursor() as cursor:
        for label, query in _table_queries():
            cursor.execute(query)
            state[label] = [tuple(row) for row in cursor.fetchall()]
    return state


def changes_since(before: dict[str, list[tuple[Any, ...]]]) -> list[str]:
    """What differs between `before` and the database now, one line per table."""
    after = database_state()
    lines = []
    for table, rows in after.items():
        old = before.get(table, [])
        if rows != old:
            added = [row for row in rows if row not in old]
            removed = [row for row in old if row not in rows]
            lines.append(f"{table}: +{added[:3]} -{removed[:3]}")
    return lines


@contextmanager
def nothing_changes() -> Iterator[None]:
    """Assert that the block left every table (the ledger included) as it found it."""
    before = database_state()
    yield
    difference = changes_since(before)
    assert not difference, "\n".join(difference)


def last_seq() -> int:
    return Event.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
