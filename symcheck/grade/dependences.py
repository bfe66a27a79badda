"""The dependence graph of a step: what each name it differentiates depends on.

Two sources draw it, and nothing else (a dependence the write-up does not state is never
assumed):

- **the write-up's definitions** (``z = wx + b``, ``a = g(z)``, ``C(a) = ½(y − a)²``,
  ``u = \\sum_i e^{a_i}``): a defined name depends on the names of its right side, and the
  names one right side mentions side by side are its independent arguments (∂/∂b (wx + b)
  holds w and x fixed: the definition of z takes them as separate inputs);
- **the chain the step writes** (``∂J/∂x = ∂J/∂y ∂y/∂x``): an undefined name it differentiates
  is a function of what it is differentiated by, less what it reaches through another of
  them, through the step's own chain or through the definitions (∂C/∂w = ∂C/∂a ∂a/∂z ∂z/∂w
  after a = g(z), z = wx + b: C of a alone).

:func:`written_chain` gives the undefined names as functions of others (for
:class:`.instantiate.Instance`); :func:`opaque` finds a derivative of an expression with a name
whose dependence on the variable neither source gives (``∂/∂a_0 (e^{a_0}/u)`` with u not
defined), which is then left unchecked.
"""

from __future__ import annotations

import re
from typing import Optional

import sympy as sp
from sympy.core.function import AppliedUndef

from ..notation.dependence import HYPERPARAMETERS

#: a superscript the reading drops: ``z^1`` (a power of one is the name itself) and the variable of a
#: derivative ``\partial z^2`` (read ∂/∂z): a layer label lost, so the step is not what was read
DROPPED_SUPERSCRIPT = re.compile(r"(?:[A-Za-z}]\s*\^\s*(?:\{\s*1\s*\}|1(?![0-9]))|\\partial\s*\\?[A-Za-z]+\s*\^)")


def key(e):
    """(name, arity) of a plain or indexed name, else None."""
    if isinstance(e, sp.Symbol):
        return e.name, 0
    if isinstance(e, sp.Indexed):
        return str(e.base.label), len(e.indices)
    return None


def labelled(name: str) -> bool:
    """A name with letters after its underscore (``v_kj``, ``a_in``)."""
    return "_" in name and any(c.isalpha() for c in name.rpartition("_")[2])


def defined(name: str, defs) -> bool:
    """Did the write-up define ``name`` (a plain name, or an indexed family)?"""
    return defs.name(name) is not None or defs.indexed(name) is not None


def names_in(body) -> set:
    """The names a right side mentions: plain names outside indexed ones, the bases of indexed
    names, and the functions it applies (``g`` of ``g(z)``); not integer symbols (indices)."""
    if not isinstance(body, sp.Basic):
        return set()
    out = {str(ix.base.label) for ix in body.atoms(sp.Indexed)}
    inner = body.xreplace({q: sp.Dummy() for q in body.atoms(sp.Indexed)})
    out |= {s.name for s in inner.free_symbols
            if isinstance(s, sp.Symbol) and not isinstance(s, sp.Dummy) and not s.is_integer}
    out |= {type(f).__name__ for f in body.atoms(AppliedUndef)}
    return out


def bodies(defs) -> dict:
    """``{name: right side}`` of every definition of the write-up (plain names and families)."""
    out = {n: b for n, b in defs.plain.items() if isinstance(b, sp.Basic)}
    for k, (_, b) in defs.table.items():
        if k[0] in ("name", "indexed") and isinstance(b, sp.Basic):
            out[k[1]] = b
    return out


def definition_edges(defs) -> dict:
    """``{defined name: names of its right side}``, a name's own mention left out."""
    return {n: names_in(b) - {n} for n, b in bodies(defs).items()}


def co_arguments(name: str, variables: set, defs) -> bool:
    """Is ``name`` (not defined) an argument of some definition side by side with every one of
    ``variables`` (``w`` and ``b`` in ``z = wx + b``): independent of them, as the write-up
    defines it?"""
    if defined(name, defs) or not variables:
        return False
    return any({name} | set(variables) <= names for names in (names_in(b) for b in bodies(defs).values()))


