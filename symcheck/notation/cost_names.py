"""The cost under the names people give it: L (loss), J, E, E_n, ℓ, I, CE, Loss.

Nielsen writes the cost C (C_x for one example); write-ups also write L (while L is
the last layer in ``z^{(L)}``), J, E, E_n (Bishop's per-example error), ℓ, I,
CE(y, ŷ). This module keeps the construct's reading, shape and meaning together:

- **reading, by position** (never by the letter alone): the numerator of ∂X/∂Y (and
  the operand of ∇_Y) where Y is a network quantity (w, b, z, a, δ with a layer, in
  any index form) reads as the network's cost when X is one of the cost names
  :data:`COST_NAMES`, bare or with a per-example subscript (:data:`EXAMPLE_INDICES`:
  E_n, L_x). ``Grad(Y, X)`` keeps the name, so reasons print ∂L/∂z. L as a
  superscript or layer index is read by :mod:`.names` as the layer, untouched; a
  subscript that is not an example index (E_k, the error of output k) is not a cost;
- **functions of the parameters**: a cost name applied to a tuple of the network's
  parameters (``J(\\theta)``, ``L(W, b)``, ``E_n(\\mathbf w, \\mathbf v)``,
  ``C(w, b)``) is the cost itself, a scalar, read as the name alone (J, L, E_n, C: as the
  write-up writes it elsewhere; not a product with a pair, not an undefined function of
  a vector). C of one argument, ``C(w)`` or ``C(v + Δv)``, keeps
  its reading as the cost as a function (gradient descent, :mod:`.worlds`);
- **shape**: ``Grad(Y, X)`` has the shape of Y (:class:`.vocab.Grad`); the cost a scalar;
- **definitions**: ``L = -Σ_j y_j ln a^L_j``, ``J = C_0 + λ/2n Σ_w w²`` (a cost name
  defined as a cost of the output, :func:`cost_definition`) read as definitions of C, so
  the setting and the weight penalty are learnt from them as from ``C = …``; ``L = 3``
  keeps L the layer;
- **meaning** (:func:`as_network_cost`): ``Grad(Y, L)`` is ∂C/∂Y on the random networks
  under the setting's cost (with the penalty the write-up gave C), ``Grad(Y, E_n)`` ∂C_x/∂Y.
  A name the write-up defined (``Context.defined``) otherwise keeps its definition: the
  gradient is taken only when the definition's value equals the setting's cost on every
  network; otherwise the step is unchecked, saying why (never a verdict under a cost the
  write-up did not give the name).
"""

from __future__ import annotations

import re
from typing import Optional

import numpy as np
import sympy as sp

from . import vocab as V
from .base import Unsupported

# names that stand for the cost in the numerator of ∂/∂(network quantity); C itself (and
# C_0, C_x, c) is read by .structures
COST_NAMES = frozenset({"L", "J", "E", "I", "ell", "CE", "Loss", "loss", "Cost", "cost", "Err", "Error"})
# subscripts that index training examples: C_x (Nielsen), E_n (Bishop)
EXAMPLE_INDICES = frozenset({"x", "n"})
# names of the network's parameters, as arguments of a cost: J(θ), L(W, b), E(w, v)
PARAMETERS = frozenset({"w", "b", "W", "B", "v", "V", "theta", "Theta", "U"})
# the left side of a definition of a cost under one of those names, as written (L, J_n, \ell, \mathcal{L}, E_{n})
DEFINED_COST = re.compile(r"\s*(?:\\mathcal\s*\{?\s*L\s*\}?|\\ell|\\mathrm\s*\{\s*(?:CE|Loss)\s*\}|[LJEI])"
                          r"(?:\s*_\s*(?:[xn]|\{\s*[xn]\s*\}))?\s*")
# the names .structures already reads as the cost
OWN_COSTS = frozenset({"C", "c", "C_0", "C_x"})


def cost_name(top) -> Optional[str]:
    """The name under which ``top`` (the numerator of a derivative, as read) is a cost, or
    None: ``L`` -> "L", ``E[n]`` -> "E_n", ``L_x`` -> "L_x"; ``E[k]`` (an output index) and
    names outside :data:`COST_NAMES` -> None."""
    if isinstance(top, sp.Symbol) and top.is_commutative:
        name = top.name
        if name in COST_NAMES:
            return name
        base, _, sub = name.partition("_")
        return name if base in COST_NAMES and sub in EXAMPLE_INDICES else None
    if isinstance(top, sp.Indexed) and len(top.indices) == 1:
        base, (index,) = top.base.label.name, top.indices
        if base in COST_NAMES and isinstance(index, sp.Symbol) and index.name in EXAMPLE_INDICES:
            return f"{base}_{index.name}"
    return None


