"""Pure parsers for the Nederland Wereldwijd open data API (v2): posts abroad and travel advice.

Base ``https://opendata.nederlandwereldwijd.nl/v2/sources/nederlandwereldwijd``; JSON only
with ``output=json``; pages by ``rows``/``offset`` (answers are bare arrays, ``rows`` is cut at
200 by the service). Posts: ``/infotypes/countries/{country}/nl-representation[/{id}]``
(spec tag ``ConsularData``). Travel advice: ``/infotypes/countries/{country}/traveladvice``.
The travel advice has no colour field: the colour is read from the template sentences in
``introduction`` ("De kleurcode van het reisadvies voor X is geel", "Voor de rest van X geldt
kleurcode geel"). Sources and gaps: /work/research/nlww-notes.md.

Each parser takes the raw body (bytes or str) of one answer, or a list of ``Page`` (the body
of each ``offset`` asked, with the ``rows`` asked), and returns ``(frame, problems,
warnings)``. Any problem refuses the whole answer: ``frame`` is then None.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date

import pandas as pd

from dashboard.sources.nlww_pages import (
    DEFAULT_MAX_BYTES,
    Page,
    check_types,
    iso_date,
    read_records,
)

Result = tuple[pd.DataFrame | None, list[str], list[str]]

REPRESENTATION_COLUMNS = ["post_id", "name_nl", "name_en", "type", "city", "iso3", "lat", "lon"]
REPRESENTATION_COLUMNS += ["status", "source_url", "source_date", "dataurl"]
TRAVEL_ADVICE_COLUMNS = ["id", "iso3", "colour", "parts_differ", "changed_on", "url"]

# Kind of post from the slug prefix of ``id``: (Dutch slug, English slug, kind). Observed:
# ambassade-, consulaat-generaal-, ambassadekantoor-, and the spec's example embassy-yangon;
# the rest are guesses. Longest first, so consulaat-generaal wins over consulaat.
_KIND_SLUGS = (
    ("permanente-vertegenwoordiging", "permanent-representation", "permanent_representation"),
    ("vertegenwoordigingskantoor", "representative-office", "representative_office"),
    ("verbindingskantoor", "liaison-office", "liaison_office"),
    ("honorair-consulaat", "honorary-consulate", "honorary_consulate"),
    ("consulaat-generaal", "consulate-general", "consulate_general"),
    ("ambassadekantoor", "embassy-office", "embassy_office"),
    ("consulaat", "consulate", "consulate"),
    ("ambassade", "embassy", "embassy"),
)
POST_KINDS = tuple((slug, kind) for nl, en, kind in _KIND_SLUGS for slug in (nl, en))
_NL_COLOURS = ["groen", "geel", "oranje", "rood"]
_EN_COLOURS = ["green", "yellow", "orange", "red"]
COLOURS = dict(zip(_NL_COLOURS + _EN_COLOURS, _EN_COLOURS * 2, strict=True))
LANGS = ("nl", "en")

# Types the spec gives for the representation detail (``getCountryRepresentationDetailById``).
_REP_LISTS = ("address", "servicelocations", "telephonenumbers")
_REP_TEXT = "id type canonical dataurl title function agencyhead openingtimes register"
_REP_TYPES = {
    **dict.fromkeys(_REP_TEXT.split(), str),
    "embassy": bool,
    **dict.fromkeys(_REP_LISTS, list),
}
_ADVICE_TEXT = "id isocode canonical introduction modificationdate lastmodified location"
_ADVICE_TYPES = {**dict.fromkeys(_ADVICE_TEXT.split(), str), "content": list, "files": list}

_DATAURL_FORM = "infotypes/countries/{country}/nl-representation/{id}"
_DATAURL = re.compile(r"/infotypes/countries/([^/?#]+)/nl-representation/([^/?#]+)/?$")
_CITY = re.compile(r"\sin\s+([^,]+),")
_CHANGED = re.compile(r"(?:gewijzigd op|modified on)\s*:?\s*(\d{1,2})-(\d{1,2})-(\d{4})", re.I)
_BLOCK = re.compile(r"<\s*/?\s*(?:li|p|br|div|h\d|ul|ol|tr|td)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_CODE = re.compile(r"\b(?:kleurcode|colou?r[ -]code)\b", re.I)
_COLOUR = re.compile(r"\b(groen|geel|oranje|rood|green|yellow|orange|red)\b", re.I)
_REST = re.compile(r"\b(?:rest van|overige deel|grootste deel|grotendeels|rest of|most of)\b", re.I)
_WHOLE = re.compile(r"^(?:de|the)?\s*(?:kleurcode|colou?r[ -]code)\b.*\bis\s+(\w+)\W*$", re.I)


def parse_representations(
    payload: bytes | str | Sequence[Page],
    to_iso3: Callable[[str], str | None],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    lang: str = "nl",
) -> Result:
    """Posts abroad from ``…/nl-representation`` answers (per-country lists or details).

    One row per post. ``iso3`` is where the post sits: ``to_iso3`` applied to the
    ``{country}`` segment of its ``dataurl`` (ISO3 in lower case, or a location key). A post
    listed for several countries it serves (same ``id``, same ``dataurl``) is kept once.
    ``lang`` is the ``lang`` asked: the title lands in ``name_nl`` or ``name_en``.
    """
    problems: list[str] = []
    warnings: list[str] = []
    if lang not in LANGS:
        return None, [f"lang {lang!r} is not one of the spec's {LANGS}"], warnings
    found = read_records(payload, max_bytes, problems)
    if found is None:
        return None, problems, warnings
    rows: dict[str, dict] = {}
    for label, rec in found:
        if not check_types(rec, label, _REP_TYPES, ("id", "title", "dataurl"), problems):
            continue
        for name in _REP_LISTS:
            if name in rec and not all(isinstance(v, str) for v in rec[name]):
                problems.append(f"{label}: field {name!r} must be an array of strings")
        ident, title, dataurl = rec["id"].strip(), rec["title"].strip(), rec["dataurl"].strip()
        kind = _post_kind(ident)
        if kind is None:
            problems.append(f"{label}: field 'id' {ident!r} has no known post-kind prefix")
        where = _DATAURL.search(dataurl)
        if where is None:
            problems.append(f"{label}: field 'dataurl' {dataurl!r} is not …/{_DATAURL_FORM}")
        post_id = _slug(ident)
        if not post_id:
            problems.append(f"{label}: field 'id' {ident!r} gives an empty slug")
        if kind is None or where is None or not post_id:
            continue
        if post_id in rows:
            if rows[post_id]["dataurl"] != dataurl:
                problems.append(f"{label}: field 'id' {ident!r} repeats with another 'dataurl'")
            continue
        country = where.group(1)
        iso3 = to_iso3(country)
        if iso3 is None:
            warnings.append(f"{label}: country {country!r} of 'dataurl' is not on the ISO3 map")
        city = _CITY.search(title)
        if city is None:
            warnings.append(f"{label}: no city in field 'title' {title!r} ('… in CITY, LAND')")
        address = rec.get("address")
        no_address = isinstance(address, list) and not any(str(a).strip() for a in address)
        rows[post_id] = {
            "post_id": post_id,
            "name_nl": title if lang == "nl" else None,
            "name_en": title if lang == "en" else None,
            "type": kind,
            "city": city.group(1).strip() if city else None,
            "iso3": iso3,
            "lat": None,
            "lon": None,  # no coordinates in the spec or in observed answers
            "status": "no_address" if no_address else "listed",
            "source_url": _text(rec.get("canonical")),
            "source_date": iso_date(rec.get("lastmodified"), label, "lastmodified", problems),
            "dataurl": dataurl,
        }
    if problems:
        return None, problems, warnings
    frame = pd.DataFrame(list(rows.values()), columns=REPRESENTATION_COLUMNS)
    frame[["lat", "lon"]] = frame[["lat", "lon"]].astype(float)
    return frame, problems, warnings


def parse_travel_advice(
    payload: bytes | str | Sequence[Page],
    to_iso3: Callable[[str], str | None] | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Result:
    """Travel advice per country from ``…/countries/{country}/traveladvice`` documents.

    ``colour`` is the headline colour (green, yellow, orange, red) read from
    ``introduction``: the colour stated for the rest of the country, else the one stated for
    the whole country; ``parts_differ`` is True when more than one colour is stated.
    ``changed_on`` is the "Laatst gewijzigd op" date of ``modificationdate`` (else the date
    of ``lastmodified``, with a warning). ``to_iso3`` maps ``isocode`` (default: three
    letters A-Z as they are, anything else None and a warning).
    """
    problems: list[str] = []
    warnings: list[str] = []
    to_iso3 = to_iso3 or _alpha3
    found = read_records(payload, max_bytes, problems)
    if found is None:
        return None, problems, warnings
    rows: list[dict] = []
    seen: dict[str, str] = {}
    for label, rec in found:
        required = ("id", "isocode", "canonical", "introduction")
        if not check_types(rec, label, _ADVICE_TYPES, required, problems):
            continue
        ident = rec["id"].strip()
        language = rec.get("language")
        if language is not None and language not in LANGS:
            problems.append(f"{label}: field 'language' {language!r} is not one of {LANGS}")
        for key in (ident, rec["isocode"].strip().upper()):
            if key in seen and seen[key] != label:
                problems.append(f"{label}: {key!r} is already the advice of {seen[key]}")
            seen[key] = label
        changed = _changed_on(rec, label, problems, warnings)
        colour, parts_differ, note = headline_colour(rec["introduction"])
        if note:
            warnings.append(f"{label}: {note}")
        code = rec["isocode"].strip()
        iso3 = to_iso3(code)
        if iso3 is None:
            warnings.append(f"{label}: field 'isocode' {code!r} is not on the ISO3 map")
        values = (ident, iso3, colour, parts_differ, changed, rec["canonical"].strip())
        rows.append(dict(zip(TRAVEL_ADVICE_COLUMNS, values, strict=True)))
    if problems:
        return None, problems, warnings
    return pd.DataFrame(rows, columns=TRAVEL_ADVICE_COLUMNS), problems, warnings


def headline_colour(introduction: str) -> tuple[str | None, bool, str | None]:
    """(colour, parts_differ, note) from the template sentences of an ``introduction``.

    Only sentences naming the colour code count. A sentence on "de rest van" (or "grootste
    deel", "grotendeels") gives the headline; else a sentence "De kleurcode … is {kleur}".
    ``note`` says why ``colour`` is None (no colour sentence, or no headline among several).
    """
    stated: list[str] = []
    rest: list[str] = []
    whole: list[str] = []
    for sentence in _sentences(introduction):
        code = _CODE.search(sentence)
        if code is None:
            continue
        after = _COLOUR.search(sentence, code.end()) or _COLOUR.search(sentence)
        if after is None:
            continue
        colour = COLOURS[after.group(1).lower()]
        stated.append(colour)
        if _REST.search(sentence):
            rest.append(colour)
        elif (m := _WHOLE.match(sentence)) and COLOURS.get(m.group(1).lower()) == colour:
            whole.append(colour)
    distinct = list(dict.fromkeys(stated))
    if not distinct:
        return None, False, "no colour-code sentence in 'introduction'"
    parts_differ = len(distinct) > 1
    if not parts_differ:
        return distinct[0], False, None
    for candidates in (rest, whole):
        if len(set(candidates)) == 1:
            return candidates[0], True, None
    return None, True, f"colours {distinct} in 'introduction', none for the rest of the country"


def _changed_on(rec: dict, label: str, problems: list[str], warnings: list[str]) -> date | None:
    text = rec.get("modificationdate")
    match = _CHANGED.search(text) if isinstance(text, str) else None
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            problems.append(f"{label}: field 'modificationdate' has no valid date ({text!r})")
            return None
    fallback = iso_date(rec.get("lastmodified"), label, "lastmodified", problems)
    if fallback is None:
        problems.append(f"{label}: no change date in 'modificationdate' or 'lastmodified'")
    else:
        warnings.append(
            f"{label}: changed_on is the date of 'lastmodified' (no date in "
            "'modificationdate'); it also moves on silent edits"
        )
    return fallback


def _sentences(fragment: str) -> list[str]:
    text = html.unescape(_TAG.sub(" ", _BLOCK.sub("\n", fragment)))
    return [" ".join(s.split()) for s in _SENTENCE.split(text) if s.strip()]


def _post_kind(ident: str) -> str | None:
    low = ident.lower()
    for prefix, kind in POST_KINDS:
        if low == prefix or low.startswith(prefix + "-"):
            return kind
    return None


def _slug(value: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _text(value) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _alpha3(code: str) -> str | None:
    return code.upper() if re.fullmatch(r"[A-Za-z]{3}", code) else None


def post_id(ident: str) -> str:
    """Our ``post_id`` for a listing's ``id`` (as :func:`parse_representations` gives it)."""
    return _slug(ident.strip())