def written_chain(parts, defs) -> Optional[dict]:
    """``{name: (arity, names it is a function of)}`` for the undefined names the step
    differentiates: each is a function of the variables it is differentiated by, less those
    it reaches through another of them, through the step's chain or the write-up's
    definitions (``∂J/∂x = ∂J/∂y ∂y/∂x``: J of y, y of x). None when the dependences form a
    loop or a name is used with two arities."""
    edges: dict = {}
    arity: dict = {}
    for part in parts:
        for d in part.atoms(sp.Derivative):
            if any(isinstance(x, sp.Symbol) and labelled(x.name) for x in (d.expr, *d.variables)):
                return None  # ŷ_a kept a plain name: one number, or one component of a family?
    for part in parts:
        for d in part.atoms(sp.Derivative):
            top = key(d.expr)
            for k in [top] + [key(v) for v in d.variables]:
                if k is not None and arity.setdefault(k[0], k[1]) != k[1]:
                    return None
            if top is None or defined(top[0], defs):
                continue
            for v in d.variables:
                k = key(v)
                if k is not None and k[0] != top[0]:
                    edges.setdefault(top[0], set()).add(k[0])
    if not edges:
        return {}
    through = {**definition_edges(defs), **edges}

    def reach(name, seen=()):
        if name in seen:
            raise RecursionError("a loop of dependences")
        out = set()
        for other in through.get(name, ()):
            out |= {other} | reach(other, seen + (name,))
        return out

    try:
        reached = {name: reach(name) for name in through}
    except RecursionError:
        return None
    chain = {}
    for name, variables in edges.items():
        direct = {v for v in variables if not any(v in reached.get(u, set()) for u in variables - {v})}
        chain[name] = (arity[name], tuple(sorted(direct)))
    for name, n in arity.items():
        chain.setdefault(name, (n, ()))
    return {k: v for k, v in chain.items() if not defined(k, defs)}


def opaque(parts, chain: dict, defs) -> bool:
    """A derivative of an expression with a name that is neither defined, chained, its variable,
    a hyperparameter, nor an argument the write-up's definitions take beside the variable: how
    that name depends on the variable is not given (``∂/∂a_0 (e^{a_0}/u)``)."""
    for part in parts:
        for d in part.atoms(sp.Derivative):
            if d.expr.atoms(AppliedUndef):
                return True
            wrt = {key(v)[0] for v in d.variables if key(v) is not None}
            names = names_in(d.expr) - {s.name for s in part.atoms(sp.Symbol) if s.is_integer}
            for n in names - wrt - set(chain) - set(HYPERPARAMETERS):
                if not defined(n, defs) and not co_arguments(n, wrt, defs):
                    return True
    return False


def leaves(expr, chain: dict, defs, every: bool = False) -> set:
    """The names ``expr`` depends on in the end: its names, each defined one replaced by the names
    of its definition and each chained one by what the chain makes it a function of, until names
    that depend on nothing the write-up or the step states (bounded by the names there are).
    ``every``: the undefined names met on the way too (a chained C as well as w, x, b; not a defined a)."""
    through = {**definition_edges(defs), **{k: set(args) for k, (_, args) in chain.items() if args}}
    out, todo, seen = set(), list(names_in(expr)), set()
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        if n in through:
            todo.extend(through[n])
        else:
            out.add(n)
    return {n for n in seen if not defined(n, defs)} if every else out


def as_any_function(defs, functions, parts) -> Optional[object]:
    """``defs`` without the names the write-up defined as functions (``C(a) = ½(y − a)²``) that the step
    applies or differentiates: the reading in which such a name is any function (a cost "left abstract",
    the quadratic one example), or None when the step names none of them."""
    named = set().union(*(names_in(x) for x in parts)) | \
        {k[0] for x in parts for d in x.atoms(sp.Derivative) for k in [key(d.expr)] if k is not None}
    drop = set(functions) & named
    if not drop:
        return None
    return type(defs)({k: v for k, v in defs.table.items() if k[1] not in drop},
                      {k: v for k, v in defs.plain.items() if k not in drop},
                      {k: v for k, v in defs.functions.items() if k not in drop})


def at_own_variable(defs, f) -> bool:
    """Is the applied ``f`` a function the write-up defined (``C(a) = ½(y − a)²``) applied at the very variable
    of its definition (``C(a)``): that definition, not a product C·a?"""
    fn = defs.functions.get(type(f).__name__)
    return fn is not None and len(f.args) == 1 and getattr(f.args[0], "name", None) == getattr(fn[0], "name", "")
