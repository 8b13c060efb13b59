"""The issue's "a test walks them all": the complainant's identity appears in no page, export
or API answer of the complaints app — to the unit complained about, to the handling unit
without the designation, to the office's viewer and its undesignated reviewer, to the public —
and nowhere in the ledger or the database in plaintext. Only the designated handler's POST
shows it, and that is one recorded read.

The routes are not listed here: every URL pattern of the complaints app (and any named
"complaint-…") and every GET operation of the API under /api/complaints come from the resolver
and the OpenAPI schema, so the pages other parts add are walked too. Path parameters are
filled from the scene; every file a page or operation answers (.xlsx, .docx: zip archives)
is unzipped and its XML searched, and every download a page links to is fetched.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from duban.api import api
from duban.complaints.choices import Verb
from duban.core.models import Event
from tests.clients import client_for, post_json
from tests.complaints.scene import COMPLAINANT

pytestmark = pytest.mark.django_db

SECRETS = (COMPLAINANT.name, COMPLAINANT.phone, COMPLAINANT.address)
# Everyone who must never see the identity, and the designated handler, whose GETs must not
# show it either (only the answer to the POST does).
WALKERS = (
    "accused_reviewer",  # the unit complained about
    "unit_worker",  # the handling unit, without the designation
    "unit_reviewer",
    "office_viewer",
    "w.reviewer",  # the receiving office's reviewer, not designated
    None,  # the public: an anonymous client
    "office_handler",  # designated: still nothing in any GET
)
_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_LINK = re.compile(r"""(?:href|action|hx-get)=["']([^"']+)["']""")


def _user(scene: Any, name: str | None) -> Any:
    if name is None:
        return None
    value = scene
    for part in name.split("."):
        value = getattr(value, part)
    return value


def _value(scene: Any, name: str, kind: str | None) -> str:
    """A scene value for a path parameter, by its name (then its type)."""
    complaint = scene.complaint
    known = {
        "number": complaint.number,
        "code": complaint.number,
        "team_id": scene.team.pk,
        "team_pk": scene.team.pk,
        "team": scene.team.pk,
        "batch": complaint.batch_number,
        "batch_number": complaint.batch_number,
        "region": complaint.region.code,
        "region_code": complaint.region.code,
        "unit_id": scene.environment.pk,
        "organization_id": scene.w.office.pk,
        "office_id": scene.w.office.pk,
        "year": complaint.received_on.year,
        "day": complaint.received_on.isoformat(),
        "date": complaint.received_on.isoformat(),
    }
    if name in known:
        return str(known[name])
    if kind == "str" or kind == "slug":
        return complaint.number
    return str(complaint.pk)  # pk, complaint_id, complaint_pk, id…


def _routes(resolvers: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def complaint_pages(scene: Any) -> list[str]:
    """Every page path of the complaints app (and every URL named complaint-…), filled."""
    paths = []
    for route, pattern in _routes(get_resolver().url_patterns):
        if not (route.startswith("complaints/") or (pattern.name or "").startswith("complaint")):
            continue
        if route.startswith("^") or "(?P" in route:
            continue  # a regex route: none in this app
        filled = _CONVERTER.sub(lambda m: _value(scene, m.group(2), m.group(1)), route)
        paths.append("/" + filled)
    return sorted(set(paths))


def complaint_operations(scene: Any) -> list[str]:
    """Every GET operation of the API under /api/complaints (or naming complaints), filled."""
    schema = api.get_openapi_schema()
    paths = []
    for path, operations in schema["paths"].items():
        if "get" in operations and "complaint" in path:
            paths.append(_PLACEHOLDER.sub(lambda m: _value(scene, m.group(1), None), path))
    return sorted(paths)


def texts_of(response: Any) -> list[str]:
    """What a response shows: its text (JSON decoded, so no \\u escape hides a name), and
    every XML part of an archive (.xlsx, .docx) it answers."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        return archive_texts(content)
    text = content.decode("utf-8", errors="replace")
    if "json" in response.get("Content-Type", ""):
        try:
            return [json.dumps(json.loads(text), ensure_ascii=False)]
        except ValueError:
            pass
    return [text]


