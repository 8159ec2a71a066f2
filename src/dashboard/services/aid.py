"""Development aid from the ministry's IATI publication: read, check, publish, load.

An import reads one or more IATI activity files (``ingest.iati``, streaming), checks them
whole and publishes two datasets as new versions, like an upload: ``aid_activities`` and
``aid_flows`` (contracts in ``domain.contracts``; the arithmetic in ``domain.aid`` and
``data/DICTIONARY.md``). Any problem refuses the whole import and nothing is published;
warnings are reported and the import goes ahead. Both versions carry the same file names,
note and sha256 (of every byte read), so their history shows which belong together.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, BinaryIO, NamedTuple, cast

import pandas as pd

from dashboard.domain import aid, contracts
from dashboard.ingest import iati
from dashboard.services import auth
from dashboard.storage import bundled, datasets
from dashboard.storage.store import Draft, Store, Version
from dashboard.text import errors

ACTIVITIES, FLOWS = contracts.AID_DATASETS
# Where an IATI alpha-2 code is not ISO 3166 (Kosovo), the map's own code.
IATI_TO_ISO3 = {"XK": "XKX"}
# Contract problems are listed up to this many, like the importer's own.
MAX_LISTED = iati.DEFAULT_LIMITS.max_problems


class Found(NamedTuple):
    """A problem or warning of an import: the file it is in, and what (``iati.Note``)."""

    file: str
    note: iati.Note


@dataclass
class Imported:
    """What an import read: the two datasets when nothing is wrong, and every note."""

    files: tuple[str, ...]
    sha256: str
    activities: pd.DataFrame | None = None
    flows: pd.DataFrame | None = None
    problems: list[Found] = field(default_factory=list)
    warnings: list[Found] = field(default_factory=list)
    problem_count: int = 0
    warning_count: int = 0

    @property
    def ok(self) -> bool:
        return self.problem_count == 0 and self.activities is not None


def describe(found: Found, lang: str) -> str:
    """One problem or warning as the user reads it: file, activity, element, and what."""
    note = found.note
    where = " · ".join(part for part in (found.file, note.ident, note.element) if part)
    return f"{where}: {errors.render(note.code, note.params, lang)}"


def country_code(known_iso3: Iterable[str]) -> Callable[[str], str | None]:
    """IATI's alpha-2 recipient codes to the map's codes; ``None`` for a code not on the map."""
    known = frozenset(known_iso3)

    def code(alpha2: str) -> str | None:
        alpha2 = alpha2.strip().upper()
        iso3 = IATI_TO_ISO3.get(alpha2) or iati.pycountry_alpha3(alpha2)
        return iso3 if iso3 in known else None

    return code


class _Hashing:
    """A binary stream that adds what is read to a digest (the sha256 of the import)."""

    def __init__(self, raw: BinaryIO, digest):
        self.raw, self.digest = raw, digest

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.digest.update(data)
        return data


@dataclass
class Reading:
    """An import in progress: files are added one at a time, then :meth:`finish` checks all."""

    source_url: str | None = None
    dated: bool = True  # the files' generated-datetime is the publisher's date
    limits: iati.Limits = iati.DEFAULT_LIMITS
    parsed: list[tuple[str, iati.IatiResult]] = field(default_factory=list)
    digest: Any = field(default_factory=hashlib.sha256)

    def add(self, name: str, stream: BinaryIO) -> iati.IatiResult:
        code = country_code(datasets.known_iso3())
        hashing = cast(BinaryIO, _Hashing(stream, self.digest))
        result = iati.parse(hashing, limits=self.limits, country_code=code)
        self.parsed.append((name, result))
        return result

    def finish(self) -> Imported:
        return _combine(self)


def read(
    files: Iterable[tuple[str, BinaryIO]],
    *,
    source_url: str | None = None,
    limits: iati.Limits = iati.DEFAULT_LIMITS,
) -> Imported:
    """Read and check IATI files given as ``(name, binary stream)``; nothing is published."""
    reading = Reading(source_url=source_url, limits=limits)
    for name, stream in files:
        reading.add(name, stream)
    return reading.finish()


def _combine(reading: Reading) -> Imported:
    out = Imported(tuple(name for name, _ in reading.parsed), reading.digest.hexdigest())
    seen: set[str] = set()
    activities, flows = [], []
    for name, result in reading.parsed:
        out.problems += [Found(name, note) for note in result.problems]
        out.warnings += [Found(name, note) for note in result.warnings]
        out.problem_count += result.problem_count
        out.warning_count += result.warning_count
        ids = result.activities["iati_identifier"]
        for ident in ids[ids.isin(seen)]:
            _problem(out, name, iati.Note(ident, "iati-identifier", "iati_p_duplicate_file", {}))
        seen.update(ids)
        orgs = result.activities["reporting_org"].fillna("?")
        source = "IATI " + orgs + " (" + name + ")"
        table, notes = aid.activities_table(
            result.activities,
            source=source,
            source_url=reading.source_url,
            file_date=result.generated if reading.dated else None,
        )
        for ident, column, kind in notes:
            if kind == "no_date":
                _problem(out, name, iati.Note(ident, column, "iati_p_no_date", {}))
            else:
                code = "iati_w_link" if kind == "link" else "iati_w_cleaned"
                note = iati.Note(ident, column, code, {})
                out.warnings.append(Found(name, note))
                out.warning_count += 1
        activities.append(table)
        flows.append(result.flows)
    if out.problem_count:
        return out
    themes = bundled.load_dac_themes()
    joined = pd.concat(activities, ignore_index=True)
    flow_table = aid.flows_table(pd.concat(flows, ignore_index=True), themes)
    checked_activities = _checked(out, ACTIVITIES, joined, None)
    checked_flows = _checked(out, FLOWS, flow_table, datasets.known_iso3())
    if not out.problem_count:
        out.activities, out.flows = checked_activities, checked_flows
    return out


def _problem(out: Imported, file: str, note: iati.Note) -> None:
    out.problem_count += 1
    if len(out.problems) < MAX_LISTED:
        out.problems.append(Found(file, note))


def _checked(out: Imported, name: str, frame: pd.DataFrame, known) -> pd.DataFrame | None:
    """``frame`` checked against its contract; each problem named by activity and column
    (the contract's own text, in the user's language)."""
    typed, problems = contracts.validate(name, frame, known)
    for problem in problems:
        ident = ""
        if problem.row is not None and 0 <= problem.row - 2 < len(frame):
            ident = str(frame["iati_identifier"].iloc[problem.row - 2])
        note = iati.Note(ident, problem.column or name, problem.key, dict(problem.values))
        _problem(out, "", note)
    return typed


def publish(
    account: auth.Account | None, imported: Imported, note: str, *, st: Store | None = None
) -> tuple[Version, Version]:
    """Make an import the active version of ``aid_activities`` and ``aid_flows``."""
    checked = auth.require(account, "analyst", "publish a dataset")
    if not note or not note.strip():
        raise errors.Refused("e_note_missing")
    return publish_as(checked.username, imported, note.strip(), st=st)


def publish_as(
    user: str, imported: Imported, note: str, *, st: Store | None = None
) -> tuple[Version, Version]:
    """:func:`publish` for a caller that has checked the rights (a connector)."""
    if not imported.ok or imported.activities is None or imported.flows is None:
        raise errors.Refused("e_file_has_problems")
    st = st if st is not None else datasets.store()
    name = ", ".join(imported.files)[:255]
    drafts = [
        Draft(dataset, frame, note, name, imported.sha256, encoding="parquet")
        for dataset, frame in ((ACTIVITIES, imported.activities), (FLOWS, imported.flows))
    ]
    activities, flows = st.publish_together(drafts, user=user)  # both or neither
    return activities, flows


@dataclass(frozen=True)
class AidData:
    """The active aid datasets as the app reads them: the activities, the flows' summary
    (``domain.aid.summary``), their sums per activity (``per_activity``) and each country's
    sectors (``country_sectors``), and whether the two versions come from one import. The
    flows themselves (about a million rows) are not kept."""

    activities: pd.DataFrame
    summary: pd.DataFrame
    per_activity: pd.DataFrame
    sectors: pd.DataFrame
    activities_version: Version
    flows_version: Version

    @property
    def consistent(self) -> bool:
        return self.activities_version.sha256 == self.flows_version.sha256


def load(st: Store | None = None) -> AidData | None:
    """The active aid datasets, or ``None`` when no IATI data has been imported yet."""
    st = st if st is not None else datasets.store()
    activities_version, flows_version = st.active(ACTIVITIES), st.active(FLOWS)
    if activities_version is None or flows_version is None:
        return None
    activities = datasets.load_from(st, ACTIVITIES)
    flows = datasets.load_from(st, FLOWS)
    return AidData(
        activities,
        aid.summary(flows),
        aid.per_activity(flows),
        aid.country_sectors(flows),
        activities_version,
        flows_version,
    )
