"""Readings of a network step that the accusation policy checks rather than assumes.

The policy of :mod:`.network` leaves a failed check unchecked where another plausible
reading exists. Two of those readings are checked here, for steps written in
components only (w^l_{jk}, a^l_j, ∂C/∂w^l_{jk}; no whole vector or matrix, so no outer
product without its transpose, no broadcasting, no one-neuron layers to read):

- the **weight conventions** (:func:`symcheck.notation.readings.weight_readings`): the
  weights read the other way (w^l_{jk} from neuron j to neuron k) and numbered by the
  layer they leave (W^l maps layer l to l+1); a shape failure stands when the step
  fails under each of them too;
- a **definition** (``z^l_j = …``) whose right side is ill-formed on its own under every
  weight convention (:func:`symcheck.notation.readings.right_side_alone`) defines
  nothing: its shape failure stands.

``recheck`` is a function ``reading -> Verdict`` that checks a reading in the step's
context (:func:`rechecker`).
"""

from __future__ import annotations

import sympy as sp

from .reading import StepReading
from .state import State


def rechecker(state: State, options):
    """Check another reading of the step in the context the network check uses."""
    from .. import notation

    ctx = notation.Context(activation=options.activation, cost=state.cost or "quadratic", seed=options.seed,
                           trials=options.trials, domains=dict(state.domains), given=dict(state.env))
    return lambda reading: notation.check_reading(reading, ctx)


def components_only(sr: StepReading) -> bool:
    """Network quantities only as components, none as a whole vector or matrix."""
    from ..notation import vocab as V

    parts = [p for p in (sr.reading.parts if sr.reading is not None else ()) if isinstance(p, sp.Basic)]
    whole = any(p.atoms(V.Q, V.Had, V.T) for p in parts) or \
        any(not isinstance(g.args[0], V.Comp) for p in parts for g in p.atoms(V.Grad))  # ∇_a C, ∂C/∂w^l
    return any(p.atoms(V.Comp) for p in parts) and not whole


def written_by_entries(sr: StepReading) -> bool:
    """Vectors and matrices written entry by entry with ellipses (∂C/∂a^L_1 ⋮ ∂C/∂a^L_n), and no
    network quantity as a whole: its weights are components, read in each convention."""
    from ..notation import vocab as V
    from ..notation.patterns import IndexDiag, IndexStack

    parts = [p for p in (sr.reading.parts if sr.reading is not None else ()) if isinstance(p, sp.Basic)]
    return any(p.atoms(IndexStack, IndexDiag) for p in parts) and not any(p.atoms(V.Q) for p in parts)


def fails_in_every_weight_convention(sr: StepReading, recheck) -> bool:
    """The step fails with its weights read the other way and numbered by the layer they leave too."""
    from ..notation.readings import weight_readings

    if recheck is None or sr.reading is None or not components_only(sr):
        return False
    return all(recheck(r).verdict == "incorrect" for _, r in weight_readings(sr.reading))


def ill_formed(sr: StepReading, recheck) -> bool:
    """The right side is ill-formed on its own (a shape failure of ``rhs = rhs``) under every
    convention of the weights: it defines nothing."""
    from ..notation.readings import right_side_alone, weight_readings

    if recheck is None or sr.reading is None or len(sr.reading.parts) < 2 or not (
            components_only(sr) or written_by_entries(sr)):
        return False
    alone = right_side_alone(sr.reading)
    for r in [alone] + [r for _, r in weight_readings(alone)]:
        v = recheck(r)
        if v.verdict != "incorrect" or v.check is None or not v.check.is_shape:
            return False
    return True
