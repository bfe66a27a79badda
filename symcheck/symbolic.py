"""The shared SymPy vocabulary, and bounded symbolic proof.

Import this module lazily: it imports SymPy. Symbols are declared once here,
with their assumptions; custom functions are ``Function`` subclasses whose
forward formula sits next to their derivative (``fdiff``).

``prove_zero`` goes from cheap to expensive and is bounded in time. It answers
``True`` (proved) or ``None`` (inconclusive) and never ``False``: a failed
simplification is not a proof of falsehood. Refutation is the numeric
checks' job, with a concrete counterexample.
"""

from __future__ import annotations

import contextlib
import inspect
import signal
import threading
import time

import sympy as sp
from mpmath import libmp as mlib
from sympy import Function, S, exp, tanh

from .errors import CheckTimeout
from .limits import WALL_FACTOR, WALL_GRACE, wall_backstop  # noqa: F401 -- re-exported: the backstop of a budget

# --- symbols, declared once with their assumptions ------------------------
z = sp.Symbol("z", real=True)
x = sp.Symbol("x", real=True)
y = sp.Symbol("y", real=True)
a = sp.Symbol("a", real=True)
b = sp.Symbol("b", real=True)
w = sp.Symbol("w", real=True)
c = sp.Symbol("c", positive=True)
eta = sp.Symbol("eta", positive=True)          # learning rate
lam = sp.Symbol("lambda", positive=True)       # regularisation parameter
eps = sp.Symbol("epsilon", positive=True)
n = sp.Symbol("n", positive=True, integer=True)  # training-set size


# --- custom functions: forward formula next to derivative ----------------
HUGE = 2 ** 256  # beyond this |z|, mpmath is not asked for σ(z) (see sigmoid._eval_evalf)


class sigmoid(Function):
    """σ(z) = 1/(1+e^{-z}).  σ'(z) = σ(z)(1-σ(z)) (claim ``sigma-prime`` proves it)."""

    nargs = 1

    @classmethod
    def eval(cls, arg):
        if arg is S.Zero:
            return S.Half
        if arg is S.Infinity:
            return S.One
        if arg is S.NegativeInfinity:
            return S.Zero
        if arg.is_Number and not arg.is_Float:
            return None
        if arg.is_Float:
            return 1 / (1 + exp(-arg))

    def fdiff(self, argindex=1):
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return 1 / (1 + exp(-arg))

    def _eval_evalf(self, prec):
        """mpmath's sigmoid, except where the argument is too big for it: an
        exp tower (e^{e^{...}}), whose own evaluation can run for minutes, is
        left unevaluated, and so is z < -2^256; for z > 2^256, σ(z) is 1 to
        any precision. (Unevaluated, not rounded to 0: σ(z) > 0.)"""
        arg = self.args[0]
        if any(e.args[0].has(exp) for e in arg.atoms(exp)):
            return None
        z_value = arg.evalf(mlib.prec_to_dps(prec))
        if z_value.is_Float and abs(z_value) > HUGE:
            return sp.Float(1, precision=prec) if z_value > 0 else None
        return super()._eval_evalf(prec)

    def _eval_is_real(self):
        return self.args[0].is_real

    # σ maps the reals into (0, 1) (and ±∞ to 1 and 0). Said here, these
    # facts keep SymPy from deciding a sign by evaluating σ numerically, which
    # for an argument like e^{e^{e^5}} overflows mpmath or runs for minutes.
    def _eval_is_positive(self):
        if self.args[0].is_real:
            return True

    _eval_is_extended_positive = _eval_is_positive         # a real σ(z) is finite: the same answer

    def _eval_is_extended_negative(self):
        if self.args[0].is_extended_real:
            return False

    def _eval_is_finite(self):
        if self.args[0].is_extended_real:
            return True


class relu(Function):
    """ReLU(z) = max(0, z).  ReLU'(z) = Heaviside(z) for z ≠ 0."""

    nargs = 1

    def fdiff(self, argindex=1):
        return sp.Heaviside(self.args[0])

    def _eval_rewrite_as_Max(self, arg, **kwargs):
        return sp.Max(0, arg)


def as_elementary(expr):
    """Rewrite custom functions into elementary ones (for lambdify, limits)."""
    return expr.replace(sigmoid, lambda u: 1 / (1 + exp(-u))).replace(relu, lambda u: sp.Max(0, u))


# SymPy >= 1.13 can skip the docstring it writes on each lambdified function
# (printing the whole expression a second time, about a third of lambdify's cost).
_NO_DOCSTRING = {"docstring_limit": 0} if "docstring_limit" in inspect.signature(sp.lambdify).parameters else {}


