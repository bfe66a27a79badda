"""A bare ∇C where the write-up writes the cost's gradient at the output, ∇C(a^L), elsewhere.

A write-up that treats the cost as a function of the output activations writes ``\\nabla C(a^L)`` (the
gradient at the point a^L: the book's ∇_a C, :mod:`symcheck.notation.cost_at`) and, as often, just
``\\nabla C`` beside network quantities (``δ^L = \\nabla C \\odot g'(z^L)``). Alone, the bare ∇C may be the
gradient in every parameter and is left unchecked; in a file that writes ∇C(a^L) somewhere — once,
for one point, with one letter for the cost — the bare ∇C is that gradient. A step the other checks left
unchecked is then read with ∇C(a^L) and checked as any network step, in every setting the text allows;
it only confirms (correct, naming the line that wrote the point), never accuses.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from ..verdict import Verdict
from .reading import StepReading
from .state import State

_POINTED = re.compile(r"\\nabla\s*([A-Z])\s*(?:\\left\s*)?\(\s*a\s*\^\s*(?:L|\{\s*L\s*\})\s*(?:\\right\s*)?\)")


def _bare(letter: str):
    return re.compile(rf"\\nabla\s*{letter}(?![A-Za-z0-9]|\s*[(_^{{]|\s*\\left\b)")


def established(steps) -> Optional[tuple]:
    """(cost letter, line) when the file writes ∇X(a^L) for one letter X; None otherwise."""
    found = {}
    for step in steps:
        for m in _POINTED.finditer(f"{step.lhs} {step.rhs}"):
            found.setdefault(m.group(1), step.line)
    return next(iter(found.items())) if len(found) == 1 else None


def point_confirm(sr: StepReading, state: State, options) -> Optional[Verdict]:
    """Correct when the step, with its bare ∇C read as ∇C(a^L), holds on the random networks."""
    point = getattr(state, "gradient_point", None)
    if point is None or sr.rel != "=":
        return None
    letter, line = point
    bare = _bare(letter)
    if not bare.search(sr.source):
        return None
    pointed = rf"\\nabla {letter}(a^L)"
    lhs, rhs = bare.sub(pointed, sr.lhs_text), bare.sub(pointed, sr.rhs_text)
    parts = sr.reread(f"{lhs} = {rhs}")
    if parts is None:
        return None
    from ..notation import read
    from .network import front_end

    again = replace(sr, lhs_text=lhs, rhs_text=rhs, source=f"{lhs} = {rhs}", reading=read(f"{lhs} = {rhs}"))
    v = front_end(again, state, options)
    if v is None or v.verdict != "correct":
        return None
    return replace(v, reason=f"∇{letter} read as ∇{letter}(a^L), the gradient at the output the write-up writes on "
                             f"line {line}: {v.reason}")
