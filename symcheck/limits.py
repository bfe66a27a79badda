"""Hard limits for untrusted input, and step runners that enforce them.

Two lines of defence, both configurable through :class:`Limits`:

1. a cheap *lexical* scan before any parsing (:func:`check_text`,
   :func:`check_file`, :func:`check_steps`): sizes, nesting depth, exponent
   and number size, matrix cells. A refused input raises
   :class:`~symcheck.errors.LimitExceeded` with a clear message;
2. a *runtime* bound on every check: :class:`ProcessRunner` runs a step in a
   worker process that is killed and replaced when it overruns its time,
   with an address-space limit on the worker (``signal.alarm`` alone is not
   enough: it bounds only the main thread, and only Python code).
   :class:`InProcessRunner` is the soft fallback (``time_limit``, main thread).

Runners have one method, ``run(fn, *args, **kwargs)``, which returns ``fn``'s
result or raises :class:`~symcheck.errors.CheckTimeout` (time) or
``LimitExceeded("memory", ...)`` (memory). With :class:`ProcessRunner`, ``fn``
and its arguments must be picklable (module-level functions, plain data).

This module does not import SymPy.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import CheckTimeout, LimitExceeded, ParseError, SymcheckError


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 1_000_000
    max_steps: int = 2_000
    max_expr_chars: int = 2_000
    max_depth: int = 50
    max_exponent: int = 10_000
    max_number_digits: int = 60
    max_matrix_cells: int = 400
    step_seconds: float = 3.0
    step_memory_mb: int = 1024


DEFAULT_LIMITS = Limits()


class BadFile(SymcheckError):
    """A file that cannot be graded at all: ``kind`` is one of ``missing``,
    ``empty``, ``binary``, ``not-utf8``, ``not-a-file``, ``unreadable``."""

    def __init__(self, path, kind: str, detail: str):
        self.path, self.kind, self.detail = str(path), kind, detail
        super().__init__(f"{path}: {detail}")


class WorkerCrashed(SymcheckError):
    """A worker process died while running a check (not a timeout)."""


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
        raise BadFile(path, "missing", "no such file") from None
    except OSError as exc:
        raise BadFile(path, "unreadable", f"cannot read: {exc.strerror or exc}") from None
    if not p.is_file():
        raise BadFile(path, "not-a-file", "not a regular file")
    if st.st_size > limits.max_file_bytes:
        raise LimitExceeded("file size", f"{st.st_size} bytes", f"{limits.max_file_bytes} bytes")
    try:
        with open(p, "rb") as f:
            data = f.read(limits.max_file_bytes + 1)  # a file growing under us stays bounded
    except OSError as exc:
        raise BadFile(path, "unreadable", f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limits.max_file_bytes:
        raise LimitExceeded("file size", f"over {limits.max_file_bytes} bytes", f"{limits.max_file_bytes} bytes")
    if not data.strip():
        raise BadFile(path, "empty", "the file is empty")
    if b"\x00" in data:
        raise BadFile(path, "binary", "binary file (contains NUL bytes), not a text submission")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadFile(path, "not-utf8",
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
    import math

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
    import math

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


# --- runners ---------------------------------------------------------------
class InProcessRunner:
    """Runs a step in this process under ``time_limit`` (main thread only,
    Python code only: a long C call or a thread is not interrupted)."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS):
        self.limits = limits

    def run(self, fn, *args, **kwargs):
        from .symbolic import time_limit  # imports SymPy

        try:
            with time_limit(self.limits.step_seconds):
                return fn(*args, **kwargs)
        except MemoryError:
            raise LimitExceeded("memory", "over the available memory", f"{self.limits.step_memory_mb} MB") from None

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _die_with_parent() -> None:
    """Linux: have the kernel kill this worker when its parent dies, so a
    killed grader leaves no runaway SymPy behind."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:  # not Linux: best effort
        pass


def _vm_bytes() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def worker_init(memory_mb: int | None) -> None:
    """Initializer of every worker process: die with the parent, and cap the
    address space at what the worker has at start plus ``memory_mb``
    (a forked worker already maps the parent's imports; the limit bounds
    what one step can add)."""
    _die_with_parent()
    if memory_mb:
        import resource

        cap = _vm_bytes() + memory_mb * 1024 * 1024
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _call(fn, args, kwargs):
    """Run in the worker. Typed errors do not survive pickling (their
    ``__init__`` takes several arguments), so every exception comes back as
    a plain tuple that :func:`_rebuild` turns into the error again."""
    import pickle

    try:
        return True, fn(*args, **kwargs)
    except MemoryError:
        return False, ("memory",)
    except LimitExceeded as e:
        return False, ("limit", e.what, str(e.value), str(e.limit))
    except ParseError as e:
        return False, ("parse", e.reason, e.source, e.position)
    except CheckTimeout as e:
        return False, ("timeout", str(e))
    except BaseException as e:
        try:
            pickle.loads(pickle.dumps(e))
            return False, ("raise", e)
        except Exception:
            return False, ("other", f"{type(e).__name__}: {e}")


def _rebuild(envelope, limits: Limits) -> BaseException:
    kind = envelope[0]
    if kind == "memory":
        return LimitExceeded("memory", "over the step budget", f"{limits.step_memory_mb} MB")
    if kind == "limit":
        return LimitExceeded(*envelope[1:])
    if kind == "parse":
        return ParseError(*envelope[1:])
    if kind == "timeout":
        return CheckTimeout(envelope[1])
    if kind == "raise":
        return envelope[1]
    return WorkerCrashed(envelope[1])


class ProcessRunner:
    """Runs each step in a worker process (pebble ``ProcessPool``, fork
    context) that is killed and replaced when it overruns ``step_seconds``.

    Use as a context manager; ``workers`` > 1 only helps when several
    threads call ``run`` at once.
    """

    def __init__(self, limits: Limits = DEFAULT_LIMITS, workers: int = 1):
        self.limits = limits
        self.workers = workers
        self._pool = None

    def _ensure(self):
        if self._pool is None:
            import multiprocessing

            from pebble import ProcessPool

            self._pool = ProcessPool(max_workers=self.workers, initializer=worker_init,
                                     initargs=(self.limits.step_memory_mb,),
                                     context=multiprocessing.get_context("fork"))
        return self._pool

    def run(self, fn, *args, **kwargs):
        from concurrent.futures import TimeoutError as FutureTimeout

        from pebble import ProcessExpired

        future = self._ensure().schedule(_call, args=(fn, args, kwargs), timeout=self.limits.step_seconds)
        try:
            ok, value = future.result()
        except FutureTimeout:
            raise CheckTimeout(f"over {self.limits.step_seconds:g} s (worker killed)") from None
        except MemoryError:
            raise LimitExceeded("memory", "over the step budget", f"{self.limits.step_memory_mb} MB") from None
        except ProcessExpired as exc:
            if exc.exitcode in (-9, 137):  # SIGKILL: most likely the kernel's OOM killer
                raise LimitExceeded("memory", "worker killed", f"{self.limits.step_memory_mb} MB") from None
            raise WorkerCrashed(f"worker process died (exit code {exc.exitcode})") from None
        if ok:
            return value
        raise _rebuild(value, self.limits)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.stop()
            self._pool.join()
            self._pool = None

    def __enter__(self):
        self._ensure()
        return self

    def __exit__(self, *exc):
        self.close()
