"""The Ukraine support ledger: totals never count a slice twice, and the chart shows them."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.domain import ledger, palette
from dashboard.maps import ledger_chart
from dashboard.storage import bundled


def _row(entry_id: str, date: str, amount: int | None, stage: str, count_as: str, **more):
    row = {
        "entry_id": entry_id,
        "date": date,
        "amount_eur": amount,
        "category": "military",
        "stage": stage,
        "item_nl": entry_id,
        "item_en": entry_id,
        "part_of": "",
        "count_as": count_as,
        "description_nl": "x",
        "description_en": "x",
        "programme_id": "rp2024",
        "source": "Rijksoverheid",
        "source_url": "",
        "source_date": date,
        "consulted_on": "2026-11-30",
    }
    return {**row, **more}


def _ledger(*rows: dict) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["amount_eur"] = frame["amount_eur"].astype("Int64")
    return frame


@pytest.fixture
def packages() -> pd.DataFrame:
    """A €100m package with a €40m slice holding a €10m slice; a €30m package that may sit
    inside it; a pledge without an amount; a running total of two parts; a 2025 allocation."""
    return _ledger(
        _row("package", "2024-09-02", 100_000_000, "pledged", "new"),
        _row("slice", "2024-09-02", 40_000_000, "pledged", "part", part_of="package"),
        _row("slice_of_slice", "2024-10-01", 10_000_000, "pledged", "part", part_of="slice"),
        _row("maybe_inside", "2024-09-23", 30_000_000, "pledged", "overlap"),
        _row("no_amount", "2024-11-28", None, "pledged", "new"),
        _row("stocks", "2025-08-31", 2_400_000_000, "delivered", "cumulative"),
        _row("bought", "2025-08-31", 6_100_000_000, "delivered", "cumulative"),
        _row("energy", "2025-10-28", 25_000_000, "allocated", "new", category="energy"),
    )


def test_a_total_counts_the_package_once_and_never_its_slices(packages):
    assert ledger.problems(packages) == []
    assert ledger.totals(packages).to_dict("records") == [
        {
            "year": "2024",
            "stage": "pledged",
            "category": "military",
            "amount_eur": 100_000_000,
            "rows": 1,
        },
        {
            "year": "2025",
            "stage": "allocated",
            "category": "energy",
            "amount_eur": 25_000_000,
            "rows": 1,
        },
    ]
    assert ledger.stage_totals(packages) == {"pledged": 100_000_000, "allocated": 25_000_000}


def test_a_running_total_is_shown_as_one_level_of_its_parts_never_added_to_pledges(packages):
    assert ledger.stands(packages).to_dict("records") == [
        {
            "date": "2025-08-31",
            "stage": "delivered",
            "category": "military",
            "amount_eur": 8_500_000_000,
            "rows": 2,
        }
    ]
    assert "delivered" not in ledger.stage_totals(packages)


def test_a_ledger_whose_links_do_not_hold_is_refused_entry_by_entry(packages):
    broken = _ledger(
        _row("a", "2024-01-01", 5, "pledged", "part"),
        _row("b", "2024-01-01", 5, "pledged", "new", part_of="a"),
        _row("c", "2024-01", 5, "pledged", "part", part_of="d"),
        _row("d", "2024", 5, "pledged", "part", part_of="c"),
        _row("e", "eind 2024", 5, "promised", "new"),
        _row("e", "2024-01-01", -1, "pledged", "new", source=""),
    )
    assert ledger.problems(broken) == [
        "e: entry_id appears more than once",
        "a: count_as is 'part' exactly when part_of names an entry",
        "b: count_as is 'part' exactly when part_of names an entry",
        "e: stage 'promised' is not one of ('pledged', 'allocated', 'delivered')",
        "e: date 'eind 2024' is not YYYY-MM-DD (or YYYY-MM, YYYY)",
        "e: amount_eur must be zero or more",
        "e: source must not be empty",
        "c: part_of leads back to itself",
        "d: part_of leads back to itself",
    ]


def test_the_bundled_ledger_counts_each_euro_once():
    frame = bundled.load_ledger()
    assert ledger.problems(frame) == []
    parts = frame[frame["part_of"].notna()]
    assert set(parts["count_as"]) == {"part"}
    counted = frame[ledger.counted(frame)]
    assert set(counted["entry_id"]).isdisjoint(parts["entry_id"])
    assert ledger.totals(frame)["amount_eur"].sum() == counted["amount_eur"].sum()
    # 2024: €1bn + €3bn + €400m + €60m pledged; 2025: €3.5bn for 2026 (the €2bn brought
    # forward and the €500m drone line out of it are slices of it and not counted again).
    assert ledger.stage_totals(frame) == {
        "pledged": 7_960_000_000,
        "allocated": 1_423_000_000,
    }
    (stand,) = ledger.stands(frame).to_dict("records")
    assert (stand["date"], stand["amount_eur"], stand["rows"]) == ("2025-08-31", 8_679_000_000, 3)


def test_the_chart_draws_the_totals_per_stage_and_the_running_total(packages):
    spec = ledger_chart.ledger_figure(packages, "en")
    bars = [(r["panel"], r["category"], r["period"], r["millions"]) for r in spec["data"]["values"]]
    assert bars == [
        (1, "military", "2024", 100.0),
        (2, "energy", "2025", 25.0),
        (3, "military", "31 August 2025", 8500.0),
    ]
    assert spec["data"]["values"][0]["amount"] == "€100m"
    # Three panels on one amount scale, each showing only its own stage.
    assert spec["resolve"] == {"scale": {"y": "shared"}}
    assert [p["transform"] for p in spec["hconcat"]] == [
        [{"filter": f"datum.panel == {n}"}] for n in (1, 2, 3)
    ]
    # Each panel's periods in time order, whatever the order of the rows.
    assert [p["encoding"]["x"]["sort"] for p in spec["hconcat"]] == [
        ["2024"],
        ["2025"],
        ["31 August 2025"],
    ]
    colour = spec["hconcat"][0]["encoding"]["color"]["scale"]
    assert colour == {
        "domain": ["military", "energy"],
        "range": [palette.LEDGER_COLOURS["military"], palette.LEDGER_COLOURS["energy"]],
    }


def test_the_chart_in_dutch_writes_dates_amounts_and_separators_the_dutch_way(packages):
    spec = ledger_chart.ledger_figure(packages, "nl")
    assert spec["data"]["values"][2]["period"] == "31 augustus 2025"
    assert spec["data"]["values"][0]["amount"] == "€\u00a0100\u00a0mln."
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["config"]["locale"]["number"]["thousands"] == "."
    assert [p["title"]["text"] for p in spec["hconcat"]] == [
        "Toegezegd, per jaar",
        "Toegewezen, per jaar",
        "Geleverd (stand)",
    ]
