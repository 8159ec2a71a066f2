"""The bundled files in ``data/`` that are not versioned datasets: regions, programme text, tracker.

The one place that reads them. Each reader is cached per data folder (``DASHBOARD_ROOT``), so a
test or a deployment that points elsewhere reads its own files, and returns a fresh copy.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from dashboard import settings
from dashboard.domain import programme, regions

PROGRAMME_FILE = Path("programme") / "regeerprogramma-2024-h9a-internationale-veiligheid.txt"


@lru_cache(maxsize=4)
def _regions(data_dir: Path) -> tuple[tuple[regions.Region, ...], pd.DataFrame]:
    table = pd.read_csv(data_dir / "regions.csv", dtype={"region_id": str})
    members = pd.read_csv(data_dir / "region_members.csv", dtype=str)
    return regions.from_tables(table, members)


def load_regions() -> list[regions.Region]:
    """All priority regions, in the order of ``data/regions.csv``."""
    return list(_regions(settings.data_dir())[0])


def get_region(region_id: str) -> regions.Region:
    """The region ``region_id``; a ``KeyError`` naming the known ones otherwise."""
    return regions.find(load_regions(), region_id)


def load_members() -> pd.DataFrame:
    """Region membership: columns ``region_id``, ``iso3``, ``role``."""
    return _regions(settings.data_dir())[1].copy()


@lru_cache(maxsize=4)
def _paragraphs(data_dir: Path) -> tuple[programme.Paragraph, ...]:
    text = (data_dir / PROGRAMME_FILE).read_text(encoding="utf-8")
    return tuple(programme.split_paragraphs(text))


def load_paragraphs() -> list[programme.Paragraph]:
    """The programme's paragraphs, each with its section heading."""
    return list(_paragraphs(settings.data_dir()))


def load_terms() -> dict[str, list[str]]:
    """Per iso3, the words in the programme that refer to that country."""
    table = pd.read_csv(settings.data_dir() / "programme_terms.csv", dtype=str)
    return table.groupby("iso3")["term"].agg(list).to_dict()


def load_tracker() -> pd.DataFrame:
    """The programme's measurable goals with the latest public figure (``data/tracker.csv``)."""
    return pd.read_csv(
        settings.data_dir() / "tracker.csv", dtype={"value_date": str, "target_year": str}
    )


def load_dac_themes() -> pd.DataFrame:
    """OECD DAC sector codes and the programme aid theme each is counted under, with the
    source of each code (``data/dac_themes.csv``: the dashboard's own mapping)."""
    return pd.read_csv(settings.data_dir() / "dac_themes.csv", dtype=str)


def load_dac_regions() -> pd.DataFrame:
    """OECD DAC region codes and their names (``data/dac_regions.csv``, IATI's codelist)."""
    return pd.read_csv(settings.data_dir() / "dac_regions.csv", dtype=str)
