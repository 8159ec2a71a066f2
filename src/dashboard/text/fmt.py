"""Numbers, amounts and dates as Dutch and English readers expect them, made by Babel (CLDR).

Amounts are shown exactly: the compact form (``€ 2,4 mld.``, ``€2.4bn``) is used only when it
loses nothing; otherwise the full amount is written out, with cents when there are any.
Dutch amounts keep the euro sign and the number together with a no-break space.
A date that is not a calendar date is shown as written, never guessed at.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from babel import dates, numbers

LOCALES = {"nl": "nl_NL", "en": "en_GB"}
_COMPACT_FROM = 10**6  # below a million the full amount is as short
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["nl"])


def number(value: float | int, lang: str, decimals: int = 0) -> str:
    """``1234567.5`` → ``1.234.567,5`` (nl) or ``1,234,567.5`` (en), with ``decimals`` digits."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return numbers.format_decimal(
        value, format=pattern, locale=_locale(lang), decimal_quantization=True
    )


def euro(amount: float | int | None, lang: str) -> str:
    """An amount in euros, compact when exact; empty when the amount is unknown."""
    if amount is None or amount != amount:  # None or NaN: unknown stays blank
        return ""
    exact = Decimal(str(amount))
    if abs(exact) >= _COMPACT_FROM:
        scale = 10**9 if abs(exact) >= 10**9 else 10**6
        scaled = exact / scale
        if scaled == scaled.quantize(Decimal("0.001")):
            digits = len(str(scaled.normalize()).partition(".")[2])
            return numbers.format_compact_currency(
                exact, "EUR", locale=_locale(lang), fraction_digits=digits
            )
    # CLDR's patterns without forced cents; a no-break space, as in Babel's compact form
    pattern = "¤\u00a0#,##0" if lang == "nl" else "¤#,##0"
    if exact != exact.to_integral_value():
        pattern += ".00"
    return numbers.format_currency(
        exact, "EUR", format=pattern, locale=_locale(lang), currency_digits=False
    )


def percent(value: float, lang: str, decimals: int = 1) -> str:
    """``2.05`` → ``2,05%`` (nl) or ``2.05%`` (en): the value is already in percent."""
    return f"{number(value, lang, decimals)}%"


def date(value: object, lang: str) -> str:
    """``2025-12-08`` → ``8 december 2025`` / ``8 December 2025``; ``YYYY-MM`` → ``december
    2025``; ``YYYY`` as is. Anything else (not a calendar date) is returned as written."""
    text = str(value).strip()
    match = _PARTIAL_DATE.match(text)
    if not match:
        return text
    year, month, day = match.groups()
    try:
        if day:
            return dates.format_date(
                dt.date(int(year), int(month), int(day)), "long", locale=_locale(lang)
            )
        if month:
            return dates.format_date(
                dt.date(int(year), int(month), 1), "LLLL y", locale=_locale(lang)
            )
    except ValueError:  # 2026-13-01, 2025-02-31: not a date
        return text
    return year


def capital(text: str) -> str:
    """``text`` with its first letter a capital, for a heading or the start of a line (the
    catalogue's labels are lower case, to sit inside a sentence)."""
    return text[:1].upper() + text[1:]
