"""Free indices of the two sides of an equation, under each summation convention.

An equation between components states something for every value of its free
indices, so both sides must have the same free indices. Under the plain
reading an index letter (i, j, k, m, p, q) is free wherever it appears outside
an explicit sum (``\\sum_k``); under Einstein notation an index repeated within a
term is summed, and only the ones that appear once are free.

:func:`index_mismatch` finds a renamed index: each side has a free index that the
other side never mentions (``∂C/∂b_j = δ_k``), under the plain reading and under
Einstein notation alike, with every term of a side agreeing on its free indices.
That step is wrong whatever the indices' values, so it is a refutation that needs
no numbers. It is deliberately narrow:

- also an index free on the right that the left never mentions, when the left has a free
  index (``δ^l_j = Σ_k w^{l+1}_{kj} δ^{l+1}_k σ'(z^l_i)``), and an index free on the left that
  the right only sums over (``δ^L_j = Σ_j ∂C/∂a^L_k ∂a^L_k/∂z^L_j``: the right side does not
  depend on j);
- but an index on the right where the left has none (``C = -ln a_k``), or only inside a
  Kronecker delta (``∂C/∂z_j = a_j - δ_{jk}``, k the correct class), may be fixed by the
  text, and an index on the left only (``∂a_j/∂z_k = a_j(1 - a_j)`` in the case j = k) may
  be a case the text considers: not accused;
- a side whose terms disagree (``a_k - y_j``, ``-y_k + y_i \\hat y_k``) is written
  loosely: not accused (a term with no free index, the 1 of ``1 - y_j``, agrees with any);
- an index that appears more than twice in one term under Einstein notation makes
  that reading ill-formed; the step is still accused when the renamed index occurs
  once on its side (free under every reading).
"""

from __future__ import annotations

from collections import Counter
from typing import Optional

import sympy as sp

INDEX_LETTERS = ("i", "j", "k", "m", "p", "q")


class _Loose(Exception):
    """The side is written loosely (terms disagree, an index three times in a term)."""


def _letters(x) -> Counter:
    out: Counter = Counter()
    for s in (x.free_symbols if isinstance(x, sp.Basic) else ()):
        name = getattr(s, "name", "")
        if name in INDEX_LETTERS:
            out[name] += 1
    return out


def _atom_indices(e) -> Optional[Counter]:
    """The index letters an indexed atom carries (y_i, δ_{ik}, w^l_{jk}), else None."""
    from . import vocab as V

    if isinstance(e, sp.Indexed):
        c: Counter = Counter()
        for i in e.indices:
            c += _letters(i)
        return c
    if isinstance(e, V.Comp):
        c = Counter()
        for i in e.indices:
            c += _letters(i)
        return c
    if isinstance(e, sp.KroneckerDelta):
        return _letters(e.args[0]) + _letters(e.args[1])
    if isinstance(e, sp.Symbol):
        return _name_indices(e.name)
    return None


def _name_indices(name: str) -> Counter:
    """The index letters a name carries: ``y_i`` (a symbol), ``h[k]`` (an applied function h_k(u))."""
    sub = name.split("_", 1)[1] if "_" in name else name[name.index("[") + 1:-1] if name.endswith("]") and \
        "[" in name else ""
    sub = sub.replace(",", "").replace(" ", "")
    if sub.isalpha() and len(sub) <= 3:
        return Counter(ch for ch in sub if ch in INDEX_LETTERS)
    return Counter()


def free_indices(e, einstein: bool, union: bool = False) -> frozenset:
    """The free index letters of ``e``. Raises :class:`_Loose` when the terms of a sum
    disagree, or (Einstein) an index appears more than twice in a term. ``union``: terms that
    disagree (``y_j - t_k``) are free in every index some term has (an array over all of them,
    the only way such a sum has components), instead of raising."""
    return frozenset(_occurrences(e, einstein, union))


def _occurrences(e, einstein: bool, union: bool = False) -> Counter:
    from . import vocab as V

    own = _atom_indices(e)
    if own is not None:
        return own
    if not isinstance(e, sp.Basic) or not e.args:
        return Counter()
    if isinstance(e, sp.Add):  # a term without free indices (1 in 1 - y_j) is added to every component
        sets = {frozenset(_occurrences(t, einstein, union)) for t in e.args} - {frozenset()}
        if len(sets) > 1:
            if not union:
                raise _Loose()
            return Counter(frozenset().union(*sets))
        return Counter(next(iter(sets), frozenset()))
    if isinstance(e, (sp.Sum, V.IndexSum)):  # a written sum over a letter its summand never uses: no implied sums under it
        summand, bound = _summand_and_variables(e)
        inner = _occurrences(summand, einstein and not vacuous_sum(e), union)
        return Counter({k: v for k, v in inner.items() if k not in bound})
    if isinstance(e, sp.Pow):
        return _occurrences(e.base, einstein, union)
    total: Counter = Counter()
    args = e.args
    if isinstance(e, sp.core.function.AppliedUndef):  # h_k(u): the function's own index, then its arguments
        total += _name_indices(e.func.__name__)
    if isinstance(e, sp.Derivative):  # ∂C/∂b_j (read as C(b_j) by b_j): the variable's indices, once
        artifact = isinstance(e.expr, sp.core.function.AppliedUndef) and set(e.expr.args) <= set(e.variables)
        args = (() if artifact else (e.expr,)) + tuple(e.variables)
        if artifact:  # ∂h_k/∂u (h_k(u) by u), ∂a_j/∂z_i (a_j(z_i) by z_i): the function's own index, once
            by = set().union(set(), *(set(_atom_indices(x) or ()) for x in e.variables))
            total += Counter({k: n for k, n in _name_indices(e.expr.func.__name__).items() if k not in by})
    for a in args:
        total += _occurrences(a, einstein, union)
    if not einstein:
        return Counter(set(total))
    if any(n > 2 for n in total.values()):
        raise _Loose()
    return Counter({k: 1 for k, n in total.items() if n == 1})


