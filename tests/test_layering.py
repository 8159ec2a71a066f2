"""The architecture is enforced by import-linter (``lint-imports``, run by ``./dev test``).

These tests keep the contracts honest: every package of ``dashboard`` stands in a layer, so a
new package cannot slip past the rules, and the pages stay thin.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "dashboard"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CONFIG = PYPROJECT["tool"]["importlinter"]


def _layered() -> set[str]:
    (layers,) = [c for c in CONFIG["contracts"] if c["type"] == "layers"]
    return {name.strip() for layer in layers["layers"] for name in layer.split("|")}


def test_every_package_of_the_dashboard_stands_in_a_layer():
    parts = {
        f"dashboard.{p.stem}"
        for p in PACKAGE.iterdir()
        if (p.is_dir() and (p / "__init__.py").exists())
        or (p.suffix == ".py" and not p.name.startswith("__"))
    }
    assert parts == _layered()


def test_streamlit_is_forbidden_to_every_package_but_web():
    (contract,) = [c for c in CONFIG["contracts"] if c.get("forbidden_modules") == ["streamlit"]]
    assert set(contract["source_modules"]) == _layered() - {"dashboard.web"}


def test_pages_import_only_streamlit_and_the_dashboard():
    for page in sorted((ROOT / "pages").glob("*.py")):
        roots = set()
        for node in ast.walk(ast.parse(page.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                roots.add(node.module.split(".")[0])
        assert roots <= {"__future__", "streamlit", "dashboard", "pandas"}, page.name


def test_no_module_is_over_400_lines_and_no_page_over_120():
    long_modules = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if len(p.read_text(encoding="utf-8").splitlines()) > 400
    ]
    long_pages = [
        p.name
        for p in (ROOT / "pages").glob("*.py")
        if len(p.read_text(encoding="utf-8").splitlines()) > 120
    ]
    assert long_modules == [] and long_pages == []
