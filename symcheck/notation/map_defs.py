"""The definitions a write-up makes in map notation, and putting them in.

A definition's left side is a pattern: its single-letter scripts are variables (``F_l``, ``G^l_{A,b}``,
``f_{A,b}``), bound by a use (``F_{l+1}``: l = l+1; ``f_{A_{l+1}, b_{l+1}}``: A = A_{l+1}). A definition is a
node of :mod:`.maps` (``F_l := σ_l ∘ f_{A_l, b_l}``, ``ε_l := grad G_l(z_l)``) or a map given by its values
(``f_{A,b}: v ↦ Av + b``, a :class:`Lambda`). Runs ``F_L ∘ … ∘ F_{l+1}`` of one family that differ by whole
factors are peeled to a common end (``F_L ∘ … ∘ F_{l+2} ∘ F_{l+1}``) so that both sides share their factors;
this reads the run as non-empty, as a write-up that names its last factor does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import sympy as sp

from .map_nodes import with_children
from .maps import Apply, Atom, GradOf, Jac, MapsUnread, Prod, Range, Sum, Tr, Word, Wrt

__all__ = ["Lambda", "Definition", "lookup", "match", "expand", "as_maps", "MAX_DEPTH"]

MAX_DEPTH = 12
_INDEX_LETTERS = set("ijklmnpqrst")


@dataclass(frozen=True)
class Lambda:
    """A map given by its values: ``var ↦ body``."""

    var: Atom
    body: object


@dataclass(frozen=True)
class Definition:
    pattern: Atom
    value: object        # a maps node, or a Lambda
    line: int = 0
    problem: str = ""    # the problem (section) of the write-up it was made in


def _bind(pattern, item, binding: dict) -> bool:
    if isinstance(pattern, sp.Symbol):
        if pattern.name in _INDEX_LETTERS and not isinstance(item, sp.Basic):
            return False  # F_l is a family over layers: F_Θ is not one of it
        if pattern.name in binding:
            return binding[pattern.name] == item
        binding[pattern.name] = item
        return True
    if isinstance(pattern, sp.Basic):
        return isinstance(item, sp.Basic) and sp.expand(pattern - item) == 0 if not isinstance(item, Atom) else False
    if isinstance(pattern, Atom):
        return (isinstance(item, Atom) and item.base == pattern.base and len(item.sub) == len(pattern.sub)
                and len(item.sup) == len(pattern.sup)
                and all(_bind(p, i, binding) for p, i in zip(pattern.sub + pattern.sup, item.sub + item.sup)))
    return False


def match(pattern: Atom, atom: Atom) -> Optional[dict]:
    """The binding of the pattern's script letters that makes it ``atom``, or None."""
    if atom.base != pattern.base or len(atom.sub) != len(pattern.sub) or len(atom.sup) != len(pattern.sup):
        return None
    binding: dict = {}
    ok = all(_bind(p, i, binding) for p, i in zip(pattern.sub + pattern.sup, atom.sub + atom.sup))
    return binding if ok else None


def lookup(defs, atom: Atom):
    """The value of ``atom`` under the first definition that matches it (an exact one first), or None."""
    exact = [d for d in defs if d.pattern == atom]
    for d in exact + [d for d in defs if d.pattern != atom]:
        b = match(d.pattern, atom)
        if b is not None:
            return instantiate(d.value, b)
    return None


def instantiate(node, binding: dict):
    """``node`` with the pattern variables of ``binding`` put in."""
    if isinstance(node, sp.Basic):
        subs = {sp.Symbol(k): v for k, v in binding.items() if isinstance(v, sp.Basic)}
        out = node.xreplace(subs)
        if isinstance(node, sp.Symbol) and isinstance(binding.get(node.name), Atom):
            return binding[node.name]
        return sp.expand(out)
    if isinstance(node, Atom):
        if not node.sub and not node.sup and node.base in binding:
            v = binding[node.base]
            if isinstance(v, Atom):
                return v
            if isinstance(v, sp.Symbol):
                return Atom(v.name)
        return Atom(node.base, tuple(instantiate(s, binding) for s in node.sub),
                    tuple(instantiate(s, binding) for s in node.sup))
    if isinstance(node, Range):
        return Range(node.base, instantiate(node.start, binding), instantiate(node.end, binding))
    rebuilt = with_children(node, lambda child: instantiate(child, binding))
    if rebuilt is not None:
        return rebuilt
    if isinstance(node, Lambda):
        var = node.var if node.var.base not in binding else node.var
        return Lambda(var, instantiate(node.body, {k: v for k, v in binding.items() if k != node.var.base}))
    return node


