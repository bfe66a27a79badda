"""An index on one side only: ``∂C/∂w^l_{ji} = a^{l-1}_k δ^l_j``.

An equation in free indices holds for every value of them. When a neuron
index (i, j, k, p, q) is free on one side and appears nowhere on the other,
or only as the variable of a sum there (``∂C/∂b_j = Σ_j δ_j``), the other
side cannot change with it, whatever it means: so if the side
that carries the index changes when only that index changes, the equation
is false for some value of it. The check evaluates that side twice on the
same random networks, with the index at 1 and at 2 (the meaning layer binds
every other free index to each of its values), and accuses
only on a difference of values (never on shapes), under the only reading
the side has (a side with another plausible reading is left alone).

When only one side carries an index of its own and the step holds with that
index equal to one both sides carry (``∂a^l_k/∂z^l_j = σ'(z^l_j)``: the diagonal,
k = j), the text may assume they coincide: not accused. Only i, j, k, p, q count; layers (l, L, N) are never such indices: "l for L where it is obvious" is
loose notation, not an error. An equation about some values of the indices is not such a claim:
a side that is a number (``∂a^L_j/∂z^L_i = 0``, for i ≠ j) or a text that restricts the index
("for k such that ...", "if j ≠ y"). A row of a chain must bring an index new to the whole
chain (the chain's first left side included), not only to the row before it.
"""

from __future__ import annotations

import logging
from typing import Optional

import sympy as sp

from ..verdict import CheckKind, Verdict
from ..notation.equality import tokens
from .reading import StepReading, has_word
from .state import Result, State

log = logging.getLogger(__name__)

#: letters that stand for a neuron index (not a layer, not the batch size m or the count n)
INDEX_LETTERS = ("i", "j", "k", "p", "q")
#: words by which a text restricts an index to some of its values
CONDITION_WORDS = ("if", "for", "when", "whenever", "unless", "such that", "except", "otherwise")


def _bound_letters(e) -> set:
    from ..notation import vocab as V

    out = {str(s.limits[0][0]) for s in e.atoms(sp.Sum)}
    out |= {str(s.args[1]) for s in e.atoms(V.IndexSum)}
    return out


def free_index_letters(e) -> set:
    """The index letters ``e`` carries as free indices of components (a^l_k,
    w_{jk}, y_k, δ_{ik}), not bound by a sum in ``e``."""
    from ..notation import vocab as V

    if not isinstance(e, sp.Basic):
        return set()
    out: set = set()
    for c in e.atoms(V.Comp):
        out |= {i.name for i in c.indices if isinstance(i, sp.Symbol)}
    for ix in e.atoms(sp.Indexed):
        out |= {i.name for i in ix.indices if isinstance(i, sp.Symbol)}
    return {n for n in out if n in INDEX_LETTERS} - _bound_letters(e)


def _repeated_letters(e) -> set:
    """Letters repeated within a term of ``e`` (``w_{jk} a_k``): summed under Einstein's
    convention, so not a free index there."""
    from .alternatives import repeated

    return {str(i) for term in sp.Add.make_args(e) for i in repeated(term, set())}


def unbound_names(e, bound: frozenset = frozenset()) -> set:
    """Every name in ``e`` that is not a sum's bound variable there (``Σ_j a_j`` has no j):
    a side that binds an index by a sum does not depend on it."""
    from ..notation import vocab as V

    if isinstance(e, sp.Symbol):
        return set() if e.name in bound else {e.name}
    if isinstance(e, sp.Sum) and len(e.limits) == 1:
        var = e.limits[0][0]
        limits = set().union(*(unbound_names(x, bound) for x in e.limits[0][1:]))
        return unbound_names(e.function, bound | {var.name}) | limits
    if isinstance(e, V.IndexSum):
        return unbound_names(e.args[0], bound | {str(e.args[1])})
    if not isinstance(e, sp.Basic):
        return set()
    return set().union(set(), *(unbound_names(a, bound) for a in e.args))


