"""A bare ∇C where the write-up writes the cost's gradient at the output, ∇C(a^L), elsewhere.

A write-up that treats the cost as a function of the output activations writes ``\\nabla C(a^L)`` (the
gradient at the point a^L: the book's ∇_a C, :mod:`symcheck.notation.cost_at`) and, as often, just
``\\nabla C`` beside network quantities (``δ^L = \\nabla C \\odot g'(z^L)``). Alone, the bare ∇C may be the
gradient in every parameter and is left unchecked; in a file that writes ∇C(a^L) somewhere — once,
for one point, with one letter for the cost — the bare ∇C is that gradient. A step the other checks left
unchecked is then read with ∇C(a^L) and checked as any network step, in every setting the text allows:
correct when it holds there, naming the line that wrote the point. It accuses only where the bare ∇C is a
factor of an elementwise product (``∇C ⊙ g'(z^L)``): a vector of one entry per output, which the gradient
in every parameter is not, so ∇C(a^L) is its only reading; the accusation passes the network policy
(:func:`.network.check_network`: every setting, convention and activation the text allows).
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


def _elementwise(letter: str, source: str) -> bool:
    """The bare ∇X is a factor of an elementwise product (``∇C ⊙ …``, ``… ⊙ ∇C``)."""
    return re.search(rf"\\nabla\s*{letter}\s*\\odot|\\odot\s*\\nabla\s*{letter}(?![A-Za-z0-9]|\s*[(_^{{]|\s*\\left\b)",
                     source) is not None


def point_confirm(sr: StepReading, state: State, options) -> Optional[Verdict]:
    """Correct when the step, with its bare ∇C read as ∇C(a^L), holds on the random networks;
    incorrect when it fails there and the bare ∇C is a factor of ⊙ (:func:`_elementwise`)."""
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
    from .network import check_network, front_end

    again = replace(sr, lhs_text=lhs, rhs_text=rhs, source=f"{lhs} = {rhs}", reading=read(f"{lhs} = {rhs}"))
    v = front_end(again, state, options)
    if v is not None and v.verdict == "incorrect":
        # the accusation policy, every reading the text allows; only where ∇C(a^L) is the bare ∇C's one reading
        v = check_network(again, state, options) if _elementwise(letter, sr.source) else None
    if v is None or v.verdict == "unchecked":
        return None
    only = "; a factor of ⊙, the gradient in every parameter does not fit there" if v.verdict == "incorrect" else ""
    return replace(v, reason=f"∇{letter} read as ∇{letter}(a^L), the gradient at the output the write-up writes on "
                             f"line {line}{only}: {v.reason}")
