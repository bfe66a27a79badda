"""Typed errors and the codes that decisions read. The library raises these;
only :mod:`symcheck.cli` maps them to messages and exit codes.

Decisions read the enums here (:class:`ExitCode`, :class:`FailureKind`,
:class:`ParseErrorKind`), never message text: messages are for people.
"""

from __future__ import annotations

from enum import Enum, IntEnum


class ExitCode(IntEnum):
    """The exit codes of every command (``docs/cli.md``), in one place."""

    OK = 0            # success: verified / correct / every step graded, none incorrect
    FAIL = 1          # a check failed: a claim refuted, an equation or a step incorrect
    USAGE = 2         # usage error, bad input or bad output path, nothing matched; `check`: unchecked
    PARTIAL = 3       # some files of a batch could not be graded (the others were)
    OUTPUT = 4        # the work was done but an output could not be written (disk full, I/O error)
    INTERRUPTED = 130  # Ctrl-C


class FailureKind(str, Enum):
    """Why a file of a batch has no report. A ``str`` enum: ``kind == "binary"`` holds."""

    MISSING = "missing"                  # no such file
    EMPTY = "empty"                      # nothing but white space
    BINARY = "binary"                    # NUL bytes (this also catches UTF-16)
    NOT_UTF8 = "not-utf8"                # undecodable bytes
    NOT_A_FILE = "not-a-file"            # a directory, FIFO, device...
    UNREADABLE = "unreadable"            # permission denied or an I/O error (files and folders)
    SYMLINK_OUTSIDE = "symlink-outside"  # a symbolic link leaving the folder being graded
    TOO_LARGE = "too-large"              # over an input limit (file size, number of steps)
    NOT_READABLE_AS = "unreadable-format"  # the file's format could not be read (a broken notebook)
    TIMEOUT = "timeout"                  # the file's time budget ran out and its worker was killed
    WORKER_DIED = "worker-died"          # the worker died: out of memory, or a crash in native code
    MEMORY = "memory"                    # over the file's memory budget
    RECURSION = "recursion"              # nested too deeply for the grader
    INTERNAL = "internal"                # a bug in symcheck (the traceback is logged; see --debug)

    @property
    def transient(self) -> bool:
        """Depends on the machine's load, not on the file: retried on ``--resume``, never stored."""
        return self in (FailureKind.TIMEOUT, FailureKind.WORKER_DIED)


class ParseErrorKind(str, Enum):
    """What kind of input could not be read."""

    SYNTAX = "syntax"              # math that the reader cannot parse
    UNSUPPORTED = "unsupported"    # a construct the reader does not know
    NOT_A_STRING = "not-a-string"  # the API was given something else than text
    NOT_A_NOTEBOOK = "not-a-notebook"  # an .ipynb that is not valid JSON, has no cells, or holds odd cells


class SymcheckError(Exception):
    """Base class of every error the library raises on purpose."""


class ClaimError(SymcheckError):
    """A claim is malformed, or a claim file could not be loaded."""


class ParseError(SymcheckError):
    """A math string could not be read.

    ``position`` is the 0-based character offset in the source string where
    reading failed (``None`` when unknown); ``reason`` is one line; ``kind``
    a :class:`ParseErrorKind`.
    """

    def __init__(self, reason: str, source: str = "", position: int | None = None,
                 kind: ParseErrorKind = ParseErrorKind.SYNTAX):
        self.reason = reason
        self.source = source
        self.position = position
        self.kind = ParseErrorKind(kind)
        where = f" at column {position + 1}" if position is not None else ""
        super().__init__(f"cannot read{where}: {reason}")

    def __reduce__(self):  # picklable across worker processes, kind included
        return (type(self), (self.reason, self.source, self.position, self.kind))


class LimitExceeded(SymcheckError):
    """An input is over one of the configured limits (size, depth, exponent...)."""

    def __init__(self, what: str, value, limit):
        self.what, self.value, self.limit = what, value, limit
        super().__init__(f"{what} is {value}, over the limit of {limit}")

    def __reduce__(self):
        return (type(self), (self.what, self.value, self.limit))


class BadFile(SymcheckError):
    """A file that cannot be graded at all; ``kind`` is a :class:`FailureKind`
    (``missing``, ``empty``, ``binary``, ``not-utf8``, ``not-a-file``,
    ``unreadable``, ``symlink-outside``)."""

    def __init__(self, path, kind, detail: str):
        self.path, self.kind, self.detail = str(path), FailureKind(kind), detail
        super().__init__(f"{path}: {detail}")

    def __reduce__(self):
        return (type(self), (self.path, self.kind, self.detail))


class WorkerCrashed(SymcheckError):
    """A worker process died while running a check (not a timeout)."""


class OutputError(SymcheckError):
    """An output (report, resume folder, write-up) cannot be written: ``path``
    is where, ``detail`` says why in plain words. Raised *before* grading when
    the path is bad, or on writing (disk full); an existing file at ``path``
    is never truncated by a failed write."""

    def __init__(self, path, detail: str):
        self.path, self.detail = str(path), detail
        super().__init__(f"cannot write {path}: {detail}")

    def __reduce__(self):
        return (type(self), (self.path, self.detail))


class CheckTimeout(BaseException):
    """A check ran out of its time budget.

    Derives from ``BaseException`` on purpose (as in Math-Verify): a plain
    ``except Exception`` inside SymPy or in a check cannot swallow it.
    """


class BudgetSpent(CheckTimeout):
    """The time budget of the whole file (or of one ``check``) is spent: the
    step was not started, or was stopped, because the file ran out of time.
    A :class:`CheckTimeout`, so code that knows only step timeouts still
    reports the step unchecked."""


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
