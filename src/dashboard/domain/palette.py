"""The one palette of the product, shared by the interactive maps and the exported pictures.

Colours come from the Okabe–Ito set, which stays distinguishable under the common forms
of colour-blindness; greys carry no meaning beyond "not highlighted".
"""

from __future__ import annotations

OCEAN = "#E6EEF5"
BORDER = "#FFFFFF"
TEXT = "#1F2933"
# Bars and other single-series charts: the blue of the programme-named countries.
PRIMARY = "#0072B2"

# Map categories, in legend order.
CATEGORY_COLOURS: dict[str, str] = {
    "kingdom": "#E69F00",  # orange
    "named": "#0072B2",  # blue
    "member": "#56B4E9",  # sky blue
    "other": "#D9DDE1",  # light grey
}

# Number of commitments per country: a sequential blue scale (ColorBrewer Blues).
COMMITMENT_COLOURS: dict[str, str] = {
    "1": "#C6DBEF",
    "2-4": "#6BAED6",
    "5-9": "#2171B5",
    "10+": "#08306B",
    "none": "#D9DDE1",
}

# Development-aid focus: the country itself, or through its region.
AID_COLOURS: dict[str, str] = {
    "direct": "#009E73",  # bluish green
    "region": "#99D8C9",
    "none": "#D9DDE1",
}

# Security situation, from war to stable (ColorBrewer RdBu, read as danger → calm).
SITUATION_COLOURS: dict[str, str] = {
    "war": "#67001F",
    "armed_conflict": "#D6604D",
    "crisis": "#F4A582",
    "tense": "#FDDBC7",
    "stable": "#92C5DE",
    "not_assessed": "#D9DDE1",
}

# What an upload changes, per country (Okabe-Ito; the preview map on the upload page).
DIFF_COLOURS: dict[str, str] = {
    "added": "#009E73",  # bluish green
    "changed": "#E69F00",  # orange
    "removed": "#D55E00",  # vermillion
    "other": "#D9DDE1",
}

# A country indicator in five classes, low to high (viridis: ordered and colour-blind safe).
INDICATOR_COLOURS: dict[str, str] = {
    "q1": "#FDE725",
    "q2": "#5EC962",
    "q3": "#21918C",
    "q4": "#3B528B",
    "q5": "#440154",
    "no_value": "#D9DDE1",
}

# Posts: colour by status, symbol by type. No status shares a hue with a map category
# (the Kingdom's orange): an announced closure is reddish purple, a suspension vermillion.
POST_STATUS_COLOURS: dict[str, str] = {
    "open": "#1F2933",
    "closure_announced": "#CC79A7",  # reddish purple
    "suspended": "#D55E00",  # vermillion
    "closed": "#8A939B",
}
# The neutral colour of the legend lines that explain the posts' shapes.
POST_SHAPE_LEGEND = "#5F6B76"
POST_TYPE_SYMBOLS: dict[str, str] = {
    "embassy": "circle",
    "consulate_general": "diamond",
    "consulate": "diamond-open",
    "permanent_representation": "star",
    "representative_office": "square",
    "office": "triangle-up",
}