def _summand_and_variables(e) -> tuple:
    """A written sum's summand and the letters it binds (``Σ_{k=1}^n`` or ``IndexSum``)."""
    from . import vocab as V

    if isinstance(e, V.IndexSum):
        return e.args[0], {str(e.args[1])}
    return e.function, {str(lim[0]) for lim in e.limits}


def vacuous_sum(e) -> bool:
    """A written sum over an index letter its summand never mentions (``Σ_k (y_j - a_j)^2``): a number of
    copies of the summand, whose variable binds nothing."""
    from . import vocab as V

    if not isinstance(e, (sp.Sum, V.IndexSum)):
        return False
    summand, bound = _summand_and_variables(e)
    return bool(bound) and all(v in INDEX_LETTERS for v in bound) and not bound & _mentioned(summand)


def stray_in_vacuous_sum(e, bound: frozenset = frozenset(), inside: bool = False) -> frozenset:
    """The index letters ``e`` carries unbound inside a written sum that binds nothing (:func:`vacuous_sum`):
    ``Σ_k e^{c z_j}`` strays j. Such a sum shows the step means to sum and names the wrong letter; the
    letter left free is not one the text fixes (it would not be summed n times)."""
    from . import vocab as V

    own = _atom_indices(e)
    if own is not None:
        return frozenset(own) - bound if inside else frozenset()
    if isinstance(e, (sp.Sum, V.IndexSum)):
        summand, variables = _summand_and_variables(e)
        return stray_in_vacuous_sum(summand, bound | frozenset(variables), inside or vacuous_sum(e))
    if not isinstance(e, sp.Basic) or not e.args:
        return frozenset()
    return frozenset().union(*(stray_in_vacuous_sum(a, bound, inside) for a in e.args))


def _free_deltas(e, bound: frozenset = frozenset()) -> set:
    """The letters of the Kronecker deltas in ``e`` outside the sums over them (``a_j - δ_{jk}``: k may be
    the text's; the δ_{jk} of ``Σ_{k≠j}`` is the sum's own condition and fixes nothing)."""
    from . import vocab as V

    if isinstance(e, sp.KroneckerDelta):
        return {str(a) for a in e.args} - bound
    if isinstance(e, (sp.Sum, V.IndexSum)):
        summand, variables = _summand_and_variables(e)
        return _free_deltas(summand, bound | frozenset(variables))
    if not isinstance(e, sp.Basic):
        return set()
    return set().union(set(), *(_free_deltas(a, bound) for a in e.args))


def _free_count(e, bound: frozenset = frozenset()) -> Counter:
    """How many times each index letter occurs in ``e`` outside the sums over it."""
    from . import vocab as V

    own = _atom_indices(e)
    if own is not None:
        return Counter({k: n for k, n in own.items() if k not in bound})
    if isinstance(e, (sp.Sum, V.IndexSum)):
        summand, variables = _summand_and_variables(e)
        return _free_count(summand, bound | frozenset(variables))
    out: Counter = Counter()
    for a in (e.args if isinstance(e, sp.Basic) else ()):
        out += _free_count(a, bound)
    return out


def _layer_letters(e) -> frozenset:
    """Index letters that label the layer of a vector in ``e`` (``δ_k``, ``z_{k-1}`` where subscripts number
    layers): the side depends on them as on a free index."""
    from . import vocab as V

    if not isinstance(e, sp.Basic):
        return frozenset()
    return frozenset(s.name for q in e.atoms(V.Q) if isinstance(q.layer, sp.Basic)
                     for s in q.layer.free_symbols if s.name in INDEX_LETTERS)


def index_free_sets(parts, einstein: bool) -> Optional[list]:
    """The free indices of each part, or None when a part is written loosely."""
    try:
        return [free_indices(p, einstein) for p in parts if isinstance(p, sp.Basic)]
    except _Loose:
        return None


def _mentioned(e) -> frozenset:
    """Every index letter ``e`` mentions anywhere (free, summed or bound)."""
    out: set = set()
    for x in sp.preorder_traversal(e):
        own = _atom_indices(x)
        if own:
            out |= set(own)
        if isinstance(x, sp.Symbol) and x.name in INDEX_LETTERS:
            out.add(x.name)
        if isinstance(x, sp.core.function.AppliedUndef):  # y_i(a_0): the function's own index
            out |= set(_name_indices(x.func.__name__))
    return frozenset(out)


