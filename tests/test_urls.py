"""Every page and every API operation is in the permission harness (STYLE rule 13).

Each app with pages or an API has tests/<app>/test_permissions.py declaring ENDPOINTS. This
test reads the URLconf (pages, with the methods each view accepts) and the OpenAPI document
(operations), and fails when one has no endpoint, or when its endpoints leave a kind of caller
(anonymous, without the right, out of scope, in scope) undeclared. It also fails on an
endpoint that matches no page or operation, so the declarations cannot go stale.
"""

from __future__ import annotations

import importlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from duban.api import api
from tests.permissions import KINDS, Endpoint

# Pages outside the harness, each with its reason.
EXEMPT_PAGES = {
    "accounts/login/": "the login form: public by design, tested in core/test_auth_pages",
    "accounts/logout/": "signing out: for anyone, tested in core/test_auth_pages",
    "healthz": "the health check: public by design, says only ok or 503, tested in cli/test_faults",
    "i18n/setlang/": "Django's language switch: public, tested in core/test_auth_pages",
}
EXEMPT_PREFIXES = {
    "admin/": "Django's admin: staff only, by Django's own permissions, not duban's",
    # The API's operations are read from its OpenAPI document instead; what else lives under
    # /api/ (the document itself, the offline docs, the JSON 404 for unknown paths) is public.
    "api/": "operations: from the OpenAPI document",
    "^api/": "the JSON 404 for unknown API paths",
}
Key = tuple[str, str]  # (method, page route or API path)


def permission_modules() -> dict[str, Any]:
    """tests/<app>/test_permissions.py of every duban app with pages or an API."""
    modules = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("duban."):
            continue
        if not (find_spec(f"{config.name}.urls") or find_spec(f"{config.name}.api")):
            continue
        modules[config.label] = importlib.import_module(f"tests.{config.label}.test_permissions")
    return modules


def declared() -> list[Endpoint]:
    return [endpoint for module in permission_modules().values() for endpoint in module.ENDPOINTS]


def accepted_methods(view: Callable[..., Any]) -> set[str] | None:
    """The methods a view accepts, from Django's require_http_methods (None if it says none)."""
    seen: set[int] = set()

    def search(function: Any) -> set[str] | None:
        if id(function) in seen or not callable(function):
            return None
        seen.add(id(function))
        for cell in getattr(function, "__closure__", None) or ():
            value = cell.cell_contents
            if (
                isinstance(value, list | tuple)
                and value
                and all(isinstance(item, str) and item.isupper() for item in value)
            ):
                return set(value) - {"HEAD", "OPTIONS"}
            found = search(value)
            if found:
                return found
        wrapped = getattr(function, "__wrapped__", None)
        return search(wrapped) if wrapped is not None else None

    return search(view)


def pages() -> dict[str, set[str] | None]:
    """Every page route in the URLconf but the exempt ones, with the methods its view accepts
    (None: the view does not restrict them)."""

    def walk(patterns: list[Any], prefix: str) -> Iterator[tuple[str, Any]]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route, pattern.callback

    return {
        route: accepted_methods(view)
        for route, view in walk(get_resolver().url_patterns, "")
        if route not in EXEMPT_PAGES and not route.startswith(tuple(EXEMPT_PREFIXES))
    }


def operations() -> dict[Key, re.Pattern[str]]:
    """(method, path) of every API operation, with a pattern matching its concrete paths."""
    schema = api.get_openapi_schema(path_prefix="/api/")
    found = {}
    for path, methods in schema["paths"].items():
        pattern = re.compile(re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(path)) + "$")
        for method in methods:
            found[(method.upper(), path)] = pattern
    return found


def key_of(endpoint: Endpoint, api_operations: dict[Key, re.Pattern[str]]) -> Key | None:
    """The page route or API operation an endpoint calls (its {names} stand for an id)."""
    path = re.sub(r"\{[^}]*\}", "1", endpoint.path_template).split("?")[0]
    if endpoint.is_api:
        # A literal path (/complaints/repeats) before one with a parameter that matches it too.
        by_literalness = sorted(api_operations.items(), key=lambda item: item[0][1].count("{"))
        for (method, operation), pattern in by_literalness:
            if method == endpoint.method and pattern.match(path):
                return method, operation
        return None
    try:
        return endpoint.method, resolve(path).route
    except Resolver404:
        return None


def test_every_app_with_pages_or_an_api_declares_endpoints():
    modules = permission_modules()
    assert {"core", "inspections", "rectification", "reports"} <= set(modules)
    for label, module in modules.items():
        assert module.ENDPOINTS, label


def test_every_page_and_operation_has_every_kind_of_caller_declared():
    api_operations = operations()
    kinds: dict[Key, set[str]] = defaultdict(set)
    for endpoint in declared():
        key = key_of(endpoint, api_operations)
        if key is not None:
            kinds[key] |= {kind for kind in KINDS if endpoint.declares(kind)}
    # A page's every method its view accepts (GET where it does not say); every operation.
    wanted = [
        *((method, route) for route, methods in pages().items() for method in methods or {"GET"}),
        *api_operations,
    ]
    missing = {key: "no endpoint" for key in wanted if key not in kinds}
    missing |= {
        key: f"no {', '.join(k for k in KINDS if k not in kinds[key])}"
        for key in wanted
        if key in kinds and set(KINDS) - kinds[key]
    }
    assert missing == {}, "\n".join(f"{m} {route}: {why}" for (m, route), why in missing.items())


def test_every_endpoint_calls_a_page_or_operation_that_exists():
    api_operations, page_routes = operations(), pages()
    stale = []
    for endpoint in declared():
        key = key_of(endpoint, api_operations)
        if key is None:
            stale.append(endpoint.id)
        elif not endpoint.is_api:
            method, route = key
            methods = page_routes.get(route, set())
            if methods is not None and method not in methods:  # no such page, or 405
                stale.append(endpoint.id)
    assert stale == []
