"""Which names of a scalar step are functions to quantify ("undefined means any").

The reader keeps ``∂C_0/∂w`` as the derivative of an undefined function ``C_0(w)``,
while a bare ``C_0`` elsewhere in the same step (``∂/∂w (C_0 + λ/2n w²)``) is a plain
symbol, whose derivative would be carried out to 0. Two rules give such steps one
reading before the random interpretations of :mod:`.interpret`:

- **one name, one meaning** (:func:`lift_symbols`): a bare symbol ``X`` in a step that
  also applies ``X(v)`` (always to the same arguments) is that function, ``X(v)``;
- **a cost defined as an expression** (:func:`apply_definitions`): ``∂C/∂w`` where the
  write-up defined ``C = C_0 + λ/2n Σ_w w²`` (a name, not a function) is the derivative
  of that expression as a function of w: its undefined names (``C_0``) become undefined
  functions of w, and a sum over the weights is w's own term plus the other terms, a
  constant (``Σ_w w² → w² + R``). A definition with any other sum, or with network
  notation, is not applied (the step stays unchecked).

Both only rewrite names the step and context leave undefined; every name then quantified
is universally quantified, so the identity is decided under random interpretations.
"""

from __future__ import annotations

from typing import Mapping

import sympy as sp
from sympy.core.function import AppliedUndef

from . import vocab as V

#: the other terms of a sum over the weights, which do not depend on the variable
REST = "R_rest"
HYPERPARAMETERS = frozenset({"lambda", "n", "m", "eta"})


def applications(parts) -> dict:
    """``{name: args}`` of the undefined functions the parts apply, for the names applied to
    one tuple of arguments only (a name applied to two argument tuples is left alone)."""
    seen: dict = {}
    for e in parts:
        if not isinstance(e, sp.Basic):
            continue
        for f in e.atoms(AppliedUndef):
            seen.setdefault(type(f).__name__, set()).add(f.args)
    return {name: next(iter(args)) for name, args in seen.items() if len(args) == 1}


def _bare(e, apps: dict) -> set:
    """The plain symbols of ``e`` named like a function in ``apps``: not the label of an
    indexed name (J in J_m), not an argument of a function, not an index."""
    if not isinstance(e, sp.Basic):
        return set()
    labels = {ix.base.label for ix in e.atoms(sp.Indexed)}
    inside = {a for ix in e.atoms(sp.Indexed) for a in ix.indices}
    args = {a for v in apps.values() for a in v}
    return {s for s in e.free_symbols if isinstance(s, sp.Symbol) and s.name in apps
            and s not in labels and s not in inside and s not in args}


def lifted_names(parts, given: Mapping = None) -> set:
    """The names :func:`lift_symbols` reads as functions in ``parts``."""
    apps = applications(parts)
    return {s.name for e in parts for s in _bare(e, apps) if s.name not in (given or {})}


def lift_symbols(lhs, rhs, given: Mapping) -> tuple:
    """``(lhs, rhs)`` with each bare symbol ``X`` replaced by ``X(v)`` where the step also
    applies the undefined function ``X`` to the arguments ``v`` (one tuple of them) and
    ``given`` does not define ``X`` (see :func:`_bare` for the symbols that stay)."""
    apps = applications((lhs, rhs))
    out = []
    for e in (lhs, rhs):
        subs = {s: sp.Function(s.name, real=True)(*apps[s.name]) for s in _bare(e, apps) if s.name not in given}
        out.append(e.xreplace(subs) if subs else e)
    return tuple(out)


def apply_definitions(lhs, rhs, defined: Mapping, given: Mapping) -> tuple:
    """``(lhs, rhs)`` with each applied ``X(v)`` (one argument, a symbol) whose name
    ``defined`` maps to a scalar expression replaced by that expression as a function of v
    (see the module's docstring). Unchanged where no definition applies."""
    if not defined:
        return lhs, rhs
    apps = applications((lhs, rhs))
    subs = {}
    for name, args in apps.items():
        if name in given or name not in defined or len(args) != 1 or not isinstance(args[0], sp.Symbol):
            continue
        body = as_function_of(defined[name], args[0], given)
        if body is not None:
            subs[sp.Function(name, real=True)(*args)] = body
    if not subs:
        return lhs, rhs
    return tuple(e.xreplace(subs) if isinstance(e, sp.Basic) else e for e in (lhs, rhs))


def as_function_of(expr, v: sp.Symbol, given: Mapping):
    """The definition ``expr`` as a function of the variable ``v``, or None when it is not
    a plain scalar expression of undefined names, numbers and sums over the weights."""
    if not isinstance(expr, sp.Basic) or not expr.is_commutative or V.is_network(expr):
        return None
    if expr.atoms(sp.Indexed, sp.Sum, sp.Derivative, AppliedUndef) or expr.has(V.T):
        return None
    rest = sp.Symbol(REST, real=True)
    sums = {}
    for s in expr.atoms(V.IndexSum, V.ExampleSum):
        summand = s.args[0]
        letter = getattr(s.args[1], "name", None) if isinstance(s, V.IndexSum) else None
        names = {getattr(x, "name", "") for x in summand.free_symbols} - HYPERPARAMETERS
        if len(names) != 1 or summand.atoms(V.IndexSum, V.ExampleSum, AppliedUndef):
            return None  # a sum over examples or of several names: its dependence on v is not shown
        (u,) = names
        sym = next(x for x in summand.free_symbols if getattr(x, "name", "") == u)
        if sym.is_integer and not _squares(summand, sym):
            return None  # read as an index, the summand may have been simplified for integers (|w| as w)
        if letter is not None and letter != u:
            return None  # not a sum over the parameters its summand names
        if u == v.name:  # over the parameters u, v one of them: v's own term and the others (a constant)
            sums[s] = summand.xreplace({sym: v}) + rest
        elif _is_parameter(u) and _is_parameter(v.name):  # over other parameters (Σ_w w² for ∂/∂b): a constant
            sums[s] = sp.Symbol(f"{REST}_{u}", real=True)
        else:
            return None  # a sum of something that may depend on v (an activation, a cost per example)
    body = expr.xreplace(sums) if sums else expr
    if body.atoms(V.IndexSum, V.ExampleSum):
        return None
    if any(getattr(s, "name", "") == v.name and s != v for s in body.free_symbols):
        return None  # the variable's name as another symbol (an index, an integer): not one variable
    lifted = {s: sp.Function(s.name, real=True)(v) for s in body.free_symbols
              if isinstance(s, sp.Symbol) and s != v and s != rest and s.name not in given
              and _is_cost_name(s.name)}
    return body.xreplace(lifted) if lifted else body


def _squares(summand, u) -> bool:
    """``summand`` is c·u² (c a number): the same for an integer u as for a real one."""
    c = sp.simplify(summand / u ** 2)
    return c.is_number and c != 0


def _is_parameter(name: str) -> bool:
    """A weight or a bias (w, b, θ, W and their subscripted forms): independent parameters."""
    return name.split("_")[0] in ("w", "b", "theta", "W", "beta")


def _is_cost_name(name: str) -> bool:
    """A name that stands for a cost or error function (C_0, J, E, L): a function of the
    parameters. Other plain names (λ, n, a constant k) stay symbols."""
    head = name.split("_")[0]
    return head in ("C", "J", "E", "L", "ell")
