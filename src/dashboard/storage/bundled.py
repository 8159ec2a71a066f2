"""The bundled files in ``data/`` that are not versioned datasets: programmes, regions,
programme text, tracker, the Ukraine ledger.

The one place that reads them. Each reader is cached per data folder (``DASHBOARD_ROOT``), so a
test or a deployment that points elsewhere reads its own files, and returns a fresh copy.
Regions and their members are read per programme: ``programme_id`` names a government
programme or coalition agreement, and the view holds it and its policy letters; ``None``
means the one in force today.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import pandas as pd

from dashboard import settings
from dashboard.domain import ledger, programme, programmes, regions

PROGRAMME_FILE = Path("programme") / "regeerprogramma-2024-h9a-internationale-veiligheid.txt"


def _read(data_dir: Path, name: str) -> pd.DataFrame:
    table = pd.read_csv(data_dir / name, dtype=str, keep_default_na=False)
    return table.mask(table == "")


@lru_cache(maxsize=4)
def _programmes(data_dir: Path) -> tuple[programmes.Programme, ...]:
    return programmes.from_table(_read(data_dir, "programmes.csv"))


def load_programmes() -> list[programmes.Programme]:
    """Every programme and policy letter of ``data/programmes.csv``, in file order."""
    return list(_programmes(settings.data_dir()))


def in_force(day: dt.date | str | None = None) -> programmes.Programme:
    """The government programme or coalition agreement in force on ``day`` (today when
    omitted); a ``LookupError`` when the day lies before every programme known."""
    day = day or dt.date.today()
    found = programmes.in_force_on(load_programmes(), day)
    if found is None:
        raise LookupError(f"no programme in data/programmes.csv was in force on {day}")
    return found


def view_ids(programme_id: str | None = None) -> tuple[str, ...]:
    """The programme ``programme_id`` (today's when ``None``) and its policy letters."""
    listed = load_programmes()
    main = in_force() if programme_id is None else programmes.find(listed, programme_id)
    return programmes.view_ids(listed, main)


def attribute(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each row's programme and kind filled in (``programmes.attribute``)."""
    return programmes.attribute(frame, load_programmes(), dt.date.today())


def rows_in_view(frame: pd.DataFrame, programme_id: str | None = None) -> pd.DataFrame:
    """The rows of ``frame`` (commitments, aid themes, tracker) in the view of programme
    ``programme_id`` (today's when ``None``); a row without a programme belongs to the one in
    force on its source date (``programmes.attribute``)."""
    return programmes.rows_in_view(attribute(frame), view_ids(programme_id))


def choosable_programmes() -> list[programmes.Programme]:
    """The programmes a user can choose (those with priority regions), newest first."""
    table = _region_tables(settings.data_dir())[0]
    return programmes.choosable(load_programmes(), set(table["programme_id"]))


@lru_cache(maxsize=4)
def _region_tables(data_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    table = _read(data_dir, "regions.csv")
    members = _read(data_dir, "region_members.csv")
    regions.check(table, members)
    return table, members


@lru_cache(maxsize=16)
def _regions(
    data_dir: Path, ids: tuple[str, ...] | None
) -> tuple[tuple[regions.Region, ...], pd.DataFrame, pd.DataFrame]:
    table, members = _region_tables(data_dir)
    return regions.from_tables(table, members, ids)


def _view(programme_id: str | None, every: bool) -> tuple[str, ...] | None:
    return None if every else view_ids(programme_id)


def load_regions(programme_id: str | None = None, every: bool = False) -> list[regions.Region]:
    """The priority regions of a programme's view (``every``: of all programmes), in the
    order of ``data/regions.csv``."""
    return list(_regions(settings.data_dir(), _view(programme_id, every))[0])


def get_region(region_id: str, programme_id: str | None = None) -> regions.Region:
    """The region ``region_id``; a ``KeyError`` naming the known ones otherwise."""
    return regions.find(load_regions(programme_id), region_id)


def load_members(programme_id: str | None = None, every: bool = False) -> pd.DataFrame:
    """Priority membership of a programme's view: columns ``region_id``, ``iso3``, ``role``."""
    return _regions(settings.data_dir(), _view(programme_id, every))[1].copy()


def load_neighbours(programme_id: str | None = None) -> pd.DataFrame:
    """Countries shown beside a region of the view without being part of it, each with its
    own source: ``region_id``, ``iso3``, ``role``, ``source``, ``source_url``, ``source_date``."""
    return _regions(settings.data_dir(), view_ids(programme_id))[2].copy()


def region_rows() -> pd.DataFrame:
    """``data/regions.csv`` as it is: one row per programme and region."""
    return _region_tables(settings.data_dir())[0].copy()


def member_rows() -> pd.DataFrame:
    """``data/region_members.csv`` as it is: one row per programme, region and country."""
    return _region_tables(settings.data_dir())[1].copy()


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
    """The programmes' measurable goals with the latest public figure (``data/tracker.csv``)."""
    table = pd.read_csv(
        settings.data_dir() / "tracker.csv", dtype={"value_date": str, "target_year": str}
    )
    return table


@lru_cache(maxsize=4)
def _ledger(data_dir: Path) -> pd.DataFrame:
    table = _read(data_dir, "ukraine_ledger.csv")
    table["amount_eur"] = pd.to_numeric(table["amount_eur"]).astype("Int64")
    found = ledger.problems(table)
    if found:
        raise ValueError("ukraine_ledger.csv: " + "; ".join(found))
    return table


def load_ledger() -> pd.DataFrame:
    """The Ukraine support ledger (``data/ukraine_ledger.csv``), checked; see ``domain.ledger``."""
    return _ledger(settings.data_dir()).copy()


def load_dac_themes() -> pd.DataFrame:
    """OECD DAC sector codes and the programme aid theme each is counted under, with the
    source of each code (``data/dac_themes.csv``: the dashboard's own mapping)."""
    return pd.read_csv(settings.data_dir() / "dac_themes.csv", dtype=str)


def load_dac_regions() -> pd.DataFrame:
    """OECD DAC region codes and their names (``data/dac_regions.csv``, IATI's codelist)."""
    return pd.read_csv(settings.data_dir() / "dac_regions.csv", dtype=str)
