"""Indexed scalars under random interpretations: the confirmation beside the refutation.

:mod:`.components` instantiates a step written in components and sums (``∂J/∂v_b``,
``∂h_c/∂t_d``, a chain-rule row ``∂J/∂ŷ_a ∂ŷ_a/∂v_b …``, ``δ_{ia}``) and accuses it
only when every reading fails. This module calls such a step **correct** when it holds
as an identity for *everything* the write-up leaves open ("undefined means any"), with
what it defines put in:

- every definition the write-up made (``t_d = …``, ``h_c = σ(t_c)``, ``u = …``,
  ``y_k = e^{a_k}/u``) is substituted, and a derivative
  ∂X/∂Y expands X through them except Y (:class:`.instantiate.Instance`); each reading
  of a definition must give the same answer;
- every undefined function is a random smooth function, every undefined value a random
  rational of either sign; the sides are compared at that point, exactly or at 60 digits
  (:func:`symcheck.notation.equality.compare_numbers`); a new interpretation per point;
  a derivative holds the other names at the point and is carried forward there exactly
  (:mod:`.forward`);
- **the chain the step writes**: a name it differentiates but the write-up does not define
  (``∂I/∂Q_k``, ``∂J/∂ŷ_a``) is a function of what the step differentiates it by, nearest
  first (J of the ŷ, each ŷ_a of the v, ...), an indexed name a whole family (every ŷ_a of
  every v_b: a chain that keeps one term of a sum it needs fails), as a small random cubic
  (:func:`.forward.chain_function`); names are read as components and δ_{ab} as the
  Kronecker delta by :mod:`.component_reading`;
- the cases: every pattern of equalities among the free indices (``k = j`` too), at low
  and high values and at each numeric index the step names (``a_0``); at size 3, and once
  at size 2 when the step has a size (``N``, ``\\sum_j``);
- the readings: a repeated index in a product summed (Einstein) when the step has one,
  since unsummed it would be free on one side only, which no identity is; a derivative
  operator ``\\frac{\\partial}{\\partial w}`` must hold reaching over the sum after it and not.

Not confirmed: a name inside a derivative that is neither defined, chained nor the
variable (``∂/∂q (c q)``); a component name the reader kept whole (``v_kj``), which may
stand for one number or for a family; an undefined function of one variable that the
step may mean to be a particular activation (it must hold for every function, and it is
tried as a random one); a definition ``a_j = f(z_j)`` with f open where the text's output
is a softmax; a derivative of order 3 or more; and every case :mod:`.components` leaves
alone. A confirmation carries the note ``NoteKind.INSTANTIATED``.

The dependence graph (definitions as edges, co-arguments of one definition independent, the chain
through the definitions) is :mod:`.dependences`'s. One refutation lives here too
(:func:`refuted_chain`): a chain in plain names with a wrong factor, under the narrowest chain reading.
"""

from __future__ import annotations

import itertools
import logging
from typing import Optional

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from ..verdict import CheckKind, Note, NoteKind, Verdict
from .components import Plan, applied_families, definitions, plan, unapplied_in_derivative
from .dependences import DROPPED_SUPERSCRIPT, as_any_function, leaves, opaque, written_chain
from .instantiate import Instance, NotModelled, Unrelated, indexed_function
from .reading import StepReading
from .state import State

log = logging.getLogger(__name__)

MAX_CASES = 32            # index values and sizes tried, at most (more: not confirmed)
POINTS = 2                # random points per case (of at most 4; else 1), each with new random functions
MAX_NODES = 20000         # an instantiated step larger than this is not compared


