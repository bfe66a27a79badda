r"""The weight convention a write-up establishes (issue 13.2, rule 2).

Write-ups index weights two ways: the book's w^l_{jk} is the weight *from* neuron k of
layer l−1 *to* neuron j of layer l (W^l is n_l × n_{l−1}); others write w_{jk} for the
weight from neuron j to neuron k. A file establishes which one it uses

- in words: a sentence that names a weight with two indices and says which index is the
  neuron the connection comes *from* and which the one it goes *to*
  (":math:`w^l_{jk}` is the weight from the k-th neuron in layer l−1 to the j-th neuron in
  layer l", "the weight for the connection to the j-th neuron from the k-th neuron",
  "从第 $k$ 个节点到第 $j$ 个节点", "von Neuron $k$ zu Neuron $j$"): a direction word
  before each index decides (:func:`stated_in_words`);
- by its own definition of the weighted input (``z^l_j = Σ_k w^l_{jk} a^{l−1}_k + b^l_j``
  holds on random networks under the book's convention, or only with the weights read the
  other way): :mod:`.standard` records it.

The first statement stands for the rest of the file (:class:`.state.ConventionStated`).
Under an established convention the other one is no longer a plausible reading: a step is
decided under the file's convention (:func:`fails_under_established`).
"""

from __future__ import annotations

import re
from typing import Optional

from .state import ConventionStated, State

BOOK, REVERSED = "book", "reversed"
WEIGHTS = "weights"  # the key of the weight convention in State.conventions and State.defined_setting
_DELIMITERS = re.compile(r"\\{1,2}[()]")  # \( … \) and kramdown's \\( … \\) delimit inline math as $ does
SENTENCE = 320     # characters of prose after the weight that a sentence about it may use

_WEIGHT = re.compile(r"\$[^$]{0,40}?\b[wW]\s*(?:\^\s*(?:\{[^{}$]{0,12}\}|\S)\s*)?_\s*\{?\s*([a-z])\s*,?\s*([a-z])\s*\}?"
                     r"(?:\s*\^\s*(?:\{[^{}$]{0,12}\}|\S))?[^$]{0,10}\$")
# words that say the connection comes from the neuron that follows and words that say it goes to it
# (English, Chinese, German, French, Spanish, Russian; none that is also a common word of another language)
_FROM = r"from|out\s+of|从|由|自|von|vom|depuis|desde|от|из"
_TO = r"to|into|towards?|到|至|向|zu|zum|zur|nach|vers|hacia|к"
_INDEX = (r"\$\s*([a-z])\s*\$|\b([a-z])\s*(?:-\s*|\^\s*\{?\s*)?(?:th|st|nd|rd)\b|"
          r"(?:neuron|node|unit|neurone|knoten|nœud|noeud|нейрон\w*)\s+\$?\s*([a-z])\b")
_MARK = re.compile(rf"(?<![A-Za-z])(?P<from>{_FROM})(?![A-Za-z])|(?<![A-Za-z])(?P<to>{_TO})(?![A-Za-z])|"
                   rf"(?P<index>{_INDEX})|(?P<stop>[.;。；]\s|\n\s*\n|\n\s*[-*]\s)", re.IGNORECASE)


def stated_in_words(text: str) -> Optional[str]:
    """``BOOK`` or ``REVERSED`` when ``text`` has a sentence that names a weight w_{pq}
    and says which of p, q the connection comes from and which it goes to; else None."""
    text = _DELIMITERS.sub("$", text or "")
    for m in _WEIGHT.finditer(text):
        first, second = m.group(1), m.group(2)
        if first == second:
            continue
        roles: dict = {}
        direction = None
        for t in _MARK.finditer(text[m.end():m.end() + SENTENCE]):
            if t.group("stop"):
                break
            if t.group("from"):
                direction = "from"
            elif t.group("to"):
                direction = "to"
            elif t.group("index") and direction is not None:
                letter = next(g for g in t.groups()[3:] if g)
                if letter in (first, second):  # another letter (the layer l) keeps the direction
                    roles.setdefault(direction, letter)
                    direction = None
        if roles.get("from") == second and roles.get("to") == first:
            return BOOK
        if roles.get("from") == first and roles.get("to") == second:
            return REVERSED
    return None


def from_words(step, state: State) -> Optional[ConventionStated]:
    """The convention the prose before ``step`` states (or, failing that, the prose of its section), if
    the file has not established one yet."""
    if WEIGHTS in state.conventions:
        return None
    which = stated_in_words(getattr(step, "intro", "") or "")
    if which is not None:
        return ConventionStated(WEIGHTS, which, f"stated in the text before line {step.line}")
    which = stated_in_words(state.words or "")  # the prose of the step's section, which defines its notation
    if which is not None:
        return ConventionStated(WEIGHTS, which, f"stated in the text of the section of line {step.line}")
    return None


