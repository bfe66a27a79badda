"""A cost the write-up defined with a weight penalty (Nielsen ch. 3).

``C = C_0 + \\frac{\\lambda}{2n} \\sum_w w^2`` (L2) or ``C = C_0 + \\frac{\\lambda}{n} \\sum_w |w|``
(L1), with C_0 any unregularised cost: once a write-up has defined C so, ∂C/∂w is not
BP4's a^{l-1}_k δ^l_j but that plus the penalty's derivative,

- L2: ∂/∂w (c Σ_w w²) = 2c·w   (λ/n · w for c = λ/2n);
- L1: ∂/∂w (c Σ_w |w|) = c·sgn(w);

while δ = ∂C/∂z, ∂C/∂a and ∂C/∂b are unchanged (the penalty does not depend on them).
``C_0`` and a per-example ``C_x`` stay the unregularised cost. The random networks of
:mod:`.evaluate` add these terms (:func:`penalty_gradient`, :func:`penalty_value`) when
the context's ``defined`` has such a C, so both a step that forgets the penalty and one
that keeps it are decided by the same comparison.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional

import numpy as np
import sympy as sp

from . import vocab as V
from .cost_names import as_network_cost

L2, L1 = "L2", "L1"
WEIGHTS = "w"


@dataclass(frozen=True)
class Penalty:
    """``kind`` (L2 or L1) and the coefficient c of ``c Σ_w w²`` (``c Σ_w |w|``), a SymPy
    expression free of w (λ/2n, λ/n, a number)."""

    kind: str
    coefficient: sp.Expr


def penalty(defined: Optional[Mapping]) -> Optional[Penalty]:
    """The weight penalty of the cost C the write-up defined (``defined["C"]``), or None when
    C is not defined as a cost plus one sum over the weights of w² or |w|."""
    expr = (defined or {}).get("C")
    if not isinstance(expr, sp.Basic) or not isinstance(expr, sp.Add):
        return None
    found = []
    for term in expr.args:
        sums = [s for s in term.atoms(V.IndexSum) if getattr(s.args[1], "name", "") == WEIGHTS]
        if len(sums) != 1:
            continue
        (s,) = sums
        w = s.args[1]
        coefficient = sp.simplify(term / s)
        if coefficient.has(V.IndexSum, V.ExampleSum) or w in coefficient.free_symbols:
            return None
        summand = s.args[0]
        if sp.simplify(summand - w ** 2) == 0:
            found.append(Penalty(L2, coefficient))
        elif summand == sp.Abs(w):
            found.append(Penalty(L1, coefficient))
        else:
            return None  # a sum over the weights of something else: not modelled
    return found[0] if len(found) == 1 else None


def penalty_gradient(p: Penalty, w: np.ndarray, env) -> np.ndarray:
    """∂/∂w of the penalty at the weights ``w`` (count, rows, cols) of each network:
    2c·w (L2) or c·sgn(w) (L1); c is evaluated on the env (random λ, n)."""
    c = np.asarray(env.ev(p.coefficient), dtype=float)
    return (2.0 * c * w) if p.kind == L2 else (c * np.sign(w))


def penalty_value(p: Penalty, weights, env) -> np.ndarray:
    """The penalty c Σ_w w² (c Σ_w |w|) over every weight matrix of each network: (count, 1, 1)."""
    c = np.asarray(env.ev(p.coefficient), dtype=float)
    total = sum((w ** 2 if p.kind == L2 else np.abs(w)).sum(axis=(-2, -1)) for w in weights)
    return c * np.asarray(total)[:, None, None]


def with_penalty(env, target, cost: str, full):
    """``full`` = ∂C_0/∂target on ``env``'s networks, plus the penalty's derivative when
    ``cost`` is C, the target a weight and the write-up's C carries a penalty. Another cost
    name is C (or C_x per example), and one the write-up defined must be the setting's cost
    (:func:`.cost_names.as_network_cost`)."""
    p = penalty(getattr(env.ctx, "defined", None))
    cost = as_network_cost(env, cost, penalised=p is not None)
    p = p if cost == "C" else None
    if p is None or not isinstance(target, (V.Q, V.Comp)) or target.qname != WEIGHTS:
        return full
    extra = penalty_gradient(p, env.quantity(WEIGHTS, env.layer(target.layer)), env)
    return full + (env.component(extra, target.indices) if isinstance(target, V.Comp) else extra)


def cost_with_penalty(env, name: str, value):
    """The value of the cost symbol ``name`` on ``env``'s networks: ``value`` (C_0's), plus the
    penalty over every weight when ``name`` is C and the write-up's C carries one."""
    p = penalty(getattr(env.ctx, "defined", None)) if name == "C" else None
    return value if p is None else value + penalty_value(p, env.net[0].weights, env)
