"""What a briefing picture is drawn from: the active datasets, and the classification marking.

The picture itself is composed and drawn by ``dashboard.briefing`` (pure); this service
supplies what the pure package must not look up: the active version of every dataset it
uses, the published indicator a layer names, the imported IATI aid for the aid layer in
euros, and the marking from ``DASHBOARD_CLASSIFICATION``.
"""

from __future__ import annotations

import datetime as dt

from dashboard import settings
from dashboard.briefing import BriefingData, BriefingSpec
from dashboard.briefing.spec import indicator_parts
from dashboard.domain import programmes
from dashboard.maps import aid_layer, indicators
from dashboard.maps.aid_layer import AidChoice
from dashboard.services import aid
from dashboard.storage import bundled, datasets

# The datasets every briefing reads (an indicator layer adds its own).
DATASETS = ("commitments", "aid_themes", "posts", "situation", "post_coverage", "travel_advice")


def marking(lang: str) -> str:
    """The classification marking in ``lang``, from ``DASHBOARD_CLASSIFICATION``
    (``Dutch|English``; one text without ``|`` is used in both languages)."""
    value = settings.get("DASHBOARD_CLASSIFICATION")
    nl, _, en = value.partition("|")
    return (en or nl) if lang == "en" else nl


def spec(
    region_id: str | None = None,
    country: str | None = None,
    layer: str | None = None,
    lang: str = "nl",
    size: str = "screen",
    as_of: str | None = None,
    programme_id: str | None = None,
) -> BriefingSpec:
    """A briefing spec carrying the configured marking (see ``BriefingSpec``); a programme
    other than today's is named in it (and so in the file name)."""
    if programme_id == bundled.in_force().programme_id:
        programme_id = None
    return BriefingSpec(region_id, country, layer, lang, size, marking(lang), as_of, programme_id)


def indicator_keys() -> list[str]:
    """Every ``indicator:<dataset>:<column>`` layer a briefing can show."""
    keys = []
    for name in datasets.indicator_names():
        frame = datasets.load_indicator(name)
        keys += [indicators.indicator_key(name, c) for c in indicators.indicator_columns(frame)]
    return keys


def active_versions(layer: str | None = None) -> tuple[int | None, ...]:
    """The active version of each dataset a briefing of ``layer`` reads (a cache key)."""
    store = datasets.store()
    names = list(DATASETS)
    parts = indicator_parts(layer or "")
    if parts is not None:
        names.append(parts[0])
    if aid_layer.is_aid(layer or ""):
        names += [aid.ACTIVITIES, aid.FLOWS]
    return tuple(store.active_version_id(name) for name in names)


def load_data(
    layer: str | None = None, programme_id: str | None = None, today: dt.date | None = None
) -> BriefingData:
    """The active version of every dataset a briefing of ``layer`` uses, for programme
    ``programme_id`` (the one in force ``today`` when ``None``): its regions and members, the
    commitments and aid themes of its view (it and its letters), all posts and situations."""
    parts = indicator_parts(layer or "")
    indicators = {parts[0]: datasets.load_indicator(parts[0])} if parts is not None else {}
    today = today or dt.date.today()
    main = (
        bundled.in_force(today)
        if programme_id is None
        else programmes.find(bundled.load_programmes(), programme_id)
    )
    choice, sources = None, None
    if aid_layer.is_aid(layer or ""):
        found = aid.load()
        choice = AidChoice(None if found is None else found.summary)
        if found is not None:
            sources = found.activities[["source", "source_date"]].drop_duplicates()
    return BriefingData(
        tuple(bundled.load_regions(main.programme_id)),
        bundled.load_members(main.programme_id),
        bundled.rows_in_view(datasets.load("commitments"), main.programme_id),
        bundled.rows_in_view(datasets.load("aid_themes"), main.programme_id),
        datasets.load("posts"),
        datasets.load("situation"),
        indicators,
        coverage=datasets.load("post_coverage"),
        programme=main,
        today=today,
        stale_months=settings.get_int("DASHBOARD_STALE_MONTHS"),
        neighbours=bundled.load_neighbours(main.programme_id),
        aid=choice,
        aid_sources=sources,
        travel_advice=datasets.active_or_none(datasets.store(), "travel_advice"),
    )
