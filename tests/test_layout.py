"""The file layout shows the pipeline, and the imports follow it.

Every import of every module of the package (module level or inside a function; type-only
imports under `if TYPE_CHECKING:` excepted) is read with `ast`: the import graph has no circle,
and a stage imports only from the stages before it (shared modules at the bottom, the app at
the top). Run `python tests/test_layout.py` to print the graph by stage.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "linter"

# Stages, bottom to top: a module may import from its own stage or any below it.
LAYERS = [
    {"linter", "linter.errors", "linter.resources", "linter.chinese", "linter.document", "linter.findings", "linter.settings",
     "linter.cache", "linter.patterns", "linter.memo"},
    {"linter.read"},
    {"linter.parse"},
    {"linter.packs"},
    {"linter.analyse"},
    {"linter.checks"},
    {"linter.engine"},
    {"linter.output"},
    {"linter.api", "linter.app"},  # the facade for callers and the command line; api reads configurations as app does
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _layer(module: str) -> int:
    for rank, layer in enumerate(LAYERS):
        if module in layer or any(module.startswith(prefix + ".") for prefix in layer if prefix != "linter"):
            return rank
    raise AssertionError(f"{module} belongs to no stage of tests/test_layout.py LAYERS")


def _type_checking_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imports() -> dict[str, set[str]]:
    """module -> the package modules it imports."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_lines(tree)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(tree):
            if getattr(node, "lineno", None) in skip:
                continue
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            found.update(t for t in targets if t in modules and t != name)
        graph[name] = found
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_import_circle():
    assert _cycle(imports()) is None, " -> ".join(_cycle(imports()) or [])


def test_each_stage_imports_only_from_the_stages_before_it():
    wrong = [
        f"{module} ({_layer(module)}) imports {target} ({_layer(target)})"
        for module, targets in imports().items()
        for target in targets
        if _layer(target) > _layer(module)
    ]
    assert wrong == []


def test_each_stage_folder_says_what_goes_in_and_what_comes_out():
    for folder in ("read", "parse", "packs", "analyse", "checks", "app", "output"):
        doc = ast.get_docstring(ast.parse((PACKAGE / folder / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "->" in doc.splitlines()[0], folder


if __name__ == "__main__":  # print the graph, stage by stage
    graph = imports()
    for module in sorted(graph, key=lambda m: (_layer(m), m)):
        print(f"[{_layer(module)}] {module}: {', '.join(sorted(graph[module])) or '—'}")
    cycle = _cycle(graph)
    print("circle: " + " -> ".join(cycle) if cycle else "no import circle", file=sys.stderr)
