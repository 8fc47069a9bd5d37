"""The demo app is the top layer: no product module, no other app's test and no browser journey imports
it (bench/ may: benchmarks load the demo as tools do). Other code finds demo records by `is_demo`."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "td2035" / "demo"


def _imports_demo(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            if any(a.name == "td2035.demo" or a.name.startswith("td2035.demo.") for a in node.names):
                return True
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "td2035.demo" or node.module.startswith("td2035.demo."):
                return True
            if node.module == "td2035" and any(a.name == "demo" for a in node.names):
                return True
    return False


def test_no_module_outside_the_demo_app_imports_it() -> None:
    sources = [*(ROOT / "td2035").rglob("*.py"), *(ROOT / "e2e").rglob("*.py"), ROOT / "conftest.py"]
    offenders = [
        str(path.relative_to(ROOT))
        for path in sources
        if DEMO not in path.parents and _imports_demo(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert offenders == []


def test_the_check_sees_every_form_of_import() -> None:
    for text in ("import td2035.demo", "from td2035.demo.people import ORG_ADMIN", "from td2035 import demo"):
        assert _imports_demo(ast.parse(text)), text
    assert not _imports_demo(ast.parse("import td2035.demography"))
