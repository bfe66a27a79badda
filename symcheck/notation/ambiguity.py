"""Readings other than the one the reader chose, that would make a failed check no
proof of an error (issue 14: incorrect only when a step fails under every plausible
reading). Shared by ``symcheck check`` (:func:`symcheck.notation.check_reading`) and
the grader's accusation policy.

Each rule looks at the reading's nodes or at the source's tokens, never at
message text:

- a letter superscript on a name (``A_3^k``) read as a power, under a shape failure;
- ``\\vec{1}``, ``\\mathbf 1`` (a vector of ones, read as the number 1) and norms;
- an index repeated within a term (``y_i \\hat y_i``, ``\\hat y_p \\delta_{pk}``): with
  an implied sum (Einstein notation) or without, unless only one of the two is well
  formed (the sides have the same free indices under it: :func:`only_plain_well_formed`);
- an undefined function, under a shape failure: the shape of its value is unknown.
"""

from __future__ import annotations

from typing import Optional

import sympy as sp

from .dependence import HYPERPARAMETERS, never_zero
from .generic_activation import read_generic

INDEX_LETTERS = ("i", "j", "k", "m", "p", "q")
_BOLD = ("vec", "mathbf", "mathbb", "boldsymbol", "bm", "pmb")


def _tokens(source: str):
    from .equality import tokens

    return tokens(source)


def written_ones(source: str) -> bool:
    """``\\vec{1}``, ``\\mathbf 1``: a vector of ones."""
    toks = _tokens(source)
    for i, t in enumerate(toks):
        if t.kind == "cmd" and t.text in _BOLD:
            rest = [u.text for u in toks[i + 1:i + 4]]
            if rest[:1] == ["1"] or rest == ["{", "1", "}"]:
                return True
    return False


def parenthesised_superscript(source: str) -> bool:
    """``W^{(2)}``: a superscript in parentheses."""
    toks = _tokens(source)
    for i, t in enumerate(toks):
        if t.kind == "char" and t.text == "^":
            rest = [u.text for u in toks[i + 1:i + 3]]
            if rest[:1] == ["("] or rest == ["{", "("]:
                return True
    return False


def _number(i) -> bool:
    """A numbered component's index (a_0 a_0 is one number squared: nothing to sum)."""
    return bool(getattr(i, "is_Integer", False)) or str(i).isdigit()


def _indices(factor) -> set:
    """The index letters a factor carries: y_i, δ_{ik}, W_{ib}, w^l_{jk}, and a lone i. The
    variable of a sum written in the factor is bound there (``e^{z_k} / Σ_k e^{z_k}`` carries one
    k, the numerator's): not a second occurrence of the letter."""
    from . import vocab as V

    sums = [x for x in sp.preorder_traversal(factor) if isinstance(x, (sp.Sum, V.IndexSum))]
    if sums:
        top = [s for s in sums if not any(o is not s and o.has(s) for o in sums)]
        out = _indices(factor.xreplace({s: sp.Integer(1) for s in top}))
        for s in top:
            var = str(s.limits[0][0]) if isinstance(s, sp.Sum) else str(s.args[1])
            out |= _indices(s.args[0]) - {var}
        return out
    out: set = set()
    for ix in factor.atoms(sp.Indexed):
        out |= {str(i) for i in ix.indices if not _number(i)}
    for c in factor.atoms(V.Comp):
        out |= {str(i) for i in c.indices if not _number(i)}
    for d in factor.atoms(sp.KroneckerDelta):
        out |= {str(i) for i in d.args if not _number(i)}
    for s in factor.free_symbols:
        name = getattr(s, "name", "")
        if factor == s and name in INDEX_LETTERS:  # δ{ik} written without its underscore
            out.add(name)
        if "_" in name:
            sub = name.split("_", 1)[1]
            if sub.isalpha() and len(sub) <= 3:
                out |= set(sub)
    return out


def implied_sum(parts) -> bool:
    """An index repeated within one term of one of the parts, or summed on one side and
    free on the other (``y_i \\hat y_k = \\sum_i y_i \\hat y_k``)."""
    from . import vocab as V

    if only_plain_well_formed(parts):
        return False
    summed = {str(s.limits[0][0]) for p in parts if isinstance(p, sp.Basic) for s in p.atoms(sp.Sum)}
    summed |= {str(s.args[1]) for p in parts if isinstance(p, sp.Basic) for s in p.atoms(V.IndexSum)}
    for p in parts:
        if summed and isinstance(p, sp.Basic) and not p.atoms(sp.Sum, V.IndexSum) and \
                summed & set().union(*(_indices(f) for t in sp.Add.make_args(p) for f in sp.Mul.make_args(t))):
            return True
    return any(_repeated(p) for p in parts if isinstance(p, sp.Basic))


