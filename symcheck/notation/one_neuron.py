"""Networks with one neuron per layer, written with scalars.

Write-ups that start from the simplest network ("a single-neuron network", "each layer
still consists of a single neuron") write layer quantities without a neuron index:
z^l = w^l a^{l-1} + b^l, a^l = g(z^l), δ^l := ∂C/∂z^l, and chain-rule rows such as
∂C/∂w^l = ∂C/∂z^l ∂z^l/∂w^l = δ^l a^{l-1}. There, every layered quantity is a number.

- :func:`stated_neurons` tells from a text's words whether it establishes that setting
  (1), says its layers have several neurons (``MANY``), or says neither (None).
- :func:`as_scalars` rewrites a reading for it: a^l, z^l, b^l, δ^l become the component
  a^l_1 …, w^l becomes w^l_{11}; a transpose of a number is the number, ⊙ and diag(·) are
  products, Σ'(z) is σ'(z), ∂X/∂Y between layered quantities becomes the derivative
  between those components (exact on networks of one neuron per layer, :mod:`.chain`).

The meaning layer reads a step this way only where the text has established the setting
(``Context.neurons == 1``) and the step writes no neuron index (:func:`scalar_layers`), and
then checks it on networks whose layers all have one neuron.
"""

from __future__ import annotations

import re
from typing import Optional

import sympy as sp

from . import vocab as V
from .derivatives import DerivativeOf, Jacobian

MANY = 0   # the text says its layers have several neurons

_ONE = re.compile(
    r"single[- ](?:neuron|node|unit)s? (?:network|net|layer|case|model)"
    r"|(?:one|a single) (?:neuron|node|unit) (?:per|in each|in every|for each) layer"
    r"|(?:each|every) layer (?:will )?(?:still )?(?:consists? of|has|contains|is) (?:only |just )?"
    r"(?:a single|one) (?:neuron|node|unit)"
    r"|layers? (?:of|with) (?:only |just )?(?:a single|one) (?:neuron|node|unit)")
_MANY = re.compile(r"multi(?:ple)?[- ](?:neuron|node|unit)|(?:many|several|multiple|more) (?:neurons|nodes|units)"
                   r"|(?:neurons|nodes) (?:are|become) vectors|vectors instead of scalars")


def stated_neurons(words: str, before: Optional[int] = None) -> Optional[int]:
    """1 when ``words`` establish one neuron per layer and do not also speak of several;
    :data:`MANY` when they speak of several; otherwise ``before`` (what earlier text
    established carries on until the text says otherwise)."""
    text = (words or "").lower()
    if _MANY.search(text):
        return MANY
    if _ONE.search(text):
        return 1
    return before


def carried_neurons(proses) -> dict:
    """``{section: stated_neurons}`` for the sections of a text in order (``proses`` maps each to
    its prose): what a section says, else what was said last before it."""
    out, said = {}, None
    for name, words in proses.items():
        out[name] = said = stated_neurons(words, said)
    return out


def _scalar(q):
    """The one entry of a layered quantity: a^l_1, or w^l_{11}."""
    if not isinstance(q, V.Q) or q.qname in V.BATCH:
        return q
    one = sp.Integer(1)
    return V.Comp(q.args[0], q.layer, one, one) if q.qname in V.MATRICES else V.Comp(q.args[0], q.layer, one)


def scalar_layers(ctx, *sides) -> bool:
    """The step is read with one neuron per layer: the text established it (``ctx.neurons == 1``)
    and the step writes no neuron index (a^l_j, Σ_k, x_i: those speak of several neurons, so
    the step keeps the book's reading, on networks of several neurons)."""
    if getattr(ctx, "neurons", None) != 1:
        return False
    for e in sides:
        if not isinstance(e, sp.Basic):
            continue
        if e.atoms(sp.Sum, V.IndexSum, sp.KroneckerDelta):
            return False
        if any(i.free_symbols for c in e.atoms(V.Comp, sp.Indexed) for i in c.indices):
            return False  # a^l_j, x_k (x_1, the one entry, is :func:`as_scalars`' own reading of x)
    return True


def scalar_sides(lhs, rhs, ctx):
    """``(lhs, rhs)`` read with one neuron per layer when :func:`scalar_layers` says so, else as they are."""
    if not scalar_layers(ctx, lhs, rhs):
        return lhs, rhs
    return as_scalars(lhs), as_scalars(rhs)


def as_scalars(e):
    """``e`` read with one neuron per layer (see the module docstring); without layered
    quantities, ``e`` as it is. A derivative by a layered quantity that cannot be carried
    out is left as it is (its evaluation then says why)."""
    if not isinstance(e, sp.Basic) or not e.atoms(V.Q):
        return e
    from .base import Unsupported
    from .network_diff import differentiate, partial

    def rule(u):
        if isinstance(u, V.Q):
            return _scalar(u)
        if isinstance(u, sp.Symbol) and u.name in (V.INPUT, V.TARGET):  # plain x, y: the input's, the target's entry
            return sp.Indexed(sp.IndexedBase(sp.Symbol(u.name, real=True)), sp.Integer(1))
        args = [rule(a) for a in u.args]
        if isinstance(u, DerivativeOf):
            try:
                return differentiate(args[0], args[1])
            except Unsupported:
                return u.func(*args)
        if isinstance(u, Jacobian):
            return partial(args[0], args[1]) if args[0] != args[1] else sp.Integer(1)
        if isinstance(u, V.T) and args[0].is_commutative:
            return args[0]
        if isinstance(u, V.Had) and all(a.is_commutative for a in args):
            return args[0] * args[1]
        if isinstance(u, (V.Diag, V.SymDiag)) and args[0].is_commutative:
            return args[0]
        if isinstance(u, V.SigmaPrimeDiag) and args[0].is_commutative:
            return V.SigmaD(args[0], sp.Integer(1))
        return u.func(*args) if args else u

    return rule(e)
