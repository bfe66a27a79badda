"""Refuting an equation in map notation at concrete layers (:mod:`.maps`, :mod:`.map_defs`, :mod:`.map_values`).

A step about layer ``l`` of a network of ``L`` layers (``ε_l = ∇σ_l(z_l) • A_{l+1}^⊤ • ε_{l+1}``,
``G_l = C ∘ F_L ∘ … ∘ F_{l+1} ∘ σ_l``) claims an identity for every network and every layer. This module reads
it at concrete values of its index letters (L and l from 1 to 3): every run ``F_a ∘ … ∘ F_b`` becomes its
factors (empty when b = a + 1), every definition of the write-up is put in all the way down (no value is left
free that the write-up defines), and what is left is random (:mod:`.map_values`: random maps, exact rational
values, exact derivatives). An assignment is *valid* when every layer it names lies between 0 and L (the one
capital index letter, L or N, when there is one) and every
run has a length; the step is refuted only when it fails at **every** valid assignment, under both layouts of
∇, and differs (values, not only sizes) at one of them: so a step the write-up means for one layer only
(``l = L``) is not refuted where it holds, and the counterexample (the assignment, the sizes, both sides) is
exact.

``refute`` answers ``("differs", counterexample)`` (refuted), ``("holds", layouts)`` (it holds at some valid
assignment, in the layouts named), or None (nothing decided: unread, no valid assignment, only ill-formed).
"""

from __future__ import annotations

import itertools
from typing import Callable, Optional

import sympy as sp

from .map_defs import Lambda, as_maps, expand, instantiate, lookup, match
from .map_nodes import Apply, Atom, GradOf, Jac, MapsUnread, Prod, Range, Sum, Tr, Word, Wrt
from .map_values import DENOMINATOR, LAYOUT_NAMES, NUMERATOR, compare

__all__ = ["refute", "walk", "as_values", "index_letters", "free_names", "map_names", "VALUES", "LIMIT"]

VALUES = (1, 2, 3)               # the values tried for each index letter
LIMIT = 40                       # rounds of putting definitions in (a layer is two: z_l, a_l)
_INDEX = set("ijklmnpqrst") | {"L"}
_POINT = Atom("_point")


def walk(node):
    """Every node of a tree (Atoms' scripts included: SymPy expressions and nested Atoms)."""
    yield node
    if isinstance(node, Atom):
        for s in node.sub + node.sup:
            yield from walk(s)
    elif isinstance(node, Range):
        yield node.start
        yield node.end
    elif isinstance(node, Word):
        for i in node.items:
            yield from walk(i)
    elif isinstance(node, (Apply, Jac, GradOf)):
        yield from walk(node.fn)
        yield from walk(node.arg)
    elif isinstance(node, Wrt):
        for part in (node.var, node.body, node.at):
            yield from walk(part)
    elif isinstance(node, (Prod, Sum)):
        for f in node.factors if isinstance(node, Prod) else node.terms:
            yield from walk(f)
    elif isinstance(node, Tr):
        yield from walk(node.arg)
    elif isinstance(node, Lambda):
        yield from walk(node.var)
        yield from walk(node.body)


def index_letters(*nodes) -> list:
    """The letters that index layers: a letter of the index kind (i–t, L) in a script or a run's end, or any
    letter inside an index expression (``l+1``) or a run's end. A lone other letter (the ``b`` of ``G_{A,b}``)
    is a name, not an index."""
    out: set = set()
    for node in nodes:
        for n in walk(node):
            if isinstance(n, Range):
                out |= {s.name for e in (n.start, n.end) for s in getattr(e, "free_symbols", ())}
            elif isinstance(n, sp.Basic):
                syms = {s.name for s in n.free_symbols}
                out |= syms if not isinstance(n, sp.Symbol) else syms & _INDEX
    return sorted(out)


def _is_function(node, defs, seen=0) -> bool:
    if isinstance(node, (Word, Range, Lambda)):
        return True
    if isinstance(node, Sum):
        return any(_is_function(t, defs, seen) for t in node.terms)
    if isinstance(node, Atom) and seen < 8:
        v = lookup(defs, node)
        return v is not None and _is_function(v, defs, seen + 1)
    return False


def _applied(node, defs):
    """A side that is a map, at a fresh point: a sum of maps is the sum of their values (``-(F ∘ G)``)."""
    if isinstance(node, Sum):
        return Sum(tuple(_applied(t, defs) for t in node.terms), node.signs)
    if isinstance(node, Range):
        return Apply(Word((node,)), _POINT)
    if isinstance(node, (Word, Lambda)) or (isinstance(node, Atom) and _is_function(node, defs)):
        return Apply(node, _POINT)
    raise MapsUnread("a side that is a map and a value at once")


def top(binding: dict) -> Optional[int]:
    """The last layer: the value of the one capital index letter (L, N), if there is one."""
    caps = [int(v) for k, v in binding.items() if k.isupper()]
    return caps[0] if len(caps) == 1 else None