# --- putting the definitions in -----------------------------------------------------------
def expand(lhs, rhs, defs, depth: int = 4, limit: int = MAX_DEPTH):
    """Both sides with the definitions put in: every function (in function position) fully, the values
    (``ε_{l+1}``, ``z_l``) that lie within ``depth`` definitions of the sides (each name the same everywhere,
    the rest stay free: any value), and the runs of each family peeled to common ends. Raises
    :class:`MapsUnread` past ``limit`` rounds (:data:`MAX_DEPTH`)."""
    lhs, rhs = _as_maps(lhs), _as_maps(rhs)
    lhs, rhs = (_once(side, defs, True) if isinstance(side, Atom) and isinstance(lookup(defs, side), (Word, Range))
                else side for side in (lhs, rhs))
    lhs, rhs = _fix(lhs, rhs, defs, frozenset(), limit)
    return _fix(lhs, rhs, defs, _reachable((lhs, rhs), defs, depth), limit)


def as_maps(node):
    """``∇_X E`` at P as ∇ of the map X ↦ E (X renamed apart) at P."""
    return _as_maps(node)


def _as_maps(node):
    if isinstance(node, Wrt):
        fresh = Atom(f"{node.var}#")
        body = _rename(_as_maps(node.body), node.var, fresh)
        return (GradOf if node.grad else Jac)(Lambda(fresh, body), _as_maps(node.at))
    if isinstance(node, (Apply, Jac, GradOf)):
        return type(node)(_as_maps(node.fn), _as_maps(node.arg))
    if isinstance(node, (Prod, Sum)):
        parts = tuple(_as_maps(f) for f in (node.factors if isinstance(node, Prod) else node.terms))
        return Prod(parts) if isinstance(node, Prod) else Sum(parts, node.signs)
    if isinstance(node, Tr):
        return Tr(_as_maps(node.arg))
    return node


def _rename(node, old: Atom, new: Atom):
    """``node`` with the name ``old`` (as a whole name, or as a bare script letter) replaced by ``new``."""
    if node == old:
        return new
    if isinstance(node, sp.Symbol) and not old.sub and not old.sup and node.name == old.base:
        return new
    if isinstance(node, Atom):
        return Atom(node.base, tuple(_rename(i, old, new) for i in node.sub),
                    tuple(_rename(i, old, new) for i in node.sup))
    if isinstance(node, Word):
        return Word(tuple(_rename(i, old, new) for i in node.items))
    if isinstance(node, (Apply, Jac, GradOf)):
        return type(node)(_rename(node.fn, old, new), _rename(node.arg, old, new))
    if isinstance(node, (Prod, Sum)):
        parts = tuple(_rename(f, old, new) for f in (node.factors if isinstance(node, Prod) else node.terms))
        return Prod(parts) if isinstance(node, Prod) else Sum(parts, node.signs)
    if isinstance(node, Tr):
        return Tr(_rename(node.arg, old, new))
    return node


def _fix(lhs, rhs, defs, points, limit: int = MAX_DEPTH):
    for _ in range(limit):
        new_l, new_r = _once(lhs, defs, False, points), _once(rhs, defs, False, points)
        new_l, new_r = _peel_pair(new_l, new_r, defs)
        if (new_l, new_r) == (lhs, rhs):
            return lhs, rhs
        lhs, rhs = new_l, new_r
    raise MapsUnread("definitions nested too deeply")


def _values(node, out: list):
    """The names in value position (not functions) of ``node``."""
    if isinstance(node, Atom):
        out.append(node)
    elif isinstance(node, (Apply, Jac, GradOf)):
        _values(node.arg, out)
        if isinstance(node.fn, Lambda):
            _values(node.fn.body, out)
    elif isinstance(node, (Prod, Sum)):
        for f in (node.factors if isinstance(node, Prod) else node.terms):
            _values(f, out)
    elif isinstance(node, Tr):
        _values(node.arg, out)
    return out


