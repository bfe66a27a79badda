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
  ``C(w, b)``) is the cost itself, a scalar (not a product with a pair, not an
  undefined function of a vector). C of one argument, ``C(w)`` or ``C(v + Δv)``, keeps
  its reading as the cost as a function (gradient descent, :mod:`.worlds`);
- **shape**: ``Grad(Y, X)`` has the shape of Y (:class:`.vocab.Grad`); the cost a scalar;
- **meaning** (:func:`check_defined_cost`): ``Grad(Y, X)`` is ∂C/∂Y on the random
  networks under the setting's cost, with no weight penalty. A name the write-up
  defined (``Context.defined``) keeps its definition: the gradient is taken only when
  the definition's value equals the setting's cost on every network; otherwise the
  step is unchecked, naming the two readings (never a verdict under a cost the
  write-up did not define).
"""

from __future__ import annotations

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
    shown = "ℓ" if name == "ell" else name
    state.note(f"{shown} read as the cost C (the numerator of ∂/∂ a network quantity)")
    return V.Grad(wrt, sp.Symbol(name, real=True))


def is_parameter(e) -> bool:
    """A name of the network's parameters: w, b, W, θ, v (bold or not), w^l, b^l."""
    if isinstance(e, V.Q):
        return e.qname in ("w", "b")
    return isinstance(e, sp.Symbol) and e.name in PARAMETERS


def applied_cost(base: str, sub: Optional[str], args: tuple, state) -> Optional[sp.Symbol]:
    """The cost symbol for ``base_sub(args)`` when it is a cost applied to a tuple of the
    network's parameters, else None: ``J(θ)``, ``L(W, b)`` -> C; ``E_n(w, v)`` -> C_x;
    ``C(w, b)`` -> C (C of one argument is left to the reader)."""
    if not args or not all(is_parameter(a) for a in args) or len(set(args)) != len(args):
        return None
    if sub is not None and sub not in EXAMPLE_INDICES:
        return None
    if base == "C" and len(args) < 2:
        return None
    if base != "C" and base not in COST_NAMES:
        return None
    shown = "ℓ" if base == "ell" else base
    written = f"{shown}{'_' + sub if sub else ''}"
    state.note(f"{written}(…) of the parameters read as the cost {'C_x' if sub else 'C'} (a scalar)")
    return sp.Symbol("C_x" if sub else "C", real=True)


def check_defined_cost(env, name: str) -> None:
    """Raise :class:`.base.Unsupported` unless ``∂name/∂X`` may be taken as the gradient of
    the setting's cost on ``env``'s networks: ``name`` is C itself (C_0, C_x), or a cost name
    the write-up did not define, or one whose definition has, on every network, the value
    of the setting's cost (one example per network)."""
    if name in OWN_COSTS:
        return
    defined = getattr(env.ctx, "defined", None) or {}
    expr = next((defined[k] for k in _spellings(name) if k in defined), None)
    if expr is None:
        return
    why = (f"{name} is defined by the write-up; reading ∂{name}/∂X as the gradient of the cost "
           f"({env.ctx.cost}) needs its definition to be that cost")
    if not env.net or getattr(env, "per_example", False) or not isinstance(expr, sp.Basic):
        raise Unsupported(why)
    from ..core import COSTS

    stack, fw, _ = env.net
    try:
        mine = np.asarray(env.ev(expr), dtype=float)
        theirs = np.asarray(COSTS[env.ctx.cost].value(fw[1][-1], stack.y), dtype=float).mean(axis=-1)
        same = mine.size == theirs.size and np.allclose(mine.reshape(-1), theirs.reshape(-1), rtol=1e-9, atol=1e-12)
    except (Unsupported, KeyError, TypeError, ValueError, AttributeError, IndexError):
        raise Unsupported(why) from None
    if not same:
        raise Unsupported(f"{name} is defined by the write-up as something other than the cost "
                          f"({env.ctx.cost}) on these networks: ∂{name}/∂X is not read as ∂C/∂X")


def _spellings(name: str) -> tuple:
    """The keys a definition of ``name`` may have: E_n also as E[n]."""
    base, _, sub = name.partition("_")
    return (name, f"{base}[{sub}]") if sub else (name,)
