"""Test clients: one way to call the pages and the API as a given user."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def client_for(user: Any | None) -> Client:
    """A client signed in as `user` (anonymous for None) that returns 500s as responses."""
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def post_json(client: Client, path: str, payload: Any) -> Any:
    """POST `payload` as JSON (a str is sent as it is, for malformed bodies)."""
    body = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    return client.post(path, body, content_type="application/json")


def count_queries(client: Client, path: str) -> int:
    """The queries one page answer takes (it must answer 200)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)
