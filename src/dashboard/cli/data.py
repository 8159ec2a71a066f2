"""Commands that read and change the datasets: export, validate, publish, history, rollback,
users. They call the same service as the upload page, with the same messages."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from dashboard.services import auth, updates
from dashboard.storage import datasets


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
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )
    p.set_defaults(func=users_add)


def _fail(messages) -> int:
    for message in messages:
        print(message, file=sys.stderr)
    return 1


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot read {path}: {exc.strerror}") from None


def _check(args):
    checked = updates.check(args.dataset, args.file.name, _read(args.file))
    return checked


def export(args) -> int:
    fmt = args.out.suffix.lower().lstrip(".")
    if fmt not in updates.EXPORT_FORMATS:
        return _fail(["error: --out must end in .csv or .xlsx"])
    args.out.write_bytes(updates.export(args.dataset, fmt))
    print(f"wrote the active version of '{args.dataset}' to {args.out}")
    return 0


def validate(args) -> int:
    checked = _check(args)
    if not checked.ok:
        return _fail(str(p) for p in checked.problems)
    p = updates.preview(checked)
    s = p.summary()
    print(
        f"{args.file.name}: valid, {len(checked.frame)} rows; against the active version "
        f"{s['added']} added, {s['removed']} removed, {s['changed']} changed "
        f"({', '.join(p.countries) or 'no countries'} affected)"
    )
    return 0


def _password(prompt: str = "Password: ") -> str:
    return os.environ.get("DASHBOARD_PASSWORD") or getpass.getpass(prompt)


def publish(args) -> int:
    checked = _check(args)
    if not checked.ok:
        return _fail(str(p) for p in checked.problems)
    try:
        account = auth.login(datasets.store(), args.user, _password())
    except auth.LoginError as exc:
        return _fail([f"error: {exc}"])
    version = updates.publish(account, checked, args.note)
    print(f"published '{args.dataset}' version {version.version} ({version.row_count} rows)")
    return 0


def history(args) -> int:
    versions = updates.history(args.dataset)
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
    try:
        account = auth.login(datasets.store(), args.user, _password())
    except auth.LoginError as exc:
        return _fail([f"error: {exc}"])
    version = updates.rollback(account, args.dataset, args.version)
    print(f"'{args.dataset}' version {version.version} is active again")
    return 0


def users_add(args: argparse.Namespace) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != password:
            return _fail(["error: the two passwords differ"])
    account = auth.add_user(datasets.store(), auth.CONSOLE, args.name, args.role, password)
    print(f"created account '{account.username}' ({account.role})")
    return 0
