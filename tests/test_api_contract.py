"""The API contract (docs/api.md, "Contract"): every answer under /api/ is JSON that the OpenAPI
document describes — its status declared by the operation, its body valid against the declared
schema, errors as ErrorOut.

The last test is `make contract` in small: schemathesis generates requests for every operation
(positive and negative, path ids half the time from rows that exist) against the WSGI app on
the demo dataset, with the same four checks.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ninja import Schema
from schemathesis import GenerationMode
from schemathesis import checks as st_checks

from duban.core.api_types import MAX_DAY, MIN_DAY, error_statuses
from duban.core.principal import SYSTEM
from duban.core.services import api_token_create
from duban.demo.load import load_demo
from duban.wsgi import application
from tests.clients import client_for, post_json

ERROR_KEYS = {"message", "code", "fields"}
CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 6


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    """A JSON error of the API's shape, with this status and code."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) == ERROR_KEYS and body["code"] == code, body
    assert isinstance(body["message"], str) and isinstance(body["fields"], dict)
    return body


def declared(document: dict[str, Any], path: str, method: str) -> set[int]:
    return {int(status) for status in document["paths"][path][method]["responses"]}


# The document


def test_every_operation_declares_each_error_status_as_error_out(db):
    document = client_for(None).get("/api/openapi.json").json()
    assert len(operations(document)) >= 70
    for path, method, operation in operations(document):
        public = "security" not in operation
        expected = error_statuses([method.upper()], public=public)
        responses = operation["responses"]
        assert expected <= {int(status) for status in responses}, (method, path)
        for status in expected:
            schema = responses[str(status)]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (method, path, status)
        assert any(200 <= int(status) < 300 for status in responses), (method, path)


def test_only_the_public_operation_goes_without_401_and_429(db):
    document = client_for(None).get("/api/openapi.json").json()
    public = [path for path, _, operation in operations(document) if "security" not in operation]
    assert public == ["/api/public/accountability"]
    assert not {401, 429} & declared(document, "/api/public/accountability", "get")
    # a bearer caller may be throttled anywhere else (tests/core/test_tokens.py)
    assert {401, 429} <= declared(document, "/api/tasks", "get")


def test_file_downloads_declare_their_content_types(db):
    document = client_for(None).get("/api/openapi.json").json()
    office = "application/vnd.openxmlformats-officedocument"
    downloads = {
        "/api/plans/{code}/ledger.xlsx": [f"{office}.spreadsheetml.sheet"],
        "/api/notices/{notice_id}/docx": [f"{office}.wordprocessingml.document"],
        "/api/problems/{code}/dossier": [f"{office}.wordprocessingml.document", "application/pdf"],
    }
    for path, types in downloads.items():
        content = document["paths"][path]["get"]["responses"]["200"]["content"]
        assert list(content) == types, path
        assert content[types[0]]["schema"] == {"type": "string", "format": "binary"}


def test_schema_names_are_unique_so_no_component_is_silently_replaced():
    # ninja names components after the class: two TaskRefs became one, and the signals'
    # answers were checked against the notices' task shape (issue 16).
    def subclasses(cls: type) -> list[type]:
        return [c for sub in cls.__subclasses__() for c in (sub, *subclasses(sub))]

    ours = [cls for cls in subclasses(Schema) if cls.__module__.startswith("duban.")]
    names = [cls.__name__ for cls in ours]
    assert len(ours) > 80
    assert sorted(name for name in set(names) if names.count(name) > 1) == []


# Refusals outside the operations' own code: still JSON, still declared


@pytest.mark.parametrize(
    ("at", "reason"),
    [
        ("0", "use the ISO format YYYY-MM-DD"),
        ("1700000000", "use the ISO format YYYY-MM-DD"),
        ("1999-12-31", f"must lie between {MIN_DAY} and {MAX_DAY}"),
        ("2100-01-01", f"must lie between {MIN_DAY} and {MAX_DAY}"),
        (
            "2021-02-30",
            "Input should be a valid date or datetime, day value is outside expected range",
        ),
    ],
)
def test_out_of_range_days_are_field_errors(workflow, at, reason):
    client = client_for(workflow.reviewer)
    path = f"/api/problems/{workflow.problem.code}/responsibility"
    body = assert_error(client.get(path, {"at": at}), 422, "validation_error")
    assert body["fields"] == {"at": reason}
    assert client.get(path, {"at": "2021-06-30"}).status_code == 200


