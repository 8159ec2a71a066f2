"""What one briefing picture shows: the view, the layer, the language, the page, the marking.

A plain, checked value; :func:`dashboard.briefing.compose` turns it into the picture's
content and :func:`dashboard.briefing.draw` draws that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dashboard.maps import aid_layer, layers
from dashboard.text.i18n import LANGUAGES

# Pixel size and resolution of each page: a full-HD slide, and A4 at 300 dpi either way up.
SIZES: dict[str, tuple[int, int, int]] = {
    "screen": (1920, 1080, 100),
    "a4": (3508, 2480, 300),
    "a4-portrait": (2480, 3508, 300),
}

_ISO3 = re.compile(r"^[A-Z]{3}$")
_INDICATOR = re.compile(r"^indicator:([a-z0-9_]+):([A-Za-z0-9_]+)$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def indicator_parts(layer: str) -> tuple[str, str] | None:
    """``("dataset", "column")`` of an ``indicator:<dataset>:<column>`` layer, else ``None``."""
    found = _INDICATOR.match(layer)
    return (found.group(1), found.group(2)) if found else None


@dataclass(frozen=True)
class BriefingSpec:
    """What one briefing picture shows.

    Parameters
    ----------
    region_id : str, optional
        A priority region (one of ``BriefingData.regions``); the whole world when omitted.
    country : str, optional
        ISO 3166-1 alpha-3 code of the focus country (outlined on the map).
    layer : str, optional
        One of ``layers.LAYERS``, ``indicator:<dataset>:<column>`` (a published country
        indicator, as on screen) or the aid layer in euros, ``aid_eur:<year>:<theme>``.
        Omitted: priorities for the world and a region; for a country, the first layer on
        which it stands out from its neighbours.
    lang : {"nl", "en"}
    size : {"screen", "a4", "a4-portrait"}
        1920×1080 px, or A4 landscape or portrait at 300 dpi.
    classification : str
        The marking printed top and bottom, in ``lang`` (``services.briefings`` fills it in
        from the setting ``DASHBOARD_CLASSIFICATION``); a picture is never drawn without one.
    as_of : str, optional
        The date printed as "as of" (``YYYY-MM-DD``); the newest source in view when omitted.
    programme_id : str, optional
        The programme shown (``BriefingData.programme``); named in the file name when given.
    """

    region_id: str | None = None
    country: str | None = None
    layer: str | None = None
    lang: str = "nl"
    size: str = "screen"
    classification: str = ""
    as_of: str | None = None
    programme_id: str | None = None

    def __post_init__(self) -> None:
        if self.layer is not None and not (
            self.layer in layers.LAYERS
            or indicator_parts(self.layer)
            or aid_layer.is_aid(self.layer)
        ):
            raise ValueError(
                f"layer must be one of {', '.join(layers.LAYERS)}, "
                f"indicator:<dataset>:<column> or aid_eur:<year>:<theme>, not {self.layer!r}"
            )
        if self.lang not in LANGUAGES:
            raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}, not {self.lang!r}")
        if self.size not in SIZES:
            raise ValueError(f"size must be one of {', '.join(SIZES)}, not {self.size!r}")
        if self.country is not None and not _ISO3.match(self.country):
            raise ValueError(f"country must be an ISO3 code such as UKR, not {self.country!r}")
        if self.as_of is not None and not _DATE.match(self.as_of):
            raise ValueError(f"as_of must be a date written YYYY-MM-DD, not {self.as_of!r}")

    @property
    def view(self) -> str:
        """The view's short name: the country code, the region id, or ``world``."""
        return (self.country or "").lower() or self.region_id or "world"

    def file_name(self) -> str:
        """``briefing-<view>[-<programme>][-<layer>]-<lang>[-<size>].png``; an indicator
        layer's colons become dashes, so the name is a valid file name everywhere; a
        country's default layer is not named."""
        parts = ["briefing", self.view, *([self.programme_id] if self.programme_id else [])]
        # A world or region view defaults to priorities; a country's default depends on data.
        layer = self.layer or (None if self.country else "priority")
        if layer is not None:
            parts.append(layer.replace(":", "-"))
        parts.append(self.lang)
        if self.size != "screen":
            parts.append(self.size)
        return "-".join(parts) + ".png"
