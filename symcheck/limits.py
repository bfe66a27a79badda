"""Hard limits for untrusted input: what one file, one step and one ``check``
may cost, and a cheap lexical scan that refuses over-limit input before any
parser sees it.

:class:`Limits` holds every bound, configurable per run (the CLI's
``--step-seconds``, ``--file-seconds``...). The *input* limits are checked
here (:func:`check_text`, :func:`check_file`, :func:`check_steps`): sizes,
nesting depth, exponent and number size, matrix cells. A refused input
raises :class:`~symcheck.errors.LimitExceeded` with a clear message. The
*runtime* budgets (``step_seconds``, ``step_memory_mb``, ``file_seconds``,
``file_memory_mb``, ``check_seconds``) are enforced by the runners of
:mod:`symcheck.runners`.

This module does not import SymPy.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from pathlib import Path

from .errors import BadFile, FailureKind, LimitExceeded, WorkerCrashed

__all__ = ["Limits", "DEFAULT_LIMITS", "BadFile", "WorkerCrashed", "check_file", "check_steps", "check_text",
           "nesting_depth"]


@dataclass(frozen=True)
class Limits:
    """Every bound of one run. Times in seconds, memory in MB (see
    ``docs/reliability.md`` for what checks each).

    - ``max_*``: input sizes, checked before parsing;
    - ``step_seconds`` / ``step_memory_mb``: one step of a submission;
    - ``file_seconds``: one file, segmentation and every step together, in CPU
      time (a loaded machine gives the same report); the steps left when it is
      spent are reported unchecked ("file time budget spent"), and the file's
      worker is killed if it runs past its wall-clock backstop by
      ``step_seconds`` + a few seconds;
    - ``file_memory_mb``: one file's grading process (address space it may add);
    - ``check_seconds``: one ``symcheck check`` (its memory: ``file_memory_mb``);
    - ``max_trials``: random points or networks per check.

    Raises ValueError for a bound that is not a finite positive number.
    """

    max_file_bytes: int = 1_000_000
    max_steps: int = 2_000
    max_expr_chars: int = 2_000
    max_depth: int = 50
    max_exponent: int = 10_000
    max_number_digits: int = 60
    max_matrix_cells: int = 400
    step_seconds: float = 3.0
    step_memory_mb: int = 1024
    file_seconds: float = 60.0
    file_memory_mb: int = 2048
    check_seconds: float = 30.0
    max_trials: int = 1000

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
                    or value <= 0:
                raise ValueError(f"limit {f.name} must be a finite positive number, not {value!r}")

    @property
    def watchdog_seconds(self) -> float:
        """The hard wall-clock bound on one file's worker: the wall-clock backstop of the file's
        CPU-time budget (:func:`wall_backstop`), one step that may overrun it in native code, and
        a few seconds to report."""
        return wall_backstop(self.file_seconds) + self.step_seconds + WATCHDOG_GRACE_SECONDS


WATCHDOG_GRACE_SECONDS = 5.0
DEFAULT_LIMITS = Limits()
WALL_FACTOR = 4.0   # the wall-clock backstop: this many times the CPU budget ...
WALL_GRACE = 2.0    # ... plus this many seconds


def wall_backstop(seconds: float) -> float:
    """The wall-clock bound behind a CPU-time budget of ``seconds`` (a step's, or a file's): time
    budgets count CPU time, so that a loaded machine gives the same report as an idle one, and this
    bound only stops what waits (a sleep, a lock) or runs in native code."""
    return seconds * WALL_FACTOR + WALL_GRACE


# --- files -----------------------------------------------------------------
def check_file(path, limits: Limits = DEFAULT_LIMITS) -> str:
    """Read a submission file, refusing what cannot be graded.

    Returns the text (UTF-8, a leading BOM removed). Raises ``LimitExceeded``
    ("file size") before reading a file that is too large, and ``BadFile``
    for a missing, empty, binary (NUL bytes) or non-UTF-8 file.
    """
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise BadFile(path, FailureKind.MISSING, "no such file") from None
    except OSError as exc:
        raise BadFile(path, FailureKind.UNREADABLE, f"cannot read: {exc.strerror or exc}") from None
    if not p.is_file():
        raise BadFile(path, FailureKind.NOT_A_FILE, "not a regular file")
    if st.st_size > limits.max_file_bytes:
        raise LimitExceeded("file size", f"{st.st_size} bytes", f"{limits.max_file_bytes} bytes")
    try:
        with open(p, "rb") as f:
            data = f.read(limits.max_file_bytes + 1)  # a file growing under us stays bounded
    except OSError as exc:
        raise BadFile(path, FailureKind.UNREADABLE, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limits.max_file_bytes:
        raise LimitExceeded("file size", f"over {limits.max_file_bytes} bytes", f"{limits.max_file_bytes} bytes")
    if not data.strip():
        raise BadFile(path, FailureKind.EMPTY, "the file is empty")
    if b"\x00" in data:
        raise BadFile(path, FailureKind.BINARY, "binary file (contains NUL bytes), not a text submission")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadFile(path, FailureKind.NOT_UTF8,
                      f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                      "save the file as UTF-8") from None
    return text[1:] if text.startswith("\ufeff") else text


def check_steps(count: int, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a submission with more than ``limits.max_steps`` steps."""
    if count > limits.max_steps:
        raise LimitExceeded("number of steps", count, limits.max_steps)


