"""The briefing picture as drawn: decoded PNGs, the texts and names on them, the page layout,
and the command. (What the picture says is tested without drawing in test_briefing_compose.)"""

from __future__ import annotations

import io
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from dashboard import briefing
from dashboard.briefing.figures import BriefingData
from dashboard.domain import contracts, palette
from dashboard.storage import boundaries as geo
from dashboard.storage import bundled

pytest_plugins = ["db_fixtures"]

ROOT = Path(__file__).resolve().parents[1]
CARIBBEAN_UNITS = {"ABW", "CUW", "SXM", "BQ-BO", "BQ-SE", "BQ-SA"}
CARIBBEAN_NAMES = {"Aruba", "Curaçao", "Sint Maarten", "Bonaire", "Sint Eustatius", "Saba"}


def _bundled(name: str) -> pd.DataFrame:
    raw = pd.read_csv(ROOT / "data" / f"{name}.csv", dtype=str, keep_default_na=False)
    typed, problems = contracts.validate(name, raw)
    assert problems == []
    return typed


@pytest.fixture(scope="module")
def data() -> BriefingData:
    """The bundled datasets, read without the store (the regions of the 2024 programme)."""
    return BriefingData(
        tuple(bundled.load_regions("rp2024")),
        bundled.load_members("rp2024"),
        _bundled("commitments"),
        _bundled("aid_themes"),
        _bundled("posts"),
        _bundled("situation"),
        coverage=_bundled("post_coverage"),
    )


@pytest.fixture(scope="module")
def boundaries():
    return geo.load_boundaries("print")


def _spec(**kw) -> briefing.BriefingSpec:
    return briefing.BriefingSpec(classification="Ongerubriceerd", **kw)


def _drawn(spec, boundaries, data):
    content = briefing.compose(spec, data, boundaries)
    return content, briefing.draw(content, boundaries)


def _decode(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png))


def _map_axes(fig):
    (ax,) = [a for a in fig.axes if a.get_label() == "map"]
    return ax


def _map_pixels(fig, image: Image.Image) -> np.ndarray:
    """The RGB pixels inside the map's axes (matplotlib counts y from the bottom)."""
    box = _map_axes(fig).get_window_extent()
    rgb = np.asarray(image.convert("RGB"))
    top, bottom = image.height - int(box.y1), image.height - int(box.y0)
    return rgb[top:bottom, int(box.x0) : int(box.x1)]


def _share_of(pixels: np.ndarray, colour: str) -> float:
    target = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    return float((pixels.reshape(-1, 3) == target).all(axis=1).mean())


def _names(fig) -> dict[str, object]:
    """The unit names drawn on the map, by unit id."""
    return {
        t.get_gid().removeprefix("label:"): t
        for t in _map_axes(fig).texts
        if (t.get_gid() or "").startswith("label:")
    }


def test_caribbean_picture_is_full_hd_not_blank_and_marks_and_names_the_six_units(boundaries, data):
    content, fig = _drawn(_spec(region_id="caribbean", lang="nl"), boundaries, data)
    image = _decode(briefing.to_png(fig))
    assert image.size == (1920, 1080)
    rgb = np.asarray(image.convert("RGB")).reshape(-1, 3).astype(np.uint32)
    packed = rgb[:, 0] << 16 | rgb[:, 1] << 8 | rgb[:, 2]
    assert len(np.unique(packed)) > 50  # not a blank or single-colour picture
    lines = _map_axes(fig).lines
    marked = {line.get_gid().removeprefix("unit:") for line in lines if line.get_gid()}
    assert CARIBBEAN_UNITS <= marked
    assert CARIBBEAN_NAMES <= set(briefing.figure_texts(fig))
    kingdom = _share_of(_map_pixels(fig, image), palette.CATEGORY_COLOURS["kingdom"])
    assert kingdom > 0


