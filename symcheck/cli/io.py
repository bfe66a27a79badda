"""Terminal and file output of the command line: the stdout console (reports),
the stderr console (messages, progress, errors), option types that refuse
bad values, and writing reports (atomically, never crashing on text that
cannot be encoded).

- ``NO_COLOR`` (any value) turns colour off, as https://no-color.org asks.
- Messages and errors go to stderr, so ``--json | jq`` always works.
"""

from __future__ import annotations

import argparse
import math
import os
import sys

from ..errors import ExitCode, OutputError

__all__ = ["make_console", "positive_float", "positive_int", "nonnegative_int", "int_in", "emit", "write_output",
           "say", "set_up_stdio"]


def _no_color() -> bool:
    return "NO_COLOR" in os.environ


def make_console(stderr: bool = False, no_color: bool = False):
    """A rich console on stdout (or stderr). Colour is off with ``no_color``
    or when ``NO_COLOR`` is set; a console that is not a terminal gets 140
    columns (tables need room, nothing reflows them)."""
    from rich.console import Console

    console = Console(stderr=stderr, no_color=no_color or _no_color(), highlight=False, soft_wrap=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = 140
    return console


def set_up_stdio() -> None:
    """Text that cannot be encoded (a lone surrogate in a student's notebook)
    is shown replaced on the terminal, never a ``UnicodeEncodeError``."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError, OSError):
            pass  # a test's capture stream, or a closed one: nothing to change


def say(args, message: str) -> None:
    """One plain message on stderr (no markup)."""
    err = getattr(args, "err", None)
    if err is not None:
        err.print(message, markup=False, highlight=False, soft_wrap=True)
    else:
        print(message, file=sys.stderr)


# --- option types: argparse refuses bad values with a usage error (exit 2) ---
def positive_float(text: str) -> float:
    """A finite number > 0 (``nan``, ``inf``, ``0``, ``-1`` are refused)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a finite number above 0, not {text!r}")
    return value


def int_in(low: int, high: int | None = None):
    """An argparse type: an integer in [low, high]."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
        if value < low or (high is not None and value > high):
            bound = f"from {low} to {high}" if high is not None else f"at least {low}"
            raise argparse.ArgumentTypeError(f"must be {bound}, not {value}")
        return value

    parse.__name__ = "integer"
    return parse


positive_int = int_in(1)
nonnegative_int = int_in(0)


# --- writing reports ---------------------------------------------------------------
def emit(text: str, *, json: bool = False) -> None:
    """A report on stdout (lone surrogates: JSON escapes, or replaced)."""
    from ..outputs import json_text, visible

    sys.stdout.write(json_text(text) if json else visible(text))
    sys.stdout.flush()


def write_output(args, path, text: str, *, json: bool = False, encoding: str = "utf-8") -> int:
    """Write a report to ``path`` atomically; ExitCode.OK, or ExitCode.OUTPUT
    with a message on stderr when it cannot be written (an existing file
    at ``path`` is then left as it was)."""
    from ..outputs import write_text

    try:
        write_text(path, text, json=json, encoding=encoding)
    except OutputError as exc:
        say(args, f"symcheck: {exc} (nothing was overwritten)")
        return ExitCode.OUTPUT
    return ExitCode.OK
