"""The words that name a write-up's setting, and the prose whose setting is in force.

- :func:`named`: the setting words of prose (sigmoid, tanh, ReLU, linear neurons, softmax; the
  quadratic, cross-entropy and log-likelihood costs), found beside CJK letters too;
- :func:`scope_after`: a reader's scope. The prose before a step (or a problem's title) that names a
  setting puts it in force for the steps after it, until prose names another; a phrase after
  "unlike", "instead of", "rather than" … names what is not in force;
- :func:`aside`: a justification written beside a row of a chain (``&= a_j - 1 \\qquad
  \\text{since } y_j = 1``) is not the row the next one continues.
"""

from __future__ import annotations

import re

_B, _E = r"(?<![a-z])", r"(?![a-z])"  # word edges that hold beside CJK letters too ("激活函数softmax")
_WORDS = {
    "sigmoid": _B + r"sigmoid|logistic",
    "tanh": _B + r"tanh" + _E + "|hyperbolic tangent",
    "relu": _B + r"relu" + _E + "|rectified linear",
    "linear": r"\blinear (?:output|neurons?|activations?|layers?|units?)\b|identity activation",
    "softmax": _B + r"softmax|soft-max",
    "quadratic": r"quadratic|mean squared|squared error|" + _B + "mse" + _E,
    "cross-entropy": r"cross[- ]?entropy",
    "log-likelihood": r"log[- ]?likelihood",
}
SETTING_WORDS = tuple(_WORDS)


def named(words: str) -> set:
    """The setting words of ``words`` (lower case prose)."""
    return {k for k, rx in _WORDS.items() if re.search(rx, words or "")}


# "unlike the quadratic cost, ...": the setting named after a contrast is not the one in force
_CONTRAST = re.compile(r"\b(?:unlike|instead of|rather than|as opposed to|in contrast to|compared (?:to|with)|"
                       r"versus|vs\.?|other than|not)\b[^,.;:!?]*?(?=\bbut\b|[,.;:!?]|$)")


def scope_after(scope: str, intro: str) -> str:
    """The prose whose setting is in force once ``intro`` (the prose before a step, or a problem's
    title) is read: ``intro`` when it names a cost, an activation or an output layer (a phrase after
    "unlike", "instead of", "rather than" … names what is not in force), else ``scope``. A
    problem starts with its title's scope (``scope`` = "")."""
    text = _CONTRAST.sub(" ", (intro or "").lower())
    return text if named(text) else scope


def aside(step, before) -> bool:
    """``step`` is a justification written beside a row of a chain (``&= a_j - 1 \\qquad
    \\text{recalling that } a_j = …``): a statement of its own (not a link, a chain of its own)
    on the line of the row ``before`` it, introduced by words. The rows after it continue that
    row, not it."""
    return (not step.link and bool(before.relation) and before.line == step.line and
            bool((step.context or "").strip()) and step.problem == before.problem and step.chain != before.chain)
