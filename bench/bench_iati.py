"""Importing a ~200 MB IATI activity file (targets: < 60 s and < 1 GB peak RSS, 2 cores).

Writes a synthetic IATI 2.03 publication into a temporary folder (made up here, not real
data: activities shaped like XM-DAC-7's, with budgets and results the importer must skip),
imports it with dashboard.ingest.iati.parse and prints the wall time and the peak resident
memory beside the targets. Not a test. `python bench/bench_iati.py [megabytes]`.
"""

from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from dashboard.ingest import iati

TARGET_MB = 200
TARGET_SECONDS = 60
TARGET_RSS_MB = 1024
COUNTRIES = [
    "ML",
    "NE",
    "BF",
    "SD",
    "SS",
    "ET",
    "SO",
    "KE",
    "UG",
    "YE",
    "SY",
    "LB",
    "IQ",
    "AF",
    "BD",
    "MZ",
    "RW",
    "BI",
    "CD",
    "PS",
    "UA",
    "MD",
    "XK",
    "GH",
    "BJ",
]
REGIONS = ["289", "298", "589", "798", "998", "1030"]
SECTORS = [
    "14030",
    "31120",
    "12220",
    "13020",
    "11330",
    "15190",
    "15220",
    "41010",
    "25030",
    "72010",
    "43072",
    "15130",
    "99810",
]


def _activity(rng: random.Random, n: int) -> str:
    ident = f"XM-DAC-7-PPR-{400000 + n}"
    year = rng.randint(2015, 2025)
    parts = [
        f'<iati-activity last-updated-datetime="2025-06-01T00:00:00" xml:lang="nl" '
        f'default-currency="EUR" hierarchy="{1 + n % 2}">',
        f"<iati-identifier>{ident}</iati-identifier>",
        '<reporting-org ref="XM-DAC-7" type="10"><narrative>Ministerie van Buitenlandse '
        "Zaken</narrative></reporting-org>",
        f"<title><narrative>Programma {n} voor water en voedselzekerheid</narrative>"
        f'<narrative xml:lang="en">Programme {n} for water and food security</narrative></title>',
        '<description type="1"><narrative>'
        + "Beschrijving van het programma. " * 12
        + "</narrative></description>",
        '<participating-org ref="XM-DAC-7" role="1" type="10"><narrative>Ministerie van '
        "Buitenlandse Zaken</narrative></participating-org>",
        f'<participating-org role="4" type="22"><narrative>Uitvoerder {n % 97}</narrative>'
        "</participating-org>",
        f'<activity-status code="{rng.choice("234")}"/>',
        f'<activity-date iso-date="{year}-01-01" type="1"/>',
        f'<activity-date iso-date="{year}-02-01" type="2"/>',
        f'<activity-date iso-date="{year + 3}-12-31" type="3"/>',
    ]
    place_on_transactions = n % 5 == 0
    if not place_on_transactions:
        countries = rng.sample(COUNTRIES, rng.randint(1, 3))
        share = 100 // (len(countries) + 1)
        for code in countries:
            parts.append(f'<recipient-country code="{code}" percentage="{share}"/>')
        rest = 100 - share * len(countries)
        parts.append(
            f'<recipient-region code="{rng.choice(REGIONS)}" vocabulary="1" percentage="{rest}"/>'
        )
        sectors = rng.sample(SECTORS, 2)
        parts.append(f'<sector code="{sectors[0]}" vocabulary="1" percentage="60"/>')
        parts.append(f'<sector code="{sectors[1]}" vocabulary="1" percentage="40"/>')
        parts.append(
            '<sector code="6" vocabulary="99" percentage="100"><narrative>Eigen '
            "code</narrative></sector>"
        )
    parts.append('<policy-marker vocabulary="1" code="1" significance="1"/>')
    for b in range(4):
        parts.append(
            f'<budget type="1" status="2"><period-start iso-date="{year + b}-01-01"/>'
            f'<period-end iso-date="{year + b}-12-31"/><value currency="EUR" '
            f'value-date="{year + b}-01-01">{rng.randint(10_000, 9_000_000)}</value></budget>'
        )
    for t in range(rng.randint(8, 20)):
        kind = "2" if t == 0 else rng.choice("3334")
        day = f"{year + t % 4}-{1 + t % 12:02d}-15"
        currency = ' currency="USD"' if t % 7 == 6 else ""
        extra = ""
        if place_on_transactions:
            extra = (
                f'<sector code="{rng.choice(SECTORS)}" vocabulary="1"/>'
                f'<recipient-country code="{rng.choice(COUNTRIES)}"/>'
            )
        parts.append(
            f'<transaction><transaction-type code="{kind}"/><transaction-date iso-date="{day}"/>'
            f'<value{currency} value-date="{day}">{rng.randint(1_000, 5_000_000)}.00</value>'
            f"<description><narrative>Betaling {t}</narrative></description>"
            f'<provider-org ref="XM-DAC-7"><narrative>BZ</narrative></provider-org>'
            f'<receiver-org type="22"><narrative>Uitvoerder {n % 97}</narrative></receiver-org>'
            f"{extra}</transaction>"
        )
    parts.append(
        '<document-link format="text/html" url="https://openaid.nl/activity/'
        f'{ident}"><title><narrative>openaid.nl</narrative></title>'
        '<category code="A12"/></document-link>'
    )
    parts.append(
        '<result type="1"><title><narrative>Resultaat</narrative></title><indicator '
        'measure="1"><title><narrative>Aantal mensen</narrative></title><baseline '
        f'year="{year}" value="0"/><period><period-start iso-date="{year}-01-01"/>'
        f'<period-end iso-date="{year}-12-31"/><target value="100"/>'
        '<actual value="80"/></period></indicator></result>'
    )
    parts.append("</iati-activity>\n")
    return "".join(parts)


