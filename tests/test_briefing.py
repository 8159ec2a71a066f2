"""The briefing picture: decoded PNGs, the texts on them, the key figures and the command."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from dashboard.briefing import spec as briefing
from dashboard.briefing.figures import BriefingData, short_source
from dashboard.domain import contracts, palette, regions
from dashboard.maps import figure as maps
from dashboard.storage import boundaries as geo
from dashboard.storage import bundled
from dashboard.text import fmt
from dashboard.text.i18n import t

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
    """The bundled datasets, read without the store."""
    return BriefingData(
        tuple(bundled.load_regions()),
        bundled.load_members(),
        _bundled("commitments"),
        _bundled("aid_themes"),
        _bundled("posts"),
        _bundled("situation"),
    )


@pytest.fixture(scope="module")
def boundaries():
    return geo.load_boundaries("print")


def _figure(spec, boundaries, data, as_of="2025-12-08"):
    units = maps.unit_table(boundaries)
    rows = briefing.view_rows(spec, data)
    return briefing.compose_figure(
        spec,
        boundaries,
        briefing.view_layer(spec, units, data),
        briefing.key_figures(spec, data),
        briefing.view_sources(rows, spec.layer),
        as_of,
        data,
    )


def _decode(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png))


def _map_pixels(fig, image: Image.Image) -> np.ndarray:
    """The RGB pixels inside the map's axes (matplotlib counts y from the bottom)."""
    (ax,) = [a for a in fig.axes if a.get_label() == "map"]
    box = ax.get_window_extent()
    rgb = np.asarray(image.convert("RGB"))
    top, bottom = image.height - int(box.y1), image.height - int(box.y0)
    return rgb[top:bottom, int(box.x0) : int(box.x1)]


def _share_of(pixels: np.ndarray, colour: str) -> float:
    target = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    return float((pixels.reshape(-1, 3) == target).all(axis=1).mean())


def test_caribbean_picture_is_full_hd_not_blank_and_marks_and_names_the_six_units(boundaries, data):
    spec = briefing.BriefingSpec(region_id="caribbean", lang="nl")
    fig = _figure(spec, boundaries, data)
    image = _decode(briefing.to_png(fig))
    assert image.size == (1920, 1080)
    rgb = np.asarray(image.convert("RGB")).reshape(-1, 3).astype(np.uint32)
    packed = rgb[:, 0] << 16 | rgb[:, 1] << 8 | rgb[:, 2]
    assert len(np.unique(packed)) > 50  # not a blank or single-colour picture
    (ax,) = [a for a in fig.axes if a.get_label() == "map"]
    marked = {line.get_gid().removeprefix("unit:") for line in ax.lines if line.get_gid()}
    assert CARIBBEAN_UNITS <= marked
    assert CARIBBEAN_NAMES <= set(briefing.figure_texts(fig))
    kingdom = _share_of(_map_pixels(fig, image), palette.CATEGORY_COLOURS["kingdom"])
    assert kingdom > 0


def test_country_picture_fills_the_focus_country_with_its_palette_colour(boundaries, data):
    spec = briefing.BriefingSpec(country="UKR", layer="situation", lang="en")
    fig = _figure(spec, boundaries, data)
    pixels = _map_pixels(fig, _decode(briefing.to_png(fig)))
    # Ukraine is at war: its fill is the palette's "war" colour, over a good part of the map.
    assert _share_of(pixels, palette.SITUATION_COLOURS["war"]) > 0.05
    assert _share_of(pixels, palette.TEXT) > 0.001  # the focus outline


def test_picture_texts_name_the_view_sources_date_disclaimer_and_marking(boundaries, data):
    spec = briefing.BriefingSpec(region_id="eastern_europe", layer="commitments", lang="nl")
    texts = briefing.figure_texts(_figure(spec, boundaries, data, as_of="2025-12-08"))
    assert "Oekraïne en oostelijk nabuurschap" in texts
    assert any(s.startswith("Kaartlaag: Toezeggingen") for s in texts)
    assert "Stand per 8 december 2025" in texts
    assert texts.count("ONGERUBRICEERD") == 2
    sources = " ".join(s for s in texts if "Bronnen:" in s or "Natural Earth 4.1 (" in s)
    assert sources.startswith("Bronnen: Regeerprogramma 2024")
    assert "world-atlas 2.0.2" in sources
    assert any(t("boundary_disclaimer", "nl").split(";")[0] in s for s in texts)
    assert "Kerncijfers" in texts


def test_marking_comes_from_the_setting_in_the_chosen_language(boundaries, data, monkeypatch):
    monkeypatch.setenv("DASHBOARD_CLASSIFICATION", "Departementaal vertrouwelijk|Confidential")
    assert briefing.BriefingSpec(lang="nl").marking == "Departementaal vertrouwelijk"
    spec = briefing.BriefingSpec(region_id="caribbean", lang="en")
    assert briefing.figure_texts(_figure(spec, boundaries, data)).count("CONFIDENTIAL") == 2
    assert briefing.BriefingSpec(classification="Intern").marking == "Intern"


def test_a4_picture_is_landscape_at_300_dpi_and_renders_the_same_twice(boundaries, data):
    spec = briefing.BriefingSpec(country="SXM", size="a4", lang="en")
    first = briefing.briefing(spec, boundaries, data)
    image = _decode(first)
    assert image.size == (3508, 2480)
    assert round(image.info["dpi"][0]) == 300
    assert "Software" not in image.info
    assert briefing.briefing(spec, boundaries, data) == first


def test_spec_rejects_unknown_layer_language_size_and_malformed_country():
    for bad in (dict(layer="roads"), dict(lang="de"), dict(size="a3"), dict(country="ukr")):
        with pytest.raises(ValueError, match=next(iter(bad))):
            briefing.BriefingSpec(**bad)
    assert (
        briefing.BriefingSpec(region_id="caribbean", layer="aid", lang="en").file_name()
        == "briefing-caribbean-aid-en.png"
    )


