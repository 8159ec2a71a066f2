"""The command line: ``python -m dashboard <command> …``.

Each module listed in ``MODULES`` adds its commands with ``register(subparsers)``; a command
sets ``func`` (taking the parsed arguments, returning the exit status). To add commands,
write ``cli/<name>.py`` with a ``register`` function and list it here.

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

from dashboard.text.errors import UserError

MODULES = ("data", "briefing", "refresh")
EXIT_INTERNAL = 70  # EX_SOFTWARE


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m dashboard", description="Buitenlandbeleid in beeld: command line"
    )
    top.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    subparsers = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in MODULES:
        importlib.import_module(f"dashboard.cli.{name}").register(subparsers)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.ERROR)
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
