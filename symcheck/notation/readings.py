"""Several plausible readings of one string, and the verdict over all of them.

A :class:`.api.Reading` whose notation admits several readings (a mixed
number ``1\\frac{1}{2}`` or a product; ``2.5E2`` scientific notation or a
product with E; ``I`` a symbol or the imaginary unit; ``\\log`` ln or log10)
carries the others in ``Reading.alternatives``. The rule (soundness first):

- **correct** when the step holds under every reading, or under the reading
  the field has established (``Reading.established``, e.g. ``\\log`` is ln);
- **incorrect** when it fails under every reading (the first failure's
  counterexample, the readings tried named);
- otherwise **unchecked (ambiguous)**, naming the readings and what each gives.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from ..verdict import Verdict

__all__ = ["check_alternatives"]


def _label(reading) -> str:
    return ", ".join(reading.chosen) or "the first reading"


def check_alternatives(reading, ctx, check_one: Callable) -> Verdict:
    """The verdict on ``reading`` over its alternatives; ``check_one(reading, ctx)``
    checks one reading (it is handed readings without alternatives)."""
    first = check_one(replace(reading, alternatives=()), ctx)
    if not reading.alternatives:
        return first
    if first.verdict == "correct" and reading.established:  # the others cannot change it: not evaluated
        return replace(first, reason=f"{first.reason} (reading {_label(reading)}, the convention here)")
    others = [(alt, check_one(alt, ctx)) for alt in reading.alternatives]
    verdicts = [first.verdict] + [v.verdict for _, v in others]
    tried = "; ".join(f"{what}: {' or '.join(labels)}" for what, labels in reading.ambiguities)
    if all(v == "correct" for v in verdicts):
        return replace(first, reason=f"{first.reason} (under every reading of {tried})")
    if all(v == "incorrect" for v in verdicts):
        return replace(first, reason=f"{first.reason} (fails under every reading of {tried})")
    if all(v == "unchecked" for v in verdicts):
        return first
    outcomes = [f"as {_label(reading)}: {first.verdict}"] + [f"as {_label(a)}: {v.verdict}" for a, v in others]
    return Verdict.unchecked("ambiguous", f"the notation has several readings ({tried}); " + "; ".join(outcomes))


# --- weight conventions --------------------------------------------------------------
WEIGHT_CONVENTIONS = ("weights indexed the other way (w_{jk} from neuron j to neuron k: W^l is n_{l-1} × n_l)",
                      "weights numbered by the layer they leave (W^l maps layer l to layer l+1)")


def _weights(e, how: int):
    """``e`` with every weight read under convention ``how`` (an index of WEIGHT_CONVENTIONS)."""
    import sympy as sp

    from . import vocab as V

    if not isinstance(e, sp.Basic):
        return e
    subs = {}
    for q in e.atoms(V.Q, V.Comp):
        if q.qname != "w":
            continue
        if how == 0:
            subs[q] = V.T(q) if isinstance(q, V.Q) else (V.Comp(*q.args[:2], *reversed(q.indices))
                                                          if len(q.indices) == 2 else q)
        else:
            subs[q] = q.func(q.args[0], q.layer + 1, *q.args[2:])
    return e.xreplace(subs) if subs else e


def weight_readings(reading) -> list:
    """``(convention, reading)`` for each other plausible convention of the weights in ``reading``
    (the book's: w^l_{jk} from neuron k of layer l-1 to neuron j of layer l, W^l n_l × n_{l-1})."""
    out = []
    for how, label in enumerate(WEIGHT_CONVENTIONS):
        def move(r, how=how):
            return replace(r, parts=tuple(_weights(p, how) for p in r.parts),
                           alternatives=tuple(move(a) for a in r.alternatives))
        out.append((label, move(reading)))
    return out


def right_side_alone(reading):
    """The reading of ``rhs = rhs`` for the last part of ``reading`` (and of its alternatives):
    its check fails on shapes exactly when the right side is ill-formed on its own."""
    def alone(r):
        last = r.parts[-1]
        return replace(r, parts=(last, last), relations=("=",), alternatives=tuple(alone(a) for a in r.alternatives))
    return alone(reading)
