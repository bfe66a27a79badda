"""How the confirmation of indexed scalars (:mod:`.confirm`) reads a step's names, before it
plans the instantiation (:func:`.components.plan` with ``kronecker_names``):

- the reader's marks of dependence are taken off: ``∂I/∂Q_k``, read ``∂I(Q_k)/∂Q_k``, is the
  derivative of the name I (its dependence comes from the chain the step writes, or from
  the write-up's definitions), ``Q[k](P_i)`` is the component Q_k;
- a plain name ``X_a`` whose letter a is an index of the step (``ŷ_a``, ``v_b``: the reader
  has no index letters a, b, c, d of its own) is the component a of the family X;
- ``δ_{ab}``, a name whose two letters are indices of the step, is the Kronecker delta.
"""

from __future__ import annotations

import sympy as sp
from sympy.core.function import AppliedUndef

from .alternatives import index_symbols
from .instantiate import indexed_function
from .state import State


def readable(parts, state: State) -> tuple:
    """``parts`` read as above: components, marks taken off, Kronecker deltas."""
    parts = as_components(parts, state)
    found = marks(parts)
    if any(p.atoms(sp.Subs) for p in parts) and found:
        return parts  # a derivative at a point beside the marks: left as read
    return kronecker_deltas(tuple(strip_marks(p, found) for p in parts))


def as_components(parts, state: State) -> tuple:
    """``parts`` with each plain name ``X_a`` or ``X_ab`` (letters after the underscore, which the
    reader keeps a name: a, b are no index letters of its own) read as the component of the
    family X, where its letters are indices: each is written as a subscript at least twice in
    the step (``∂ŷ_a/∂v_b ∂v_b/∂W_cd``: summed, or free on both sides), is a letter of a
    δ_{ab}, or X is a family the write-up defined by components (``p_j = …``)."""
    families = {key[1] for key in state.scalars if key[0] == "indexed"}
    families |= {str(ix.base.label) for _, bodies in state.scalars.values() for b in bodies
                 if isinstance(b, sp.Basic) for ix in b.atoms(sp.Indexed)}
    families |= {str(ix.base.label) for p in parts for ix in p.atoms(sp.Indexed)}
    counts: dict = {}
    for p in parts:
        for e in p.atoms(sp.Symbol, AppliedUndef):
            name = type(e).__name__ if isinstance(e, AppliedUndef) else e.name
            for letter in _letters(name) if not name.startswith("delta_") else name[6:]:
                counts[letter] = counts.get(letter, 0) + (1 if not name.startswith("delta_") else 2)
    counts.update({s.name: 2 for p in parts for s in index_symbols(p)})
    subs = {}
    for p in parts:
        for e in p.atoms(sp.Symbol, AppliedUndef):
            name = type(e).__name__ if isinstance(e, AppliedUndef) else e.name
            letters = _letters(name)
            base = name.rpartition("_")[0]
            if not letters or name.startswith("delta_") or name in subs:
                continue
            if all(counts.get(c, 0) >= 2 for c in letters) or (len(letters) == 1 and base in families):
                index = [sp.Symbol(c, integer=True, positive=True) for c in letters]
                subs[name] = sp.Indexed(sp.IndexedBase(sp.Symbol(base, real=True)), *index)
    if not subs:
        return tuple(parts)
    out = []
    for p in parts:
        p = p.xreplace({s: subs[s.name] for s in p.atoms(sp.Symbol) if s.name in subs})
        out.append(p.replace(lambda f: isinstance(f, AppliedUndef) and type(f).__name__ in subs,
                             lambda f: subs[type(f).__name__]))  # a mark of dependence on a component: the component
    return tuple(out)


def _letters(name: str) -> str:
    """The index letters of a name ``X_a`` / ``X_ab`` (lower-case letters after its last
    underscore, one or two), else ""."""
    base, _, sub = name.rpartition("_")
    if base and 1 <= len(sub) <= 2 and sub.isalpha() and sub.islower() and "_" not in base:
        return sub
    return ""


def kronecker_deltas(parts) -> tuple:
    """``parts`` with each name δ_{ab} whose two letters are indices of the step read as the
    Kronecker delta (the reader keeps it a name: δ is also the error)."""
    letters = {s.name: s for p in parts for s in index_symbols(p)}
    seen: dict = {}  # a letter of δ_{ab} written in both parts (h_i δ_{ic} δ_{bd} = h_c δ_{bd}) is an index too
    for p in parts:
        for c in {c for s in p.free_symbols if _delta_name(getattr(s, "name", "")) for c in s.name[6:]}:
            seen[c] = seen.get(c, 0) + 1
    letters.update({c: sp.Symbol(c, integer=True, positive=True) for c, n in seen.items()
                    if n > 1 and c not in letters})
    subs = {}
    for p in parts:
        for s in p.free_symbols:
            name = getattr(s, "name", "")
            if name.startswith("delta_") and len(name) == 8 and name[6] in letters and name[7] in letters:
                subs[s] = sp.KroneckerDelta(letters[name[6]], letters[name[7]])
    return tuple(p.xreplace(subs) for p in parts) if subs else parts


def _delta_name(name: str) -> bool:
    return name.startswith("delta_") and len(name) == 8 and name[6:].isalpha() and name[6:].islower()


def marks(parts) -> set:
    """The reader's marks of dependence: an undefined function applied as the top or the
    variable of a derivative (``∂I/∂Q_k`` read ``∂I(Q_k)/∂Q_k``), and the marks inside them."""
    out: set = set()
    todo = [a for part in parts for d in part.atoms(sp.Derivative) for a in (d.expr, *d.variables)]
    while todo:
        e = todo.pop()
        if isinstance(e, AppliedUndef) and e not in out:
            out.add(e)
            todo.extend(e.args)
    return out


def strip_marks(e, marks: set):
    """``e`` with each mark replaced by the name it marks (``I(Q_k)`` by ``I``, ``Q[k](P_i)`` by ``Q_k``)."""
    if not marks:
        return e
    symbols = {s.name: s for s in e.free_symbols}

    def bare(f):
        name = type(f).__name__
        family = indexed_function(name)
        base, _, sub = name.rpartition("_")
        if family is None and base and sub in symbols and symbols[sub].is_integer:  # p_a(s_b): the family p at a
            family = (base, sub)
        if family is None:
            return sp.Symbol(name, real=True)
        index = symbols.get(family[1]) or sp.Symbol(family[1], integer=True, positive=True)
        return sp.Indexed(sp.IndexedBase(sp.Symbol(family[0], real=True)), index)

    for _ in range(6):
        inner = [m for m in e.atoms(AppliedUndef) if m in marks]
        if not inner:
            return e
        e = e.xreplace({m: bare(m) for m in inner if not any(a in marks for a in m.args)})
        marks = marks | {bare(m) for m in inner}
    return e


