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

from typing import Optional

import sympy as sp

from .reading import StepReading
from .state import State


def rechecker(state: State, options):
    """Check another reading of the step in the context the network check uses: in every
    setting the text allows (:func:`.settings.over_settings`), each reading once."""
    from .settings import over_settings

    seen: dict = {}  # one step's readings, each checked once (the policy weighs some of them twice)

    def recheck(reading):
        key = (tuple(reading.parts), tuple(reading.relations), len(reading.alternatives))
        if key not in seen:
            seen[key] = over_settings(reading, state, options)
        return seen[key]
    recheck.options = options  # the options it checks with: a reading in another state is checked alike
    return recheck


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


def no_batch(sr: StepReading) -> bool:
    """No mini-batch matrix (A, Z, Δ with a column per example): a bias added to one is
    broadcast, a reading the shape check does not model."""
    from ..notation import vocab as V

    parts = [p for p in (sr.reading.parts if sr.reading is not None else ()) if isinstance(p, sp.Basic)]
    return not any(q.qname in V.BATCH for p in parts for q in p.atoms(V.Q))


def names_weights(sr: StepReading) -> bool:
    """The step names a weight (w^l, w^l_{jk}, ∂C/∂w^l)."""
    from ..notation import vocab as V

    parts = [p for p in (sr.reading.parts if sr.reading is not None else ()) if isinstance(p, sp.Basic)]
    return any(q.qname == "w" for p in parts for q in p.atoms(V.Q, V.Comp))


def weighable(sr: StepReading, recheck) -> bool:
    """:func:`other_outcomes` can weigh the step's other readings here (it returns a list)."""
    return recheck is not None and sr.reading is not None and no_batch(sr)


def other_outcomes(sr: StepReading, recheck) -> Optional[list]:
    """``(readings, book, verdict)`` for every other plausible reading of the step: its column
    vectors written side by side read as an outer product (:func:`~symcheck.notation.readings.dyadic_reading`),
    and its weights under every other convention (none renumbering a weight past the output
    layer), each ``readings`` a tuple of labels, ``book`` whether the weights keep the book's
    convention in it. None when they cannot be weighed here (a mini-batch), [] when there are none."""
    from ..notation.readings import DYADIC, dyadic_reading, weight_readings

    if not weighable(sr, recheck):
        return None
    bases = [((), sr.reading)]
    dyadic = dyadic_reading(sr.reading)
    if dyadic is not None:
        bases.append(((DYADIC,), dyadic))
    out = [(labels, True, recheck(r)) for labels, r in bases[1:]]
    if names_weights(sr):
        out += [(labels + (label,), False, recheck(r)) for labels, base in bases
                for label, r in weight_readings(base) if not past_output(r)]
    return out


def fails_in_every_weight_convention(sr: StepReading, recheck) -> bool:
    """The step fails with its weights read the other way, numbered by the layer they leave,
    and both, too (and with its juxtaposed column vectors read as outer products). Whole
    matrices are weighed as well as components (W^l read as the book's (w^l)^T, ∂C/∂W^l as
    (∂C/∂w^l)^T), except next to mini-batch matrices (:func:`no_batch`)."""
    outcomes = other_outcomes(sr, recheck)
    return outcomes is not None and all(v.verdict == "incorrect" for _, _, v in outcomes)


def past_output(reading) -> bool:
    """A weight of layer L + k (k ≥ 1, L the output layer): the convention renumbered the
    write-up's w^L past the last layer, so it cannot be the write-up's convention."""
    from ..notation import vocab as V

    for p in reading.parts:
        for q in (p.atoms(V.Q, V.Comp) if isinstance(p, sp.Basic) else ()):
            past = sp.expand(q.layer - V.L) if q.qname == "w" and isinstance(q.layer, sp.Basic) else None
            if past is not None and past.is_Integer and past > 0:
                return True
    return False


def ill_formed(sr: StepReading, recheck, book_only: bool = False) -> bool:
    """The right side is ill-formed on its own (a shape failure of ``rhs = rhs``) under every
    convention of the weights (only the book's when ``book_only``: the write-up established
    it), and with its column vectors side by side read as outer products: it defines nothing.
    Weighed for steps in components, and for whole vectors and matrices that name weights
    (no mini-batch)."""
    from ..notation.readings import dyadic_reading, right_side_alone, weight_readings

    if recheck is None or sr.reading is None or len(sr.reading.parts) < 2:
        return False
    if not (components_only(sr) or written_by_entries(sr) or (names_weights(sr) and no_batch(sr))):
        return False
    alone = right_side_alone(sr.reading)
    bases = [alone] + [d for d in (dyadic_reading(alone),) if d is not None]
    others = [] if book_only else [r for base in bases for _, r in weight_readings(base) if not past_output(r)]
    for r in bases + others:
        v = recheck(r)
        if v.verdict != "incorrect" or v.check is None or not v.check.is_shape:
            return False
    return True


def fails_with_one_neuron(sr: StepReading, state: State, recheck) -> bool:
    """The step, read with one neuron per layer (every a^l, δ^l, w^l a number,
    :mod:`symcheck.notation.one_neuron`), fails on its values on networks of one neuron per
    layer too: then neither reading of a text that works with single neurons saves it.
    ``recheck`` (reading -> Verdict) is the step's checker; the one-neuron reading is checked
    in a copy of ``state`` that establishes the setting."""
    from ..notation.one_neuron import scalar_layers

    options = getattr(recheck, "options", None)
    if sr.reading is None or options is None:
        return False
    one = state.copy()
    one.neurons = 1
    if not scalar_layers(one, *sr.reading.parts):  # a neuron index speaks of several neurons
        return False
    v = rechecker(one, options)(sr.reading)
    return v.verdict == "incorrect" and not (v.check is not None and v.check.is_shape)