def _letters(e) -> set:
    """Every name in ``e`` (symbols, index symbols, bound or not)."""
    if not isinstance(e, sp.Basic):
        return set()
    out = {getattr(s, "name", str(s)) for s in e.atoms(sp.Symbol)}
    out |= {str(s.limits[0][0]) for s in e.atoms(sp.Sum)}
    return out


def at_value(e, letter: str, value: int):
    """``e`` with the free index ``letter`` set to ``value`` (1-based, as components are)."""
    subs = {s: sp.Integer(value) for s in e.atoms(sp.Symbol) if s.name == letter}
    return e.xreplace(subs)


def broadcast(e):
    """``u ⊙ s`` with ``s`` a scalar read as ``u s`` (a scalar scales every entry): the
    reading under which an elementwise product with a number is well formed."""
    from ..notation import shape_of, vocab as V

    def scalar(u) -> bool:
        return shape_of(u) == "scalar"

    return e.replace(lambda u: isinstance(u, V.Had) and (scalar(u.args[0]) or scalar(u.args[1])),
                     lambda u: sp.Mul(*u.args))


def one_sided_index(sr: StepReading, state: State, options) -> Optional[Result]:
    """Incorrect when a side changes with an index the other side does not have; else None."""
    if not sr.two_sided or sr.rel != "=" or not options.use_front_end:
        return None
    parts = (sr.lhs, sr.rhs)
    if not all(isinstance(p, sp.Basic) for p in parts) or any(p.is_number for p in parts):
        return None  # ∂a_j/∂z_i = 0: a statement about some values of the indices (i ≠ j), not all
    if has_word(sr.step.context, CONDITION_WORDS) or any(t.kind == "cmd" and t.text in ("ne", "neq")
                                                          for t in tokens(sr.step.context)):
        return None  # the text restricts the indices ("for k such that ...", "if j ≠ y")
    given = set(state.env) | set(state.definitions)
    if sr.step.link and (not state.prev_stmt or state.prev_stmt[2] != state.prev_expr):
        return None  # the row before is not the chain's last row (a formula quoted in the prose between)
    if sr.step.link:  # a row: the index must be new to the whole chain, not just the row before
        start = sr.reread_side(state.prev_stmt[0])
        given |= _letters(start) if start is not None else set(INDEX_LETTERS)
    for side in (1, 0):
        here, other = parts[side], parts[1 - side]
        extra = sorted(free_index_letters(here) - unbound_names(other) - given - _repeated_letters(here))
        for letter in extra:
            v = _varies(sr, here, letter, state, options, "right" if side else "left")
            if v is None or _loosely_holds(parts, side, letter, state, options):
                continue
            if not (free_index_letters(other) - _letters(here)) and \
                    _holds_where_it_coincides(parts, side, letter, state, options):
                continue
            return Result(v)
    return None


def _holds_where_it_coincides(parts, side: int, letter: str, state: State, options) -> bool:
    """When only one side carries an index of its own (``∂a^l_k/∂z^l_j = σ'(z^l_j)``), the text
    may mean it to coincide with an index both sides carry (k = j, a diagonal): does the step
    hold, or stay open, with the index set to one of those? (When each side carries an index
    the other lacks, ``∂C/∂w_{ji} = a_k δ_j``, the indices are mismatched and no such reading
    is taken.)"""
    from .. import notation

    here, other = parts[side], parts[1 - side]
    for m in sorted(free_index_letters(here) & free_index_letters(other)):
        subs = {s: sp.Symbol(m, **s.assumptions0) for s in here.atoms(sp.Symbol) if s.name == letter}
        pair = (other, here.xreplace(subs)) if side else (here.xreplace(subs), other)
        try:
            v = notation.check_equation(*pair, _context(state, options))
        except Exception:  # noqa: BLE001 -- a reading that cannot be evaluated may hold; traceback logged
            log.warning("the coinciding reading of a one-sided index failed", exc_info=True)
            return True
        if v.verdict != "incorrect":
            return True
    return False


