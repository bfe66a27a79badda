"""Exact values and slopes for the confirmation of indexed scalars (:mod:`.confirm`): the
random functions of the names of a chain, and forward differentiation at a point.

A derivative of a chain of random functions held at one point (every other name at its
value) is a function of one variable; only its value there is needed, so it is carried
forward through the expression (value, slope) exactly, rather than differentiated as a
tree, which SymPy does slowly once the chain has been composed.
"""

from __future__ import annotations

import sympy as sp


def chain_function(arity: int, rng) -> sp.Lambda:
    """A random smooth function of ``arity`` arguments for a name of a chain, small enough to
    compose: c0 + Σ c_i x_i + q s² + r s³ with s = Σ d_i x_i, exact rational coefficients
    (nonlinear in every argument, with every mixed second derivative nonzero)."""
    xs = sp.symbols(f"x_1:{arity + 1}", real=True)

    def coef():
        return sp.Rational(int(rng.integers(-8, 9)) or 1, 4)

    s = sum(coef() * x for x in xs)
    return sp.Lambda(xs, coef() + sum(coef() * x for x in xs) + coef() * s ** 2 + coef() * s ** 3 / 4)


def value_and_slope(expr, v, at, memo=None):
    """(expr, d expr/dv) at v = ``at``, exact (forward differentiation through +, ×, powers,
    exp, log, sin, cos; anything else by SymPy's own derivative)."""
    memo = {} if memo is None else memo
    if expr in memo:
        return memo[expr]
    if expr == v:
        out = (at, sp.Integer(1))
    elif v not in expr.free_symbols:
        out = (expr.xreplace({v: at}), sp.Integer(0))
    elif isinstance(expr, sp.Add):
        pairs = [value_and_slope(a, v, at, memo) for a in expr.args]
        out = (sp.Add(*(p[0] for p in pairs)), sp.Add(*(p[1] for p in pairs)))
    elif isinstance(expr, sp.Mul):
        value, slope = sp.Integer(1), sp.Integer(0)
        for a in expr.args:
            f, df = value_and_slope(a, v, at, memo)
            value, slope = value * f, slope * f + value * df
        out = (value, slope)
    elif isinstance(expr, sp.Pow) and v not in expr.exp.free_symbols:
        f, df = value_and_slope(expr.base, v, at, memo)
        out = (f ** expr.exp, expr.exp * f ** (expr.exp - 1) * df)
    elif isinstance(expr, (sp.exp, sp.log, sp.sin, sp.cos)):
        f, df = value_and_slope(expr.args[0], v, at, memo)
        outer = {sp.exp: sp.exp(f), sp.log: 1 / f, sp.sin: sp.cos(f), sp.cos: -sp.sin(f)}[type(expr)]
        out = (type(expr)(f), outer * df)
    else:
        out = (expr.xreplace({v: at}), sp.diff(expr, v).xreplace({v: at}))
    memo[expr] = out
    return out
