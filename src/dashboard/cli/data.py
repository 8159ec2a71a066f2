"""Commands that read and change the datasets: export, validate, publish, history, rollback,
users. They call the same service as the upload page, with the same messages.

``publish`` and ``rollback`` authenticate the named user: the password is asked on the
terminal, or read from ``DASHBOARD_PASSWORD`` (for scripts); without either they stop with a
plain message. ``users`` acts with the rights of whoever holds the database (the console)."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from dashboard.services import auth
from dashboard.text.errors import Refused


def register(subparsers) -> None:
    p = subparsers.add_parser("export", help="write the active version of a dataset to a file")
    p.add_argument("--dataset", required=True)
    p.add_argument("--out", required=True, type=Path, help="FILE.csv or FILE.xlsx")
    p.set_defaults(func=export)

    p = subparsers.add_parser("validate", help="check a file against a dataset's contract")
    p.add_argument("--dataset", required=True)
    p.add_argument("file", type=Path)
    p.set_defaults(func=validate)

    p = subparsers.add_parser("publish", help="check a file and make it the active version")
    p.add_argument("--dataset", required=True)
    p.add_argument("file", type=Path)
    p.add_argument("--user", required=True)
    p.add_argument("--note", required=True)
    p.add_argument(
        "--allow-mass-removal",
        action="store_true",
        help="publish even when the file removes more than DASHBOARD_MASS_REMOVAL_PERCENT "
        "of the active rows (recorded as such in the audit log)",
    )
    p.set_defaults(func=publish)

    p = subparsers.add_parser("history", help="list the versions of a dataset")
    p.add_argument("--dataset", required=True)
    p.set_defaults(func=history)

    p = subparsers.add_parser("rollback", help="make an earlier version active again (admin)")
    p.add_argument("--dataset", required=True)
    p.add_argument("--version", required=True, type=int)
    p.add_argument("--user", required=True)
    p.set_defaults(func=rollback)

    users = subparsers.add_parser("users", help="manage local accounts")
    actions = users.add_subparsers(dest="action", required=True, metavar="ACTION")
    p = actions.add_parser("add", help="create an account (the password is asked twice)")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=auth.ROLES)
    _password_stdin(p)
    p.set_defaults(func=users_add)
    p = actions.add_parser("list", help="list the accounts, their roles and whether disabled")
    p.set_defaults(func=users_list)
    p = actions.add_parser("disable", help="disable an account (it can no longer log in)")
    p.add_argument("name")
    p.set_defaults(func=users_disable)
    p = actions.add_parser("enable", help="enable a disabled account again")
    p.add_argument("name")
    p.set_defaults(func=users_enable)
    p = actions.add_parser("reset", help="give an account a new password (asked twice)")
    p.add_argument("name")
    _password_stdin(p)
    p.set_defaults(func=users_reset)


def _password_stdin(p) -> None:
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )


def _fail(messages) -> int:
    for message in messages:
        print(message, file=sys.stderr)
    return 1


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise Refused("e_cli_cannot_read", path=str(path), reason=exc.strerror or "") from None


def _check(args):
    checked = _updates().check(args.dataset, args.file.name, _read(args.file))
    return checked


def export(args) -> int:
    fmt = args.out.suffix.lower().lstrip(".")
    if fmt not in _updates().EXPORT_FORMATS:
        return _fail(["error: --out must end in .csv or .xlsx"])
    args.out.write_bytes(_updates().export(args.dataset, fmt))
    print(f"wrote the active version of '{args.dataset}' to {args.out}")
    return 0


def validate(args) -> int:
    checked = _check(args)
    if not checked.ok:
        return _fail(str(p) for p in checked.problems)
    p = _updates().preview(checked)
    s = p.summary()
    print(
        f"{args.file.name}: valid, {len(checked.frame)} rows; against the active version "
        f"{s['added']} added, {s['removed']} removed, {s['changed']} changed "
        f"({', '.join(p.countries) or 'no countries'} affected)"
    )
    gone = _updates().removal(checked)
    if gone.needs_confirmation:
        print(
            f"warning: it removes {gone.removed} of {gone.active_rows} active rows "
            f"({gone.percent:.0f}%, more than {gone.limit_percent}%); "
            "publishing it needs --allow-mass-removal",
            file=sys.stderr,
        )
    return 0


def _password(prompt: str = "Password: ") -> str:
    if os.environ.get("DASHBOARD_PASSWORD"):
        return os.environ["DASHBOARD_PASSWORD"]
    if not sys.stdin.isatty():
        raise Refused("e_cli_no_password")
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise Refused("e_cli_no_password") from None


def _updates():
    # Imported by the commands that read rows (pandas, the contracts), not by `history`.
    from dashboard.services import updates

    return updates


def _store():
    from dashboard.storage import datasets  # seeds the store on first use

    return datasets.store()


def _login(name: str) -> auth.Account:
    return auth.login(_store(), name, _password(), client=auth.os_user())


def publish(args) -> int:
    checked = _check(args)
    if not checked.ok:
        return _fail(str(p) for p in checked.problems)
    account = _login(args.user)
    version = _updates().publish(
        account, checked, args.note, allow_mass_removal=args.allow_mass_removal
    )
    print(f"published '{args.dataset}' version {version.version} ({version.row_count} rows)")
    return 0


def history(args) -> int:
    from dashboard import settings
    from dashboard.storage import store as store_module

    # The store as it is (no pandas, no contracts); only a store not seeded yet is seeded
    # first, through the service, before it is asked again.
    versions = store_module.open_store(settings.db_url()).history(args.dataset)
    if not versions:
        versions = _updates().history(args.dataset)
    if not versions:
        return _fail([f"error: '{args.dataset}' has no versions"])
    for v in versions:
        mark = "*" if v.active else " "
        print(
            f"{mark} v{v.version:<4} {v.created_at:%Y-%m-%d %H:%M} UTC  {v.user:<16} "
            f"{v.row_count:>7} rows  {v.file_name}  sha256:{v.sha256[:12]}  {v.note}"
        )
    return 0


def rollback(args) -> int:
    account = _login(args.user)
    version = _updates().rollback(account, args.dataset, args.version)
    print(f"'{args.dataset}' version {version.version} is active again")
    return 0


def _new_password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise Refused("e_cli_no_password")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != password:
        raise Refused("e_cli_passwords_differ")
    return password


def users_add(args: argparse.Namespace) -> int:
    password = _new_password(args)
    account = auth.add_user(_store(), auth.CONSOLE, args.name, args.role, password)
    print(f"created account '{account.username}' ({account.role})")
    return 0


def users_list(args: argparse.Namespace) -> int:
    for user in auth.list_users(_store(), auth.CONSOLE):
        state = "disabled" if user.disabled else "active"
        created = f"{user.created_at:%Y-%m-%d}" if user.created_at else ""
        print(f"{user.username:<24} {user.role:<8} {state:<8} created {created}")
    return 0


def users_disable(args: argparse.Namespace) -> int:
    auth.set_disabled(_store(), auth.CONSOLE, args.name, True)
    print(f"disabled account '{args.name.strip().lower()}'; its logins have ended")
    return 0


def users_enable(args: argparse.Namespace) -> int:
    auth.set_disabled(_store(), auth.CONSOLE, args.name, False)
    print(f"enabled account '{args.name.strip().lower()}'")
    return 0


def users_reset(args: argparse.Namespace) -> int:
    password = _new_password(args)
    auth.reset_password(_store(), auth.CONSOLE, args.name, password)
    print(f"set a new password for '{args.name.strip().lower()}'; its logins have ended")
    return 0
