"""Validating and publishing a 50,000-row upload (targets: < 3 s and < 5 s on SQLite).

Builds a commitments CSV as Dutch Excel writes it (semicolons, decimal commas, country
names), checks it, previews it against the bundled version, and publishes it into a
throwaway SQLite store. Prints the figures; not a test.
"""

from __future__ import annotations

import csv
import io
import tempfile
import time

import pandas as pd

from dashboard import settings
from dashboard.domain import diff
from dashboard.ingest import upload as ingest
from dashboard.storage import datasets
from dashboard.storage import store as store_module

ROWS = 50_000


def _csv() -> bytes:
    names = pd.read_csv(settings.root() / "geo" / "names.csv", dtype=str)["name_nl"].tolist()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            "commitment_id",
            "iso3",
            "group",
            "theme",
            "instrument",
            "description_nl",
            "description_en",
            "amount_eur",
            "period",
            "status",
            "source",
            "source_url",
            "source_date",
        ]
    )
    for i in range(ROWS):
        writer.writerow(
            [
                f"c{i:06d}",
                names[i % len(names)],
                "",
                "security",
                "financial",
                f"Steun nummer {i} voor wederopbouw en herstel.",
                f"Support number {i} for reconstruction and recovery.",
                f"{i * 1000:,}".replace(",", "."),
                "2025-2027",
                "committed",
                'Rijksoverheid, "Kamerbrief"',
                "https://www.rijksoverheid.nl/",
                "2025-06-01",
            ]
        )
    return out.getvalue().encode("cp1252")


def main() -> None:
    data = _csv()
    known = datasets.known_iso3()
    limits = ingest.Limits(max_bytes=len(data) + 1, max_rows=ROWS)
    started = time.perf_counter()
    checked = ingest.check_upload(
        "commitments", "commitments.csv", data, known_iso3=known, limits=limits
    )
    validated = time.perf_counter() - started
    assert checked.ok, checked.problems[:5]
    with tempfile.TemporaryDirectory() as folder:
        st = store_module.Store(f"sqlite:///{folder}/bench.sqlite").create()
        datasets.seed(st)
        old = datasets.load_from(st, "commitments")
        started = time.perf_counter()
        preview = diff.preview("commitments", old, checked.frame)
        previewed = time.perf_counter() - started
        started = time.perf_counter()
        version = st.publish(
            "commitments",
            checked.frame,
            user="bench",
            note="bench",
            file_name="commitments.csv",
            sha256=checked.sha256,
        )
        published = time.perf_counter() - started
        started = time.perf_counter()
        loaded = datasets.load_from(st, "commitments")
        first_load = time.perf_counter() - started
        stored = len(store_module.encode_rows(checked.frame))
        st.dispose()
    print(f"file: {ROWS:,} rows, {len(data) / 1e6:.1f} MB (cp1252, ';', decimal commas, names)")
    print(f"validate (read, map names, contract): {validated:.2f} s   (target < 3 s)")
    print(f"preview against the bundled version:  {previewed:.2f} s   ({preview.summary()})")
    print(
        f"publish on SQLite (one transaction):  {published:.2f} s   (target < 5 s); "
        f"version {version.version}, {stored / 1e6:.1f} MB stored"
    )
    print(
        f"first load of the new version:        {first_load:.2f} s   ({len(loaded):,} rows; "
        "then cached per process)"
    )


if __name__ == "__main__":
    main()
