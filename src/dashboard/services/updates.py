"""The service behind the upload page and the command line: check, preview, publish, roll back.

Each action that changes data checks the account's role here (``auth.require``), so the
rule holds whichever front end calls it.
"""

from __future__ import annotations

import dataclasses

from dashboard.domain import contracts, diff, network_update
from dashboard.ingest import upload as ingest
from dashboard.services import auth
from dashboard.storage import datasets
from dashboard.storage.store import Store, Version

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
    return checked


def preview(checked: ingest.Checked, *, st: Store | None = None) -> diff.Preview:
    """The change ``checked`` would make to the active version."""
    if not checked.ok:
        raise ValueError("the file has problems; it cannot be compared")
    old = datasets.active_or_none(_store(st), checked.dataset)
    return diff.preview(checked.dataset, old, checked.frame)


def publish(
    account: auth.Account | None, checked: ingest.Checked, note: str, *, st: Store | None = None
) -> Version:
    """Make ``checked`` the active version of its dataset, for everyone, at once."""
    auth.require(account, "analyst", "publish a dataset")
    if not checked.ok:
        raise ValueError("The file has problems; fix them and upload it again.")
    if not note or not note.strip():
        raise ValueError("Write a note saying what changed and why.")
    return _store(st).publish(
        checked.dataset,
        checked.frame,
        user=account.username,
        note=note.strip(),
        file_name=checked.file_name,
        sha256=checked.sha256,
        kind=checked.kind,
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
    """Every dataset and indicator that can be updated: the datasets first."""
    indicators = _store(st).datasets(kind="indicator")
    return [*contracts.DATASETS, *indicators]


def export(dataset: str, fmt: str, *, st: Store | None = None) -> bytes:
    """The active version of ``dataset`` as a CSV or .xlsx file that uploads again unchanged."""
    frame = datasets.load_from(_store(st), dataset)
    if fmt == "csv":
        return ingest.to_csv_bytes(frame)
    if fmt == "xlsx":
        return ingest.to_xlsx_bytes(frame, sheet=dataset[:31])
    raise ValueError(f"format must be one of {', '.join(EXPORT_FORMATS)}, not {fmt!r}")
