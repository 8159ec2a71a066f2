"""Composing a briefing, without drawing it: the content value holds every text, figure,
legend entry and map colour, and each of them is checked here as a plain value."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard import briefing
from dashboard.briefing.compose import sources_line
from dashboard.briefing.figures import BriefingData, whole_text
from dashboard.domain import contracts, palette, regions
from dashboard.domain.citations import region_documents, short_source
from dashboard.maps import figure as maps
from dashboard.services import briefings
from dashboard.storage import boundaries as geo
from dashboard.storage import bundled
from dashboard.text import fmt
from dashboard.text.i18n import label

ROOT = Path(__file__).resolve().parents[1]
MARK = "Ongerubriceerd"


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
    return briefing.BriefingSpec(classification=MARK, **kw)


# --- the country stands out ---------------------------------------------------------------


def test_a_ukraine_briefing_shows_a_layer_where_ukraine_differs_from_russia_and_belarus(
    data, boundaries
):
    content = briefing.compose(_spec(country="UKR", lang="en"), data, boundaries)
    fills = content.map.fills
    assert content.layer == "commitments"
    assert fills["UKR"] == palette.COMMITMENT_COLOURS["10+"]
    assert fills["UKR"] not in {fills["RUS"], fills["BLR"], fills["MDA"], fills["POL"]}
    assert content.subtitle.startswith("Map layer: Commitments")
    # On the priorities the three share one blue: that is why they are not the default.
    priorities = briefing.compose(_spec(country="UKR", layer="priority"), data, boundaries)
    assert priorities.map.fills["UKR"] == priorities.map.fills["RUS"] == priorities.map.fills["BLR"]


def test_a_country_that_already_stands_out_on_the_priorities_keeps_them(data, boundaries):
    content = briefing.compose(_spec(country="ABW"), data, boundaries)
    assert content.layer == "priority"
    assert content.map.fills["ABW"] == palette.CATEGORY_COLOURS["kingdom"]
    assert content.map.focus == ("ABW",)


def test_a_chosen_layer_is_kept_even_where_the_country_blends_in(data, boundaries):
    content = briefing.compose(_spec(country="UKR", layer="situation"), data, boundaries)
    assert content.layer == "situation"
    assert content.map.fills["UKR"] == content.map.fills["RUS"] == palette.SITUATION_COLOURS["war"]


# --- texts whole, once, by their publishers -----------------------------------------------


def test_a_long_description_is_shortened_to_whole_sentences_never_cut_mid_word():
    aside = "Het kabinet maakt 700 miljoen euro vrij (500 miljoen via Defensie, 200 via BZ)."
    assert whole_text(aside, 60) == "Het kabinet maakt 700 miljoen euro vrij."
    two = "Eerste zin over de steun aan Oekraïne. Tweede zin met meer uitleg over de levering."
    assert whole_text(two, 50) == "Eerste zin over de steun aan Oekraïne."
    assert whole_text("Een zin zonder einde " * 10, 60) is None
    assert whole_text("  kort   genoeg ", 60) == "kort genoeg"


def test_an_amount_whose_description_is_too_long_is_named_by_its_instrument():
    data = _hand_made(description="Een heel lange zin zonder punt " * 8)
    figures = briefing.key_figures(_spec(country="UKR", lang="nl"), data)
    assert figures[-1] == (
        "€\u00a0700\u00a0mln.",
        "laatst genoemd bedrag: financieel",
        "Metro, 8 december 2025",
    )


def test_no_key_figure_of_any_country_ends_mid_word(data, boundaries):
    countries = sorted(set(data.members["iso3"]) | set(data.commitments["iso3"].dropna()))
    for iso3 in countries:
        for lang in ("nl", "en"):
            for figure in briefing.key_figures(_spec(country=iso3, lang=lang), data):
                for text in figure:
                    assert "…" not in text and not text.endswith(("-", ",")), (iso3, text)
            amounts = data.commitments[
                (data.commitments["iso3"] == iso3) & data.commitments["amount_eur"].notna()
            ]
            if amounts.empty:
                continue
            last = briefing.key_figures(_spec(country=iso3, lang=lang), data)[-1]
            what = last.label.split(": ", 1)[1]
            # A description too long even as its first sentence is named by its instrument.
            described = {
                whole_text(d) or label("instrument", i, lang)
                for d, i in zip(amounts[f"description_{lang}"], amounts["instrument"], strict=True)
            }
            assert what in described, (iso3, what)


def test_the_boundary_disclaimer_appears_once_and_the_sources_line_names_no_boundaries(
    data, boundaries
):
    for spec in (_spec(), _spec(region_id="caribbean", lang="en"), _spec(country="UKR")):
        texts = briefing.compose(spec, data, boundaries).texts()
        assert sum("Natural Earth" in s for s in texts) == 1
        assert sum("world-atlas" in s for s in texts) == 1


def test_sources_are_named_by_their_publishers_without_asides(data, boundaries):
    euromaidan = 'Euromaidan Press (via RSS-aggregator), "Netherlands…"'
    assert short_source(euromaidan) == "Euromaidan Press"
    assert short_source('Rijksoverheid (ministerie van Buitenlandse Zaken), "x"') == "Rijksoverheid"
    assert short_source('IGIHE (over Kamerbrief Adequaat postennet, 17 april 2025), "x"') == "IGIHE"
    assert short_source('Metro (ANP), "Kabinet maakt 700 miljoen vrij"') == "Metro"
    sources = briefing.compose(_spec(country="UKR"), data, boundaries).sources
    assert "Ukrainska Pravda;" in sources
    assert "(" not in sources and "via" not in sources


def test_the_sources_line_lists_whole_publishers_within_its_budget_then_counts_the_rest():
    names = [f"Uitgever {i}" for i in range(1, 40)]
    line = sources_line(names, "nl", budget=80)
    assert len(line) <= 80
    assert line.startswith("Bronnen: Uitgever 1; Uitgever 2;")
    shown = line.removeprefix("Bronnen: ").split("; ")[:-1]
    assert line.endswith(f"; en {len(names) - len(shown)} andere.")
    assert sources_line(["A", "B"], "en") == "Sources: A; B."


def test_the_marking_is_required_and_comes_from_the_setting_through_the_service(
    data, boundaries, monkeypatch
):
    with pytest.raises(ValueError, match="classification marking"):
        briefing.compose(briefing.BriefingSpec(), data, boundaries)
    monkeypatch.setenv("DASHBOARD_CLASSIFICATION", "Departementaal vertrouwelijk|Confidential")
    assert briefings.spec(lang="nl").classification == "Departementaal vertrouwelijk"
    spec = briefings.spec(region_id="caribbean", lang="en")
    assert briefing.compose(spec, data, boundaries).texts().count("CONFIDENTIAL") == 2
    monkeypatch.setenv("DASHBOARD_CLASSIFICATION", "Intern")
    assert briefings.spec(lang="en").classification == "Intern"


# --- an indicator briefed as that indicator -----------------------------------------------


def _indicator() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "iso3": ["UKR", "MDA", "ROU", "POL", "BLR", "FRA"],
            "population": [37.0, 2.4, 19.0, 36.6, 9.1, 68.4],
            "population_year": pd.array([2024, 2024, 2024, 2023, 2024, 2024], dtype="Int64"),
            "source": ["World Bank, WDI (SP.POP.TOTL)"] * 6,
            "source_url": ["https://api.worldbank.org/v2"] * 6,
            "source_date": ["2025-07-01"] * 5 + ["2026-11-29"],
        }
    )


def test_an_indicator_layer_is_briefed_with_the_indicators_legend_figure_and_source(
    data, boundaries
):
    with_indicator = BriefingData(**{**data.__dict__, "indicators": {"wb": _indicator()}})
    key = "indicator:wb:population"
    content = briefing.compose(_spec(layer=key, lang="en"), with_indicator, boundaries)
    units = maps.unit_table(boundaries.reset_index(drop=True))
    assert content.layer == key
    assert content.legend.title == "Population"
    assert [e.label for e in content.legend.entries] == [
        "2.40 – 9.10",
        "9.10 – 19",
        "19 – 36.60",
        "36.60 – 37",
        "37 – 68.40",
        "No value",
        "small area, marked",  # the Kingdom's Caribbean units are always marked
    ]
    assert content.map.fills["MDA"] == palette.INDICATOR_COLOURS["q1"]
    assert content.map.fills["USA"] == palette.INDICATOR_COLOURS["no_value"]
    assert len(content.map.fills) == len(units)
    assert content.subtitle == "Map layer: Population"
    assert content.key_figures[-1] == (
        "6",
        "countries with a value for population",
        "1 source, 29 November 2026",
    )
    # The African regions rest on the development policy letter, named after the programme.
    assert content.sources.startswith(
        "Sources: Regeerprogramma 2024; Beleidsbrief Ontwikkelingshulp; World Bank;"
    )
    assert content.as_of == "As of 29 November 2026"  # the newest source is the indicator
    country = briefing.compose(
        _spec(country="MDA", layer=key, lang="nl"), with_indicator, boundaries
    )
    assert country.key_figures[-1] == ("2,40", "Bevolking (2024)", "World Bank, 1 juli 2025")
    assert briefing.BriefingSpec(layer=key, lang="nl").file_name() == (
        "briefing-world-indicator-wb-population-nl.png"
    )


def test_an_indicator_layer_without_its_data_is_refused_by_name(data, boundaries):
    with pytest.raises(KeyError, match="indicator 'wb' is not among the data"):
        briefing.compose(_spec(layer="indicator:wb:population"), data, boundaries)


# --- the map's names ----------------------------------------------------------------------


def test_map_names_come_focus_first_then_the_kingdom_then_highlighted_units_by_area(
    data, boundaries
):
    ukr = briefing.compose(_spec(country="UKR", lang="nl"), data, boundaries).map.labels
    assert (ukr[0].unit_id, ukr[0].text, ukr[0].emphasis) == ("UKR", "Oekraïne", True)
    assert not any(label.emphasis for label in ukr[1:])
    caribbean = briefing.compose(_spec(region_id="caribbean"), data, boundaries).map.labels
    ids = [label.unit_id for label in caribbean]
    assert set(ids[:6]) == {"ABW", "CUW", "SXM", "BQ-BO", "BQ-SE", "BQ-SA"}
    # Venezuela is a neighbour of the Caribbean parts, not a member: not highlighted first.
    units = maps.unit_table(boundaries.reset_index(drop=True)).set_index("unit_id")
    rest = [units.loc[i, "area_deg2"] for i in ids[6:]]
    assert rest == sorted(rest, reverse=True)


def test_a_world_briefing_lists_each_region_with_its_countries(data, boundaries):
    content = briefing.compose(_spec(lang="en"), data, boundaries)
    assert [r.name for r in content.regions] == [r.name("en") for r in data.regions]
    east = content.regions[0]
    assert east.countries.startswith("named: Armenia, Belarus, Moldova, Russia, Ukraine")
    assert briefing.compose(_spec(region_id="caribbean"), data, boundaries).regions == ()


# --- key figures, from hand-made rows -----------------------------------------------------


def _rows(**columns) -> pd.DataFrame:
    return pd.DataFrame(columns)


def _hand_made(description: str = "lening") -> BriefingData:
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
        description_nl=["steun", description, "inzet", "x"],
        description_en=["aid", "loan", "x", "x"],
        amount_eur=pd.array([3_500_000_000, 700_000_000, None, 5], dtype="Int64"),
        source=['Rijksoverheid, "A"', 'Metro (ANP), "B"', 'Tweede Kamer, "C"', "X"],
        source_date=["2025-09-11", "2025-12-08", "2024-09-13", "2025-01-01"],
    )
    posts = _rows(
        post_id=["kyiv", "bucharest", "tbilisi"],
        iso3=["UKR", "ROU", "GEO"],
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
    coverage = _rows(
        post_id=["kyiv", "bucharest", "bucharest", "tbilisi"],
        iso3=["UKR", "ROU", "MDA", "GEO"],
        role=["resident", "resident", "side_accredited", "resident"],
    )
    return BriefingData((region,), members, commitments, aid, posts, situation, coverage=coverage)


def test_region_key_figures_count_sourced_rows_and_never_sum_amounts():
    data = _hand_made()
    figures = briefing.key_figures(_spec(region_id="east", lang="en"), data)
    assert [f.value for f in figures] == ["3", "3", "1", "1"]
    assert figures[0].label == "countries in the region, 2 named in the programme"
    assert figures[1].label == "commitments, 2 with a public euro figure"
    assert figures[1].source == "3 sources, latest 8 December 2025"
    assert figures[2].label == "open posts; 1 closure announced"
    assert figures[3].label == "countries at war or in armed conflict, of 2 assessed"
    shown = " ".join(" ".join(f) for f in figures)
    assert "4.2" not in shown and "4,2" not in shown  # 3.5 bn + 0.7 bn is no sourced figure


def test_country_key_figures_show_one_rows_amount_with_its_publisher_and_date():
    data = _hand_made()
    figures = briefing.key_figures(_spec(country="UKR", lang="nl"), data)
    assert [f.value for f in figures] == ["2", "1", "Oorlog", "€\u00a0700\u00a0mln."]
    assert figures[0].label == "toezeggingen aan dit land of gebied: financieel 1, militair 1"
    assert figures[2].source == "beoordeeld op 8 december 2025 · Metro"
    assert figures[3] == (
        "€\u00a0700\u00a0mln.",
        "laatst genoemd bedrag: lening",
        "Metro, 8 december 2025",
    )
    moldova = briefing.key_figures(_spec(country="MDA", lang="en"), data)
    assert moldova[1].value == "1"  # covered from Bucharest
    assert moldova[1].label == "posts covering this country or territory: 0 in it, 1 from elsewhere"


def test_dates_and_sources_are_written_for_people():
    assert fmt.date("2025-12-08", "nl") == "8 december 2025"
    assert fmt.date("2023-04", "en") == "April 2023"
    assert fmt.date("2024", "nl") == "2024"
    assert short_source('Tweede Kamer, "Beleidsbrief (Kamerstuk 36 180)"') == "Tweede Kamer"
    assert (
        short_source('Regeerprogramma 2024, h9a Internationale veiligheid, "Wat…"')
        == "Regeerprogramma 2024"
    )


# --- the spec -----------------------------------------------------------------------------


def test_spec_rejects_unknown_layer_language_size_date_and_malformed_country():
    bad = (
        dict(layer="roads"),
        dict(layer="indicator:wb"),
        dict(lang="de"),
        dict(size="a3"),
        dict(country="ukr"),
        dict(as_of="8-12-2025"),
    )
    for kw in bad:
        with pytest.raises(ValueError, match=next(iter(kw))):
            briefing.BriefingSpec(**kw)


def test_file_names_say_view_layer_language_and_page():
    spec = briefing.BriefingSpec
    assert spec(region_id="caribbean", layer="aid", lang="en").file_name() == (
        "briefing-caribbean-aid-en.png"
    )
    assert spec(region_id="caribbean").file_name() == "briefing-caribbean-priority-nl.png"
    assert spec(country="UKR", size="a4-portrait").file_name() == "briefing-ukr-nl-a4-portrait.png"


def _advice() -> pd.DataFrame:
    """Travel advice in the form ``refresh traveladvice`` stores it (contract ``travel_advice``)."""
    raw = pd.DataFrame(
        {
            "iso3": ["UKR", "MDA", "ARM"],
            "colour": ["red", "orange", "yellow"],
            "parts_differ": ["false", "true", "false"],
            "changed_on": ["2026-11-28", "2026-10-02", "2026-06-15"],
            "url": [f"https://www.nederlandwereldwijd.nl/reisadvies/{c}" for c in "abc"],
            "fetched_at": ["2026-11-29T08:00:00+00:00"] * 3,
        }
    )
    typed, problems = contracts.validate("travel_advice", raw)
    assert problems == []
    return typed


def content_regions(data: BriefingData) -> list[list[str]]:
    return [region_documents(r) for r in data.regions if r.region_id == "eastern_europe"]


def test_the_travel_advice_layer_is_briefed_in_the_ministrys_colours_with_its_source(
    data, boundaries
):
    with_advice = BriefingData(**{**data.__dict__, "travel_advice": _advice()})
    spec = _spec(region_id="eastern_europe", layer="traveladvice", lang="en")
    content = briefing.compose(spec, with_advice, boundaries)
    assert content.legend.title == "Travel advice"
    assert content.map.fills["UKR"] == palette.ADVICE_COLOURS["red"]
    assert content.map.fills["MDA"] == palette.ADVICE_COLOURS["orange"]
    assert content.map.fills["ARM"] == palette.ADVICE_COLOURS["yellow"]
    labels = [e.label for e in content.legend.entries]
    assert "red: do not travel" in labels and "no travel advice" in labels
    # The programme's documents first, then the source of the layer shown.
    named = content.sources.removeprefix("Sources: ").split("; ")
    documents = list(dict.fromkeys(d for r in content_regions(with_advice) for d in r))
    assert named[len(documents)] == "NederlandWereldwijd"
    assert content.as_of == "As of 28 November 2026"  # the newest advice in view
    assert spec.file_name() == "briefing-eastern_europe-traveladvice-en.png"


def test_a_briefing_of_the_travel_advice_before_any_import_says_none_was_imported(data, boundaries):
    content = briefing.compose(_spec(layer="traveladvice", lang="en"), data, boundaries)
    assert "No travel advice imported" in [e.label for e in content.legend.entries]
    assert set(content.map.fills.values()) <= set(palette.ADVICE_COLOURS.values()) | {palette.OCEAN}
