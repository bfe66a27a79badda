"""Typed errors. The library raises these; only :mod:`symcheck.cli` maps them
to messages and exit codes."""

from __future__ import annotations


class SymcheckError(Exception):
    """Base class of every error the library raises on purpose."""


class ClaimError(SymcheckError):
    """A claim is malformed, or a claim file could not be loaded."""


class ParseError(SymcheckError):
    """A math string could not be read.

    ``position`` is the 0-based character offset in the source string where
    reading failed (``None`` when unknown); ``reason`` is one line.
    """

    def __init__(self, reason: str, source: str = "", position: int | None = None):
        self.reason = reason
        self.source = source
        self.position = position
        where = f" at column {position + 1}" if position is not None else ""
        super().__init__(f"cannot read{where}: {reason}")


class LimitExceeded(SymcheckError):
    """An input is over one of the configured limits (size, depth, exponent...)."""

    def __init__(self, what: str, value, limit):
        self.what, self.value, self.limit = what, value, limit
        super().__init__(f"{what} is {value}, over the limit of {limit}")


class CheckTimeout(BaseException):
    """A check ran out of its time budget.

    Derives from ``BaseException`` on purpose (as in Math-Verify): a plain
    ``except Exception`` inside SymPy or in a check cannot swallow it.
    """


class ToolMissing(SymcheckError):
    """An external program symcheck needs (e.g. ``pdflatex``) is not installed.

    ``tool`` names what was looked for; the message says what to install.
    """

    def __init__(self, tool: str, message: str):
        self.tool = tool
        super().__init__(message)


class CompileError(SymcheckError):
    """LaTeX could not compile a document. ``log`` is the path of the kept log
    (or ``None``); the message carries the log's first error."""

    def __init__(self, message: str, log=None):
        self.log = log
        super().__init__(message)
