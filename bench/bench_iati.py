"""Importing a ~200 MB IATI activity file, and the aid layer's redraw after a year change.

Writes a synthetic IATI 2.03 publication into a temporary folder (made up here, not real
data: activities shaped like XM-DAC-7's, with budgets and results the importer must skip),
imports it as `python -m dashboard import-iati` does (read, check, publish both datasets into
a new SQLite store) and prints the wall time and the peak resident memory beside the targets
(< 60 s, < 1 GB on 2 cores). Then it starts the app on that store and, in headless Chromium,
changes the aid layer's year and times each redraw until the map's legend shows the new year
(target < 1 s). Not a test.

    python bench/bench_iati.py [--mb 200] [--runs 5] [--no-browser] [--store URL]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

TARGET_MB = 200
TARGET_SECONDS = 60
TARGET_RSS_MB = 1024
TARGET_REDRAW_S = 1.0
LEGEND_TITLE = "document.querySelector('.dashboard-map')?.figure?.layout?.legend?.title?.text || ''"
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


def import_file(path: Path) -> dict:
    """Read, check and publish like `import-iati`; figures for the import alone."""
    from dashboard.services import aid, aid_fetch
    from dashboard.storage import datasets

    datasets.store()  # seeded from data/ first, as on any first start: not the import
    datasets.known_iso3()  # the map's codes, read once per process
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    imported = aid_fetch.read_locations([str(path)])
    read_s = time.perf_counter() - started
    versions = aid.publish_as("bench", imported, "bench") if imported.ok else None
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "ok": imported.ok,
        "activities": 0 if imported.activities is None else len(imported.activities),
        "flows": 0 if imported.flows is None else len(imported.flows),
        "problems": imported.problem_count,
        "warnings": imported.warning_count,
        "read_s": read_s,
        "seconds": seconds,
        "cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
        "rss_before": before.ru_maxrss / 1024,
        "peak": after.ru_maxrss / 1024,  # kB on Linux
        "versions": versions,
    }


def redraws(runs: int) -> tuple[float, float, list[float]]:
    """Seconds to the first aid map after the import, and per year change after that."""
    from _app import chromium, running_app

    store = os.environ["DASHBOARD_DB_URL"]
    with running_app(db_url=store) as (url, proc), chromium() as browser:
        page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
        started = time.perf_counter()
        page.goto(f"{url}/?layer=aid_eur", wait_until="domcontentloaded")
        page.wait_for_function(f"({LEGEND_TITLE}).includes('uitbetaald in')", timeout=180_000)
        first = time.perf_counter() - started
        status = Path(f"/proc/{proc.pid}/status").read_text().splitlines()
        rss = next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:"))
        years = [o for o in page.evaluate(f"{LEGEND_TITLE}").split() if o.isdigit()]
        current = int(years[0])
        times = []
        for i in range(runs):
            year = str(current - 1 - i % 4)
            page.get_by_role("combobox", name="Jaar").click()
            t0 = time.perf_counter()
            page.get_by_role("option", name=year, exact=True).click()
            page.wait_for_function(f"({LEGEND_TITLE}).includes('uitbetaald in {year}')")
            times.append(time.perf_counter() - t0)
        return first, rss, times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=TARGET_MB)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--store", help="only the redraw, on a store that already holds an import (its URL)"
    )
    args = parser.parse_args()
    if args.store:
        os.environ["DASHBOARD_DB_URL"] = args.store
        first, rss, times = redraws(args.runs)
        print(f"first view {first:8.1f} s, the app's RSS then {rss:.0f} MB")
        print(f"redraw     {statistics.median(times):8.2f} s median, {max(times):.2f} s max")
        return
    with tempfile.TemporaryDirectory() as folder:
        os.environ["DASHBOARD_DB_URL"] = f"sqlite:///{folder}/bench.sqlite"
        path = Path(folder) / "iati-activities.xml"
        count = write_file(path, args.mb)
        size_mb = path.stat().st_size / 1e6
        got = import_file(path)
        path.unlink()
        print(f"file       {size_mb:8.1f} MB, {count} activities (synthetic)")
        print(
            f"imported   {got['activities']} activities, {got['flows']} flows, "
            f"{got['problems']} problems, {got['warnings']} warnings, published={got['ok']}"
        )
        print(
            f"wall time  {got['seconds']:8.1f} s   (target < {TARGET_SECONDS} s; reading and "
            f"checking {got['read_s']:.1f} s, publishing {got['seconds'] - got['read_s']:.1f} s; "
            f"CPU {got['cpu']:.1f} s, which other work on the machine does not inflate)"
        )
        print(
            f"peak RSS   {got['peak']:8.0f} MB  (target < {TARGET_RSS_MB} MB; "
            f"{got['rss_before']:.0f} MB before the import)"
        )
        ok = got["seconds"] < TARGET_SECONDS and got["peak"] < TARGET_RSS_MB and got["ok"]
        if not args.no_browser:
            first, rss, times = redraws(args.runs)
            print(
                f"first view {first:8.1f} s   (the app loads the new version once per process; "
                f"the app's RSS then {rss:.0f} MB)"
            )
            print(
                f"redraw     {statistics.median(times):8.2f} s median, {max(times):.2f} s max "
                f"over {len(times)} year changes (target < {TARGET_REDRAW_S} s)"
            )
            ok = ok and max(times) < TARGET_REDRAW_S
    print("targets met" if ok else "TARGETS MISSED")


if __name__ == "__main__":
    main()
