"""/healthz: anonymous, JSON, nothing but ok (the database-away 503 is in cli/test_faults)."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def test_health_check_answers_anyone_with_ok_only():
    response = Client().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert Client().post("/healthz").status_code == 405


@override_settings(SECURE_SSL_REDIRECT=True)
def test_health_check_is_not_redirected_to_https_but_pages_are():
    assert Client().get("/healthz").status_code == 200
    assert Client().get("/accounts/login/").status_code == 301