def _unbound(e, bound: frozenset = frozenset()) -> frozenset:
    """The index letters ``e`` mentions outside an explicit sum over them."""
    from . import vocab as V

    own = _atom_indices(e)
    if own is not None:
        return frozenset(own) - bound
    if isinstance(e, sp.Symbol) and e.name in INDEX_LETTERS:
        return frozenset({e.name}) - bound
    if isinstance(e, sp.Sum):
        inner = bound | {str(lim[0]) for lim in e.limits}
        return _unbound(e.function, frozenset(inner))
    if isinstance(e, V.IndexSum):
        return _unbound(e.args[0], bound | {str(e.args[1])})
    if not isinstance(e, sp.Basic):
        return frozenset()
    own = frozenset(_name_indices(e.func.__name__)) - bound if isinstance(e, sp.core.function.AppliedUndef) \
        else frozenset()  # a_j(z_i): the function's own index j
    return own.union(*(_unbound(a, bound) for a in e.args))


def index_mismatch(lhs, rhs, given=(), strays: bool = False, loose: bool = False) -> Optional[dict]:
    """``{"lhs": [...], "rhs": [...]}``, the free indices of each side, when each side has
    a free index the other never mentions under every summation convention (see the
    module's docstring); else None. ``given``: names with a value in the text (fixed). ``strays``: also an
    index free on the right only inside a sum that binds nothing (:func:`stray_in_vacuous_sum`), when the
    left has no free index of its own (the caller has read the text: no words fix the letter). ``loose``: a
    right side whose terms disagree (``y_j - t_k``) beside a well-formed left is free in every index some
    term has (the caller has read the text: it declares no sums implied by the answer's indices, the reading
    under which ``-y_k + y_i ŷ_k`` sums over i)."""
    if not all(isinstance(x, sp.Basic) for x in (lhs, rhs)):
        return None
    found = None
    kronecker = _free_deltas(rhs)  # δ_{jk}: k may be fixed
    mentioned = (_mentioned(lhs), _mentioned(rhs))
    strays = stray_in_vacuous_sum(rhs) - set(given) if strays else frozenset()
    for einstein in (False, True):
        try:
            fl, fr = free_indices(lhs, einstein), free_indices(rhs, einstein)
        except _Loose:
            if einstein and found and all(_free_count(rhs)[k] == 1 for k in found["right only"]):
                break  # Einstein notation reads a term ill-formed, but the renamed index is free there too
            if not loose:
                return None
            try:  # a right side whose terms disagree (y_j - t_k) beside a well-formed left: an array over every
                # index some term has (a loose left, an earlier row, is left alone)
                fl, fr = free_indices(lhs, einstein), free_indices(rhs, einstein, union=True)
            except _Loose:
                return None
        only_l, only_r = fl - mentioned[1] - set(given), fr - mentioned[0] - set(given)
        summed_away = (fl & mentioned[1]) - _unbound(rhs) - set(given)  # δ_j = Σ_j …: j only summed on the right
        stray = (fr & strays) - fl  # C = ½ Σ_k (y_j - a_j)^2: j free on the right only, in a sum that binds nothing
        only_r |= stray
        own = fl or _layer_letters(lhs)  # δ_k = W_{j+1}^T δ_{k+1} ⊙ σ'(z_k): the left is labelled by k
        if not (only_r and (only_l or stray or (own and not only_r & kronecker))) and not summed_away:
            return None
        only_l |= summed_away
        found = found or {"lhs": sorted(fl), "rhs": sorted(fr), "left only": sorted(only_l),
                          "right only": sorted(only_r)}
    if found is not None:
        found["vacuous"] = sorted({v for x in (lhs, rhs) for s in sp.preorder_traversal(x) if vacuous_sum(s)
                                   for v in _summand_and_variables(s)[1]})
    return found


def mismatch_reason(found: dict) -> str:
    left, right = ", ".join(found["left only"]), ", ".join(found["right only"])
    if not right:
        return (f"the index {left} is free on the left, but the right side does not depend on it (it only sums "
                "over it): both sides must have the same free indices (with or without an implied sum)")
    also = f", and {left} on the left but not on the right" if left else ""
    idle = ", ".join(found.get("vacuous", ()))
    idle = (f" (the sum over {idle} does not use {idle}: it binds no index, and no sum is implied under it)"
            if idle else "")
    return (f"the index {right} is free on the right but not on the left{also}: both sides must have the same "
            f"free indices (with or without an implied sum){idle}")


def index_verdict(lhs, rhs, given=()):
    """Incorrect (check "semantics") for a renamed free index (:func:`index_mismatch`), with the
    free indices of each side as the counterexample; else None."""
    from ..verdict import CheckKind, Verdict

    found = index_mismatch(lhs, rhs, given)
    if found is None:
        return None
    return Verdict.incorrect(CheckKind.SEMANTICS, mismatch_reason(found),
                             counterexample={"lhs free indices": found["lhs"], "rhs free indices": found["rhs"]})
