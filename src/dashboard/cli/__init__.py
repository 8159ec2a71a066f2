"""The command line: ``python -m dashboard <command> …``.

Each module listed in ``COMMANDS`` adds its commands with ``register(subparsers)``; a command
sets ``func`` (taking the parsed arguments, returning the exit status). Only the module of the
command being run is imported (with the libraries it needs), so ``--help`` and a light
command answer at once; the others are listed by name and help text only. To add commands,
write ``cli/<name>.py`` with a ``register`` function and list its commands here.

A refusal (``UserError``: a bad file, a wrong password, the store unavailable …) is printed
as one plain line and exits with status 1. Anything else is a programming error: it exits
with status 70 and one line naming it; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import traceback

# command -> (module in dashboard.cli, the help line its register() gives it)
COMMANDS: dict[str, tuple[str, str]] = {
    "export": ("data", "write the active version of a dataset to a file"),
    "validate": ("data", "check a file against a dataset's contract"),
    "publish": ("data", "check a file and make it the active version"),
    "history": ("data", "list the versions of a dataset"),
    "rollback": ("data", "make an earlier version active again (admin)"),
    "users": ("data", "manage local accounts"),
    "briefing": ("briefing", "write the briefing picture (PNG) of a view"),
    "refresh": (
        "refresh",
        "fetch live context (World Bank, ReliefWeb), the ministry's open data (posts, "
        "travel advice) or its IATI publication and publish it as a new version",
    ),
    "import-iati": (
        "aid",
        "read IATI activity files or URLs and publish aid_activities and aid_flows",
    ),
    "serve": ("serve", "run N app processes behind nginx on one PostgreSQL"),
}
MODULES = tuple(dict.fromkeys(module for module, _ in COMMANDS.values()))
EXIT_INTERNAL = 70  # EX_SOFTWARE


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: fully built for ``command``'s module (``"*"``: every module), the
    other commands by name and help line only."""
    top = argparse.ArgumentParser(
        prog="python -m dashboard", description="Buitenlandbeleid in beeld: command line"
    )
    top.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    subparsers = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    wanted = set(MODULES) if command == "*" else {COMMANDS.get(command or "", ("", ""))[0]}
    for module in MODULES:
        if module in wanted:
            importlib.import_module(f"dashboard.cli.{module}").register(subparsers)
            continue
        for name, (owner, help_text) in COMMANDS.items():
            if owner == module:
                subparsers.add_parser(name, help=help_text, add_help=False)
    return top


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = next((a for a in argv if not a.startswith("-")), None)
    args = parser(command).parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.ERROR)
    from dashboard.text.errors import UserError  # after parsing: --help needs none of it

    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        else:
            print(
                f"internal error: {type(exc).__name__}: {exc}\n"
                "(a fault in the dashboard, not in what you asked; "
                "run again with --debug for the details)",
                file=sys.stderr,
            )
        return EXIT_INTERNAL