def confirm(sr: StepReading, state: State, options) -> Optional[Verdict]:
    """Correct (naming the readings and definitions used), incorrect (:func:`refuted_chain`) or None."""
    if DROPPED_SUPERSCRIPT.search(sr.source or ""):
        return None
    p = plan(sr, state, kronecker_names=True)
    if p is None:
        return None
    if any(sum(int(c) for _, c in d.variable_count) > 2 for x in p.parts for d in x.atoms(sp.Derivative)):
        return None  # a derivative of order 3 or more: the cubic polynomials of a chain would not show it
    parts, einstein = p.parts, p.einstein
    readings = [einstein]
    if p.scope:
        from .alternatives import operator_scope

        readings.append(tuple(operator_scope(x) for x in einstein))
    rng = np.random.default_rng([options.seed, 17])
    used_defs: set = set()
    chained: set = set()
    softmax = "softmax" in f"{state.topics} {state.setting}".split()
    cases, refuted = 0, []
    for choice in range(p.choices):
        defs = definitions(state, choice)
        chain = written_chain(parts, defs)
        if chain is None or (not chain and unapplied_in_derivative(p, defs)) or opaque(parts, chain, defs):
            return None
        chained |= {k for k, (_, args) in chain.items() if args}
        for reading in readings:
            out = _holds(reading, p, defs, rng, used_defs, chain, applied_families(reading), softmax)
            if out is Unrelated and choice > 0:
                continue  # this reading of a definition does not fit the step
            if isinstance(out, Refuted):
                refuted.append(out)
                continue
            if not isinstance(out, int):
                return None
            cases += out
    if refuted:  # a notation with several readings (plain y: a number or a vector) is the front end's to weigh
        return None if getattr(sr.reading, "alternatives", ()) else refuted_chain(p, readings, state, options, chain,
                                                                                  softmax)
    if not cases:
        return None
    return Verdict.correct(CheckKind.NUMERIC, _reason(p, cases, used_defs, chained),
                           notes=(Note(NoteKind.INSTANTIATED, "instantiated with the write-up's definitions and "
                                       "its readings of components, sums and dependences"),))


class Refuted:
    """A case in which the two sides were decided apart (the index ``values`` and the instance,
    whose ``point`` and ``compared`` hold the evidence)."""

    def __init__(self, values: dict, inst: Instance):
        self.values, self.inst = values, inst


def refuted_chain(p: Plan, readings: list, state: State, options, chain: dict, softmax: bool) -> Optional[Verdict]:
    """Incorrect, when a step in plain names (no index, no sum, one reading of everything) fails
    under the chain it writes and the write-up's definitions with each undefined function of one
    variable read as a random function, the sigmoid, tanh and the identity: a chain with a wrong
    factor. Only when each name the chain makes a function depends on one name (C of a): that is
    the narrowest reading (a reading with more dependences contains it, so the counterexample holds
    for it too); a name of two (C of w and b) may depend on them through one (z = wx + b). Else None."""
    if softmax or p.choices != 1 or p.free or p.sizes or p.einstein != p.parts or \
            any(x.has(sp.Sum, sp.KroneckerDelta, _index_sum(), sp.Indexed) for x in p.parts):
        return None
    defs = definitions(state, 0)
    if not any(x.has(sp.Derivative) for x in p.parts) or not _narrowest(p.parts, chain, defs):
        return None  # no chain to get wrong; C of w and b (C of z = wx + b alone is narrower); sides that speak
        # of different names (a relation may join them; f'(t) = t² e^t with f open claims no identity)
    first = _fails_throughout(p, readings, defs, chain, options, softmax, 0)
    if first is None:
        return None
    other = as_any_function(defs, state.functions, p.parts)  # C(a) = ½(y − a)² as one example: C any function
    if other is not None:
        wide = written_chain(p.parts, other)
        if wide is not None and not opaque(p.parts, wide, other) and _narrowest(p.parts, wide, other) and \
                _fails_throughout(p, readings, other, wide, options, softmax, 1) is None:
            return None  # it may hold for the function left open: only its definition's example refutes it
    from ..notation.equality import show
    from ..notation.interpret import show as show_functions

    at = {str(k): v for k, v in first.point.items()}
    lhs, rhs = first.compared
    chained = ", ".join(sorted(k for k, (_, args) in chain.items() if args))
    how = f"{chained} read as depending on what the step differentiates by (the chain it writes), " if chained else ""
    return Verdict.incorrect(
        CheckKind.NUMERIC,
        f"the two sides differ with {how}the write-up's definitions put in and the undefined functions random "
        f"(and each undefined function of one variable also read as the sigmoid, tanh and the identity): "
        f"{show(lhs)} vs {show(rhs)}",
        counterexample={"at": at, "lhs": lhs, "rhs": rhs,
                        "functions": show_functions({name: lam for (name, _), lam in first.functions.items()})},
        notes=(Note(NoteKind.INSTANTIATED, "instantiated with the write-up's definitions and the chain the step "
                                           "writes"),))