def test_country_names_stand_on_every_map_legible_and_never_overlapping(boundaries, data):
    expected = {
        (None, None, "nl"): {"RUS": "Rusland", "CAN": "Canada", "BRA": "Brazilië", "CHN": "China"},
        ("caribbean", None, "en"): {"VEN": "Venezuela", "COL": "Colombia", "ABW": "Aruba"},
        (None, "UKR", "en"): {"UKR": "Ukraine", "RUS": "Russia", "BLR": "Belarus", "POL": "Poland"},
    }
    for (region_id, country, lang), names in expected.items():
        spec = _spec(region_id=region_id, country=country, lang=lang)
        fig = _drawn(spec, boundaries, data)[1]
        fig.canvas.draw()
        drawn = _names(fig)
        assert {i: drawn[i].get_text() for i in names} == names
        boxes = [t.get_window_extent() for t in drawn.values()]
        assert not [(a, b) for a, b in combinations(boxes, 2) if a.overlaps(b)]
        map_box = _map_axes(fig).get_window_extent()
        assert all(map_box.x0 <= b.x0 and b.x1 <= map_box.x1 for b in boxes)
        assert all(t.get_fontsize() >= 8.5 * fig.dpi / 100 for t in drawn.values())
    ukraine = _names(_drawn(_spec(country="UKR"), boundaries, data)[1])["UKR"]
    assert ukraine.get_fontweight() == "bold"


def test_country_picture_fills_the_focus_country_with_its_palette_colour(boundaries, data):
    fig = _drawn(_spec(country="UKR", layer="situation", lang="en"), boundaries, data)[1]
    pixels = _map_pixels(fig, _decode(briefing.to_png(fig)))
    # Ukraine is at war: its fill is the palette's "war" colour, over a good part of the map.
    assert _share_of(pixels, palette.SITUATION_COLOURS["war"]) > 0.05
    assert _share_of(pixels, palette.TEXT) > 0.001  # the focus outline


def test_picture_texts_name_the_view_sources_date_disclaimer_once_and_marking(boundaries, data):
    spec = _spec(region_id="eastern_europe", layer="commitments", lang="nl", as_of="2025-12-08")
    content, fig = _drawn(spec, boundaries, data)
    texts = briefing.figure_texts(fig)
    assert "Oekraïne en oostelijk nabuurschap" in texts
    assert any(s.startswith("Kaartlaag: Toezeggingen") for s in texts)
    assert "Stand per 8 december 2025" in texts
    assert texts.count("ONGERUBRICEERD") == 2
    assert any(s.startswith("Bronnen: Regeerprogramma 2024;") for s in texts)
    assert sum("Natural Earth" in s for s in texts) == 1
    assert sum("world-atlas 2.0.2" in s for s in texts) == 1
    assert "Kerncijfers" in texts


def test_every_word_of_every_key_figure_and_of_the_sources_is_drawn(boundaries, data):
    for spec in (
        _spec(country="UKR", lang="nl"),
        _spec(country="PSE", lang="en", size="a4-portrait"),
        _spec(lang="en", size="a4"),
    ):
        content, fig = _drawn(spec, boundaries, data)
        drawn = " ".join(briefing.figure_texts(fig))
        for figure in content.key_figures:
            assert figure.label in drawn and figure.source in drawn, figure
        assert content.sources in drawn and content.disclaimer in drawn
        assert "…" not in drawn


def _longest_blank_band(image: Image.Image, top: int, bottom: int) -> int:
    """The most consecutive rows between ``top`` and ``bottom`` that are white edge to edge."""
    rgb = np.asarray(image.convert("L"))[top:bottom]
    blank = (rgb >= 250).all(axis=1)
    longest = run = 0
    for row in blank:
        run = run + 1 if row else 0
        longest = max(longest, run)
    return longest


@pytest.mark.parametrize("size", ["screen", "a4", "a4-portrait"])
def test_a_world_map_is_fitted_to_the_page_without_a_wide_empty_band(boundaries, data, size):
    content, fig = _drawn(_spec(size=size), boundaries, data)
    image = _decode(briefing.to_png(fig))
    box = _map_axes(fig).get_window_extent()
    map_top = image.height - int(box.y1)
    footer = min(
        image.height - int(t.get_window_extent().y1)
        for t in fig.texts
        if t.get_text().startswith("Bronnen")
    )
    assert _longest_blank_band(image, map_top, footer) < 0.1 * image.height