def archive_texts(content: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [
            archive.read(name).decode("utf-8", errors="replace")
            for name in archive.namelist()
            if name.endswith((".xml", ".rels", ".txt", ".csv", ".json"))
        ]


def leaks(texts: list[str]) -> list[str]:
    return [secret for secret in SECRETS for text in texts if secret in text]


def _downloads(text: str) -> list[str]:
    """The links of a page to files and exports within the app (and to jobs)."""
    found = []
    for link in _LINK.findall(text):
        path = urlsplit(link).path
        if path.startswith(("/complaints/", "/api/complaints", "/jobs/")) and (
            path.endswith((".xlsx", ".docx", "/download/", "/download", "/xlsx", "/docx"))
            or "export" in path
        ):
            found.append(link)
    return found


def walk(scene: Any, who: str | None) -> tuple[list[str], dict[str, int]]:
    """GET every page, operation and download as `who`: (leaks found, status by path)."""
    client = client_for(_user(scene, who))
    problems: list[str] = []
    statuses: dict[str, int] = {}
    queue = complaint_pages(scene) + complaint_operations(scene)
    seen: set[str] = set()
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path, follow=True)
        statuses[path] = response.status_code
        texts = texts_of(response)
        problems += [f"{who or 'anonymous'} GET {path}: {secret}" for secret in leaks(texts)]
        if not response.streaming and "html" in response.get("Content-Type", ""):
            queue += [link for link in _downloads(texts[0]) if link not in seen]
    return problems, statuses


@pytest.mark.parametrize("who", WALKERS, ids=[w or "anonymous" for w in WALKERS])
def test_no_page_operation_or_download_shows_the_identity(scene, who):
    problems, statuses = walk(scene, who)
    assert statuses, "the walk found no route: the enumeration broke"
    assert any(path.startswith("/api/complaints") for path in statuses)
    assert any(path.startswith("/complaints/") for path in statuses)
    assert not problems, "\n".join(problems)


def test_the_walk_reaches_what_the_office_sees(scene):
    """The walk is not vacuous: pages and operations answer the office's reviewer."""
    _, statuses = walk(scene, "w.reviewer")
    assert any(status == 200 for status in statuses.values()), statuses


@pytest.mark.parametrize("who", WALKERS[:-1], ids=[w or "anonymous" for w in WALKERS[:-1]])
def test_the_identity_post_shows_nothing_to_the_others(scene, who):
    client = client_for(_user(scene, who))
    page = client.post(f"/complaints/{scene.complaint.pk}/identity/")
    answer = post_json(client, f"/api/complaints/{scene.complaint.pk}/identity", {})
    assert page.status_code in (302, 403, 404) and answer.status_code in (401, 403, 404)
    assert not leaks(texts_of(page) + texts_of(answer))


def test_the_designated_handler_sees_it_once_per_post_and_it_is_recorded(scene):
    client = client_for(scene.office_handler)
    before = Event.objects.filter(verb=Verb.IDENTITY_READ).count()
    page = client.post(f"/complaints/{scene.complaint.pk}/identity/")
    assert set(leaks(texts_of(page))) == set(SECRETS)
    assert Event.objects.filter(verb=Verb.IDENTITY_READ).count() == before + 1
    answer = post_json(client, f"/api/complaints/{scene.complaint.pk}/identity", {})
    assert set(leaks(texts_of(answer))) == set(SECRETS)
    assert Event.objects.filter(verb=Verb.IDENTITY_READ).count() == before + 2


def test_the_timeline_of_the_complaint_shows_no_identity(scene):
    client_for(scene.office_handler).post(f"/complaints/{scene.complaint.pk}/identity/")
    for who in ("w.reviewer", "unit_worker", "office_handler"):
        answer = client_for(_user(scene, who)).get(
            f"/api/events/complaints.complaint/{scene.complaint.pk}"
        )
        assert answer.status_code == 200
        assert not leaks(texts_of(answer)), who


def test_neither_the_ledger_nor_any_table_holds_it_in_plaintext(scene):
    """After the walks' reads: no event's data or reason, and no column of any row of any
    table (the identity's token included) holds the name, phone or address."""
    client_for(scene.office_handler).post(f"/complaints/{scene.complaint.pk}/identity/")
    for event in Event.objects.all():
        text = json.dumps(event.data, ensure_ascii=False) + event.reason
        assert not any(secret in text for secret in SECRETS), event.verb
    found = []
    for model in apps.get_models():
        for row in model.objects.all().values():
            text = json.dumps(row, ensure_ascii=False, default=str)
            found += [f"{model._meta.label}: {s}" for s in SECRETS if s in text]
    assert not found, found


def test_the_archive_search_finds_a_name_inside_a_workbook():
    """The walk's unzipping works: a name in a workbook's shared strings is found."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/sharedStrings.xml", f"<sst><si><t>{COMPLAINANT.name}</t></si></sst>")
    assert leaks(archive_texts(buffer.getvalue())) == [COMPLAINANT.name]
