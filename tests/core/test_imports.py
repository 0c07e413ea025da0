"""The package's imports point down: core <- corpus <- rhetoric <- topics <- paper, provenance.py on top.

Read with `ast`, never imported: a module may import its own layer or a lower one, never a higher one; the
package's own modules are imported at module level only (not inside a function); the module graph has no
cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = "policy_rhetoric"
SRC = ROOT / "src" / PACKAGE
LAYERS = ("core", "corpus", "rhetoric", "topics", "paper")
TOP = len(LAYERS)  # provenance.py and __init__.py may import any layer


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def layer(module: str) -> int:
    """Rank of a module's layer (0 = core); modules beside the subpackages rank on top."""
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else TOP


def own_imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, inside a function) for every import of the package's own modules."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(
                child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
            )
            if isinstance(child, ast.Import):
                names = [a.name for a in child.names]
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    raise AssertionError(f"{path}:{child.lineno}: relative import")
                base = child.module or ""
                # `from policy_rhetoric.core import tables` imports the module core.tables
                names = [
                    f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base
                    for a in child.names
                ]
            else:
                names = []
            for name in names:
                if name == PACKAGE or name.startswith(PACKAGE + "."):
                    found.append((name, child.lineno, in_function))
            visit(child, nested)

    visit(tree, False)
    return found


IMPORTS = {module: own_imports(path) for module, path in MODULES.items()}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down(module):
    upward = [
        f"line {line}: {name}" for name, line, _ in IMPORTS[module] if layer(name) > layer(module)
    ]
    assert upward == [], f"{module} imports a higher layer: " + "; ".join(upward)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_imports_of_the_package_inside_functions(module):
    hidden = [f"line {line}: {name}" for name, line, inside in IMPORTS[module] if inside]
    assert hidden == [], f"{module} imports the package inside a function: " + "; ".join(hidden)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imported_modules_exist(module):
    missing = [
        name
        for name, _, _ in IMPORTS[module]
        if name not in MODULES and name.rsplit(".", 1)[0] not in MODULES
    ]
    assert missing == []


def test_no_import_cycles():
    graph = {
        module: sorted({name for name, _, _ in IMPORTS[module] if name in MODULES} - {module})
        for module in MODULES
    }
    state: dict[str, str] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        state[module] = "open"
        stack.append(module)
        for target in graph[module]:
            if state.get(target) == "open":
                cycles.append(stack[stack.index(target) :] + [target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert cycles == [], " | ".join(" -> ".join(c) for c in cycles)


def test_the_layers_are_the_subpackages():
    subpackages = sorted(p.name for p in SRC.iterdir() if (p / "__init__.py").is_file())
    assert subpackages == sorted(LAYERS)
