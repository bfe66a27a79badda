r"""A number as a superscript on a network name: the layer it belongs to, or a power?

Write-ups of small networks number their layers: ``z^1 = w^1 x + b^1``,
``a^2 = g(z^2)``, ``\frac{\partial C}{\partial w^2} = \delta^2 a^1``. Read
literally, ``z^2`` is z squared; in this notation it is usually the weighted
input of layer 2. Both readings are plausible, so a digit superscript on a
layered name (z, a, w, b, δ) is an ambiguity the reader records (reading 0: the
layer label), and the checks weigh both (:func:`.readings.check_alternatives`).

The layer reading is *established* (the convention of the step, so a step that
holds under it is correct) when the step itself shows it, in ways a power would
not be written:

- a network name with the exponent 0 or 1 (``a^0 = x``, ``z^1``, so
  ``z^2 = w^2 a^1 + b^2``): nobody writes a⁰ for 1 or z¹ for z;
- a derivative with respect to a numbered name (``\partial z^2`` in a
  denominator): one differentiates by a quantity, not by its square.

Elsewhere the power is read first and the layer is the other reading; a file whose
steps establish numbered layers makes the layer the convention for all its steps
(``Context.numbered_layers``, :func:`.readings.check_alternatives`).

Plausible only where the step numbers two different network names or establishes
the layer; a lone ``w^2`` (``\frac{λ}{2} w^2``) and a summation variable over the
parameters (``\sum_w w^2``, a weight penalty) are squares.

This module reads the source text only (no SymPy).
"""

from __future__ import annotations

import re

LAYERED_BASES = ("z", "a", "w", "b", "W", "delta")
LABELS = ("a layer label", "a power")

_NAME = r"(?:\\delta|[zawbW])"
_DIGIT_SUP = re.compile(r"(?<![A-Za-z\\])(" + _NAME + r")\s*\^\s*\{?\s*(\d)\s*\}?(?![\d_])")
_PARAMETER_SUM = re.compile(r"\\sum(?:\\limits)?\s*_\s*\{?\s*[wb]\s*\}?(?![A-Za-z])")
_DENOMINATOR = re.compile(r"\\partial\s*\{?\s*" + _NAME + r"\s*\^\s*\{?\s*\d")
_DELTA = re.compile(r"\\delta\s*\^\s*\{?\s*\d")

__all__ = ["LABELS", "LAYERED_BASES", "established", "labels", "plausible"]


def plausible(base: str, source: str) -> bool:
    """A digit superscript on ``base`` in ``source`` may be a layer label: the step shows layers
    (:func:`established`), or numbers two different network names, one of them z, w or δ
    (``a^2 = σ(z^2)``). A lone ``w^2`` (``\frac{λ}{2} w^2``, ``\frac{d}{dz} z^2``) and plain
    algebra in a and b (``(a+b)^2 = a^2 + 2ab + b^2``) are squares."""
    if base not in LAYERED_BASES or _PARAMETER_SUM.search(source):
        return False
    names = {name for name, _ in _DIGIT_SUP.findall(source)}
    return established(source) or (len(names) > 1 and bool(names & {"z", "w", "W", "\\delta"}))


def established(source: str) -> bool:
    """``source`` shows its digit superscripts on network names to be layers: an exponent 0 or 1
    on a network name, or a numbered name differentiated by."""
    found = _DIGIT_SUP.findall(source)
    return bool(found) and (bool({d for _, d in found} & {"0", "1"}) or bool(_DENOMINATOR.search(source)))


def labels(source: str) -> tuple:
    """The readings of a number superscript on a network name in ``source``, the first the one the
    reader takes: the layer first where the step establishes it, else the power."""
    return LABELS if established(source) else LABELS[::-1]