def only_plain_well_formed(parts) -> bool:
    """Without an implied sum the parts have the same free indices, and with one they do
    not (``δ_i = ∂C/∂a_i σ'(z_i)``: summed, the right side would have no free i). Einstein
    notation is then no plausible reading: the plain one is the only well-formed one."""
    from .indices import index_free_sets

    plain, einstein = index_free_sets(parts, False), index_free_sets(parts, True)
    return plain is not None and len(set(plain)) == 1 and bool(plain[0]) and \
        (einstein is None or len(set(einstein)) > 1)


def repeated_indices(term) -> set:
    """The index letters repeated within the one term ``term`` (y_i x_i: {"i"})."""
    return _repeated(term)


def _repeated(p) -> set:
    """The indices repeated within one term of ``p`` (y_i x_i: {i})."""
    out: set = set()
    for term in sp.Add.make_args(p):
        seen: set = set()
        for factor in sp.Mul.make_args(term):
            here = _indices(factor)
            out |= here & seen
            seen |= here
    return out


def kronecker(parts) -> bool:
    """``δ_{ik}`` read as a name: it may be the Kronecker delta."""
    for p in parts:
        for s in (p.free_symbols if isinstance(p, sp.Basic) else ()):
            name = getattr(s, "name", "")
            if name.startswith("delta_") and len(name) == 8 and name[6:].isalpha():
                return True
    return False


#: the book's hyperparameters: constants, never functions of a weight (λ, n, η)


def _modelled(parts) -> bool:
    """Norms the random interpretations of :mod:`.gradients` give their meaning (plain vectors, ∇C)."""
    from . import vocab as V
    from .gradients import models

    return all(models(p, p) for p in parts if p.has(V.Norm))


def other_reading(source: str, parts, shape_failure: bool, einstein_refuted: bool = False) -> Optional[str]:
    """Why a failed check of this reading is no proof of an error (a sentence), or None.
    ``einstein_refuted``: the step was checked with an implied sum over its repeated
    indices too and fails there as well (:func:`.readings.einstein_reading`)."""
    from . import vocab as V

    parts = [p for p in parts if isinstance(p, sp.Basic)]
    ones = any(isinstance(a, sp.Number) for p in parts for op in p.atoms(V.T, V.Had) for a in op.args)
    if ones or written_ones(source) or (any(p.has(V.Norm) for p in parts) and not _modelled(parts)):
        return "a vector of ones or a norm, which the notation reader does not model"
    from .quantify import lifted_names

    lifted = lifted_names(parts)  # X next to X(v): the function X(v) (quantify.lift_symbols)
    others = sorted({getattr(s, "name", "") for p in parts for d in p.atoms(sp.Derivative)
                     if not never_zero(d.expr, *d.variables)  # its dependence is quantified over (scalar.py)
                     for s in d.expr.free_symbols - set(d.variables)
                     if getattr(s, "name", "") and s.name not in HYPERPARAMETERS and s.name not in lifted})
    if others and not shape_failure:
        return (f"a derivative of an expression with other unknowns ({', '.join(others)}): how they depend on "
                "the variable is not given")
    if kronecker(parts):
        return "δ with two indices, which may be a Kronecker delta: the readings are not compared"
    if implied_sum(parts) and not einstein_refuted:
        return "an index repeated within a term: with an implied sum (Einstein notation) or without, the readings " \
               "disagree"
    if shape_failure and any(isinstance(s.args[0], sp.Symbol) for p in parts for s in p.atoms(V.Softmax)):
        return "softmax of a plain name: a vector or a number, the readings disagree"
    if shape_failure and any(type(f).__name__ != "Partial" for p in read_generic(parts)  # g(z^l): σ (.generic_activation)
                             for f in p.atoms(sp.core.function.AppliedUndef)):
        return "a function the write-up does not define: the shape of its value is unknown"
    if shape_failure and any(pw.exp.free_symbols for p in parts for pw in p.atoms(sp.Pow)):
        return "a letter superscript, which may be a label or a power: the shapes are not compared"
    return None

