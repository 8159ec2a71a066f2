"""Hostile uploads cost bounded time and memory. Targets: validating a 10 MB CSV of 100,000
rows that are all invalid ends in under 5 s and 300 MB; a 14.9 MB .xlsx whose shared-strings
part unpacks to 192 MB is refused in under 5 s.

Builds both files here (nothing big is kept in the repository) and checks each in a fresh
Python process, so the peak memory printed is that of the check alone (Python, pandas and
the app's modules included). Prints the figures; not a test.
"""

from __future__ import annotations

import json
import random
import resource
import string
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from dashboard.domain import problems

COLUMNS = (
    "commitment_id,iso3,group,theme,instrument,description_nl,description_en,amount_eur,"
    "period,status,source,source_url,source_date"
)
ROWS = 100_000

# Runs in the fresh process: check the file, print the figures as JSON.
CHECK = """
import json, resource, sys, time
from pathlib import Path
from dashboard.ingest import upload as ingest
from dashboard.domain import problems
from dashboard.storage import datasets
path = Path(sys.argv[1])
known = datasets.known_iso3()
data = path.read_bytes()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
started, cpu = time.perf_counter(), time.process_time()
checked = ingest.check_upload("commitments", path.name, data, known_iso3=known)
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
print(json.dumps({
    "seconds": seconds,
    "cpu": cpu,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "before_mb": before,
    "child_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    "listed": len(problems.listed(checked.problems)),
    "total": problems.count(checked.problems),
    "first": [str(p) for p in checked.problems[:2]],
    "last": str(checked.problems[-1]) if checked.problems else "",
}))
"""


def invalid_csv(path: Path) -> None:
    """100,000 rows, every cell but the description wrong (about 10 MB)."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(COLUMNS + "\n")
        for i in range(ROWS):
            out.write(
                f"dup,Nowhere{i},nowhere,,bribes,=SUM(A{i}),<b>x</b>,lots,soon,maybe,,"
                f"ftp://example.org/{i},2025-13-{i % 90:02d}\n"
            )


def shared_strings_bomb(path: Path, unpacked_mb: int = 183) -> None:
    """A workbook whose xl/sharedStrings.xml unpacks to ``unpacked_mb`` MiB (183 MiB: 192 MB),
    about 13 times its packed size: below any "thousands of times" zip-bomb ratio."""
    rng = random.Random(11)
    parts, size = [], 0
    while size < 1 << 20:  # one megabyte of entries, repeated (beyond deflate's 32 KB window)
        entry = "<si><t>" + "".join(rng.choice(string.ascii_lowercase) for _ in range(2))
        entry += " padding text</t></si>"
        parts.append(entry)
        size += len(entry)
    chunk = "".join(parts).encode()
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006"
    sheet_ml = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    office = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    small = {
        "[Content_Types].xml": f'<Types xmlns="{package}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{office}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{office}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{office}.sharedStrings+xml"/>'
        "</Types>",
        "_rels/.rels": f'<Relationships xmlns="{package}/relationships"><Relationship Id="rId1" '
        f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{sheet_ml}" xmlns:r="{rel}"><sheets>'
        '<sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{package}/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{sheet_ml}"><sheetData><row>'
        '<c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in small.items():
            archive.writestr(name, text)
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for _ in range(unpacked_mb):
                part.write(chunk)
            part.write(b"</sst>")


def check(path: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHECK, str(path)], capture_output=True, text=True, timeout=600
    )
    if done.returncode:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "commitments.csv"
        invalid_csv(csv_path)
        got = check(csv_path)
        print(
            f"all-invalid CSV: {ROWS:,} rows, {csv_path.stat().st_size / 1e6:.1f} MB: "
            f"checked in {got['seconds']:.2f} s (CPU {got['cpu']:.2f} s; target < 5 s), "
            f"peak {got['peak_mb']:.0f} MB (target < 300 MB), of which "
            f"{got['before_mb']:.0f} MB before the check (Python, pandas, the map's codes)"
        )
        print(
            f"  {got['total']:,} problems counted, {got['listed']} listed "
            f"(limit {problems.LIMIT}); first: {got['first'][0]}"
        )
        print(f"  last: {got['last']}")
        bomb = Path(folder) / "bomb.xlsx"
        started = time.perf_counter()
        shared_strings_bomb(bomb)
        built = time.perf_counter() - started
        with zipfile.ZipFile(bomb) as archive:
            unpacked = sum(i.file_size for i in archive.infolist())
        got = check(bomb)
        print(
            f"xlsx bomb: {bomb.stat().st_size / 1e6:.1f} MB, unpacks to {unpacked / 1e6:.0f} MB "
            f"(built in {built:.0f} s): refused in {got['seconds']:.3f} s (target < 5 s), "
            f"peak {got['peak_mb']:.0f} MB; {got['last']}"
        )
        small = Path(folder) / "bomb-under-the-part-limit.xlsx"
        shared_strings_bomb(small, unpacked_mb=70)
        got = check(small)
        print(
            f"the same kind under the part limit ({small.stat().st_size / 1e6:.1f} MB, "
            f"unpacks to 73 MB), parsed in the limited child: {got['seconds']:.1f} s, "
            f"child peak {got['child_peak_mb']:.0f} MB, app process peak {got['peak_mb']:.0f} MB; "
            f"{got['last'][:120]}"
        )
    print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
