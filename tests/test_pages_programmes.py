"""The programme shown on each page: today's by default, another from the URL; the comparison
view and the Ukraine ledger run under AppTest and show what they promise."""

from __future__ import annotations

import json

from app_maps import map_figures
from apptest_pages import run_page as _page
from streamlit.testing.v1 import AppTest

from dashboard.storage import bundled


def _texts(at: AppTest) -> str:
    return "\n".join([c.value for c in at.caption] + [w.value for w in at.warning])


def _figures(at: AppTest) -> list[dict]:
    """The page's maps."""
    return map_figures(at)


def _charts(at: AppTest) -> list[dict]:
    """The page's other charts (Vega-Lite specifications)."""
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def test_the_overview_shows_the_programme_in_force_today_without_a_warning():
    at = _page("pages/overview.py", lang="en")
    assert not at.exception
    today = bundled.in_force()
    assert f"Programme: {today.title_en}" in _texts(at)
    assert not at.warning
    assert at.sidebar.selectbox[0].value == today.programme_id
    assert "programme" not in at.query_params  # the default stays out of the URL


def test_a_programme_in_the_url_is_shown_with_a_warning_that_it_is_not_todays():
    at = _page("pages/overview.py", programme="rp2024", lang="en")
    assert not at.exception
    assert at.sidebar.selectbox[0].value == "rp2024"
    (warning,) = at.warning
    assert warning.value.startswith("Programme: Government programme 2024 (Schoof cabinet)")
    assert "This is not the programme in force today." in warning.value
    # The regions of that programme (the South China Sea is named in 2024 only).
    (region,) = [s for s in at.selectbox if s.label == "Region"]
    assert "South China Sea" in region.options
    today = _page("pages/overview.py", lang="en")
    (region,) = [s for s in today.selectbox if s.label == "Region"]
    assert "South China Sea" not in region.options


def test_an_unknown_programme_in_the_url_falls_back_to_todays():
    at = _page("pages/overview.py", programme="atlantis", lang="en")
    assert not at.exception
    assert at.sidebar.selectbox[0].value == bundled.in_force().programme_id


def test_choosing_another_programme_in_the_sidebar_writes_it_into_the_url():
    at = _page("pages/tracker.py", lang="en")
    at.sidebar.selectbox[0].set_value("rp2024").run()
    assert not at.exception
    assert at.query_params["programme"] == "rp2024"
    assert "2.5% of GDP" in [m.value for m in at.metric]


def test_the_tracker_of_the_2026_agreement_lists_only_its_own_goals():
    at = _page("pages/tracker.py", lang="en", programme="ca2026")
    assert not at.exception
    names = [m.value for m in at.markdown if m.value.startswith("**")]
    assert len(names) == 1 and names[0].startswith("**NATO Hague 2025 target")


def test_the_comparison_view_maps_the_change_and_lists_goals_per_region():
    at = _page("pages/compare.py", lang="en")
    assert not at.exception
    (fig,) = _figures(at)
    by_legend = {tr["name"]: tr["locations"] for tr in fig["data"] if tr["type"] == "choropleth"}
    assert "CHN" in by_legend["Not found in the reports"]
    assert "UKR" in by_legend["Kept priority"]
    labels = [e.label for e in at.expander]
    assert "Caribbean parts of the Kingdom · added 3, changed 1" in labels
    assert "South China Sea · not found 1" in labels
    assert any(label.startswith("Worldwide · ") for label in labels)  # a heading: capitalised
    regions = next(d.value for d in at.dataframe if "Change" in d.value.columns)
    assert (
        regions.set_index("Region").loc["South China Sea", "Change"] == "Not found in the reports"
    )


def test_the_comparison_pair_comes_from_the_url():
    at = _page("pages/compare.py", lang="en", **{"from": "ca2026", "to": "rp2024"})
    assert not at.exception
    labels = [e.label for e in at.expander]
    # The 2024 text was read in full: what 2026 had and 2024 has not is plainly dropped.
    assert any(
        label.startswith("Caribbean parts of the Kingdom") and "dropped 3" in label
        for label in labels
    )


def test_the_ukraine_profile_draws_the_ledger_with_its_totals_and_csv():
    at = _page("pages/country.py", iso3="UKR", lang="en")
    assert not at.exception
    (ledger,) = [c for c in _charts(at) if "hconcat" in c]
    assert [p["title"]["text"] for p in ledger["hconcat"]] == [
        "Pledged, per year",
        "Allocated, per year",
        "Delivered (to date)",
    ]
    assert set(ledger["hconcat"][0]["encoding"]["color"]["scale"]["domain"]) >= {
        "military",
        "other or mixed",
    }
    totals = next(d.value for d in at.dataframe if "pledged" in d.value.columns)
    assert totals.set_index("Year").loc["2024", "pledged"] == "€4.46bn"
    rows = next(d.value for d in at.dataframe if "Counts as" in d.value.columns)
    assert len(rows) == 40
    assert any(b.label == "Ledger as CSV" for b in at.get("download_button"))
    assert any("How the totals are formed" == e.label for e in at.expander)


def test_the_region_holding_ukraine_shows_the_ledger_and_others_do_not():
    at = _page("pages/region.py", region="eastern_europe", lang="en")
    assert any(d.value.columns.tolist()[:2] == ["Year", "pledged"] for d in at.dataframe)
    # The region's instrument mix and the ledger, neither drawn by plotly.
    assert len(_charts(at)) == 2 and not at.get("plotly_chart")
    at = _page("pages/region.py", region="caribbean", lang="en")
    assert not any("pledged" in d.value.columns for d in at.dataframe)


def test_a_commitment_with_an_old_source_is_marked_in_the_table():
    at = _page("pages/country.py", iso3="UKR", lang="en", programme="rp2024")
    assert not at.exception
    table = next(
        d.value
        for d in at.dataframe
        if "Description" in d.value.columns and "Instrument" in d.value.columns
    )
    # The source, its date and, for an old one, the mark, in one cell.
    dated = table.loc[table["Source"].str.contains("13 September 2024"), "Source"]
    assert len(dated) > 5
    assert all(s.endswith(" · 13 September 2024 · ⚠ older than 12 months") for s in dated)


def test_the_region_view_lists_venezuela_as_a_neighbour_with_its_source():
    at = _page("pages/region.py", region="caribbean", lang="en")
    assert not at.exception
    near = next(
        d.value
        for d in at.dataframe
        if "Country" in d.value.columns and "Source" in d.value.columns
    )
    assert near["Country"].tolist() == ["Venezuela"]