def write_file(path: Path, megabytes: int) -> int:
    """Writes a synthetic publication of about `megabytes` MB; returns its activity count."""
    rng = random.Random(15)
    target = megabytes * 1_000_000
    written = n = 0
    with path.open("w", encoding="utf-8") as out:
        head = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03" '
            'generated-datetime="2025-06-01T00:00:00">\n'
        )
        out.write(head)
        written += len(head)
        while written < target:
            chunk = _activity(rng, n)
            out.write(chunk)
            written += len(chunk.encode("utf-8"))
            n += 1
        out.write("</iati-activities>\n")
    return n


def main() -> None:
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else TARGET_MB
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "iati-activities.xml"
        count = write_file(path, megabytes)
        size_mb = path.stat().st_size / 1e6
        before = resource.getrusage(resource.RUSAGE_SELF)
        limits = iati.Limits(max_bytes=path.stat().st_size + 1, max_activities=count)
        started = time.perf_counter()
        result = iati.parse(path, limits=limits)
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    rss_before = before.ru_maxrss / 1024
    peak = after.ru_maxrss / 1024  # kB on Linux
    print(f"file       {size_mb:8.1f} MB, {count} activities (synthetic)")
    print(
        f"imported   {len(result.activities)} activities, {len(result.flows)} flows, "
        f"{result.problem_count} problems, {result.warning_count} warnings, "
        f"complete={result.complete}"
    )
    print(
        f"wall time  {seconds:8.1f} s   (target < {TARGET_SECONDS} s; CPU {cpu:.1f} s, which "
        "other work on the machine does not inflate)"
    )
    print(
        f"peak RSS   {peak:8.0f} MB  (target < {TARGET_RSS_MB} MB; {rss_before:.0f} MB "
        "before the import)"
    )
    ok = seconds < TARGET_SECONDS and peak < TARGET_RSS_MB and result.complete
    print("targets met" if ok else "TARGETS MISSED")


if __name__ == "__main__":
    main()
