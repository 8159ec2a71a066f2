"""Settings are declared once, documented, and overridable from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented_in_the_readme_with_its_help(setting):
    assert f"| `{setting.name}` |" in README
    assert setting.help.strip()


def test_a_setting_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("DASHBOARD_STATIC_URL", "dashboard/app/static/")
    url = settings.static_url("geo/countries.geojson")
    assert url == "dashboard/app/static/geo/countries.geojson"


def test_an_unknown_setting_is_refused_with_the_known_ones_listed():
    with pytest.raises(KeyError, match="unknown setting 'DASHBOARD_NOPE'.*DASHBOARD_ROOT"):
        settings.get("DASHBOARD_NOPE")
