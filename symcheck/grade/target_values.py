r"""A value of a one-hot target that a one-hot target cannot take.

Where the problem's words make the target y one-hot, in so many words ("one-hot", "made only of 0s and 1s",
"all zeros and ones"), every component of y is 0 or 1. A step that gives a component of y another number
(``y_{\tilde y} = -1``, ``y_j = 2``) contradicts what the text established about y under every reading
of the component's index (the sentence that says so names y, and no t: a PRML-style write-up's targets are t,
its y the output): **incorrect**, an exact check (the value is not 0 or 1). Not accused: a problem
whose words only name "the correct class" (y may still be a distribution), a phrase that denies it
("not one-hot", "unlike", "instead of", "rather than"), words just before the step that change the setting
or state a case ("suppose", "if", "instead", "smooth", …), a component that is not y's (``a_j = 2``), a
value that is not a number.
"""

from __future__ import annotations

import re
from typing import Optional

import sympy as sp

from ..verdict import CheckKind, Verdict
from .reading import StepReading
from .settings import SAID_ONE_HOT
from .state import Result

#: the words that make y one-hot, said outright (not "the correct class": that names a label, not y's values)
ONE_HOT = re.compile(SAID_ONE_HOT)
DENIED = re.compile(r"\b(?:not|no|unlike|instead of|rather than|except|without|never)\b[^.$]{0,40}$")
CHANGES = re.compile(r"\b(?:suppose|assum\w*|if|when|instead|replac\w*|smooth\w*|soft|noisy|modif\w*|"
                     r"general\w*|distribution|probabilit\w*|consider)\b")


Y = re.compile(r"(?<![a-z\\])y(?![a-z])")
OTHER_TARGET = re.compile(r"(?<![a-z\\])t(?![a-z])")


def _said_one_hot(words: str) -> bool:
    """Do the words say y is one-hot: a sentence that names y (and no t, the targets of PRML-style write-ups,
    whose y is the output) says so, and no phrase just before the saying denies it?"""
    for m in ONE_HOT.finditer(words):
        start = max(words.rfind(". ", 0, m.start()), words.rfind("\n\n", 0, m.start()), 0)
        ends = [i for i in (words.find(". ", m.end()), words.find("\n\n", m.end())) if i >= 0]
        sentence = words[start:min(ends) if ends else len(words)]
        if Y.search(sentence) and not OTHER_TARGET.search(sentence) and \
                not DENIED.search(words[max(0, m.start() - 60):m.start()]):
            return True
    return False


def check_target_value(sr: StepReading, state, options) -> Optional[Result]:
    """``y_k = c`` with c a number other than 0 and 1, where the problem's words make y one-hot: incorrect."""
    from ..notation import vocab as V

    if sr.step.link or not sr.two_sided or sr.rel != "=":
        return None
    lhs, rhs = sr.lhs, sr.rhs
    if not (isinstance(lhs, sp.Indexed) and str(lhs.base.label) == V.TARGET and len(lhs.indices) == 1):
        return None
    if not (isinstance(rhs, sp.Basic) and rhs.is_number and rhs.is_real) or rhs in (sp.Integer(0), sp.Integer(1)):
        return None
    words = (getattr(state, "words", "") or "").lower()
    intro = (getattr(sr.step, "intro", "") or "")[-160:].lower()
    if not _said_one_hot(words) or CHANGES.search(f"{sr.step.context or ''} {intro}"):
        return None
    return Result(Verdict.incorrect(
        CheckKind.EXACT,
        f"the text makes y one-hot (every component 0 or 1), so {sr.lhs_text.strip()} cannot be {sp.sstr(rhs)}",
        counterexample={"values of a one-hot y": [0, 1], "this step": str(rhs)},
        hint="a one-hot target has a 1 at the true class and 0 elsewhere"))
