from __future__ import annotations

import ast
from pathlib import Path

import podium.scheduling

PACKAGE = Path(podium.scheduling.__file__).parent


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "__import__":
            names.update(str(a.value) for a in node.args if isinstance(a, ast.Constant))
    return names


def test_the_scheduler_imports_no_django() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) >= 7

    for path in files:
        for name in imported_modules(path):
            assert not str(name).startswith("django"), f"{path.name} imports {name}"


def test_the_scheduler_imports_nothing_else_from_podium() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        for name in imported_modules(path):
            if str(name).startswith("podium"):
                assert str(name).startswith("podium.scheduling"), f"{path.name} imports {name}"
