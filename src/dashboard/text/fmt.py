"""Numbers as Dutch and English readers expect them: ``€ 1,2 mld`` and ``€1.2bn``.

Figures are shown exactly: a scale suffix is used only when it loses nothing
(2 400 000 000 → ``€ 2,4 mld``), otherwise the full number is written out.
"""

from __future__ import annotations

from decimal import Decimal

_SCALES = ((10**9, {"nl": " mld", "en": "bn"}), (10**6, {"nl": " mln", "en": "m"}))


def number(value: float | int, lang: str, decimals: int = 0) -> str:
    """``1234567.5`` → ``1.234.567,5`` (nl) or ``1,234,567.5`` (en)."""
    text = f"{value:,.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def euro(amount: float | int | None, lang: str) -> str:
    """An amount in euros, compact when exact; empty when the amount is unknown."""
    if amount is None or amount != amount:  # None or NaN: unknown stays blank
        return ""
    exact = Decimal(str(amount))
    for scale, suffix in _SCALES:
        if abs(exact) >= scale:
            scaled = exact / scale
            if scaled == scaled.quantize(Decimal("0.001")):
                digits = len(str(scaled.normalize()).partition(".")[2])
                body = number(float(scaled), lang, decimals=digits)
                return f"€ {body}{suffix[lang]}" if lang == "nl" else f"€{body}{suffix[lang]}"
            break
    body = number(float(exact), lang)
    return f"€ {body}" if lang == "nl" else f"€{body}"


def percent(value: float, lang: str, decimals: int = 1) -> str:
    return f"{number(value, lang, decimals)}%"
