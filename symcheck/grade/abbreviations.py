"""Abbreviations the prose declares for a display: "for readability we write w_{kj} for ∂C/∂w_{kj}".

Write-ups that lay out a gradient entry by entry often abbreviate ``\\partial C/\\partial w_{kj}^l`` to
``w_{kj}^l`` and say so in the sentence that introduces the display, in any language. Read literally,
such a row sets a matrix of weights equal to a matrix of gradient entries, which no reading of the
weights makes true; read as the text declares, it is the gradient. So a step whose introducing prose
names, in one sentence, both ∂C/∂X (or ∂C/∂X written with ``\\frac``) and X alone, X occurring in the
step, is not accused on that literal reading (:func:`abbreviated`). It is never made correct by it.
"""

from __future__ import annotations

import re
from typing import Optional

_INLINE = re.compile(r"\\\\?\(([^$]{1,80}?)\\\\?\)|\$([^$]{1,80})\$")
_SENTENCE = re.compile(r"[.;。；！!?？\n]\s*")
_DERIVATIVE = re.compile(r"^\\partial\s*C\s*/\s*\\partial\s*(?P<x>.+)$|"
                         r"^\\frac\s*\{\s*\\partial\s*C\s*\}\s*\{\s*\\partial\s*(?P<y>.+)\}$")


def _squash(s: str) -> str:
    return re.sub(r"\s+|\\[,;:!]", "", s)


def abbreviated(intro: str, source: str) -> Optional[str]:
    """The X of a sentence of ``intro`` that names both ∂C/∂X and X alone, when X's letter
    occurs in the step ``source`` as a quantity (not as the subscript or superscript of another
    symbol: the ``a`` of ``\\nabla_a C`` is not an abbreviated ``a^L_j``); else None."""
    for sentence in _SENTENCE.split(intro or ""):
        spans = [_squash(a or b) for a, b in _INLINE.findall(sentence)]
        for span in spans:
            m = _DERIVATIVE.match(span)
            x = m and (m.group("x") or m.group("y"))
            if x and x in spans and re.search(rf"(?<![A-Za-z\\_^])(?<!_{{)(?<!\^{{){re.escape(x[0])}", source):
                return x
    return None
