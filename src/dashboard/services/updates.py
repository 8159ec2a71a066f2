"""The service behind the upload page and the command line: check, preview, publish, roll back.

Each action that changes data checks the account's role here (``auth.require``), so the
rule holds whichever front end calls it. A publish that would remove more than
``DASHBOARD_MASS_REMOVAL_PERCENT`` of the active rows is refused unless the caller says it
was confirmed (``allow_mass_removal``), and is then recorded as such in the audit log; an
empty file is never published. Every refusal is a ``UserError``, in the user's language.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from dashboard import settings
from dashboard.domain import contracts, diff, network_update
from dashboard.ingest import upload as ingest
from dashboard.services import auth
from dashboard.storage import datasets
from dashboard.storage.store import Store, Version
from dashboard.text.errors import Refused

EXPORT_FORMATS = ("csv", "xlsx")
_NAMES_POSTS = {"post_status": "status", "post_coverage": "coverage"}


def _store(st: Store | None) -> Store:
    return st if st is not None else datasets.store()


def kind_of(dataset: str) -> str:
    return "dataset" if dataset in contracts.DATASETS else "indicator"


def check(
    dataset: str,
    file_name: str,
    data: bytes,
    *,
    st: Store | None = None,
    limits: ingest.Limits | None = None,
) -> ingest.Checked:
    """Read and validate an upload for ``dataset`` (a dataset, or an indicator's name)."""
    store = _store(st)  # seeded before the first check, so a preview has something to compare with
    checked = ingest.check_upload(
        dataset,
        file_name,
        data,
        known_iso3=datasets.known_iso3(),
        indicator=kind_of(dataset) == "indicator",
        limits=limits,
    )
    # The history and the coverage name posts: each must be a post of the active 'posts'.
    if checked.ok and dataset in _NAMES_POSTS:
        posts = datasets.load_from(store, "posts")
        problems = network_update.check_references(posts, **{_NAMES_POSTS[dataset]: checked.frame})
        if problems:
            return dataclasses.replace(checked, frame=None, problems=tuple(problems))
    # A new post network keeps every post the history and the coverage still name.
    if checked.ok and checked.frame is not None and dataset == "posts":
        problems = network_update.still_named(
            checked.frame,
            status=datasets.active_or_none(store, "post_status"),
            coverage=datasets.active_or_none(store, "post_coverage"),
        )
        if problems:
            return dataclasses.replace(checked, frame=None, problems=tuple(problems))
    return checked


def preview(checked: ingest.Checked, *, st: Store | None = None) -> diff.Preview:
    """The change ``checked`` would make to the active version."""
    if not checked.ok:
        raise Refused("e_file_has_problems")
    old = datasets.active_or_none(_store(st), checked.dataset)
    return diff.preview(checked.dataset, old, checked.frame)


@dataclass(frozen=True)
class Removal:
    """How many of the active rows a new version removes, against the allowed share."""

    removed: int
    active_rows: int
    limit_percent: int

    @property
    def percent(self) -> float:
        return 100 * self.removed / self.active_rows if self.active_rows else 0.0

    @property
    def needs_confirmation(self) -> bool:
        return self.percent > self.limit_percent


def removal(checked: ingest.Checked, *, st: Store | None = None) -> Removal:
    """What publishing ``checked`` removes from the active version (0 of 0 for a new one)."""
    if not checked.ok:
        raise Refused("e_file_has_problems")
    st = _store(st)
    active = st.active(checked.dataset)
    limit = settings.get_int("DASHBOARD_MASS_REMOVAL_PERCENT")
    if active is None:
        return Removal(0, 0, limit)
    # The stored rows as they are (a version that fails its contract can still be replaced).
    old, new = st.rows(active.id), checked.frame
    assert new is not None  # checked.ok
    removed = len(diff.preview(checked.dataset, old, new).removed)
    return Removal(removed, active.row_count, limit)


def publish(
    account: auth.Account | None,
    checked: ingest.Checked,
    note: str,
    *,
    allow_mass_removal: bool = False,
    st: Store | None = None,
) -> Version:
    """Make ``checked`` the active version of its dataset, for everyone, at once."""
    auth.require(account, "analyst", "publish a dataset")
    if not checked.ok:
        raise Refused("e_file_has_problems")
    if not note or not note.strip():
        raise Refused("e_note_missing")
    st = _store(st)
    if checked.kind == "indicator" and checked.dataset in contracts.RESERVED:
        raise Refused("p_indicator_reserved", name=checked.dataset)
    assert checked.frame is not None  # checked.ok
    gone = removal(checked, st=st)
    details = {}
    if gone.needs_confirmation:
        if not allow_mass_removal:
            raise Refused(
                "e_mass_removal",
                removed=gone.removed,
                active=gone.active_rows,
                percent=round(gone.percent),
                limit=gone.limit_percent,
            )
        details = {"mass_removal": True, "removed": gone.removed, "active_rows": gone.active_rows}
    return st.publish(
        checked.dataset,
        checked.frame,
        user=account.username,
        note=note.strip(),
        file_name=checked.file_name,
        sha256=checked.sha256,
        kind=checked.kind,
        audit_details=details,
    )


def rollback(
    account: auth.Account | None, dataset: str, version: int, *, st: Store | None = None
) -> Version:
    """Make an earlier version of ``dataset`` the active one again."""
    auth.require(account, "admin", "roll back a dataset")
    return _store(st).activate(dataset, version, user=account.username)


def history(dataset: str, *, st: Store | None = None) -> list[Version]:
    return _store(st).history(dataset)


def names(*, st: Store | None = None) -> list[str]:
    """Every dataset and indicator analysts can update: the datasets first. What the
    connectors publish is theirs alone."""
    indicators = _store(st).datasets(kind="indicator")
    return [*contracts.DATASETS, *(n for n in indicators if n not in contracts.RESERVED)]


def export(dataset: str, fmt: str, *, st: Store | None = None) -> bytes:
    """The active version of ``dataset`` as a CSV or .xlsx file that uploads again unchanged."""
    frame = datasets.load_from(_store(st), dataset)
    if fmt == "csv":
        return ingest.to_csv_bytes(frame)
    if fmt == "xlsx":
        return ingest.to_xlsx_bytes(frame, sheet=dataset[:31])
    raise Refused("e_export_format", formats=", ".join(EXPORT_FORMATS), fmt=fmt)