def _narrowest(parts, chain: dict, defs) -> bool:
    """Each name the chain makes a function depends on one name, and both sides reach the same names."""
    return not any(len(args) > 1 for _, args in chain.values()) and \
        len({frozenset(leaves(x, chain, defs, every=True)) for x in parts}) == 1


def _fails_throughout(p: Plan, readings: list, defs, chain: dict, options, softmax: bool, salt: int):
    """The first instance of a failure under each activation read for the undefined functions of one
    variable (random, the sigmoid, tanh, the identity) and each reading of the operator's reach, or None
    when one of them does not fail."""
    first = None
    for k, activation in enumerate((None, "sigmoid", "tanh", "identity")):
        for reading in readings:  # the operator's reach (∂/∂b (wx + b) written after a product): each reading fails
            rng = np.random.default_rng([options.seed, 19, k] + ([salt] if salt else []))
            inst = Instance({}, 3, True, rng, applied_families(reading), defs, activation, chain=chain)
            inst.point = {}
            if _agrees(reading, p, inst, defs, softmax) is not False:
                return None
            first = first or inst
    return first


def _values(p: Plan, parts) -> list:
    """(size, index values) cases: at size 3 every pattern of equalities among the free indices
    of ``parts`` (the reading tried), each at low and high values of 1 … 3 and the numeric
    indices the step names (:func:`_assignments`); at size 2 (when the step has a size: N, a
    sum without limits) one case more."""
    from .alternatives import index_symbols

    literals = _literals(parts)
    sized = bool(p.sizes) or any(part.has(_index_sum()) for part in parts)
    sizes = {s.name for s in p.sizes}
    free = {s.name for part in parts for s in index_symbols(part)}
    free |= {indexed_function(type(f).__name__)[1] for part in parts for f in part.atoms(AppliedUndef)
             if indexed_function(type(f).__name__)}
    free = sorted(free - sizes - _bound_names(parts))
    out = []
    for size in ((3, 2) if sized else (3,)):
        domain = sorted(literals | set(range(1, size + 1)))
        combos = _assignments(len(free), domain, literals)
        for combo in combos if size == 3 else combos[-1:]:
            out.append((size, {**{s: size for s in sizes}, **dict(zip(free, combo))}))
    return out


def index_cases(p: Plan, parts) -> list:
    """The (size, index values) cases of :func:`_values`, for the refutation of :mod:`.refute_indexed`."""
    return _values(p, parts)


def agrees_at(parts, p: Plan, inst: Instance, defs, softmax: bool = False):
    """:func:`_agrees`: True, False (decided apart, ``inst.compared`` the evidence), :class:`Unrelated` or None."""
    return _agrees(parts, p, inst, defs, softmax)


def _assignments(count: int, domain: list, literals=frozenset()) -> list:
    """Values for ``count`` free indices: for every pattern of equalities among them (k = j
    and k ≠ j, ...), the lowest values of ``domain`` and the highest, and each block at each
    numeric index of the step (``y_2``: j = 2 too); index values matter only through their
    equalities, with one another, with the numeric indices and with the ends of a sum."""
    out: list = []
    for blocks in _partitions(list(range(count))):
        perms = list(itertools.permutations(domain, len(blocks)))
        chosen = perms[:1] + perms[-1:]
        for i in range(len(blocks)):
            for lit in sorted(literals):
                chosen += [p for p in perms if p[i] == lit][:1]
        for values in chosen:
            combo = [0] * count
            for block, value in zip(blocks, values):
                for i in block:
                    combo[i] = value
            if tuple(combo) not in out:
                out.append(tuple(combo))
    return out


