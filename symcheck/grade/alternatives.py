"""The readings a refutation of indexed scalars tries (:mod:`.components`), besides the
one the reader chose: an index repeated in a product summed (Einstein) or not; a derivative
operator reaching over the sum after it or not; the values of undefined families free,
one-hot or a distribution. Each takes a reading's part (SymPy) and gives another.
"""

from __future__ import annotations

import sympy as sp
from sympy.core.function import AppliedUndef

from .instantiate import Instance, indexed_function


def index_symbols(e) -> set:
    """The symbols used as indices (of Indexed, components, Kronecker deltas, indexed functions)."""
    from ..notation import vocab as V

    out: set = set()
    for ix in e.atoms(sp.Indexed):
        out |= set().union(*(i.free_symbols for i in ix.indices))
    for c in e.atoms(V.Comp):
        out |= set().union(*(getattr(i, "free_symbols", set()) for i in c.indices))
    for d in e.atoms(sp.KroneckerDelta):
        out |= d.free_symbols
    for f in e.atoms(AppliedUndef):
        family = indexed_function(type(f).__name__)
        if family:
            out |= {s for s in e.free_symbols if getattr(s, "name", "") == family[1]}
    return out


def repeated(term, bound: set) -> set:
    """The indices carried by two factors of one product, not bound by a sum (implied sums?)."""
    seen: set = set()
    out: set = set()
    for factor in sp.Mul.make_args(term):
        if isinstance(factor, sp.Sum):
            continue
        here = index_symbols(factor) - bound
        out |= here & seen
        seen |= here
    return out


def operator_form(source: str) -> bool:
    """``\\frac{\\partial}{\\partial x}`` (or ``\\frac{d}{dx}``): a derivative written as an operator,
    whose reach over a following ``+`` is a matter of reading."""
    from ..notation.equality import tokens

    toks = tokens(source)
    for i, t in enumerate(toks[:-3]):
        if t.kind == "cmd" and t.text in ("frac", "dfrac", "tfrac") and toks[i + 1].text == "{":
            inner = toks[i + 2]
            if (inner.text in ("partial", "d", "mathrm") or inner.text == "\\partial") and toks[i + 3].text in ("}", "{"):
                return True
    return False


def operator_scope(e):
    """``e`` with a derivative operator reaching over the sum it starts (``∂/∂w w a + b`` as
    ``∂/∂w (w a + b)``)."""
    def widen(u):
        ds = [t for t in u.args if isinstance(t, sp.Derivative)]
        if len(ds) != 1:
            return u
        rest = [t for t in u.args if t is not ds[0]]
        return sp.Derivative(ds[0].expr + sp.Add(*rest), *ds[0].variable_count)

    return e.replace(lambda u: isinstance(u, sp.Add) and any(isinstance(t, sp.Derivative) for t in u.args), widen)


def implied_sums(e, bound: set, elsewhere: set = frozenset()):
    """``e`` under Einstein's convention: each term summed over the indices it repeats
    (``∂L/∂a_j ∂a_j/∂z_j`` as Σ_j ∂L/∂a_j ∂a_j/∂z_j). An index that is also free
    ``elsewhere`` (on the other side) is not summed: under the convention a repeated index
    is never a free one, so that reading does not apply to it."""
    from ..notation import vocab as V

    terms = []
    for term in sp.Add.make_args(e):
        for r in sorted(repeated(term, bound) - set(elsewhere), key=str):
            term = V.IndexSum(term, r)
        terms.append(term)
    return sp.Add(*terms)


#: readings of the values of undefined families (targets y, t...): free, or constrained as prose often
#: says without a formula: one-hot (y_1 = 1, the rest 0), or a distribution (positive, summing to 1)
CONSTRAINTS = ("free", "one-hot", "distribution")


def inputs(inst: Instance, sides) -> dict:
    """``{family: [members]}``: the scalars of ``sides`` with a numeric subscript (``y_2``,
    ``t_0``, ``a^L_1``) that are values, not variables of a derivative, grouped by name."""
    out: dict = {}
    for side in sides:
        for s in side.free_symbols:
            if s in inst.variables or s.assumptions0.get("kronecker") or "_" not in s.name:
                continue
            base, sub = s.name.rsplit("_", 1)
            if sub.replace(",", "").isdigit():
                out.setdefault(base, set()).add(s)
    return {k: sorted(v, key=lambda s: s.name) for k, v in out.items()}


def constrained(inst: Instance, how: str, rng, sides=()) -> dict:
    """Values for the undefined families of ``sides`` under the reading ``how`` ({} when free)."""
    if how == "free":
        return {}
    out: dict = {}
    for members in inputs(inst, sides).values():
        if how == "one-hot":
            out.update({s: sp.Integer(int(i == 0)) for i, s in enumerate(members)})
        else:
            weights = [int(rng.integers(1, 5)) for _ in members]
            out.update({s: sp.Rational(w, sum(weights)) for s, w in zip(members, weights)})
    return out