def cost_gradient(top, wrt, state) -> Optional[sp.Expr]:
    """``∂top/∂wrt`` as ``Grad(wrt, top's name)`` when ``wrt`` is a network quantity and
    ``top`` a cost name (:func:`cost_name`); None otherwise (the reader goes on as before)."""
    if not (isinstance(wrt, (V.Q, V.Comp)) or (V.is_network(wrt) and isinstance(wrt, V.T))):
        return None
    name = cost_name(top)
    if name is None:
        return None
    state.note(_read_as_cost(name))
    return V.Grad(wrt, sp.Symbol(name, real=True))


def _read_as_cost(name: str) -> str:
    return f"{'ℓ' if name == 'ell' else name} read as the cost C (the numerator of ∂/∂ a network quantity)"


def is_output_cost(e) -> bool:
    """Is ``e`` a cost of the output: a scalar expression in the output activations a^L
    (a^L_j) and the targets, with no other network quantity (no w, b, z, δ, no a^l of
    another layer, no gradient)? ``-Σ_j y_j ln a^L_j``, ``½‖y - a^L‖²`` are; so is the
    unregularised cost with a weight penalty, ``C_0 + λ/2n Σ_w w²`` (:mod:`.regularised`)."""
    if not isinstance(e, sp.Expr) or not e.is_commutative or e.is_number:
        return False
    quantities = e.atoms(V.Q, V.Comp)
    outputs = [q for q in quantities if q.qname == "a" and q.layer == V.L]
    others = [q for q in quantities if not (q.qname == "a" and q.layer == V.L) and q.qname not in (V.INPUT, V.TARGET)]
    unregularised = {s for s in e.free_symbols if getattr(s, "name", "") in ("C_0", "C_x")}  # C_0 + λ/2n Σ_w w²
    return bool(outputs or unregularised) and not others and not e.atoms(V.Grad) and not e.has(V.l)


def beside_c(parts: list, state) -> list:
    """``∂L/∂w = ∂C/∂w + λw``: a statement that names both C and another cost name speaks of
    two costs (a regularised L and its C), so L is not read as C there: its gradients go back
    to unevaluated derivatives of L. (C_0, the unregularised cost, and C_x, one example's,
    go with any name of the cost.)"""
    own = any(g.cost_name == "C" for p in parts if isinstance(p, sp.Basic) for g in p.atoms(V.Grad)) or any(
        getattr(s, "name", "") == "C" for p in parts if isinstance(p, sp.Basic) for s in p.free_symbols)
    if not own:
        return parts
    back = {}
    for p in parts:
        for g in (p.atoms(V.Grad) if isinstance(p, sp.Basic) else ()):
            if g.cost_name not in OWN_COSTS:
                back[g] = sp.Function("Partial", real=True)(sp.Symbol(g.cost_name, real=True), g.args[0])
                state.notes[:] = [n for n in state.notes if n != _read_as_cost(g.cost_name)]
                state.note(f"{g.cost_name} beside C: two costs, so {g.cost_name} is not read as C")
    return [p.xreplace(back) if back and isinstance(p, sp.Basic) else p for p in parts]


def cost_definition(parts: list, relations: tuple, state) -> list:
    """``L = -Σ_j y_j ln a^L_j``, ``J = ½‖y - a^L‖²``, ``E_n = …``: a cost name on the left
    of a definition whose right side is a cost of the output (:func:`is_output_cost`) reads
    as the cost C (C_x for a per-example name), so the definition is the cost's. Anything
    else comes back as it was (``L = 3``: L stays the layer)."""
    parts = beside_c(list(parts), state)
    if len(parts) < 2 or not relations or any(r != "=" for r in relations):
        return parts
    name = cost_name(parts[0])
    if name is None or not all(is_output_cost(p) for p in parts[1:]):
        return parts
    cost = "C_x" if "_" in name else "C"
    state.note(f"{'ℓ' if name == 'ell' else name} read as the cost {cost} (defined as a cost of the output a^L)")
    return [sp.Symbol(cost, real=True), *parts[1:]]


