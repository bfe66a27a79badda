"""Free indices that differ between the two sides, for a step the checks left unchecked.

The rule is the notation's (:func:`symcheck.notation.indices.index_mismatch`): both sides of an
equation between components must have the same free indices, under the plain reading and under
Einstein's implied sums alike, so a step whose free indices differ is wrong whatever its symbols
mean (check "semantics"). The meaning layer applies it only after its own check of the step has
failed; some steps never get there: a definition (``C = ½ Σ_k (y_j − a_j)²``) is recorded, a sum
with a symbolic limit (``Σ_{j=1}^{n_l}``) or over an index the summand never uses cannot be
evaluated. :func:`check_free_index` applies the rule to a step the checks left unchecked
(``check._refuted``), so an accusation the checks already make keeps its reason.

What the text fixes is not free: a letter with a value in the write-up (``state.env``), and a
letter the prose before or around the step relates or names (``for $j = \\tilde y$``, ``where $k
\\neq j$``, ``where j is the label``, ``for every $k$``): such a step is not accused. A sum over a
letter its summand never uses binds nothing and implies no sum under it, so an index it encloses
stays free (``Σ_k (y_j − a_j)²`` has j free).
"""

from __future__ import annotations

import re
from typing import Optional

import sympy as sp

from ..verdict import CheckKind, Verdict
from .reading import StepKind, StepReading
from .state import State

_IX = "ijkmpq"
#: a letter the prose relates or names: "j = ỹ", "k ≠ j", "j is the label", "= j", "every $k$ such that"
#: (not a bare quantifier: "for all $j$" leaves j free)
_REL = r"(?:=|≠|\\neq?\b|\\ne\b)"
_BEFORE = re.compile(rf"(?<![A-Za-z\\_^{{])([{_IX}])\s*\$?\s*(?:{_REL}|(?:is|denotes|stands|equals|refers|labels)\b)")
_AFTER = re.compile(rf"{_REL}\s*\$?\s*([{_IX}])(?![A-Za-z_])")
_ALONE = re.compile(rf"\$\s*([{_IX}])\s*\$,?\s*(?:such that|satisf|for which|with\b|where\b|is\b|be\b)")


def fixed_by_text(step) -> set:
    """The index letters the prose around ``step`` relates or names (and so may fix)."""
    text = f"{getattr(step, 'context', '')} {getattr(step, 'intro', '')}"
    return {m.group(1) for rx in (_BEFORE, _AFTER, _ALONE) for m in rx.finditer(text)}


KINDS = frozenset({StepKind.DEFINITION, StepKind.FUNCTION_DEFINITION, StepKind.SETTING, StepKind.ALGEBRA,
                   StepKind.NETWORK})


def check_free_index(sr: StepReading, state: State, options) -> Optional[Verdict]:
    """Incorrect (check "semantics") when the two sides' free indices differ under every reading; else None.
    Run on a step the checks left unchecked (recorded as a definition, or given up on)."""
    from ..notation.indices import index_mismatch, mismatch_reason
    from .captured_index import captured

    if sr.kind not in KINDS or not sr.two_sided or sr.rel != "=" or not getattr(options, "use_front_end", True):
        return None
    lhs, rhs = sr.lhs, sr.rhs
    if not all(isinstance(p, sp.Basic) for p in (lhs, rhs)):
        return None
    if sr.kind in (StepKind.DEFINITION, StepKind.FUNCTION_DEFINITION) and captured(lhs, rhs):
        return None  # E_n = Σ_n …: the captured-index stage says why
    found = index_mismatch(lhs, rhs, tuple(sorted(state.env)), strays=True, loose=not implied_sums(sr, state))
    if found is None or fixed_by_text(sr.step) & set(found["lhs"] + found["rhs"]):
        return None  # the text speaks of these indices ("for every $k$ such that ...", "$j = \\tilde y$"): it may fix them
    if _a_parameter(found, lhs, rhs):
        return None
    letters = ", ".join(found["right only"] or found["left only"])
    return Verdict.incorrect(
        CheckKind.SEMANTICS, mismatch_reason(found),
        counterexample={"lhs free indices": found["lhs"], "rhs free indices": found["rhs"]},
        hint=f"each side must carry the same free indices: check the letter {letters} (and the variable of each sum)")


_IMPLIED = re.compile(r"einstein|implied sum|summation convention|repeated ind|爱因斯坦|アインシュタイン|эйнштейн")


def implied_sums(sr: StepReading, state: State) -> bool:
    """The write-up speaks of implied sums (Einstein notation, in its problem's prose or before the step):
    then a side whose terms carry different indices (``-y_k + y_i ŷ_k``) may sum over the ones its answer
    lacks, and is not read as an array over all of them."""
    text = f"{getattr(state, 'words', '')} {getattr(sr.step, 'intro', '')} {getattr(sr.step, 'context', '')}"
    return _IMPLIED.search(text.lower()) is not None


def _a_parameter(found, lhs, rhs) -> bool:
    """A letter free on one side only that the other side uses as a value (``g_k(x) = k v x + k c``: the k
    of g_k is the factor k), not as an index of a component or the variable of a sum: a parameter the left
    is labelled by, not an index."""
    return bool(set(found["left only"]) & _values(rhs) or set(found["right only"]) & _values(lhs))


def _values(e) -> set:
    """The names of the plain symbols of ``e`` outside components' indices and sums' variables."""
    from ..notation import vocab as V

    out, stack = set(), [e]
    while stack:
        n = stack.pop()
        if isinstance(n, sp.Symbol):
            out.add(n.name)
        elif isinstance(n, (V.Comp, V.Q)):
            continue  # a_j, a^L: their scripts index, they are not values
        elif isinstance(n, V.IndexSum):
            stack.append(n.args[0])  # Σ_j (…): j is the sum's own variable
        elif isinstance(n, (sp.Sum, sp.Product)):  # Σ_{k=1}^{n}: k is its variable, n a value
            stack.extend((n.function, *(b for lim in n.limits for b in lim[1:])))
        elif isinstance(n, sp.Basic):
            stack.extend(n.args)
    return out
