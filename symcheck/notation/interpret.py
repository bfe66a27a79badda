"""Random interpretations of undefined functions ("undefined means any").

A function the equation applies but does not define (``f(w)``, ``C_0(w)``,
``g(x, y)``) is universally quantified: an identity must hold for every smooth
function it could be. Each interpretation replaces every such function by a
random smooth function built from exact rational coefficients, sin, exp and a
polynomial, as a SymPy :class:`~sympy.Lambda`, so that f' and f'' are exact.
A failure under one interpretation is a counterexample; agreement under all
of them is numeric evidence (:data:`INTERPRETATIONS` of them, seeded).
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

INTERPRETATIONS = 3   # random functions tried for each undefined function
#: not functions to quantify: the reader's ∂X/∂Y of network components, and ∇ (an operator)
NOT_FUNCTIONS = frozenset({"Partial", "nabla"})


def undefined_functions(e) -> dict:
    """``{name: arity}`` of the undefined functions applied in ``e`` (a SymPy expression)."""
    if not isinstance(e, sp.Basic):
        return {}
    return {type(f).__name__: len(f.args) for f in e.atoms(AppliedUndef) if type(f).__name__ not in NOT_FUNCTIONS}


def _coef(rng, lo, hi, den=4) -> sp.Rational:
    """A nonzero exact rational in [lo, hi] with denominator ``den``."""
    k = 0
    while k == 0:
        k = int(rng.integers(lo * den, hi * den + 1))
    return sp.Rational(k, den)


def random_function(arity: int, rng: np.random.Generator) -> sp.Lambda:
    """A random smooth real function of ``arity`` arguments: exact rational
    coefficients, c0 + Σ c_i x_i + d sin(Σ a_i x_i + b) + e exp(Σ g_i x_i) + q x_1²."""
    xs = sp.symbols(f"x_1:{arity + 1}", real=True)
    lin = sum(_coef(rng, -2, 2) * x for x in xs)
    phase = sum(_coef(rng, -2, 2) * x for x in xs) + _coef(rng, -1, 1)
    growth = sum(_coef(rng, -1, 1, 8) * x for x in xs)
    body = (_coef(rng, -2, 2) + lin + _coef(rng, -2, 2) * sp.sin(phase) + _coef(rng, -1, 1) * sp.exp(growth)
            + _coef(rng, -1, 1) * xs[0] ** 2)
    return sp.Lambda(xs, body)


def interpretations(funcs: dict, seed: int):
    """``INTERPRETATIONS`` dicts ``{name: Lambda}``, one random function per name (seeded)."""
    rng = np.random.default_rng([seed, 12])
    for _ in range(INTERPRETATIONS):
        yield {name: random_function(arity, rng) for name, arity in sorted(funcs.items())}


def interpret(e, lambdas: dict):
    """``e`` with each undefined function named in ``lambdas`` replaced by its Lambda."""
    if not isinstance(e, sp.Basic):
        return e
    return e.replace(lambda u: isinstance(u, AppliedUndef) and type(u).__name__ in lambdas
                     and len(u.args) == len(lambdas[type(u).__name__].variables),
                     lambda u: lambdas[type(u).__name__](*u.args))


def show(lambdas: dict) -> dict:
    """The interpretation as text, e.g. ``{"f": "f(x_1) = 3/4 + x_1/2 + ..."}``."""
    return {name: f"{name}({', '.join(map(str, lam.variables))}) = {sp.sstr(lam.expr)}"
            for name, lam in lambdas.items()}


def random_polynomial(arity: int, rng: np.random.Generator) -> sp.Lambda:
    """A random cubic polynomial of ``arity`` arguments with exact rational coefficients
    (a smooth function whose values and derivatives at rational points are rational, so
    that vector identities built on it are decided exactly and fast):
    c0 + Σ c_i x_i + Σ_{i≤j} q_ij x_i x_j + Σ r_i x_i³."""
    xs = sp.symbols(f"x_1:{arity + 1}", real=True)
    body = _coef(rng, -2, 2) + sum(_coef(rng, -2, 2) * x for x in xs)
    body += sum(_coef(rng, -1, 1) * xs[i] * xs[j] for i in range(arity) for j in range(i, arity))
    body += sum(_coef(rng, -1, 1, 8) * x ** 3 for x in xs)
    return sp.Lambda(xs, body)
