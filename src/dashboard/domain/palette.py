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
    "neighbour": "#A7B0B8",  # mid grey: beside a region, no priority
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

# What changed between two programmes, per country (Okabe-Ito; the comparison map).
CHANGE_COLOURS: dict[str, str] = {
    "gained": "#009E73",  # bluish green
    "kept": "#56B4E9",  # sky blue
    "lost": "#D55E00",  # vermillion
    "not_found": "#E69F00",  # orange: not in the reports of a text not read in full
    "other": "#D9DDE1",
}

# The Ukraine ledger's categories (Okabe-Ito).
LEDGER_COLOURS: dict[str, str] = {
    "military": "#0072B2",  # blue
    "financial": "#E69F00",  # orange
    "humanitarian": "#009E73",  # bluish green
    "reconstruction": "#CC79A7",  # reddish purple
    "energy": "#D55E00",  # vermillion
    "other": "#8A939B",  # grey
}

# Posts: colour by status, symbol by type. No status shares a hue with a map category
# (the Kingdom's orange): an announced closure is reddish purple, a suspension vermillion.
POST_STATUS_COLOURS: dict[str, str] = {
    "open": "#1F2933",
    "closure_announced": "#CC79A7",  # reddish purple
    "suspended": "#D55E00",  # vermillion
    "closed": "#8A939B",
}
POST_TYPE_SYMBOLS: dict[str, str] = {
    "embassy": "circle",
    "consulate_general": "diamond",
    "consulate": "diamond-open",
    "embassy_office": "triangle-up",
    "permanent_representation": "star",
    "representative_office": "square",
    "liaison_office": "square-open",
    "honorary_consulate": "circle-open",
}
# The legend's neutral colour for the shapes (the shape says the type, the colour the status).
POST_SHAPE_KEY = "#5F6B76"

# The official travel advice: the ministry's four colour codes, a blank where no colour could
# be read from the advice, and grey where no advice was imported.
ADVICE_COLOURS: dict[str, str] = {
    "green": "#7AB648",
    "yellow": "#FFD400",
    "orange": "#F39200",
    "red": "#E3001B",
    "unknown": "#FFFFFF",
    "none": "#D9DDE1",
}
# Marks a country whose parts carry another colour code than the headline one.
ADVICE_PARTS_MARKER = "#1F2933"
# Marks a country whose security situation (our reading) differs from the travel advice.
ADVICE_DIFFERS_MARKER = "#6A3D9A"

# Coverage risk: how the post network holds a priority country, from held to uncovered.
COVERAGE_COLOURS: dict[str, str] = {
    "kingdom": "#E69F00",
    "resident": "#92C5DE",
    "closing": "#FDDBC7",
    "elsewhere": "#F4A582",
    "suspended": "#D6604D",
    "none": "#67001F",
    "other": "#EEF0F2",
}

# Aid disbursed per country in a year, in euros: five fixed classes (ColorBrewer Greens, so
# years compare), money only in another currency, the Kingdom's Caribbean units (always
# marked), and no disbursement.
AID_EUR_COLOURS: dict[str, str] = {
    "b1": "#C7E9C0",
    "b2": "#74C476",
    "b3": "#31A354",
    "b4": "#006D2C",
    "b5": "#00441B",
    "other_currency": "#CC79A7",  # Okabe-Ito reddish purple: not in euros
    "kingdom": "#E69F00",  # the Kingdom's orange, as on the priorities layer
    "none": "#D9DDE1",
}
