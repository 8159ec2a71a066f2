"""The government programme's own text (chapter 9a), and the paragraphs that name a country.

The text is bundled in ``data/programme/``; the words that refer to each country (its
Dutch name and adjectives, e.g. "Oekraïense") are data in ``data/programme_terms.csv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from dashboard import fmt, settings

PROGRAMME_FILE = "programme/regeerprogramma-2024-h9a-internationale-veiligheid.txt"
SECTION_HEADINGS = ("Wat is het overkoepelende maatschappelijke probleem?",
                    "Wat wil het kabinet bereiken?", "Hoe wordt dit gerealiseerd?",
                    "Welke middelen zijn hiervoor beschikbaar?")


@dataclass(frozen=True)
class Paragraph:
    section: str
    text: str

    def citation(self) -> str:
        opening = " ".join(self.text.split()[:6])
        return (f'Regeerprogramma 2024, h9a Internationale veiligheid, "{self.section}", '
                f'alinea beginnend "{opening}…"')


def split_paragraphs(text: str) -> list[Paragraph]:
    """The programme's paragraphs, each with the section heading it stands under."""
    section = ""
    out = []
    for block in (b.strip() for b in text.splitlines()):
        if not block:
            continue
        if block in SECTION_HEADINGS:
            section = block
        elif section:
            out.append(Paragraph(section, block))
    return out


def paragraphs_naming(paragraphs: list[Paragraph], terms: list[str]) -> list[Paragraph]:
    """Paragraphs in which any of ``terms`` occurs as a word (or the start of one)."""
    if not terms:
        return []
    pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")", re.IGNORECASE)
    return [p for p in paragraphs if pattern.search(p.text)]


def load_paragraphs() -> list[Paragraph]:
    text = (settings.data_dir() / PROGRAMME_FILE).read_text(encoding="utf-8")
    return split_paragraphs(text)


def load_terms() -> dict[str, list[str]]:
    """Per iso3, the words in the programme that refer to that country."""
    table = pd.read_csv(settings.data_dir() / "programme_terms.csv", dtype=str)
    return table.groupby("iso3")["term"].agg(list).to_dict()


UNITS = {"pct_gdp": ("% bbp", "% of GDP"), "eur": ("", ""), "persons_per_year": ("per jaar",
         "a year"), "pct": ("%", "%"), "pct_cut": ("% korting", "% cut"), "count": ("", "")}


def load_tracker() -> pd.DataFrame:
    """The programme's measurable goals with the latest public figure (``data/tracker.csv``)."""
    return pd.read_csv(settings.data_dir() / "tracker.csv", dtype={"value_date": str,
                                                                    "target_year": str})


def tracker_value(value: float, unit: str, lang: str) -> str:
    """A tracker figure in the language's format; blank when there is none."""
    if value != value:  # NaN: no public figure
        return ""
    if unit == "eur":
        return fmt.euro(value, lang)
    suffix = UNITS.get(unit, ("", ""))[0 if lang == "nl" else 1]
    decimals = 0 if float(value).is_integer() else 1
    text = fmt.number(value, lang, decimals)
    if suffix.startswith("%"):
        return f"{text}{suffix}"
    return f"{text} {suffix}".strip()
