"""core is the bottom layer: it imports Django and libraries, never another td2035 app."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_core_imports_no_other_td2035_app() -> None:
    upward = {
        f"{path.relative_to(CORE)}: {name}"
        for path in CORE.rglob("*.py")
        if "tests" not in path.relative_to(CORE).parts
        for name in imported_modules(path)
        if name.split(".")[0] == "td2035" and name.split(".")[1:2] != ["core"]
    }
    assert not upward
