"""The command line. The one place that prints and picks exit codes.

Each command lives in a module of this package with ``register(subparsers)``,
which adds its sub-parser and sets ``func(args, console) -> int``. Library
errors (:mod:`symcheck.errors`) are mapped to one-line messages here.

Exit codes: 0 success; 1 a check failed (a claim refuted, a step incorrect);
2 unchecked / usage error / bad input; 3 some files of a batch could not be
graded (partial failure); 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Optional, Sequence

from .. import __version__
from ..errors import SymcheckError

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_PARTIAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

COMMAND_MODULES = ("claims_cmds", "notation_cmds", "grade_cmd", "writeup_cmd")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(prog="symcheck", description="Verify the mathematics of neural networks.")
    parser.add_argument("--version", action="version", version=f"symcheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{name}":
                continue  # command not built yet
            raise
        module.register(sub)
    return parser


def make_console(no_color: bool = False):
    from rich.console import Console

    console = Console(no_color=no_color, highlight=False, soft_wrap=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = 140  # piped or redirected: tables need room, nothing reflows them
    return console


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on usage errors
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    console = make_console()
    try:
        return int(args.func(args, console))
    except SymcheckError as exc:
        from rich.markup import escape

        console.print(f"[bold red]symcheck:[/] {escape(str(exc))}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        console.print("symcheck: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
