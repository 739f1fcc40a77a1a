"""No module of evidence_vault imports itself back, directly or through others.

The imports are read from the source with ast, not by importing: a module-level
import and one inside a function count the same (a function-level import hides
a cycle from Python, not from the next reader); imports under `if TYPE_CHECKING:`
exist for type hints only and do not count. A cycle is reported by the
modules' names, in order. The dossier's layers are checked too: each imports
only the layers below it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import evidence_vault

PACKAGE = Path(evidence_vault.__file__).parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The package module `name` names (or the closest module holding it), else None."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def _is_type_checking(node: ast.AST) -> bool:
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every module of the package that `module` imports, anywhere in its source."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    typing_only = {id(n) for block in ast.walk(tree) if _is_type_checking(block)
                   for stmt in block.body for n in ast.walk(stmt)}
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue  # `if TYPE_CHECKING:` imports exist for type hints only, never at run time
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            # `from pkg import mod` imports pkg.mod; `from mod import name` imports mod
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        else:
            continue
        for name in names:
            target = _resolve(name, modules)
            if target is not None and target != module:
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    modules = _modules()
    return {m: imports_of(m, p, modules) for m, p in modules.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of modules (Tarjan), each as a path
    that starts and ends at the same module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(group)

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return [_path_through(sorted(g), edges) for g in groups]


def _path_through(group: list[str], edges: dict[str, set[str]]) -> list[str]:
    """A cycle inside `group`, from its first module back to it."""
    members, start = set(group), group[0]
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(edges[v] & members):
                if w == start:
                    return paths[v] + [start]
                if w not in paths:
                    paths[w] = paths[v] + [w]
                    nxt.append(w)
        frontier = nxt
    return group  # pragma: no cover - a strongly connected group always has one


def test_the_cycle_finder_finds_and_names_a_cycle():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(edges) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_function_level_imports_count(tmp_path):
    source = tmp_path / "m.py"
    source.write_text("import os\n\ndef f():\n    from evidence_vault.dossier import export\n"
                      "    from evidence_vault.errors import VaultError\n", encoding="utf-8")
    found = imports_of("evidence_vault.probe", source, _modules())
    assert found == {"evidence_vault.dossier.export", "evidence_vault.errors"}


# Cycles that other parts of issue 10 own, found when this test was written; each is gone
# once that part lands, and then its line goes too (test_no_cycle_at_all says so by passing).
KNOWN: set[frozenset[str]] = set()  # cycles allowed for now: none


def _report(found: list[list[str]]) -> str:
    return "import cycles: " + "; ".join(" -> ".join(c) for c in found)


def test_no_import_cycle_in_the_package():
    found = [c for c in cycles(graph()) if frozenset(c) not in KNOWN]
    assert not found, _report(found)


def test_no_cycle_at_all():
    found = cycles(graph())
    assert not found, _report(found)


# The dossier's layers, lowest first: each module may import only from layers below its own.
DOSSIER_LAYERS = [
    {"wording", "model", "fonts", "textflow"},  # words, plain data, font files, text layout
    {"content", "images", "blackout"},       # facts from the vault; page images; black boxes
    {"build"},                               # facts + words -> Dossier
    {"pdf", "tables", "manifest"},           # one writer per format
    {"redact"},                              # the public copy, through the PDF writer
    {"export"},                              # orchestration, the bundle and its manifest
]


def test_the_dossier_imports_only_downward():
    layer_of = {f"evidence_vault.dossier.{name}": i for i, names in enumerate(DOSSIER_LAYERS)
                for name in names}
    edges = graph()
    assert set(layer_of) >= {m for m in edges if m.startswith("evidence_vault.dossier.")}, \
        "a new dossier module needs a place in DOSSIER_LAYERS"
    wrong = sorted(f"{m} imports {t}" for m, level in layer_of.items() for t in edges[m]
                   if t in layer_of and layer_of[t] >= level)
    assert not wrong, wrong


def test_the_renderer_is_not_where_the_content_takes_its_words():
    edges = graph()
    assert "evidence_vault.dossier.pdf" not in edges["evidence_vault.dossier.build"]
    assert "evidence_vault.dossier.export" not in edges["evidence_vault.dossier.redact"]
    assert "evidence_vault.dossier.redact" in edges["evidence_vault.dossier.export"]
