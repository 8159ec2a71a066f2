"""Citations: the publisher named in a row's ``source``, and the documents a region rests on."""

from __future__ import annotations

import re

import pandas as pd

from dashboard.domain import regions


def short_source(source: str) -> str:
    """The publisher of a citation, without asides in brackets.

    ``Tweede Kamer, "Beleidsbrief …"`` → ``Tweede Kamer``;
    ``Euromaidan Press (via RSS-aggregator), "…"`` → ``Euromaidan Press``.
    """
    head = str(source).split('"')[0].split(";")[0]
    head = re.sub(r"\s*\(.*$", "", head.split(",")[0]).strip()
    return head or str(source).strip()


def distinct_sources(frames: list[pd.DataFrame]) -> list[str]:
    """The publishers of the rows, most frequent first, each once."""
    column = (
        pd.concat([f["source"] for f in frames if len(f)], ignore_index=True)
        if any(len(f) for f in frames)
        else pd.Series([], dtype=object)
    )
    counts = column.map(short_source).value_counts()
    return sorted(counts.index, key=lambda s: (-counts[s], s))


def region_documents(region: regions.Region) -> list[str]:
    """The documents a region rests on (``Beleidsbrief Ontwikkelingshulp``, …), each once."""
    cited = [c for _, c in region.sources] or [region.source]
    return list(dict.fromkeys(short_source(c) for c in cited))