def _partitions(items: list) -> list:
    """Every partition of ``items`` into blocks (set partitions)."""
    if not items:
        return [[]]
    first, rest = items[0], items[1:]
    out = []
    for part in _partitions(rest):
        out.append([[first]] + part)
        for i in range(len(part)):
            out.append(part[:i] + [[first] + part[i]] + part[i + 1:])
    return out


def _index_sum():
    from ..notation import vocab as V

    return V.IndexSum


def _holds(parts, p: Plan, defs, rng, used_defs: set, chain: dict, families: dict, softmax: bool = False):
    """The number of cases in which the sides agree (every case must, at :data:`POINTS` random
    points each, with new random functions), :class:`Unrelated` when a derivative does not
    reach its variable, or None (a case fails or cannot be decided)."""
    cases = _values(p, parts)
    if not cases or len(cases) > MAX_CASES:
        return None
    points = POINTS if len(cases) <= 4 else 1  # many cases: each a new interpretation already
    for size, values in cases:
        for _ in range(points):
            inst = Instance(values, size, True, rng, families, defs, chain=chain)
            inst.point = {}
            out = _agrees(parts, p, inst, defs, softmax)
            if out is False:
                return Refuted(values, inst)
            if out is not True:
                return out
            used_defs |= {sym.name.split("_")[0] for sym, (hit, _) in inst.symbols.items() if hit is not None}
            used_defs |= inst.defined
    return len(cases)


def _agrees(parts, p: Plan, inst: Instance, defs, softmax: bool):
    """True when the two sides, instantiated by ``inst``, are equal at its point (decided
    exactly, or at 60 digits); :class:`Unrelated`; or None."""
    from ..notation.equality import compare_numbers

    try:
        inst.ranges = _ranges(parts, inst, p)
        sides = [inst.expand(inst.of(part)) for part in parts]
    except Unrelated:
        return Unrelated
    except NotModelled:
        return None
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, ZeroDivisionError):
        log.warning("instantiating a step failed", exc_info=True)
        return None
    if inst.guesses or any(side.atoms(sp.Derivative, AppliedUndef) for side in sides):
        return None
    if softmax and _elementwise(inst, defs):
        return None  # a_j = f(z_j) with f left open, where the text's output is a softmax (a_j of every z_k)
    if _nodes(sides[0]) + _nodes(sides[1]) > MAX_NODES:
        return None
    values = []
    for side in sides:
        v = side.xreplace({x: inst.at(x) for x in side.free_symbols if not isinstance(x, sp.Dummy)})
        if not v.is_number:
            return None
        values.append(v)
    try:
        holds = compare_numbers(values[0], values[1], "=").holds
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    if holds is False:
        inst.compared = tuple(values)  # decided apart, exactly or at 60 digits: the evidence of a refutation
    return True if holds is True else False if holds is False else None


def _literals(parts) -> set:
    """The numeric indices the step names (``a_0``, ``y_2``)."""
    out: set = set()
    for part in parts:
        for ix in part.atoms(sp.Indexed):
            out |= {int(i) for i in ix.indices if getattr(i, "is_Integer", False) and 0 <= int(i) <= 4}
    return out