def numeric_function(args, expr, modules="math"):
    """``sp.lambdify(args, expr, modules=modules)`` without the docstring: the same
    function (same code, same numbers), made faster. ``expr`` is an expression or a
    list of them (the function then returns a list)."""
    return sp.lambdify(args, expr, modules=modules, **_NO_DOCSTRING)


# --- time bounds ---------------------------------------------------------
# A budget counts the CPU time this process spends (``ITIMER_PROF``), not the
# time on the wall: the same step gets the same budget on a quiet machine and
# on one busy with other work, so "the same input gives the same report" holds
# under load too. A wall-clock bound stays behind it as a backstop, for a step
# that waits rather than computes (it spends no CPU time).
# (WALL_FACTOR, WALL_GRACE and wall_backstop live in symcheck.limits, with the other bounds)


@contextlib.contextmanager
def _interval_timer(which: int, signum: int, seconds: float, clock, what: str):
    """Raise :class:`CheckTimeout` after ``seconds`` of ``clock`` (the timer
    ``which`` delivering ``signum``); nested, the tighter bound wins and the
    outer one resumes with what is left of it."""
    outer_left, _ = signal.getitimer(which)
    budget = min(seconds, outer_left) if outer_left > 0 else seconds
    start = clock()

    def _expired(signum, frame):
        raise CheckTimeout(f"over {budget:g} s {what}")

    old = signal.signal(signum, _expired)
    signal.setitimer(which, budget)
    try:
        yield
    finally:
        signal.setitimer(which, 0)
        signal.signal(signum, old)
        if outer_left > 0:
            signal.setitimer(which, max(outer_left - (clock() - start), 1e-4))


@contextlib.contextmanager
def time_limit(seconds: float | None):
    """Raise :class:`CheckTimeout` inside the block after ``seconds`` of CPU
    time, or after :func:`wall_backstop` seconds on the wall clock.

    Uses ``signal.setitimer`` and therefore bounds only the main thread; off
    the main thread it does nothing (the grader bounds steps with a worker
    process that is killed, see :mod:`symcheck.limits`). Nested limits keep
    the tighter bound, and the outer one resumes with what is left of it.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    with _interval_timer(signal.ITIMER_PROF, signal.SIGPROF, seconds, time.process_time, "of CPU time"):
        with _interval_timer(signal.ITIMER_REAL, signal.SIGALRM, wall_backstop(seconds), time.perf_counter,
                             "on the wall clock"):
            yield


# --- bounded proof that an expression is zero ----------------------------
def _cheap_rewrites(expr):
    yield "exact", lambda e: e
    yield "expand", sp.expand
    yield "cancel", lambda e: sp.cancel(sp.together(e))
    yield "rewrite-exp", lambda e: sp.cancel(sp.together(sp.expand(as_elementary(e).rewrite(exp))))
    yield "expand-log", lambda e: sp.expand(sp.expand_log(e, force=True))


def prove_zero(expr, timeout: float = 2.0, simplify: bool = True) -> tuple[bool | None, str]:
    """Try to prove ``expr == 0``. Returns ``(True, method)`` or ``(None, why)``.

    Cheap rewrites first; ``simplify`` last, within ``timeout`` seconds.
    ``simplify=False`` stops after the cheap rewrites: for checks that must
    fail fast (a false variant's symbolic check is inconclusive by design).
    """
    start = time.perf_counter()
    expr = sp.sympify(expr)  # expr is a SymPy object built by code, never user text
    try:
        with time_limit(timeout):
            for name, f in _cheap_rewrites(expr):
                if f(expr) == 0:
                    return True, name
            if simplify and sp.simplify(as_elementary(expr)) == 0:
                return True, "simplify"
    except CheckTimeout:
        return None, f"timeout after {time.perf_counter() - start:.1f} s"
    return None, "inconclusive"


def prove_equal(lhs, rhs, timeout: float = 2.0, simplify: bool = True) -> tuple[bool | None, str]:
    """``prove_zero(lhs - rhs)`` for scalars; componentwise for matrices."""
    if isinstance(lhs, sp.MatrixBase) or isinstance(rhs, sp.MatrixBase):
        lhs, rhs = sp.Matrix(lhs), sp.Matrix(rhs)
        if lhs.shape != rhs.shape:
            return None, f"shapes differ: {lhs.shape} vs {rhs.shape}"
        methods = set()
        for u, v in zip(lhs, rhs):
            ok, how = prove_zero(u - v, timeout, simplify)
            if not ok:
                return None, how
            methods.add(how)
        return True, "componentwise " + "+".join(sorted(methods))
    return prove_zero(lhs - rhs, timeout, simplify)
