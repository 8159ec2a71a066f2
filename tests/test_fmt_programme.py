"""Number formats per language, and finding the programme paragraphs that name a country."""

from __future__ import annotations

import pytest

from dashboard.domain import programme
from dashboard.storage import bundled
from dashboard.text import fmt


@pytest.mark.parametrize(
    ("amount", "nl", "en"),
    [
        (1_200_000_000, "€\u00a01,2\u00a0mld.", "€1.2bn"),
        (2_400_000_000, "€\u00a02,4\u00a0mld.", "€2.4bn"),
        (209_500_000, "€\u00a0209,5\u00a0mln.", "€209.5m"),
        (3_000_000, "€\u00a03\u00a0mln.", "€3m"),
        (3_125_000_000, "€\u00a03,125\u00a0mld.", "€3.125bn"),
        (1_234_567, "€\u00a01.234.567", "€1,234,567"),
        (950, "€\u00a0950", "€950"),
    ],
)
def test_euros_are_compact_only_when_exact(amount, nl, en):
    assert fmt.euro(amount, "nl") == nl
    assert fmt.euro(amount, "en") == en


def test_cents_are_kept_and_never_rounded_away():
    assert fmt.euro(1_234_567.5, "nl") == "€\u00a01.234.567,50"
    assert fmt.euro(1_234_567.5, "en") == "€1,234,567.50"


@pytest.mark.parametrize("value", ["2026-13-01", "2025-02-31", "soon", "2025-1-5"])
def test_a_date_that_is_not_a_calendar_date_is_shown_as_written(value):
    assert fmt.date(value, "nl") == value


def test_dates_are_written_out_in_the_language():
    assert fmt.date("2025-12-08", "nl") == "8 december 2025"
    assert fmt.date("2025-12-08", "en") == "8 December 2025"
    assert fmt.date("2023-04", "en") == "April 2023"


def test_an_unknown_amount_stays_blank():
    assert fmt.euro(None, "nl") == "" and fmt.euro(float("nan"), "en") == ""


def test_numbers_use_the_languages_separators():
    assert fmt.number(1234567.5, "nl", 1) == "1.234.567,5"
    assert fmt.number(1234567.5, "en", 1) == "1,234,567.5"
    assert fmt.percent(2.05, "nl", 2) == "2,05%"


TEXT = """Hoofdstuk 9a. Internationale veiligheid

Wat wil het kabinet bereiken?

De oorlog van Rusland tegen Oekraïne dwingt tot keuzes.

Hoe wordt dit gerealiseerd?

Nederland zal ook Moldavië en Armenië steunen.
Training van Oekraïense militairen.
"""


def test_paragraphs_keep_their_section_heading():
    paragraphs = programme.split_paragraphs(TEXT)
    assert [(p.section, p.text[:12]) for p in paragraphs] == [
        ("Wat wil het kabinet bereiken?", "De oorlog va"),
        ("Hoe wordt dit gerealiseerd?", "Nederland za"),
        ("Hoe wordt dit gerealiseerd?", "Training van"),
    ]


def test_a_country_is_found_by_its_name_and_adjectives():
    paragraphs = programme.split_paragraphs(TEXT)
    found = programme.paragraphs_naming(paragraphs, ["Oekraïne", "Oekraïens"])
    assert [p.text[:12] for p in found] == ["De oorlog va", "Training van"]
    assert found[1].citation() == (
        "Regeerprogramma 2024, h9a Internationale veiligheid, "
        '"Hoe wordt dit gerealiseerd?", alinea beginnend '
        '"Training van Oekraïense militairen.…"'
    )


def test_the_bundled_programme_names_ukraine_moldova_and_armenia():
    paragraphs = bundled.load_paragraphs()
    terms = bundled.load_terms()
    for iso3 in ("UKR", "MDA", "ARM", "ISR", "PSE", "IRN", "ABW"):
        assert programme.paragraphs_naming(paragraphs, terms[iso3]), iso3