def _reachable(sides, defs, depth: int) -> frozenset:
    seen: set = set()
    frontier = [a for side in sides for a in _values(side, [])]
    for _ in range(depth):
        nxt = []
        for a in frontier:
            if str(a) in seen:
                continue
            v = lookup(defs, a)
            if v is None or isinstance(v, (Lambda, Word, Range)):
                continue
            seen.add(str(a))
            nxt.extend(_values(v, []))
        frontier = nxt
    return frozenset(seen)


def _once(node, defs, as_function: bool, points=frozenset()):
    if isinstance(node, Atom):
        if not as_function and str(node) not in points:
            return node
        v = lookup(defs, node)
        if v is None:
            return node
        if as_function and isinstance(v, (Word, Atom, Lambda)):
            return v
        if not as_function and not isinstance(v, Lambda):
            return v
        return node
    if isinstance(node, Word):
        items: list = []
        for it in node.items:
            v = _once(it, defs, True, points)
            items.extend(v.items if isinstance(v, Word) else [v])
        return Word(tuple(items)) if len(items) != 1 else items[0]
    if isinstance(node, (Apply, Jac, GradOf)):
        return type(node)(_once(node.fn, defs, True, points), _once(node.arg, defs, False, points))
    if isinstance(node, Prod):
        return Prod(tuple(_once(f, defs, False, points) for f in node.factors))
    if isinstance(node, Tr):
        return Tr(_once(node.arg, defs, False, points))
    if isinstance(node, Sum):
        return Sum(tuple(_once(t, defs, False, points) for t in node.terms), node.signs)
    if isinstance(node, Lambda):
        return Lambda(node.var, _once(node.body, defs, False, points))
    return node


def _ranges(node, out: list):
    if isinstance(node, Range):
        out.append(node)
    elif isinstance(node, Word):
        for i in node.items:
            _ranges(i, out)
    elif isinstance(node, (Apply, Jac, GradOf)):
        _ranges(node.fn, out)
        _ranges(node.arg, out)
    elif isinstance(node, (Prod, Sum)):
        for f in (node.factors if isinstance(node, Prod) else node.terms):
            _ranges(f, out)
    elif isinstance(node, Tr):
        _ranges(node.arg, out)
    elif isinstance(node, Lambda):
        _ranges(node.body, out)
    return out


def _peel_pair(lhs, rhs, defs):
    runs = _ranges(lhs, []) + _ranges(rhs, [])
    target: dict = {}
    for r in runs:
        lo, hi = target.get(r.base, (r.end, r.start))
        if sp.expand(r.end - lo).is_Integer and sp.expand(r.end - lo) > 0:
            lo = r.end
        if sp.expand(r.start - hi).is_Integer and sp.expand(r.start - hi) < 0:
            hi = r.start
        target[r.base] = (lo, hi)
    return _peel(lhs, target), _peel(rhs, target)


def _peel(node, target: dict):
    if isinstance(node, Word):
        items: list = []
        for it in node.items:
            items.extend(_split(it, target) if isinstance(it, Range) else [_peel(it, target)])
        return Word(tuple(items)) if len(items) != 1 else items[0]
    if isinstance(node, Range):
        items = _split(node, target)
        return Word(tuple(items)) if len(items) != 1 else items[0]
    rebuilt = with_children(node, lambda child: _peel(child, target))
    if rebuilt is not None:
        return rebuilt
    if isinstance(node, Lambda):
        return Lambda(node.var, _peel(node.body, target))
    return node


def _split(r: Range, target: dict) -> list:
    """``F_a ∘ … ∘ F_b`` as its first factors, the run between the target ends, and its last factors."""
    lo, hi = target.get(r.base, (r.end, r.start))
    length = sp.expand(r.start - r.end)
    if length.is_Integer:
        if length < -1:
            raise MapsUnread("a run that ends before it starts")
        return [Atom(r.base, (sp.expand(r.start - k),)) for k in range(int(length) + 1)]
    head_n, tail_n = sp.expand(r.start - hi), sp.expand(lo - r.end)
    if not (head_n.is_Integer and tail_n.is_Integer and head_n >= 0 and tail_n >= 0) or head_n + tail_n > 6:
        return [r]
    head = [Atom(r.base, (sp.expand(r.start - k),)) for k in range(int(head_n))]
    tail = [Atom(r.base, (sp.expand(r.end + k),)) for k in reversed(range(int(tail_n)))]
    middle = Range(r.base, hi, lo)
    span = sp.expand(hi - lo)
    mid = [] if span == -1 else [middle]
    return head + mid + tail
