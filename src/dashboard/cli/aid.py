"""``import-iati FILE_OR_URL…``: read IATI activity files and publish the aid datasets; and
``refresh iati`` (called by ``cli.refresh``): the same from the IATI Datastore API.

Exit status 0 when published (or, with ``--check``, when nothing is wrong); 1 with every
problem on stderr (file, activity, element, what) and nothing published. Problems and
warnings are said in ``--lang`` (Dutch by default).
"""

from __future__ import annotations

import argparse
import sys

from dashboard.cli.data import _login
from dashboard.services import aid, aid_fetch, auth
from dashboard.services.refresh import RefreshError
from dashboard.sources.http import FetchError
from dashboard.text.errors import UserError
from dashboard.text.i18n import LANGUAGES, t


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "import-iati",
        help="read IATI activity files or URLs and publish aid_activities and aid_flows",
    )
    p.add_argument("sources", nargs="+", metavar="FILE_OR_URL")
    p.add_argument("--user", help="the analyst publishing (asks the password)")
    p.add_argument("--note", help="what changed and why (kept with both versions)")
    p.add_argument("--check", action="store_true", help="only read and check; publish nothing")
    p.add_argument("--lang", choices=LANGUAGES, default="nl", help="language of the messages")
    p.set_defaults(func=import_iati)


def report(imported: aid.Imported, lang: str) -> None:
    """Every listed warning and problem on stderr, and how many more there were."""
    for found in imported.warnings:
        print(f"{t('iati_warning', lang)}: {aid.describe(found, lang)}", file=sys.stderr)
    if imported.warning_count > len(imported.warnings):
        more = imported.warning_count - len(imported.warnings)
        print(t("iati_more_warnings", lang, n=more), file=sys.stderr)
    for found in imported.problems:
        print(f"{t('iati_problem', lang)}: {aid.describe(found, lang)}", file=sys.stderr)
    if imported.problem_count > len(imported.problems):
        more = imported.problem_count - len(imported.problems)
        print(t("iati_more_problems", lang, n=more), file=sys.stderr)


def import_iati(args: argparse.Namespace) -> int:
    lang = args.lang
    if not args.check and not (args.user and args.note):
        print(f"error: {t('iati_cli_user_note', lang)}", file=sys.stderr)
        return 2
    try:
        imported = aid_fetch.read_locations(args.sources)
    except FetchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except UserError as exc:
        print(f"error: {exc.text(lang)}", file=sys.stderr)
        return 1
    report(imported, lang)
    if not imported.ok:
        print(t("iati_refused", lang, n=imported.problem_count), file=sys.stderr)
        return 1
    assert imported.activities is not None and imported.flows is not None
    counts = {"activities": len(imported.activities), "flows": len(imported.flows)}
    if args.check:
        print(t("iati_checked", lang, **counts, warnings=imported.warning_count))
        return 0
    try:
        first, second = aid.publish(_login(args.user), imported, args.note)
    except UserError as exc:
        print(f"error: {exc.text(lang)}", file=sys.stderr)
        return 1
    print(t("iati_published", lang, first=first.version, second=second.version, **counts))
    return 0


def refresh(user: str | None) -> int:
    """``refresh iati``: as the account ``user`` (after its password) or, without, as the
    operating-system account; messages in English, like the other refreshes."""
    if user is None:
        name = auth.os_user()
    else:
        name = auth.require(_login(user), "analyst", "refresh live data").username
    try:
        first, second, provenance = aid_fetch.refresh(user=name)
    except aid_fetch.RefusedData as exc:
        report(exc.imported, "en")
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except RefreshError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"published '{first.dataset}' version {first.version} ({first.row_count} rows) and "
        f"'{second.dataset}' version {second.version} ({second.row_count} rows) from "
        f"{provenance['url']}; fetched {provenance['fetched_at']}, newest activity updated "
        f"{provenance.get('source_updated') or 'unknown'}"
    )
    return 0
