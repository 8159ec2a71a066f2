"""The key of every cached view: the store and its active dataset versions, read once per run.

One indexed query per script run, however many cached things a page asks for. A publish (on
any process sharing the database) changes the key, so the next run shows it.
"""

from __future__ import annotations

from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.storage import datasets

Versions = tuple[str, tuple[tuple[str, int], ...]]


def current() -> Versions:
    """(store URL, active version of every dataset and indicator) for this run."""
    ctx = get_script_run_ctx()
    # Streamlit gives each run of a session new cursors (ScriptRunContext.reset): the run's
    # identity. Should that change, every call asks the database: slower, never stale.
    run = getattr(ctx, "cursors", None)
    memo = getattr(ctx, "_dashboard_versions", None)
    if run is not None and memo is not None and memo[0] is run:
        return memo[1]
    found = (datasets.store().url, datasets.active_versions())
    if ctx is not None:
        ctx._dashboard_versions = (run, found)  # type: ignore[attr-defined]
    return found
