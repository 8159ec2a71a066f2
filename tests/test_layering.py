"""Pure modules (joins, validation, figures) import neither streamlit nor requests."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "dashboard"

# The adapters that may touch the UI or the network; every other module is pure.
ADAPTERS = {"web.py", "web_auth.py", "web_briefing.py",
            "http.py", "worldbank.py", "reliefweb.py"}  # connectors/: the network
FORBIDDEN = {"streamlit", "requests"}


def _imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


PURE_MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name not in ADAPTERS)


def test_the_package_has_pure_modules_to_check():
    names = {p.name for p in PURE_MODULES}
    assert {"maps.py", "regions.py", "geo.py"} <= names


@pytest.mark.parametrize("module", PURE_MODULES, ids=lambda p: p.name)
def test_pure_module_imports_neither_streamlit_nor_requests(module):
    assert _imported_roots(module) & FORBIDDEN == set()


def test_the_layering_check_catches_a_streamlit_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import pandas\nfrom streamlit import cache_data\n", encoding="utf-8")
    assert _imported_roots(bad) & FORBIDDEN == {"streamlit"}
