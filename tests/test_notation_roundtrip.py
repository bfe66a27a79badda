"""Property: expressions printed by ``sympy.latex`` read back to equal expressions."""

import sympy as sp
from hypothesis import given, settings, strategies as st

from symcheck.notation import read
from symcheck.notation.build import sym  # the reader's symbols, with their assumptions
from symcheck.symbolic import sigmoid

NAMES = ["x", "y", "z", "a", "b", "w", "c", "alpha", "gamma", "eta", "C", "L", "theta"]
symbols = st.sampled_from([sym(n) for n in NAMES])
numbers = st.integers(min_value=-20, max_value=20).map(sp.Integer) | \
    st.fractions(min_value=-5, max_value=5, max_denominator=9).map(lambda f: sp.Rational(f.numerator, f.denominator))
leaves = symbols | numbers


def _extend(children):
    return st.one_of(
        st.tuples(children, children).map(lambda t: t[0] + t[1]),
        st.tuples(children, children).map(lambda t: t[0] * t[1]),
        st.tuples(children, children).map(lambda t: t[0] - t[1]),
        st.tuples(children, st.integers(min_value=2, max_value=4)).map(lambda t: t[0] ** t[1]),
        st.tuples(children, children.filter(lambda e: e != 0)).map(lambda t: t[0] / t[1]),
        # no exp towers: SymPy's automatic evaluation may decide the sign of
        # e^{e^{e^20}} by computing it, which takes minutes
        children.filter(lambda e: not e.has(sp.exp)).map(sp.exp),
        children.map(lambda e: sp.log(e ** 2 + 1)),
        children.map(lambda e: sp.sqrt(e ** 2 + 1)),  # real: the reader has no imaginary unit
        children.map(sigmoid),
    )


exprs = st.recursive(leaves, _extend, max_leaves=8)


def _same(u, v) -> bool:
    """Equal as expressions: structurally after expand, else at three points (SymPy may
    have rewritten the printed form, e.g. |1/x| as 1/|x|)."""
    d = u - v
    if d == 0 or sp.expand(d) == 0:
        return True
    free = sorted(d.free_symbols, key=lambda s: s.name)
    f = sp.lambdify(free, d, "mpmath")
    points = ([0.3 + 0.1 * i + 0.05 * k for k in range(len(free))] for i in range(3))
    return all(abs(complex(f(*p))) < 1e-9 for p in points)


@settings(max_examples=150, deadline=None)
@given(exprs)
def test_latex_round_trip(expr):
    (got,) = read(sp.latex(expr)).parts
    assert _same(got, expr)


@settings(max_examples=60, deadline=None)
@given(exprs, exprs)
def test_equations_round_trip(u, v):
    r = read(sp.latex(u) + " = " + sp.latex(v))
    assert r.relations == ("=",)
    assert _same(r.parts[0], u) and _same(r.parts[1], v)