def loose(e, letter: str):
    """``e`` with each component carrying only the index ``letter`` read as its whole vector
    (``σ'(z^L_j)`` as ``σ'(z^L)``): loose elementwise notation in a vector equation."""
    from ..notation import vocab as V

    return e.replace(lambda u: isinstance(u, V.Comp) and len(u.indices) == 1
                     and getattr(u.indices[0], "name", None) == letter, lambda u: V.Q(u.args[0], u.args[1]))


def _context(state: State, options):
    from .. import notation

    return notation.Context(activation=options.activation, cost=state.cost or "quadratic", seed=options.seed,
                            trials=options.trials, domains=dict(state.domains), given=dict(state.env))


def _loosely_holds(parts, side: int, letter: str, state: State, options) -> bool:
    """Does the step hold, or is it left open, when the one-sided component is read as its whole
    vector (``δ^L = ∇_a C ⊙ σ'(z^L_j)`` as BP1)? Only a failure under that reading too (of values,
    or of shapes at concrete sizes) lets the accusation stand."""
    from .. import notation
    from .network import NON_DEFAULT

    other = parts[1 - side]
    if free_index_letters(other):
        return False  # the other side is a component: no vector reading to try
    whole = loose(parts[side], letter)
    if whole == parts[side]:
        return False
    if set(NON_DEFAULT) & set((state.topics + " " + state.setting).split()):
        return True  # linear neurons, softmax...: the random networks cannot refute the vector reading
    pair = (other, whole) if side else (whole, other)
    try:
        v = notation.check_equation(*pair, _context(state, options))
    except Exception:  # noqa: BLE001 -- a reading that cannot be evaluated may hold: no accusation, traceback logged
        log.warning("the vector reading of a one-sided index failed", exc_info=True)
        return True
    return v.verdict != "incorrect"


def _varies(sr: StepReading, e, letter: str, state: State, options, side: str) -> Optional[Verdict]:
    from .. import notation
    from ..notation.ambiguity import other_reading

    e = broadcast(e)
    first, second = at_value(e, letter, 1), at_value(e, letter, 2)
    moved = _terms_with(e, letter, sr)  # what changes with the index: the same under every implied sum
    if other_reading(sr.source, [first, second] if moved is None else
                     [at_value(moved, letter, 1), at_value(moved, letter, 2)], False):
        return None
    try:
        v = notation.check_equation(first, second, _context(state, options))
    except Exception:  # noqa: BLE001 -- a side the meaning layer cannot evaluate: no accusation, traceback logged
        log.warning("evaluating %r with the index %s moved failed", sr.source, letter, exc_info=True)
        return None
    if v.verdict != "incorrect" or v.check is None or v.check.is_shape or v.check is not CheckKind.NETWORKS:
        return None
    where = dict(v.counterexample or {})
    other = "left" if side == "right" else "right"
    return Verdict.incorrect(
        CheckKind.NETWORKS,
        f"the index {letter} appears only on the {side} side, and the {side} side changes with it (on a random "
        f"network it is {where.get('lhs', float('nan')):.4g} at {letter} = 1 and {where.get('rhs', float('nan')):.4g} "
        f"at {letter} = 2), while the {other} side does not contain {letter}: the equation "
        f"fails for some value of {letter}",
        counterexample={**where, "index": letter, "values": [1, 2]},
        hint=f"the {side} side should carry the {other} side's indices, not {letter}")


def _terms_with(e, letter: str, sr: StepReading):
    """The terms of ``e`` that carry the index ``letter``, when none of them repeats an index and
    no sum of the step binds ``letter`` (so no reading restores a sum over it): the side changes
    with ``letter`` by these terms alone, whether an index repeated in another term is summed
    (Einstein) or not. Else None."""
    from ..notation.ambiguity import repeated_indices

    if any(letter in _bound_letters(p) for p in (sr.lhs, sr.rhs) if isinstance(p, sp.Basic)):
        return None
    carrying = [t for t in sp.Add.make_args(e) if letter in free_index_letters(t)]
    if not carrying or len(carrying) == len(sp.Add.make_args(e)) or any(repeated_indices(t) for t in carrying):
        return None
    return sp.Add(*carrying)