def test_a4_pictures_are_300_dpi_landscape_or_portrait_and_render_the_same_twice(boundaries, data):
    for size, pixels in (("a4", (3508, 2480)), ("a4-portrait", (2480, 3508))):
        spec = _spec(country="SXM", size=size, lang="en")
        first = briefing.render(spec, boundaries, data)
        image = _decode(first)
        assert image.size == pixels
        assert round(image.info["dpi"][0]) == 300
        assert "Software" not in image.info
        assert briefing.render(spec, boundaries, data) == first


def test_a_portrait_page_sets_the_map_across_the_width_above_legend_and_figures(boundaries, data):
    content, fig = _drawn(_spec(country="UKR", size="a4-portrait"), boundaries, data)
    fig.canvas.draw()
    box = _map_axes(fig).get_window_extent()
    assert box.width > 0.9 * fig.bbox.width
    heading = next(t for t in fig.texts if t.get_text() == content.key_figures_title)
    assert heading.get_window_extent().y1 < box.y0  # under the map


def test_every_briefing_module_but_the_composing_ones_is_forbidden_text_and_settings():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [
        c
        for c in config["tool"]["importlinter"]["contracts"]
        if "dashboard.briefing.draw" in c.get("source_modules", [])
    ]
    composing = {"__init__", "spec", "figures", "compose", "map_content"}
    drawing = {
        f"dashboard.briefing.{p.stem}"
        for p in (ROOT / "src" / "dashboard" / "briefing").glob("*.py")
        if p.stem not in composing
    }
    assert set(contract["source_modules"]) == drawing
    assert {"dashboard.text", "dashboard.settings"} <= set(contract["forbidden_modules"])
    assert contract["allow_indirect_imports"] is False


# --- the command ------------------------------------------------------------------------

cli = pytest.importorskip("dashboard.cli", reason="the CLI package (dashboard/cli) is absent")


def test_briefing_command_writes_the_png(app_store, tmp_path, capsys):
    out = tmp_path / "caribbean.png"
    assert cli.main(["briefing", "--region", "caribbean", "--lang", "en", "--out", str(out)]) == 0
    assert _decode(out.read_bytes()).size == (1920, 1080)
    assert capsys.readouterr().out.strip() == str(out)


def test_briefing_command_writes_an_a4_portrait_note_page(app_store, tmp_path):
    out = tmp_path / "ukr.png"
    command = ["briefing", "--country", "UKR", "--size", "a4-portrait", "--out", str(out)]
    assert cli.main(command) == 0
    assert _decode(out.read_bytes()).size == (2480, 3508)


def test_briefing_command_lists_known_regions_for_an_unknown_one(tmp_path, capsys):
    assert cli.main(["briefing", "--region", "atlantis", "--out", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert "unknown region 'atlantis'" in err and "caribbean" in err
    assert not (tmp_path / "x.png").exists()


def test_briefing_command_briefs_a_published_indicator_and_lists_layers_for_an_unknown_one(
    app_store, tmp_path, capsys
):
    from dashboard.services import auth, updates

    rows = "land;bbp_per_inwoner;source;source_url;source_date\nOekraïne;5.181,5;CBS;;2025\n"
    checked = updates.check("gdp_pc", "bbp.csv", rows.encode("utf-8"))
    updates.publish(auth.Account("ann", "analyst"), checked, "new indicator", st=app_store)
    out = tmp_path / "gdp.png"
    layer = "indicator:gdp_pc:bbp_per_inwoner"
    assert cli.main(["briefing", "--layer", layer, "--out", str(out)]) == 0
    assert _decode(out.read_bytes()).size == (1920, 1080)
    capsys.readouterr()
    assert cli.main(["briefing", "--layer", "indicator:gdp_pc:x", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "unknown layer 'indicator:gdp_pc:x'" in err and layer in err


def test_briefing_batch_writes_one_file_per_region(app_store, tmp_path, monkeypatch):
    from dashboard.cli import briefing as command

    monkeypatch.setattr(command.briefing, "render", lambda spec, *a: spec.view.encode())
    argv = ["briefing", "--all-regions", "--layer", "aid", "--lang", "en"]
    assert cli.main([*argv, "--out-dir", str(tmp_path / "out")]) == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(f"briefing-{r.region_id}-aid-en.png" for r in bundled.load_regions())
