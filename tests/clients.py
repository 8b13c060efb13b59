"""Test clients: one way to call the pages and the API as a given user."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client


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
