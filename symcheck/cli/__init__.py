"""The command line. The one place that prints and picks exit codes.

Each command lives in a module of this package with ``register(subparsers)``,
which adds its sub-parser and sets ``func(args, console) -> int``; ``console``
writes the command's output to stdout, ``args.err`` (a console on stderr)
takes messages, progress and errors. Library errors (:mod:`symcheck.errors`)
are mapped to one-line messages here. ``--debug`` shows the tracebacks that
broad ``except`` sites log (``logging``, ``exc_info=True``).

Exit codes: :class:`symcheck.errors.ExitCode` (``docs/cli.md``): 0 success;
1 a check failed (a claim refuted, a step incorrect); 2 unchecked / usage
error / bad input or output path; 3 some files of a batch could not be
graded (partial failure); 4 an output could not be written; 130 interrupted.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Optional, Sequence

from .. import __version__
from ..errors import ExitCode, OutputError, SymcheckError
from .io import make_console, set_up_stdio

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_PARTIAL, EXIT_OUTPUT, EXIT_INTERRUPTED = (
    ExitCode.OK, ExitCode.FAIL, ExitCode.USAGE, ExitCode.PARTIAL, ExitCode.OUTPUT, ExitCode.INTERRUPTED)

COMMAND_MODULES = ("claims_cmds", "notation_cmds", "grade_cmd", "writeup_cmd")

__all__ = ["main", "build_parser", "make_console", "ExitCode"]


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(prog="symcheck", description="Verify the mathematics of neural networks.")
    parser.add_argument("--version", action="version", version=f"symcheck {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="log details on stderr, with the traceback of every error caught on the way")
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


def _set_up_logging(debug: bool) -> None:
    root = logging.getLogger("symcheck")
    for old in [h for h in root.handlers if getattr(h, "symcheck_cli", False)]:
        root.removeHandler(old)  # main() may run many times in one process (tests)
    if debug:
        handler = logging.StreamHandler(sys.stderr)
        handler.symcheck_cli = True
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.DEBUG)
    else:
        root.setLevel(logging.WARNING)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on usage errors
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    set_up_stdio()
    _set_up_logging(args.debug)
    console, args.err = make_console(), make_console(stderr=True)
    try:
        return int(args.func(args, console))
    except OutputError as exc:  # a bad output path, found before any work
        args.err.print(f"symcheck: {exc}", markup=False, highlight=False, soft_wrap=True)
        return EXIT_USAGE
    except SymcheckError as exc:
        args.err.print(f"symcheck: {exc}", markup=False, highlight=False, soft_wrap=True)
        return EXIT_USAGE
    except KeyboardInterrupt:
        args.err.print("symcheck: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
