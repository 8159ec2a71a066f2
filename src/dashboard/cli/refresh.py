"""``refresh SOURCE``: fetch live context or the ministry's open data; publish new versions.

Exit status 0 when the refresh went through (a new version of each dataset that changed);
1 with the source and the cause on stderr when not (offline, refused, malformed), and the
active versions stay what they were. Warnings (e.g. a code not on the map) go to stderr. The
audit log names who published: with ``--user NAME`` that account, after its password (asked,
or ``DASHBOARD_PASSWORD``); without, the operating-system account that ran the command.
"""

from __future__ import annotations

import sys

from dashboard.cli.data import _login
from dashboard.services import auth, refresh


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "refresh",
        help="fetch live context (World Bank, ReliefWeb), the ministry's open data (posts, "
        "travel advice) or its IATI publication and publish it as a new version",
    )
    p.add_argument("source", choices=(*refresh.SOURCES, "iati"))
    p.add_argument(
        "--user",
        default=None,
        help="publish as this account (asks its password); default: the operating-system "
        "account running the command, as os:NAME",
    )
    p.set_defaults(func=run)


def run(args) -> int:
    if args.source == "iati":  # two datasets, published like an IATI import
        from dashboard.cli import aid

        return aid.refresh(args.user)
    try:
        if args.user is None:
            done = refresh.refresh(args.source, user=auth.os_user())
        else:
            done = refresh.refresh_as(_login(args.user), args.source)
    except refresh.RefreshError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for warning in done.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    published = {v.dataset for v in done.versions}
    for v in done.versions:
        print(
            f"published '{v.dataset}' version {v.version} ({v.row_count} rows) from "
            f"{done.provenance['url']}; fetched {done.provenance['fetched_at']}, source last "
            f"updated {done.provenance.get('source_updated') or 'unknown'}"
        )
    for dataset, change in done.changes.items():
        counts = (
            f"{change['added']} added, {change['removed']} removed, {change['changed']} changed"
        )
        if dataset in published:
            print(f"  '{dataset}' against the version before: {counts}")
        else:
            print(f"no change: {refresh.kept(dataset)}")
    return 0