# --- math text: a lexical scan before any parsing --------------------------
_MATRIX_ENVS = "matrix|pmatrix|bmatrix|Bmatrix|vmatrix|Vmatrix|smallmatrix|array|aligned|cases"
_MATRIX_RE = re.compile(r"\\begin\s*\{(" + _MATRIX_ENVS + r")\*?\}(.*?)(?:\\end\s*\{\1\*?\}|\Z)", re.S)
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")   # "1,2,3" is a list, not a 3-digit number
_FACTORIAL_RE = re.compile(r"(\d+)\s*!")
_OPEN = "{(["
_CLOSE = "})]"


def check_text(latex: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a math string that is too big to parse or check safely.

    A cheap lexical scan, linear in the length, run BEFORE any parsing:
    length, bracket / ``\\left`` nesting depth, exponent size (including
    towers such as ``10^{10^{10}}``), factorials of large literals, number
    of digits, and matrix cells. Raises ``LimitExceeded(what, value, limit)``.
    """
    if len(latex) > limits.max_expr_chars:
        raise LimitExceeded("expression length", f"{len(latex)} characters", f"{limits.max_expr_chars}")
    depth = _max_depth(latex)
    if depth > limits.max_depth:
        raise LimitExceeded("nesting depth", depth, limits.max_depth)
    for m in _NUMBER_RE.finditer(latex):
        digits = sum(ch.isdigit() for ch in m.group())
        if digits > limits.max_number_digits:
            raise LimitExceeded("number size", f"{digits} digits", f"{limits.max_number_digits} digits")
    _check_exponents(latex, limits)
    for m in _FACTORIAL_RE.finditer(latex):
        if int(m.group(1)) > limits.max_exponent:
            raise LimitExceeded("factorial argument", m.group(1), limits.max_exponent)
    for m in _MATRIX_RE.finditer(latex):
        cells = _matrix_cells(m.group(2))
        if cells > limits.max_matrix_cells:
            raise LimitExceeded("matrix size", f"{cells} cells", f"{limits.max_matrix_cells} cells")


def _max_depth(s: str) -> int:
    """Deepest nesting of {}, (), [] and \\left..\\right (a \\left( counts once).

    Unbalanced closers are ignored (the parser reports them); the depth is
    what a recursive parser would have to descend.
    """
    depth = best = 0
    i, n = 0, len(s)
    while i < n:
        ch = s[i]
        if ch == "\\":
            if s.startswith("\\left", i) and not s[i + 5:i + 6].isalpha():
                depth += 1
                best = max(best, depth)
                i = _skip_delimiter(s, i + 5)
                continue
            if s.startswith("\\right", i) and not s[i + 6:i + 7].isalpha():
                depth = max(depth - 1, 0)
                i = _skip_delimiter(s, i + 6)
                continue
            i += 2  # an escaped character such as \{ is not a group
            continue
        if ch in _OPEN:
            depth += 1
            best = max(best, depth)
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
        i += 1
    return best


nesting_depth = _max_depth  # public name (the notation front end uses it)


def _skip_delimiter(s: str, i: int) -> int:
    while i < len(s) and s[i].isspace():
        i += 1
    if i < len(s) and s[i] == "\\":
        j = i + 1
        while j < len(s) and s[j].isalpha():
            j += 1
        return max(j, i + 2)
    return i + 1


def _exponent_groups(s: str):
    """Yield the text of every exponent: ``^{...}``, ``^x``, ``^123``, ``**123``."""
    i, n = 0, len(s)
    while i < n:
        if s[i] == "^" or s.startswith("**", i):
            j = i + (1 if s[i] == "^" else 2)
            while j < n and s[j].isspace():
                j += 1
            if j < n and s[j] == "{":
                k, depth = j, 0
                while k < n:
                    if s[k] == "{":
                        depth += 1
                    elif s[k] == "}":
                        depth -= 1
                        if depth == 0:
                            break
                    k += 1
                yield s[j + 1:k]
            else:
                # be conservative: a whole digit run, although TeX would take one digit
                k = j
                while k < n and (s[k].isdigit() or (s[k] == "-" and k == j)):
                    k += 1
                yield s[j:max(k, j + 1)]
            i = j
        else:
            i += 1


def _check_exponents(s: str, limits: Limits) -> None:
    cap = math.log10(max(limits.max_exponent, 2))
    for group in _exponent_groups(s):
        log = _tower_log10(group)
        if log is not None and log > cap:
            shown = group if len(group) <= 30 else group[:27] + "..."
            raise LimitExceeded("exponent", shown, limits.max_exponent)


_CHAIN_RE = re.compile(r"\d+(?:\s*(?:\^|\*\*)\s*\{?\s*\d+)*")


def _tower_log10(group: str) -> float | None:
    """log10 of the largest integer literal or integer power tower in an
    exponent (``100000000``, ``10^{10}``, ``2^{2^{2^{2}}}``); None if none.
    Linear: each tower is evaluated once, right to left, in log space."""
    best = None
    for m in _CHAIN_RE.finditer(group):
        ints = [d.lstrip("0") or "0" for d in re.findall(r"\d+", m.group())]
        log = None  # log10 of the tower from the right
        for digits in reversed(ints):
            if digits == "0":
                log = float("-inf") if log is not None else 0.0  # 0^b = 0; a bare 0
                continue
            a = len(digits) - 1 + math.log10(int(digits[:15]) / 10 ** (min(len(digits), 15) - 1))
            if log is None:
                log = a
            elif log == float("-inf"):
                log = 0.0  # a^0 = 1
            else:
                log = float("inf") if log > 300 else 10 ** log * a
        if log is not None:
            best = log if best is None else max(best, log)
    return best


def _matrix_cells(body: str) -> int:
    rows = [r for r in re.split(r"\\\\", body)]
    cols = max((r.count("&") + 1 for r in rows), default=1)
    nonempty = len([r for r in rows if r.strip()]) or 1
    return nonempty * cols


_MOVED_TO_RUNNERS = ("InProcessRunner", "ProcessRunner", "FileBudget", "worker_init")


def __getattr__(name: str):
    """The step runners moved to :mod:`symcheck.runners`; old imports such as
    ``from symcheck.limits import ProcessRunner`` still work (resolved on
    use, so this module does not import the runners)."""
    if name in _MOVED_TO_RUNNERS:
        import importlib

        return getattr(importlib.import_module("symcheck.runners"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
