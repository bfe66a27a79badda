"""Settings in which the cost is not defined on the outputs: they refute nothing, and save nothing.

The candidate settings of a write-up (:mod:`.settings`) pair each activation it names with each cost it
names, so a text that names ReLU for its hidden layers, a softmax output and the cross-entropy also
yields "ReLU outputs with the cross-entropy". There the cost is not defined on the outputs: the
cross-entropy takes ln(1 − a), which needs outputs in (0, 1), and the log-likelihood ln a, which needs
them positive; a ReLU, tanh or linear output layer leaves that range. Random networks of such a setting
leave a step unchecked. No write-up works in a setting whose cost it cannot evaluate, so such a setting
does not keep a step that fails in every other setting from being accused (:func:`fails_where_defined`);
where it holds (correct), the step is not accused.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from ..verdict import Verdict

_LOGS = ("cross-entropy", "log-likelihood")   # costs that take the log of the outputs (or of 1 − a)
_UNBOUNDED = ("relu", "linear", "tanh")        # outputs that leave (0, 1), and may be ≤ 0


def undefined_cost(setting) -> bool:
    """The setting's cost is not defined on all of its outputs."""
    return setting.cost in _LOGS and (setting.output or setting.activation) in _UNBOUNDED


def refutes_or_undefined(verdicts: dict) -> bool:
    """Every setting's verdict is incorrect, or unchecked in a setting whose cost is not defined, and
    at least one is incorrect (``verdicts``: {Setting: Verdict})."""
    kinds = [v.verdict for v in verdicts.values()]
    return "incorrect" in kinds and all(v.verdict == "incorrect" or (v.verdict == "unchecked" and undefined_cost(s))
                                        for s, v in verdicts.items())


def fails_where_defined(shown) -> Optional[Verdict]:
    """The first failure, naming the settings, when the step fails in every setting of ``shown`` ([(Setting,
    Verdict)]) whose cost is defined on its outputs and is unchecked in the others; None otherwise."""
    if not refutes_or_undefined(dict(shown)) or all(v.verdict == "incorrect" for _, v in shown):
        return None
    first = next(v for _, v in shown if v.verdict == "incorrect")
    failed = "; ".join(s.label() for s, v in shown if v.verdict == "incorrect")
    left = "; ".join(s.label() for s, v in shown if v.verdict != "incorrect")
    return replace(first, reason=f"{first.reason} (fails in every setting the text allows where its cost is defined: "
                                 f"{failed}; not checked where the cost is not defined on the outputs: {left})")


def softmax_output(lhs, said: set, rhs=None) -> bool:
    """``a^L_j = …`` (the output layer's activation) where the text names the softmax (``said``: the setting
    words of the problem) and the right side names network quantities, numbers and the indices of its sums
    only: a claim about the softmax layer the text puts at the output, checked in every setting it allows
    (one of them with that output layer). A parameter of the write-up's own (``e^{c z^L_j}/Σ_k e^{c z^L_k}``,
    a softmax with a temperature) makes it a definition of a new activation, not accused."""
    import sympy as sp

    from ..notation import vocab as V

    if not ("softmax" in said and getattr(lhs, "qname", "") == "a" and getattr(lhs, "layer", None) == V.L
            and isinstance(rhs, sp.Basic)):
        return False
    bound = {s.args[1] for s in rhs.atoms(V.IndexSum)} | {s.limits[0][0] for s in rhs.atoms(sp.Sum)}
    inner = rhs.xreplace({q: sp.Dummy() for q in rhs.atoms(V.Q, V.Comp)})
    return not (inner.free_symbols - bound - {d for d in inner.free_symbols if isinstance(d, sp.Dummy)})


_MODIFIED = re.compile(r"modif(?:y|ies|ied|ying)\s+(?:\w+\s+){0,3}neurons?\b|\bneurons?\s+(?:\w+\s+){0,3}modified")


def modified_out_of_force(scope: str) -> bool:
    """The prose in force (``scope``) names a setting the networks model (linear neurons, a softmax
    output, a cost, …) and no modified neuron: an exercise on a modified neuron before it in the same
    problem is not the setting of the step (the modified neuron shields the steps of its own prose)."""
    from .setting_words import named

    text = (scope or "").lower()
    return bool(named(text)) and _MODIFIED.search(text) is None
