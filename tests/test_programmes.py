"""Programmes are data with a period: the one in force on a date, its letters, its view."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.domain import programmes
from dashboard.services import briefings
from dashboard.storage import bundled


def _table(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    """Programmes from (id, type, in force from, in force to) written by hand."""
    return pd.DataFrame(
        [
            {
                "programme_id": pid,
                "title_nl": f"Programma {pid}",
                "title_en": f"Programme {pid}",
                "cabinet": "Test",
                "type": kind,
                "presented_on": start,
                "in_force_from": start,
                "in_force_to": end,
                "full_text": "no",
                "source": "Rijksoverheid",
                "source_url": "https://example.org",
                "source_date": start,
                "consulted_on": "2026-11-30",
            }
            for pid, kind, start, end in rows
        ]
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-01-01", "rp2024"),
        ("2025-06-03", "rp2024"),  # the day the cabinet became caretaker: still its programme
        ("2025-12-31", "rp2024"),
        ("2024-09-13", "rp2024"),
        ("2024-09-12", "hla2024"),
        ("2026-02-22", "rp2024"),
        ("2026-02-23", "ca2026"),  # the Jetten cabinet was sworn in
        ("2026-11-30", "ca2026"),
        ("2022-01-10", "ca2021"),
    ],
)
def test_a_date_resolves_to_the_programme_in_force_that_day(day, expected):
    assert bundled.in_force(day).programme_id == expected
    assert bundled.in_force(dt.date.fromisoformat(day)).programme_id == expected


def test_a_day_before_every_known_programme_is_refused_with_the_day():
    with pytest.raises(LookupError, match="in force on 2017-01-01"):
        bundled.in_force("2017-01-01")


def test_the_programme_in_force_today_is_the_default_of_every_view():
    today = bundled.in_force(dt.date.today())
    assert bundled.in_force().programme_id == today.programme_id
    assert bundled.view_ids()[0] == today.programme_id
    assert briefings.load_data().programme == today
    assert {r.region_id for r in bundled.load_regions()} == {
        r.region_id for r in bundled.load_regions(today.programme_id)
    }


def test_the_2024_programme_holds_the_2025_letters_and_the_outline_agreement_none():
    assert bundled.view_ids("rp2024") == (
        "rp2024",
        "bl2025_ontwikkelingshulp",
        "bl2025_postennet",
        "bl2025_migratie",
    )
    assert bundled.view_ids("hla2024") == ("hla2024",)


def test_a_letter_without_a_successor_stays_in_force_under_the_next_programme():
    assert "bl2025_ontwikkelingshulp" in bundled.view_ids("ca2026")


def test_only_programmes_with_priority_regions_can_be_chosen_newest_first():
    assert [p.programme_id for p in bundled.choosable_programmes()] == ["ca2026", "rp2024"]


def test_the_period_ends_the_day_the_successor_takes_over():
    found = programmes.from_table(
        _table(
            ("a", "government_programme", "2024-01-01", "2025-01-01"),
            ("b", "coalition_agreement", "2025-01-01", ""),
        )
    )
    assert programmes.in_force_on(found, "2024-12-31").programme_id == "a"
    assert programmes.in_force_on(found, "2025-01-01").programme_id == "b"
    assert programmes.in_force_on(found, "2099-01-01").programme_id == "b"
    assert programmes.in_force_on(found, "2023-12-31") is None
    assert programmes.predecessor(found, found[1]).programme_id == "a"


def test_a_letter_is_never_the_programme_in_force_but_belongs_to_every_view_it_overlaps():
    found = programmes.from_table(
        _table(
            ("a", "government_programme", "2024-01-01", "2025-01-01"),
            ("b", "coalition_agreement", "2025-01-01", ""),
            ("l", "policy_letter", "2024-06-01", ""),
            ("old", "policy_letter", "2023-01-01", "2024-01-01"),
        )
    )
    assert programmes.in_force_on(found, "2024-07-01").programme_id == "a"
    assert programmes.view_ids(found, found[0]) == ("a", "l")
    assert programmes.view_ids(found, found[1]) == ("b", "l")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [
                ("a", "government_programme", "2024-01-01", "2025-06-01"),
                ("b", "coalition_agreement", "2025-01-01", ""),
            ],
            "programmes a and b overlap",
        ),
        (
            [("a", "government_programme", "2025-01-01", "2024-01-01")],
            "programme a: in_force_to 2024-01-01 is not after in_force_from 2025-01-01",
        ),
        ([("a", "manifesto", "2025-01-01", "")], "programme a: type 'manifesto' is not one of"),
        (
            [
                ("a", "policy_letter", "2025-01-01", ""),
                ("a", "policy_letter", "2025-02-01", ""),
            ],
            r"programmes.csv lists \['a'\] more than once",
        ),
    ],
)
def test_a_programmes_table_that_contradicts_itself_is_refused(rows, message):
    with pytest.raises(ValueError, match=message):
        programmes.from_table(_table(*rows))


def test_the_undated_source_of_a_programme_is_missing_not_the_reading_date():
    rutte = programmes.find(bundled.load_programmes(), "ca2021")
    assert rutte.source_date is None
    assert rutte.in_force_from == "2022-01-10" and rutte.in_force_to == "2024-07-02"


def test_a_briefing_names_a_programme_other_than_todays_in_its_file_name():
    today = bundled.in_force().programme_id
    assert briefings.spec(region_id="caribbean", programme_id=today).file_name() == (
        "briefing-caribbean-priority-nl.png"
    )
    assert briefings.spec(region_id="caribbean", programme_id="rp2024").file_name() == (
        "briefing-caribbean-rp2024-priority-nl.png"
    )


def test_the_command_line_briefs_another_programme_and_refuses_an_unknown_one(tmp_path, capsys):
    from dashboard import cli

    out = tmp_path / "scs.png"
    argv = ["briefing", "--programme", "rp2024", "--region", "south_china_sea", "--out", str(out)]
    assert cli.main(argv) == 0
    assert out.read_bytes().startswith(b"\x89PNG")
    assert cli.main(["briefing", "--programme", "rp2030", "--out", str(tmp_path / "x.png")]) == 2
    assert "unknown programme 'rp2030'; known programmes: ca2026, rp2024" in capsys.readouterr().err
    # The South China Sea is a region of the 2024 programme, not of today's.
    assert cli.main(["briefing", "--region", "south_china_sea", "--out", str(out)]) == 2