def as_values(lhs, rhs, defs) -> tuple:
    """The sides as values: ``∇_b E`` as ∇ of the map b ↦ E, and sides that are maps at a fresh point."""
    lhs, rhs = as_maps(lhs), as_maps(rhs)
    if _is_function(lhs, defs) or _is_function(rhs, defs):
        lhs, rhs = _applied(lhs, defs), _applied(rhs, defs)
    return lhs, rhs


def _indices_ok(nodes, top: Optional[int]) -> bool:
    """Every layer named lies in 0..L (L the value of the letter L, when the step has it)."""
    for node in nodes:
        for n in walk(node):
            if isinstance(n, Atom):
                for s in n.sub + n.sup:
                    if isinstance(s, sp.Integer) and (s < 0 or (top is not None and s > top)):
                        return False
            if isinstance(n, Range):
                return False  # a run left whole: not concrete
    return True


def _has_derivative(nodes) -> bool:
    return any(isinstance(n, (Jac, GradOf)) for node in nodes for n in walk(node))


def refute(lhs, rhs, defs, scalar=frozenset(), seed: int = 0,
           blocked: Callable[[object, bool], bool] = lambda node, fn: False) -> Optional[tuple]:
    """Refute ``lhs = rhs`` at every valid assignment of its index letters (see the module's docstring).
    ``blocked(name, is_function)`` says that a name left free (random) is one the write-up gives in a way
    not put in here: then nothing is decided."""
    try:
        lhs, rhs = as_values(lhs, rhs, defs)
    except MapsUnread:
        return None
    letters = index_letters(lhs, rhs, *_first_values(lhs, rhs, defs))
    if len(letters) > 3:
        return None
    found, valid = None, 0
    for values in itertools.product(VALUES, repeat=len(letters)):
        binding = {k: sp.Integer(v) for k, v in zip(letters, values)}
        try:
            a, b = _concrete(lhs, rhs, defs, binding)
        except (MapsUnread, RecursionError):
            continue  # a run that ends before it starts: not a network this step speaks of
        if not _indices_ok((a, b), top(binding)):
            continue
        if any(blocked(n, fn) for n, fn in free_names((a, b))):
            return None
        valid += 1
        layouts = (NUMERATOR, DENOMINATOR) if _has_derivative((a, b)) else (NUMERATOR,)
        res = {}
        for lay in layouts:
            try:
                res[lay] = compare(a, b, lay, scalar, seed, trials=1)
            except (MapsUnread, RecursionError, ZeroDivisionError):
                return None
        holds = [lay for lay, r in res.items() if r[0] == "holds"]
        if holds:
            return "holds", tuple(LAYOUT_NAMES[lay] for lay in holds), binding
        differs = [lay for lay, r in res.items() if r[0] == "differs"]
        if differs and found is None:
            lay = differs[0]
            found = {"indices": {k: int(v) for k, v in binding.items()}, "detail": res[lay][1],
                     "layouts": "both layouts of ∇" if len(layouts) == 2 else "no ∇ in it"}
    if found is None or not valid:
        return None
    found["assignments"] = valid
    return "differs", found


def _concrete(lhs, rhs, defs, binding: dict) -> tuple:
    """Both sides at the assignment ``binding``, every definition put in; the letters a definition brings (the
    L of ``F_Θ := F_L ∘ … ∘ F_1``) take the same values."""
    a, b = lhs, rhs
    for _ in range(6):
        new = expand(instantiate(a, binding), instantiate(b, binding), defs, LIMIT, LIMIT)
        if new == (a, b):
            return a, b
        a, b = new
    raise MapsUnread("definitions nested too deeply")


def _first_values(lhs, rhs, defs) -> tuple:
    """The sides with their maps put in once (to see the index letters their definitions bring: G_l's L)."""
    try:
        return expand(lhs, rhs, defs, 1)
    except (MapsUnread, RecursionError):
        return ()


def map_names(defs) -> list:
    """The definitions of map notation: a composition, a run, a map given by its values, a Jacobian or a
    gradient in its value, or a name of those in it (``z_l := f_{A_l,b_l}(a_{l-1})`` after ``f_{A,b}: v ↦ Av + b``)."""
    def mapish(node) -> bool:
        return any(isinstance(n, (Word, Range, Lambda, Jac, GradOf)) for n in walk(node))

    out = [d for d in defs if mapish(d.value)]
    for _ in range(len(defs)):
        more = [d for d in defs if d not in out and any(
            isinstance(n, Atom) and any(match(m.pattern, n) is not None for m in out) for n in walk(d.value))]
        if not more:
            break
        out += more
    return out


def free_names(nodes) -> list:
    """(name, is_function) for every name left free in the expanded sides (values and random maps)."""
    out = []
    for node in nodes:
        for n in walk(node):
            if isinstance(n, (Apply, Jac, GradOf)) and isinstance(n.fn, Atom):
                out.append((n.fn, True))
            elif isinstance(n, Word):
                out += [(i, True) for i in n.items if isinstance(i, Atom)]
    fns = {str(n) for n, _ in out}
    for node in nodes:
        for n in walk(node):
            if isinstance(n, Atom) and str(n) not in fns and n != _POINT:
                out.append((n, False))
    return out
