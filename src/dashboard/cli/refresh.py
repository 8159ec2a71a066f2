"""``refresh SOURCE``: fetch live context and publish it as a new dataset version.

Exit status 0 when a version was published; 1 with the source and the cause on stderr when
not (offline, refused, malformed), and the active version stays what it was.
"""

from __future__ import annotations

import sys

from dashboard.services import refresh


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "refresh", help="fetch live context (World Bank, ReliefWeb) and publish it as a new version"
    )
    p.add_argument("source", choices=refresh.SOURCES)
    p.add_argument(
        "--user", default=None, help="recorded in the audit log (default: connector:SOURCE)"
    )
    p.set_defaults(func=run)


def run(args) -> int:
    try:
        done = refresh.refresh(args.source, user=args.user)
    except refresh.RefreshError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for warning in done.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    v = done.version
    print(
        f"published '{v.dataset}' version {v.version} ({v.row_count} rows) from "
        f"{done.provenance['url']}; fetched {done.provenance['fetched_at']}, source last "
        f"updated {done.provenance.get('source_updated') or 'unknown'}"
    )
    return 0