def is_parameter(e) -> bool:
    """A name of the network's parameters: w, b, W, θ, v (bold or not), w^l, b^l."""
    if isinstance(e, V.Q):
        return e.qname in ("w", "b")
    return isinstance(e, sp.Symbol) and e.name in PARAMETERS


def applied_cost(base: str, sub: Optional[str], args: tuple, state) -> bool:
    """Is ``base_sub(args)`` a cost applied to a tuple of the network's parameters? ``J(θ)``,
    ``L(W, b)``, ``E_n(w, v)``, ``C(w, b)`` are (read as the name alone: J, L, E_n, C, so
    ``E_n(w, v)`` inside ``Σ_n`` keeps its n); C of one argument is left to the reader."""
    if not args or not all(is_parameter(a) for a in args) or len(set(args)) != len(args):
        return False
    if sub is not None and sub.strip("{} ") not in EXAMPLE_INDICES:
        return False
    if base == "C" and len(args) < 2:
        return False
    if base != "C" and base not in COST_NAMES:
        return False
    shown = ("ℓ" if base == "ell" else base) + (f"_{sub.strip('{} ')}" if sub else "")
    state.note(f"{shown}(…) of the parameters read as the cost {shown}, a scalar")
    return True


def as_network_cost(env, name: str, penalised: bool = False) -> str:
    """The cost ``∂name/∂X`` differentiates on ``env``'s networks: "C" for C and a bare cost
    name (L, J: the penalty the write-up gave C included, :mod:`.regularised`), "C_x" for a
    per-example one (E_n, L_x), any other name (C_0) as it is.

    A definition the write-up gave the name (``Context.defined``: its own, or C's when
    ``L = …`` was read as C's) must have, on every network, the value of the setting's cost
    (``penalised``: C's definition is the cost plus a penalty :mod:`.regularised` models,
    taken as it is). Raises :class:`.base.Unsupported` when it has another value (``C = Σ_j
    (a^L_j)^3`` under the quadratic cost), and when a name other than C is defined by an
    expression that cannot be evaluated: the name keeps its definition, and the step is not
    checked under a cost the write-up did not give it. A definition of C that cannot be
    evaluated here (a sum over the training examples) leaves C the setting's cost."""
    if name in ("C_0", "C_x") or (name != "C" and cost_name(sp.Symbol(name)) is None):
        return name
    as_cost = "C_x" if name != "C" and "_" in name else "C"
    defined = getattr(env.ctx, "defined", None) or {}
    own = next((defined[k] for k in _spellings(name) if k in defined), None)
    expr = own if own is not None else defined.get(as_cost)
    if expr is None or (penalised and own is None and as_cost == "C"):
        return as_cost
    strict = name != "C" and own is not None  # L, J, E defined under their own names
    why = (f"{name} is defined by the write-up; ∂{name}/∂X is the gradient of the cost ({env.ctx.cost}) "
           "only if its definition is that cost")
    value = _value(env, expr, per_example=as_cost == "C_x")
    if value is None:
        if strict:
            raise Unsupported(why)
        return as_cost
    mine, theirs = value
    if not (mine.size == theirs.size and np.allclose(mine.reshape(-1), theirs.reshape(-1), rtol=1e-9, atol=1e-12)):
        raise Unsupported(f"{name} is defined by the write-up as something other than the cost "
                          f"({env.ctx.cost}) on these networks: ∂{name}/∂X is not read as ∂C/∂X")
    return as_cost


def _value(env, expr, per_example: bool):
    """(the definition's value, the setting's cost's value) on ``env``'s networks, as arrays,
    or None when they cannot be compared here (no networks, several examples, no value)."""
    if not env.net or getattr(env, "per_example", False) or not isinstance(expr, sp.Expr) or expr.atoms(V.Grad):
        return None
    from ..core import COSTS

    stack, fw, _ = env.net
    try:
        per = np.asarray(COSTS[env.ctx.cost].value(fw[1][-1], stack.y), dtype=float)
        if per_example and per.shape[-1] != 1:
            return None
        mine = np.asarray(env.ev(expr), dtype=float)
    except (Unsupported, KeyError, TypeError, ValueError, AttributeError, IndexError, ZeroDivisionError):
        return None
    return mine, per.mean(axis=-1)


def _spellings(name: str) -> tuple:
    """The keys a definition of ``name`` may have: E_n also as E[n]."""
    base, _, sub = name.partition("_")
    return (name, f"{base}[{sub}]") if sub else (name,)