def established(state: State) -> Optional[tuple]:
    """``(which, where)`` of the weight convention the file has established, or None: in its words
    or definitions (``State.conventions``), or by a step verified under the book's convention and
    wrong under every other (``State.defined_setting["weights"]``, :func:`.network.establishes`)."""
    stated = state.conventions.get(WEIGHTS)
    if stated is not None:
        return stated
    used = (state.defined_setting or {}).get(WEIGHTS)
    if used is None:
        return None
    which, line = used
    return which, (line if isinstance(line, str) else f"established on line {line} by a step verified under it")


def describe(which: str) -> str:
    return ("w^l_{jk} is the weight from neuron k of layer l−1 to neuron j of layer l" if which == BOOK else
            "w_{jk} is the weight from neuron j to neuron k")


def fails_under_established(sr, state: State, recheck) -> bool:
    """The file established the book's convention and the step's shape failure stands under every
    reading that convention leaves: the book's (already failed) and the weights numbered by the
    layer they leave (W^l mapping layer l to l+1), which the index order alone does not settle."""
    from ..notation.readings import weight_readings
    from .readings_checked import components_only

    est = established(state)
    if est is None or est[0] != BOOK or recheck is None or sr.reading is None or not components_only(sr):
        return False
    return all(recheck(r).verdict == "incorrect" for _, r in weight_readings(sr.reading)[1:])


def named(v, sr, state: State):
    """``v`` (an accusation of a step with weights) with the file's convention named in its reason."""
    from dataclasses import replace

    est = established(state)
    if est is None or v.verdict != "incorrect" or sr.reading is None or "w" not in sr.source:
        return v
    return replace(v, reason=f"{v.reason} (under the file's convention: {describe(est[0])}, {est[1]})")


def check_under_reversed(sr, state: State, options):
    """A network step with weights, in a file that established w_{jk} as the weight from neuron j to
    neuron k, decided under that reading: correct there, correct (naming the convention); failing
    there while it holds under the book's convention, incorrect (the file excludes the book's
    reading); otherwise None (the library and the networks check decide as before).
    A :class:`.state.Result` or None."""
    from ..notation import vocab as V
    from .settings import check_under_settings
    from .state import Result

    est = established(state)
    if est is None or est[0] != REVERSED or sr.reading is None or not sr.two_sided or not any(
            getattr(q, "qname", "") == "w" for p in sr.reading.parts if hasattr(p, "atoms")
            for q in p.atoms(V.Q, V.Comp)):
        return None
    v = decided_under(sr, state, options, est, check_under_settings(sr.reading, state, options))
    return Result(v) if v is not None else None


def decided_under(sr, state: State, options, est: tuple, book):
    """The verdict on ``sr`` under the established convention ``est`` (``(which, where)``) given its
    verdict ``book`` under the book's, where the two conventions disagree; else None."""
    from dataclasses import replace

    from ..notation.readings import weight_readings
    from ..verdict import CheckKind, Verdict
    from .settings import check_under_settings

    which, where = est
    named_as = f"under the file's convention: {describe(which)}, {where}"
    if which == BOOK:
        if book.verdict != "incorrect":
            return None
        other = check_under_settings(weight_readings(sr.reading)[0][1], state, options)
        if other.verdict != "correct":
            return None
        return Verdict.incorrect(
            book.check or CheckKind.NETWORKS,
            f"contradicts the file's own convention ({describe(which)}, {where}): the step holds only with the "
            f"weights indexed the other way; under the file's convention: {book.reason}",
            counterexample=dict(book.counterexample or {}, convention=describe(which), established=where),
            hint="swap the two indices of the weight")
    mine = check_under_settings(weight_readings(sr.reading)[0][1], state, options)
    if mine.verdict == "correct":
        return replace(mine, reason=f"{mine.reason} ({named_as})")
    if mine.verdict == "incorrect" and book.verdict == "correct":
        return Verdict.incorrect(
            mine.check or CheckKind.NETWORKS,
            f"contradicts the file's own convention ({describe(which)}, {where}): the step holds only with the "
            f"weights indexed the book's way; under the file's convention: {mine.reason}",
            counterexample=dict(mine.counterexample or {}, convention=describe(which), established=where),
            hint="swap the two indices of the weight")
    return None