# --- key figures, from hand-made rows ---------------------------------------------------


def _rows(**columns) -> pd.DataFrame:
    return pd.DataFrame(columns)


def _hand_made() -> BriefingData:
    region = regions.Region("east", "Oost", "East", (20, 50), (37, 57), "Regeerprogramma 2024, h9a")
    members = _rows(
        region_id=["east", "east", "east"],
        iso3=["UKR", "MDA", "GEO"],
        role=["named", "named", "member"],
    )
    commitments = _rows(
        commitment_id=["a", "b", "c", "d"],
        iso3=["UKR", "UKR", None, "FRA"],
        group=[None, None, "east", None],
        instrument=["military", "financial", "diplomatic", "trade"],
        description_nl=["steun", "lening", "inzet", "x"],
        description_en=["aid", "loan", "x", "x"],
        amount_eur=pd.array([3_500_000_000, 700_000_000, None, 5], dtype="Int64"),
        source=['Rijksoverheid, "A"', 'Metro (ANP), "B"', 'Tweede Kamer, "C"', "X"],
        source_date=["2025-09-11", "2025-12-08", "2024-09-13", "2025-01-01"],
    )
    posts = _rows(
        post_id=["kyiv", "bucharest", "tbilisi"],
        iso3=["UKR", "ROU", "GEO"],
        covers=[None, "MDA", None],
        status=["open", "open", "closure_announced"],
        type=["embassy"] * 3,
        source=['NOS, "a"', 'NOS, "b"', 'BZ, "c"'],
        source_date=["2022-04-29", "2022-07-15", "2025-01-01"],
    )
    situation = _rows(
        iso3=["UKR", "MDA"],
        level=["war", "tense"],
        assessed_on=["2025-12-08", "2025-02-04"],
        source=['Metro (ANP), "x"', 'DLF, "y"'],
        source_date=["2025-12-08", "2025-02-04"],
    )
    aid = _rows(iso3=[], group=[], theme=[], source=[], source_date=[])
    return BriefingData((region,), members, commitments, aid, posts, situation)


def test_region_key_figures_count_sourced_rows_and_never_sum_amounts():
    data = _hand_made()
    figures = briefing.key_figures(briefing.BriefingSpec(region_id="east", lang="en"), data)
    assert [f.value for f in figures] == ["3", "3", "1", "1"]
    assert figures[0].label == "countries in the region, 2 named in the programme"
    assert figures[1].label == "commitments, 2 with a public euro figure"
    assert figures[1].source == "3 sources, latest 8 December 2025"
    assert figures[2].label == "open posts; 1 closure announced"
    assert figures[3].label == "countries at war or in armed conflict, of 2 assessed"
    shown = " ".join(" ".join(f) for f in figures)
    assert "4.2" not in shown and "4,2" not in shown  # 3.5 bn + 0.7 bn is no sourced figure


def test_country_key_figures_show_one_rows_amount_with_its_source_and_date():
    data = _hand_made()
    figures = briefing.key_figures(briefing.BriefingSpec(country="UKR", lang="nl"), data)
    values = [f.value for f in figures]
    assert values == ["2", "1", "Oorlog", "€\u00a0700\u00a0mln."]
    assert figures[0].label == "toezeggingen aan dit land: financieel 1, militair 1"
    assert figures[2].source == "beoordeeld op 8 december 2025 · Metro (ANP)"
    assert figures[3].source == "Metro (ANP), 8 december 2025"
    moldova = briefing.key_figures(briefing.BriefingSpec(country="MDA", lang="en"), data)
    assert moldova[1].value == "1"  # covered from Bucharest
    assert moldova[1].label == "posts covering this country: 0 in it, 1 from elsewhere"


def test_dates_and_sources_are_written_for_people():
    assert fmt.date("2025-12-08", "nl") == "8 december 2025"
    assert fmt.date("2023-04", "en") == "April 2023"
    assert fmt.date("2024", "nl") == "2024"
    assert short_source('Tweede Kamer, "Beleidsbrief (Kamerstuk 36 180)"') == "Tweede Kamer"
    assert (
        short_source('Regeerprogramma 2024, h9a Internationale veiligheid, "Wat…"')
        == "Regeerprogramma 2024"
    )


# --- the command ------------------------------------------------------------------------

cli = pytest.importorskip("dashboard.cli", reason="the CLI package (dashboard/cli) is absent")


def test_briefing_command_writes_the_png(app_store, tmp_path, capsys):
    out = tmp_path / "caribbean.png"
    assert cli.main(["briefing", "--region", "caribbean", "--lang", "en", "--out", str(out)]) == 0
    assert _decode(out.read_bytes()).size == (1920, 1080)
    assert capsys.readouterr().out.strip() == str(out)


def test_briefing_command_lists_known_regions_for_an_unknown_one(tmp_path, capsys):
    assert cli.main(["briefing", "--region", "atlantis", "--out", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert "unknown region 'atlantis'" in err and "caribbean" in err
    assert not (tmp_path / "x.png").exists()


def test_briefing_batch_writes_one_file_per_region(app_store, tmp_path, monkeypatch):
    from dashboard.cli import briefing as command

    monkeypatch.setattr(command.briefing, "briefing", lambda spec, *a: spec.view.encode())
    assert (
        cli.main(
            [
                "briefing",
                "--all-regions",
                "--layer",
                "aid",
                "--lang",
                "en",
                "--out-dir",
                str(tmp_path / "out"),
            ]
        )
        == 0
    )
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(f"briefing-{r.region_id}-aid-en.png" for r in bundled.load_regions())
