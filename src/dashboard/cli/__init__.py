"""The command line: ``python -m dashboard <command> …``.

Each module listed in ``MODULES`` adds its commands with ``register(subparsers)``; a command
sets ``func`` (taking the parsed arguments, returning the exit status). To add commands,
write ``cli/<name>.py`` with a ``register`` function and list it here.
"""

from __future__ import annotations

import argparse
import importlib
import sys

MODULES = ("data", "briefing", "refresh")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m dashboard", description="Buitenlandbeleid in beeld: command line"
    )
    subparsers = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in MODULES:
        importlib.import_module(f"dashboard.cli.{name}").register(subparsers)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except (PermissionError, LookupError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
