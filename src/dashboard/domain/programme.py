"""The government programme's own text (chapter 9a), and the paragraphs that name a country.

The text is bundled in ``data/programme/``; the words that refer to each country (its
Dutch name and adjectives, e.g. "Oekraïense") are data in ``data/programme_terms.csv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard.text import fmt

# The programme whose full text is bundled in data/programme/ (see data/programmes.csv).
TEXT_PROGRAMME = "rp2024"

SECTION_HEADINGS = (
    "Wat is het overkoepelende maatschappelijke probleem?",
    "Wat wil het kabinet bereiken?",
    "Hoe wordt dit gerealiseerd?",
    "Welke middelen zijn hiervoor beschikbaar?",
)


@dataclass(frozen=True)
class Paragraph:
    section: str
    text: str

    def citation(self) -> str:
        opening = " ".join(self.text.split()[:6])
        return (
            f'Regeerprogramma 2024, h9a Internationale veiligheid, "{self.section}", '
            f'alinea beginnend "{opening}…"'
        )


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


UNITS = {
    "pct_gdp": ("% bbp", "% of GDP"),
    "eur": ("", ""),
    "persons_per_year": ("per jaar", "a year"),
    "pct": ("%", "%"),
    "pct_cut": ("% korting", "% cut"),
    "count": ("", ""),
}


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