def test_a_body_day_before_2000_is_a_field_error(workflow):
    client = client_for(workflow.reporter)
    path = f"/api/tasks/{workflow.task.pk}/extensions"
    response = post_json(client, path, {"new_deadline": 0, "reason": "more time"})
    body = assert_error(response, 422, "validation_error")
    assert body["fields"] == {"new_deadline": "use the ISO format YYYY-MM-DD"}


def test_a_session_post_without_csrf_token_is_a_json_403(workflow):
    client = client_for(workflow.reporter)
    client.handler.enforce_csrf_checks = True
    response = client.post("/api/people", "{}", content_type="application/json")
    assert_error(response, 403, "csrf_failed")
    assert 403 in declared(client.get("/api/openapi.json").json(), "/api/people", "post")


def test_a_body_over_the_limit_is_a_json_413(workflow, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client = client_for(workflow.reporter)
    path = f"/api/tasks/{workflow.task.pk}/extensions"
    response = post_json(client, path, {"new_deadline": "2030-01-01", "reason": "x" * 2000})
    body = assert_error(response, 413, "request_too_large")
    assert body["message"] == "the request body exceeds 1000 bytes"
    document = client.get("/api/openapi.json").json()
    assert 413 in declared(document, "/api/tasks/{task_id}/extensions", "post")


def test_the_json_body_limit_is_set_in_settings():
    from django.conf import settings as django_settings

    assert django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 1024 * 1024


def test_a_body_that_is_not_json_is_a_json_400(workflow):
    response = post_json(client_for(workflow.reporter), "/api/people", "{not json")
    assert_error(response, 400, "malformed_body")


@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_unknown_api_paths_are_json_404_for_every_method(workflow, method):
    client = client_for(workflow.reporter)
    client.handler.enforce_csrf_checks = True
    response = getattr(client, method)("/api/tasks/null,null/reports")
    assert_error(response, 404, "not_found")


def test_a_method_an_operation_lacks_is_a_json_405(workflow):
    response = client_for(workflow.reporter).delete("/api/me")
    assert_error(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET"


def test_an_unexpected_failure_is_a_json_500(workflow, monkeypatch):
    # Nothing in the API is known to fail; a selector made to fail stands for the unknown bug.
    from duban.core import selectors

    def broken(**_: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "membership_list", broken)
    response = client_for(workflow.reporter).get("/api/me")
    body = assert_error(response, 500, "server_error")
    assert "boom" not in body["message"]


def test_pages_keep_django_csrf_page(workflow):
    client = client_for(workflow.reporter)
    client.handler.enforce_csrf_checks = True
    response = client.post("/i18n/setlang/", {"language": "en"})
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")


# Generated requests against every operation


def _contract_script() -> Any:
    path = Path(__file__).resolve().parents[1] / "scripts" / "contract.py"
    spec = importlib.util.spec_from_file_location("contract", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def in_process_requests():
    """Requests through the WSGI app inside the test's transaction: like Django's test client,
    do not close the connection at each request's start and end."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_generated_requests_get_answers_the_document_describes(
    db, settings, tmp_path, in_process_requests
):
    settings.DATA_DIR = tmp_path
    load_demo()
    admin = load_admin()
    _, secret = api_token_create(actor=SYSTEM, user=admin, name="contract")
    headers = {"Authorization": f"Bearer {secret}"}
    known = _contract_script().known_values()
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    tested = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        check_operation(operation, headers, known)
        tested += 1
    assert tested >= 70


def load_admin() -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="admin")


def check_operation(operation: Any, headers: dict[str, str], known: dict[str, list[Any]]) -> None:
    names = [parameter.name for parameter in operation.path_parameters]
    existing = {name: known[name][0] for name in names if name in known}
    strategies = [operation.as_strategy(mode) for mode in GenerationMode]
    if existing:
        strategies.append(operation.as_strategy(path_parameters=existing))

    @given(case=st.one_of(strategies))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    answers_as_documented()
