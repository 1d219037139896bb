"""The package's structure: the pipeline runs top to bottom, and no import runs back up.

Each module belongs to one floor (the README's drawing); a module may import from its own floor
or below, never from above, and no two modules import each other at load time."""
from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "scripts" / "ogi"
# top to bottom: the command line, the recipe, writing, rows, extraction, who/when/where,
# reading bytes, and the ground floor every stage shares
FLOORS = [
    ("command line", ["cli", "notebooks"]),
    ("recipe and analysis", ["pipeline", "cluster", "cache", "analysis"]),
    ("publish", ["publish"]),
    ("assemble", ["assemble", "identities", "dedupe", "agency_identity"]),
    ("extract", ["extract"]),
    ("resolve", ["resolve"]),
    ("read", ["read", "manifest"]),
    ("ground", ["model", "settings", "codebook", "numbers", "privacy", "textview", "scan", "__version__", ""]),
]


def floor_of(module: str) -> int:
    for k, (_, prefixes) in enumerate(FLOORS):
        for p in prefixes:
            if module == p or (p and module.startswith(p + ".")):
                return k
    raise AssertionError(f"ogi.{module} is on no floor: add it to FLOORS and to the README's drawing")


def imports(load_time_only: bool) -> dict[str, set[str]]:
    """module -> the ogi modules it imports (at load time only: not inside functions)."""
    out: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_pkg else parts)
        here = parts[:-1]  # the package the module is in
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nodes = tree.body if load_time_only else list(ast.walk(tree))
        found = set()
        for node in nodes:
            if isinstance(node, ast.ImportFrom) and node.level:
                base = here[:len(here) - (node.level - 1)]
                if node.module:
                    found.add(".".join(base + node.module.split(".")))
                else:
                    found.update(".".join(base + [a.name]) for a in node.names)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ogi"):
                found.add(node.module[4:])
            elif isinstance(node, ast.Import):
                found.update(a.name[4:] for a in node.names if a.name.startswith("ogi."))
        out[name] = {m for m in found if m != name}
    return out


def test_no_import_runs_back_up():
    back = [f"ogi.{a} ({FLOORS[floor_of(a)][0]}) imports ogi.{b} ({FLOORS[floor_of(b)][0]})"
            for a, targets in imports(load_time_only=False).items() for b in targets
            if floor_of(b) < floor_of(a)]
    assert not back, "imports that run back up the pipeline:\n" + "\n".join(sorted(back))


def test_no_import_circle():
    graph = imports(load_time_only=True)
    # a module imports a package's __init__ too when it imports a module inside it
    seen: dict[str, int] = {}

    def visit(m: str, stack: list[str]) -> None:
        if seen.get(m) == 2:
            return
        assert seen.get(m) != 1, "import circle: " + " -> ".join(stack[stack.index(m):] + [m])
        seen[m] = 1
        for n in sorted(graph.get(m, ())):
            visit(n, stack + [m])
        seen[m] = 2

    for m in sorted(graph):
        visit(m, [])
