"""The import structure of src/duban, read from the source with `ast` (nothing is imported).

The rules (STYLE.md "Rules of the road", DESIGN.md §4):
- an app imports only itself and the layers below it in LAYERS (core knows no app; a lower
  app learns of a higher one only through registries filled in AppConfig.ready(), such as
  core.related), so no two apps depend on each other;
- no two modules import each other, directly or round a longer loop;
- domain modules never import interface modules;
- a package's __init__ that imports the package's own modules only re-exports them: code in
  it would be imported back by the modules it loads.

Imports inside functions and under TYPE_CHECKING count: a deferred import is still a
dependency, and hiding a cycle inside a function is the workaround these rules forbid.
Migrations are left out: they record history, including where models used to live.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
ROOT = "duban"

# Lowest first. A module may import its own layer and any layer below it, never above.
LAYERS: list[tuple[str, ...]] = [
    # Base modules anyone may import; they import no app.
    ("duban", "duban.errors", "duban.config", "duban.settings"),
    ("duban.core",),
    ("duban.inspections",),
    ("duban.rectification",),
    ("duban.verification",),
    ("duban.supervision",),
    ("duban.accountability",),
    ("duban.complaints",),
    ("duban.reports",),
    # The project's entry points: they assemble the apps.
    (
        "duban.api",
        "duban.backup",
        "duban.cli",
        "duban.daily",
        "duban.demo",
        "duban.faults",
        "duban.generate",
        "duban.health",
        "duban.middleware",
        "duban.urls",
        "duban.wsgi",
    ),
]
DOMAIN = {
    "models",
    "services",
    "selectors",
    "rules",
    "events",
    "tasks",
    "choices",
    "permissions",
    "errors",
}
INTERFACE = {"api", "schemas", "views", "forms"}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported module (a submodule when `from pkg import name` names one)
    line: int

    def __str__(self) -> str:
        return f"{self.source} (line {self.line}) imports {self.target}"


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def find_modules() -> dict[str, Path]:
    return {
        module_name(path): path
        for path in sorted((SRC / ROOT).rglob("*.py"))
        if "migrations" not in path.parts
    }


MODULES = find_modules()


def known(name: str) -> str:
    """The longest prefix of a dotted name that is one of our modules."""
    parts = name.split(".")
    while parts and ".".join(parts) not in MODULES:
        parts.pop()
    return ".".join(parts)


def absolute(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    is_package = MODULES[module].name == "__init__.py"
    base = module.split(".")
    base = base[: len(base) - node.level + (1 if is_package else 0)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str) -> Iterator[Import]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            package = absolute(module, node)
            targets = [
                f"{package}.{alias.name}" if f"{package}.{alias.name}" in MODULES else package
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            if target == ROOT or target.startswith(f"{ROOT}."):
                resolved = known(target)
                if resolved and resolved != module:
                    yield Import(module, resolved, node.lineno)


# One edge per importing line and target (`from x import a, b` names x.a and x.b, or x once).
IMPORTS = sorted(
    {edge for module in MODULES for edge in imports_of(module)},
    key=lambda edge: (edge.source, edge.line, edge.target),
)


def layer_of(module: str) -> int | None:
    """Index in LAYERS of the longest prefix naming the module; None if no layer names it."""
    placed = [
        (len(prefix), index)
        for index, prefixes in enumerate(LAYERS)
        for prefix in prefixes
        # "duban" itself is a base module; its submodules are placed by their own prefixes.
        if module == prefix or (prefix != ROOT and module.startswith(f"{prefix}."))
    ]
    return max(placed)[1] if placed else None


def kinds(module: str) -> set[str]:
    return set(module.split(".")[1:])


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative: the components with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_source_tree_is_read() -> None:
    assert {"duban.core.models", "duban.inspections.models", "duban.cli"} <= set(MODULES)
    assert any(edge.target == "duban.errors" for edge in IMPORTS)


def test_every_module_has_a_layer() -> None:
    unplaced = sorted(module for module in MODULES if layer_of(module) is None)
    assert unplaced == [], f"add these modules' app to LAYERS in {__file__}: {unplaced}"


def test_no_app_imports_an_app_above_it() -> None:
    upward = [
        f"{edge} (layer {layer_of(edge.source)} -> {layer_of(edge.target)})"
        for edge in IMPORTS
        if (layer_of(edge.target) or 0) > (layer_of(edge.source) or 0)
    ]
    assert upward == [], "imports against the layer order:\n" + "\n".join(upward)


def test_no_import_cycle() -> None:
    graph: dict[str, set[str]] = {module: set() for module in MODULES}
    for edge in IMPORTS:
        graph[edge.source].add(edge.target)
    cycles = strongly_connected(graph)
    described = [
        " <-> ".join(cycle)
        + "\n    "
        + "\n    ".join(
            str(edge) for edge in IMPORTS if edge.source in cycle and edge.target in cycle
        )
        for cycle in cycles
    ]
    assert cycles == [], "modules that import each other:\n" + "\n".join(described)


def test_domain_never_imports_the_interface() -> None:
    wrong = [
        str(edge)
        for edge in IMPORTS
        if kinds(edge.source) & DOMAIN and kinds(edge.target) & INTERFACE
    ]
    assert wrong == [], "domain modules importing interface modules:\n" + "\n".join(wrong)


def is_reexport(statement: ast.stmt) -> bool:
    """A docstring, an import or `__all__ = …`: what a package facade may hold."""
    if isinstance(statement, ast.Import | ast.ImportFrom):
        return True
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        return isinstance(statement.value.value, str)
    return isinstance(statement, ast.Assign) and [
        target.id for target in statement.targets if isinstance(target, ast.Name)
    ] == ["__all__"]


def test_a_package_importing_its_own_modules_only_reexports_them() -> None:
    wrong = []
    for package, path in MODULES.items():
        own = [edge for edge in IMPORTS if edge.source == package]
        if path.name != "__init__.py" or not any(
            edge.target.startswith(f"{package}.") for edge in own
        ):
            continue
        body = ast.parse(path.read_text(encoding="utf-8")).body
        wrong += [
            f"{package} (line {statement.lineno}) holds code besides importing its modules"
            for statement in body
            if not is_reexport(statement)
        ][:1]
    assert wrong == [], "move the code into a module of the package:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
        ({"a": {"b"}, "b": set()}, []),
    ],
)
def test_cycle_finder(graph: dict[str, set[str]], expected: list[list[str]]) -> None:
    assert strongly_connected(graph) == expected


# Templates: an app's pages may include, extend or load tags only from its own layer and below;
# a later app shows itself on an earlier app's page through core.related.register_panel.
TEMPLATE_REFERENCE = re.compile(
    r"""{%\s*(?:include|extends)\s+["'](?P<template>[\w./-]+)["']|{%\s*load\s+(?P<libraries>[\w\s]+?)\s*%}"""
)
TAG_LIBRARIES = {
    path.stem: module_name(path.parent.parent)
    for path in (SRC / ROOT).rglob("templatetags/*.py")
    if path.stem != "__init__"
}


def template_owner(path: Path) -> str:
    """The module whose layer a template belongs to: its app, or the project's own pages."""
    parts = path.relative_to(SRC / ROOT).parts
    return f"{ROOT}.{parts[0]}" if parts[0] != "templates" else "duban.urls"


def template_references(path: Path) -> Iterator[tuple[str, str]]:
    """(what is referenced, the module it belongs to) for each include, extends and load."""
    text = path.read_text(encoding="utf-8")
    for match in TEMPLATE_REFERENCE.finditer(text):
        if match["template"]:
            app = match["template"].split("/")[0]
            if f"{ROOT}.{app}" in MODULES:
                yield match["template"], f"{ROOT}.{app}"
        else:
            for library in match["libraries"].split():
                if library in TAG_LIBRARIES:
                    yield f"{{% load {library} %}}", TAG_LIBRARIES[library]


TEMPLATES = sorted((SRC / ROOT).rglob("templates/**/*.html"))


def test_templates_are_read() -> None:
    assert len(TEMPLATES) > 50
    assert {"duban_tags", "supervision_tags", "accountability_tags"} <= set(TAG_LIBRARIES)


def test_no_template_reaches_an_app_above_it() -> None:
    upward = [
        f"{path.relative_to(SRC)} uses {reference}"
        for path in TEMPLATES
        for reference, owner in template_references(path)
        if (layer_of(owner) or 0) > (layer_of(template_owner(path)) or 0)
    ]
    assert upward == [], "templates against the layer order:\n" + "\n".join(upward)
