"""No module of the product binds a top-level name twice.

The offline judges are many module-level patterns (`_CLAUSE_BREAK`, `_RESULT`, ...); a second one of the same name
silently replaces the first for every function of the module, and ruff does not flag a rebound constant. It happened
once (a new `_CLAUSE_BREAK` in `false_statements.py` changed how `false_quantities` split clauses), and only a
comparison over thousands of real turns showed it."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(path for folder in ("scorers", "trtutor", "tasks", "benchmarks", "training")
                 for path in (ROOT / folder).rglob("*.py"))  # fmt: skip


def top_level_names(tree: ast.Module) -> list[str]:
    """The names a module's own statements bind: assignments, functions and classes (not imports, nor what a
    `try` or `if` binds, where binding a name on either branch is the point)."""
    names = []
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names += [target.id for target in node.targets if isinstance(target, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            names.append(node.target.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.append(node.name)
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_top_level_name_is_bound_twice(path):
    counts = Counter(top_level_names(ast.parse(path.read_text(encoding="utf-8"))))
    assert not [name for name, count in counts.items() if count > 1], path


def test_a_name_bound_twice_is_found():
    tree = ast.parse('import re\n_BREAK = re.compile(",")\ndef f(): pass\n_BREAK = re.compile(";")\n')
    assert Counter(top_level_names(tree))["_BREAK"] == 2
