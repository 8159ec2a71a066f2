"""What a briefing picture is drawn from: the active version of every dataset it uses."""

from __future__ import annotations

from dashboard.briefing.figures import BriefingData
from dashboard.storage import bundled, datasets


def load_data() -> BriefingData:
    """The regions and the active version of every dataset a briefing uses."""
    return BriefingData(
        tuple(bundled.load_regions()),
        bundled.load_members(),
        datasets.load("commitments"),
        datasets.load("aid_themes"),
        datasets.load("posts"),
        datasets.load("situation"),
    )
