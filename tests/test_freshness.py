"""Freshness: the date of a fact apart from the date it was read, "as of", and old rows
marked on maps, tables and briefings."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard import briefing
from dashboard.briefing.compose import _title as briefing_title
from dashboard.briefing.figures import BriefingData
from dashboard.domain import freshness, regions
from dashboard.maps import layers
from dashboard.text.i18n import t

TODAY = dt.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("today", "months", "expected"),
    [
        (dt.date(2026, 11, 30), 12, dt.date(2025, 11, 30)),
        (dt.date(2025, 3, 31), 1, dt.date(2025, 2, 28)),
        (dt.date(2024, 3, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2026, 1, 15), 13, dt.date(2024, 12, 15)),
    ],
)
def test_months_before_counts_calendar_months_and_clips_to_the_months_end(today, months, expected):
    assert freshness.months_before(today, months) == expected


@pytest.mark.parametrize(
    ("value", "old"),
    [
        ("2025-11-29", True),
        ("2025-11-30", False),
        ("2024-04", True),
        ("2025-11", False),  # the month's last day, 30 November 2025, is not yet old
        ("2024", True),
        ("2025", False),
        (None, False),  # undated: age unknown, shown as undated instead
        (pd.NA, False),
    ],
)
def test_a_row_is_old_only_when_even_its_latest_possible_day_is(value, old):
    assert freshness.is_old(value, TODAY, 12) is old


def test_as_of_is_the_newest_dated_source_and_an_undated_one_is_passed_by():
    dates = pd.Series(["2024-09-13", pd.NA, "2026-01", "2025-12-08"], dtype=object)
    assert freshness.as_of(dates) == "2026-01"
    assert freshness.as_of(pd.Series([pd.NA], dtype=object)) is None


def _units() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": ["UKR", "GEO", "FRA"],
            "iso3": ["UKR", "GEO", "FRA"],
            "name_en": ["Ukraine", "Georgia", "France"],
            "name_nl": ["Oekraïne", "Georgië", "Frankrijk"],
        }
    )


def test_the_map_hover_marks_a_situation_assessed_more_than_a_year_ago():
    situation = pd.DataFrame(
        {
            "iso3": ["UKR", "GEO"],
            "level": ["war", "tense"],
            "summary_en": ["Attacks on energy", "Protests"],
            "assessed_on": ["2026-01-20", "2024-12"],
        }
    )
    layer = layers.situation_layer(_units(), situation, "en", today=TODAY, stale_months=12)
    assert layer.hover.tolist() == [
        "war (assessed on 2026-01-20)<br>Attacks on energy",
        "tense (assessed on 2024-12 · source older than 12 months)<br>Protests",
        "not assessed",
    ]


def test_the_map_hover_counts_a_countrys_commitments_with_an_old_source():
    commitments = pd.DataFrame(
        {
            "iso3": ["UKR", "UKR", "UKR"],
            "instrument": ["military", "military", "financial"],
            "source_date": ["2024-04", "2025-12-08", pd.NA],
        }
    )
    layer = layers.commitments_layer(_units(), commitments, "en", TODAY, 12)
    assert layer.hover[0] == (
        "3 commitments<br>financial 1, military 2<br>1 with a source older than 12 months"
    )
    assert "older" not in layers.commitments_layer(_units(), commitments, "en").hover[0]


def test_the_briefing_names_its_programme_and_counts_the_old_rows_in_view():
    from dashboard.storage import boundaries as geo
    from dashboard.storage import bundled

    programme = bundled.in_force("2025-06-01")
    members = pd.DataFrame({"region_id": ["east"], "iso3": ["UKR"], "role": ["named"]})
    cited = "Regeerprogramma 2024, h9a Internationale veiligheid"
    east = regions.Region("east", "Oost", "East", (20, 50), (37, 57), cited, (("rp2024", cited),))
    commitments = pd.DataFrame(
        {
            "commitment_id": ["old", "new"],
            "iso3": ["UKR", "UKR"],
            "group": [pd.NA, pd.NA],
            "instrument": ["military", "military"],
            "amount_eur": pd.array([pd.NA, pd.NA], dtype="Int64"),
            "description_en": ["Old pledge", "New pledge"],
            "source": ["NH Nieuws (ANP)", "Rijksoverheid"],
            "source_date": ["2024-04", "2026-01-20"],
        }
    )
    empty = pd.DataFrame(columns=["iso3", "group", "source", "source_date", "status", "post_id"])
    situation = pd.DataFrame(columns=["iso3", "level", "source", "source_date", "assessed_on"])
    data = BriefingData(
        (east,),
        members,
        commitments,
        empty,
        empty,
        situation,
        programme=programme,
        today=TODAY,
        stale_months=12,
    )
    spec = briefing.BriefingSpec(
        region_id="east", lang="en", classification="Intern", programme_id="rp2024"
    )
    boundaries = geo.load_boundaries("print")
    title, subtitle = briefing_title(spec, boundaries, data, "priority")
    assert subtitle.split(" · ") == [
        "Programme: " + programme.title_en,
        "Map layer: Priorities",
        "Regeerprogramma 2024",
        t("brief_old_rows", "en", n=1, of=2, months=12),
    ]
    assert spec.file_name() == "briefing-east-rp2024-priority-en.png"