def _ranges(parts, inst: Instance, p: Plan) -> dict:
    """The index values of each chained family: the range of a sum over its index when it spans
    n values from 0 or 1 (``\\sum_{k=1}^n`` over Q_k: 1 … n; a sum over part of it, from 2, leaves
    the others in the family), else 1 … n with the numeric indices the step names; the
    components a variable family (one the chain does not continue) is named at."""
    from ..notation import vocab as V

    out: dict = {None: sorted(_literals(parts) | set(range(1, inst.size + 1)))}
    for part in parts:
        for s in part.atoms(sp.Sum, V.IndexSum):
            if isinstance(s, sp.Sum):
                var, lo, hi = s.limits[0]
                try:
                    span = list(range(inst.value(lo), inst.value(hi) + 1))
                except NotModelled:
                    continue
                if not (span and span[0] in (0, 1) and len(span) == inst.size):
                    span = sorted(set(span) | set(out[None]))  # a sum over part of the family: it has the others
            else:
                var, span = s.args[1], list(range(1, inst.size + 1))
            for ix in s.atoms(sp.Indexed):
                base = str(ix.base.label)
                if ix.indices == (var,) and base in inst.chain and out.setdefault(base, span) != span:
                    raise NotModelled(f"{base} summed over two ranges")
    for base, spots in _spots(parts, inst).items():
        if base in inst.chain and not inst.chain[base][1]:  # a variable: the components the step names
            out[("spots", base)] = sorted(spots)
    return out


def _spots(parts, inst: Instance, bound=None) -> dict:
    """``{family: {index tuples}}``: the components of each family the parts name, with the
    indices of sums written out."""
    from ..notation import vocab as V

    bound = bound or {}
    out: dict = {}
    for part in parts:
        if isinstance(part, sp.Indexed):
            spans = []
            for i in part.indices:
                if isinstance(i, sp.Symbol) and i.name in bound:
                    spans.append(bound[i.name])
                else:
                    spans.append([inst.value(i)])
            out.setdefault(str(part.base.label), set()).update(itertools.product(*spans))
            continue
        inner = dict(bound)
        if isinstance(part, sp.Sum):
            var, lo, hi = part.limits[0]
            inner[var.name] = list(range(inst.value(lo), inst.value(hi) + 1))
        elif isinstance(part, V.IndexSum):
            inner[part.args[1].name] = list(range(1, inst.size + 1))
        for base, spots in _spots(part.args, inst, inner).items():
            out.setdefault(base, set()).update(spots)
    return out


def _elementwise(inst: Instance, defs) -> bool:
    """Did the instantiation put in a definition that applies a function the write-up leaves
    open to one quantity (``a_j = f(z_j)``)?"""
    bodies = [hit[1] for hit, _ in inst.symbols.values() if hit is not None]
    bodies += [defs.name(n) for n in inst.defined]
    return any(len(f.args) == 1 for b in bodies if isinstance(b, sp.Basic) for f in b.atoms(AppliedUndef))


def _nodes(e) -> int:
    return sum(1 for _ in sp.preorder_traversal(e))


def _reason(p: Plan, cases: int, used_defs: set, chained: set) -> str:
    readings = []
    if chained:
        readings.append(f"{', '.join(sorted(chained))} read as depending on what the step differentiates "
                        f"{'them' if len(chained) > 1 else 'it'} by, through one another (the chain the step writes)")
    if p.einstein != p.parts:
        readings.append("the repeated index summed (Einstein; unsummed it would be free on one side only)")
    if any(x.has(sp.KroneckerDelta) for x in p.parts):
        readings.append("δ with two indices the Kronecker delta")
    if p.scope:
        readings.append("the derivative operator reaching over the sum after it and not")
    defs = f", with the write-up's definitions of {', '.join(sorted(used_defs))} put in" if used_defs else ""
    shown = f" ({'; '.join(readings)})" if readings else ""
    return (f"holds in all {cases} cases of its indices and sizes{defs}, with the undefined quantities as random "
            f"smooth functions and values, decided exactly or at 60 digits{shown}")


# --- the chain the step writes: see .dependences -------------------------------------------
def _bound_names(parts) -> set:
    """The indices the parts sum over (written sums, and Einstein's implied ones)."""
    out: set = set()
    for part in parts:
        out |= {s.limits[0][0].name for s in part.atoms(sp.Sum)}
        out |= {s.args[1].name for s in part.atoms(_index_sum())}
    return out
