"""A definition whose own index is captured by a sum: ``E_n = -Σ_n Σ_k t_{nk} ln y_{nk}``.

A name with an index (``E_n``, ``C_x``, ``δ_j``) defines one quantity for each value
of it, so its right side must depend on that index. When the right side sums over
the very letter the name carries, and uses it nowhere outside that sum, the sum's
variable has captured the index: the right side is one number for every value of
it, and the definition says nothing about the one it names (a TA's "n is used both
as the sample you are defining and as the variable you sum over"). That is a fact
of the notation, the same under every reading, like a free index that differs
between the two sides of a claim (:func:`symcheck.notation.indices.index_verdict`):
an exact failed check, accused with the free indices of each side.

Deliberately narrow: the name's subscript is one letter (``E_{in}``, ``C_{CE}`` are labels,
not indices); the letter is the variable of a sum on the right (``S_n = Σ_{k=1}^n a_k``,
where n is the sum's upper end, is fine); and the letter appears nowhere on the right
outside the sums over it (``x_n = Σ_n w_{nm} x_m`` would be loose, not captured, if n were
also free there). A claim ``δ_j = Σ_j …`` is the same fact in a claim; it is accused by
the index checks, not here.
"""

from __future__ import annotations

from typing import Optional

import sympy as sp

from ..verdict import CheckKind, Verdict
from .reading import StepReading
from .state import Result, State


def own_index(lhs) -> Optional[str]:
    """The one-letter index a defined name carries (``E[n]``, ``C_x``, ``E_n(w, v)``), else None."""
    if isinstance(lhs, sp.Indexed) and len(lhs.indices) == 1 and isinstance(lhs.indices[0], sp.Symbol):
        name = lhs.indices[0].name
        return name if len(name) == 1 else None
    if isinstance(lhs, sp.core.function.AppliedUndef):
        name = lhs.func.__name__
    elif isinstance(lhs, sp.Symbol):
        name = lhs.name
    else:
        return None
    head, _, sub = name.partition("_")
    sub = sub.strip("{}")
    return sub if head and len(sub) == 1 and sub.isalpha() else None


def summed_over(e) -> set:
    """The variables of the explicit sums in ``e`` (``Σ_{n=1}^N Σ_k``: n and k)."""
    from ..notation import vocab as V

    out = {str(lim[0]) for s in e.atoms(sp.Sum) for lim in s.limits}
    return out | {str(s.args[1]) for s in e.atoms(V.IndexSum)}


def outside_sums(e, letter: str) -> bool:
    """Does ``letter`` appear in ``e`` outside every sum over it (a limit of such a sum counts)?"""
    from ..notation import vocab as V

    if isinstance(e, sp.Symbol):
        return e.name == letter
    if isinstance(e, sp.Indexed):
        return any(outside_sums(i, letter) for i in e.indices) or outside_sums(e.base.label, letter)
    if isinstance(e, sp.Sum):
        if any(outside_sums(b, letter) for lim in e.limits for b in lim[1:]):
            return True
        if any(str(lim[0]) == letter for lim in e.limits):
            return False
        return outside_sums(e.function, letter)
    if isinstance(e, V.IndexSum):
        return str(e.args[1]) != letter and outside_sums(e.args[0], letter)
    if not isinstance(e, sp.Basic):
        return False
    return any(outside_sums(a, letter) for a in e.args)


def captured(lhs, rhs) -> Optional[str]:
    """The index of the defined name that the right side only sums over, else None."""
    letter = own_index(lhs)
    if letter is None or not isinstance(rhs, sp.Basic):
        return None
    if letter in summed_over(rhs) and not outside_sums(rhs, letter):
        return letter
    return None


def check_captured_index(sr: StepReading, state: State, options) -> Optional[Result]:
    """Incorrect (check "semantics") when a definition's own index is captured by a sum on its right."""
    if not sr.two_sided or sr.rel != "=":
        return None
    letter = captured(sr.lhs, sr.rhs)
    if letter is None or letter in state.env:
        return None
    name = sr.lhs_text.strip()
    return Result(Verdict.incorrect(
        CheckKind.SEMANTICS,
        f"{name} carries the index {letter}, but the right side sums over {letter} and uses it nowhere else: it is "
        f"the same value for every {letter}, so it cannot be the quantity for one {letter} (the sum's variable "
        f"captures the index)",
        counterexample={"lhs free indices": [letter], "rhs free indices": [],
                        "rhs summed over": sorted(summed_over(sr.rhs))},
        hint=f"the quantity for one {letter} does not sum over {letter}: drop the sum over {letter} (or, for a "
             f"total over all {letter}, drop the index from the name)"))
