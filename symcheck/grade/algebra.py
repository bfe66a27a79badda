"""Plain scalar algebra for the grader, read with :mod:`.arith`'s parser in
symbolic mode (names become real SymPy symbols; defined names and functions
expand to their definitions). Network notation (layer superscripts,
transposes, ``\\odot``, ``\\nabla``) is not read here: that is the front end's
job (:mod:`symcheck.notation`).

Conventions, stated in every reason that uses them: ``\\alpha`` is read as
``a`` (OCR), ``a``/``\\alpha`` next to ``z`` is the activation ``σ(z)``, and
a sum without limits is a sum over training examples (checked on data sets
of identical examples, ``Σ X = n X``).

Checks: ``equal(lhs, rhs)`` proves an identity (bounded SymPy) or finds a
counterexample at random points that respect the domains; it never answers
"incorrect" without both sides' values at a concrete point.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import numpy as np

from .arith import NotNumeric, parse

MAX_EXPANSION_DEPTH = 4


class SymOps:
    symbolic = True

    def __init__(self, definitions: dict, functions: dict, notes: list, depth: int = 0):
        import sympy as sp

        from ..symbolic import sigmoid

        self.sp, self.sigmoid_fn = sp, sigmoid
        self.definitions, self.functions, self.notes, self.depth = definitions, functions, notes, depth
        self.e = sp.E

    def log(self, x):
        return self.sp.log(x)

    def exp(self, x):
        return self.sp.exp(x)

    def tanh(self, x):
        return self.sp.tanh(x)

    def sqrt(self, x):
        return self.sp.sqrt(x)

    def sigma(self, x):
        return self.sigmoid_fn(x)

    def pow(self, a, b):
        if getattr(b, "is_Number", False) and abs(float(b)) > 1000:
            raise NotNumeric("exponent too large")
        return a ** b

    def number(self, text):
        return self.sp.Rational(text)

    def is_function(self, key):
        return key in self.functions

    def symbol(self, key):
        base, sep, sub = key.partition("_")
        if base == r"\alpha" and r"\alpha" not in self.notes:
            self.notes.append(r"\alpha")
        key = {r"\alpha": "a", r"\omega": "w"}.get(base, base) + sep + sub
        pretty = key.lstrip("\\")
        return self.sp.Symbol(pretty, real=True)

    def name(self, key, display):
        if key in (r"\partial", r"\nabla", r"\odot", r"\sum", r"\Sigma", r"\delta", "S", r"\cdots", r"\ldots"):
            raise NotNumeric(f"{display}: network notation")
        base = key.split("_", 1)[0].split("^", 1)[0]
        if base.startswith("\\") and base not in (r"\alpha", r"\beta", r"\gamma", r"\epsilon", r"\eta", r"\lambda",
                                                   r"\mu", r"\theta", r"\omega", r"\tau", r"\rho", r"\phi",
                                                   r"\xi", r"\zeta", r"\kappa", r"\nu", r"\varepsilon"):
            raise NotNumeric(f"{display} is not plain algebra")
        if key in self.definitions and self.depth < MAX_EXPANSION_DEPTH:
            return read(self.definitions[key], {}, self.definitions, self.functions, self.notes, self.depth + 1)
        return self.symbol(key)

    def apply(self, key, display, primes, arg):
        if key not in self.functions or self.depth >= MAX_EXPANSION_DEPTH:
            raise NotNumeric(f"{display} is not defined")
        var, body = self.functions[key]
        expr = read(body, {}, self.definitions, self.functions, self.notes, self.depth + 1)
        v = self.symbol(var)
        for _ in range(primes):
            expr = self.sp.diff(expr, v)
        return expr.subs(v, arg)

    def derivative(self, num, key, display, body):
        sp = self.sp
        v = self.symbol(key)
        target = body if num is None else num
        if target is None:
            raise NotNumeric("empty derivative")
        a = self.sp.Symbol("a", real=True)
        if v.name == "z" and a in target.free_symbols:
            target = target.subs(a, self.sigmoid_fn(v))
            if "activation" not in self.notes:
                self.notes.append("activation")
        if v not in target.free_symbols:
            if target.free_symbols:
                raise NotNumeric(f"how {target} depends on {display} is not given")
        return sp.diff(target, v)


def read(latex: str, env: dict, definitions: dict, functions: dict, notes: list, depth: int = 0):
    """LaTeX → SymPy expression, or :class:`NotNumeric`."""
    if r"\sum" in latex:
        latex = _sum_over_examples(latex, notes)
    p = parse(latex, env, SymOps(definitions, functions, notes, depth))
    return p.value()


def _sum_over_examples(latex: str, notes: list) -> str:
    import re

    if re.search(r"\\sum\s*_", latex):
        raise NotNumeric("a sum with an index")
    notes.append("sum")
    return latex.replace(r"\sum", r" n \cdot ")


# --- equality -------------------------------------------------------------
@dataclass
class Outcome:
    holds: Optional[bool]           # True proved/checked, False refuted at a point, None unknown
    how: str
    point: Optional[dict] = None
    lhs_value: Optional[float] = None
    rhs_value: Optional[float] = None


def _domain(sym, domains: dict):
    name = sym.name
    if name in domains:
        return domains[name]
    if name in ("a", "y", "gamma", "alpha") or name.startswith(("a_", "y_", "gamma_")):
        return (0.05, 0.95)
    if name == "n":  # the number of training examples: sums read as n identical examples
        return (2.0, 2.0)
    if sym.is_positive:
        return (0.1, 3.0)
    return (-2.0, 2.0)


def activation_substitution(lhs, rhs, notes: list):
    """Where z and a both appear, a is the activation σ(z)."""
    import sympy as sp

    from ..symbolic import sigmoid

    z, a = sp.Symbol("z", real=True), sp.Symbol("a", real=True)
    free = lhs.free_symbols | rhs.free_symbols
    if z in free and a in free:
        if "activation" not in notes:
            notes.append("activation")
        return lhs.subs(a, sigmoid(z)), rhs.subs(a, sigmoid(z))
    return lhs, rhs


def equal(lhs, rhs, *, seed: int = 0, trials: int = 8, timeout: float = 1.0, domains: dict | None = None,
          relation: str = "=") -> Outcome:
    """Is ``lhs (relation) rhs`` an identity? Exact first, then random points."""
    import sympy as sp

    from ..symbolic import as_elementary, prove_zero

    domains = domains or {}
    if relation == "=" and (lhs - rhs) == 0:
        return Outcome(True, "exact")
    free = sorted(lhs.free_symbols | rhs.free_symbols, key=lambda s: s.name)
    f = sp.lambdify(free, [as_elementary(lhs), as_elementary(rhs)], modules="math")
    rng = np.random.default_rng(seed)
    checked = 0
    for _ in range(trials * 4):
        point = {s: float(rng.uniform(*_domain(s, domains))) for s in free}
        try:
            lv, rv = (complex(x) for x in f(*point.values()))
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            continue
        if abs(lv.imag) > 1e-12 or abs(rv.imag) > 1e-12 or not (math.isfinite(lv.real) and math.isfinite(rv.real)):
            continue
        lv, rv = lv.real, rv.real
        checked += 1
        ok = _holds(lv, rv, relation)
        if not ok:
            return Outcome(False, "counterexample", {s.name: round(v, 6) for s, v in point.items()}, lv, rv)
        if checked >= trials:
            break
    # no counterexample: now try to prove it (cheap rewrites first, simplify last, bounded)
    if relation == "=":
        ok, how = prove_zero(lhs - rhs, timeout=timeout)
        if ok:
            return Outcome(True, f"exact ({how})")
    if checked == 0:
        return Outcome(None, "no point of the domain where both sides are real")
    if not free:
        return Outcome(True, "exact evaluation")
    return Outcome(True, f"numeric ({checked} random points)")


def _holds(lv: float, rv: float, relation: str) -> bool:
    tol = 1e-9 * max(1.0, abs(lv), abs(rv))
    return {"=": abs(lv - rv) <= tol, "<": lv < rv + tol, "<=": lv <= rv + tol, ">": lv > rv - tol,
            ">=": lv >= rv - tol, "!=": abs(lv - rv) > tol}.get(relation, False)
