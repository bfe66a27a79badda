"""The nodes of map notation (:mod:`.maps` reads them): names, runs of a family, compositions, applications,
Jacobians, gradients, derivatives in a named variable, products, transposes, sums."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MapsUnread", "Atom", "Range", "Word", "Apply", "Jac", "GradOf", "Wrt", "Prod", "Tr", "Sum"]


class MapsUnread(Exception):
    """The text is not (only) map notation this module reads."""


@dataclass(frozen=True)
class Atom:
    base: str                 # "F", "sigma", "epsilon", "A"
    sub: tuple = ()           # sympy expressions (indices, names) or nested Atoms
    sup: tuple = ()

    def __str__(self):
        s = self.base + (("_{" + ",".join(map(str, self.sub)) + "}") if self.sub else "")
        return s + (("^{" + ",".join(map(str, self.sup)) + "}") if self.sup else "")


@dataclass(frozen=True)
class Range:
    """``X_a \\circ \\ldots \\circ X_b``: X_a ∘ X_{a-1} ∘ … ∘ X_b (empty when b = a + 1)."""

    base: str
    start: object
    end: object

    def __str__(self):
        return f"{self.base}_{{{self.start}}}∘…∘{self.base}_{{{self.end}}}"


@dataclass(frozen=True)
class Word:
    items: tuple              # Atoms and Ranges, outermost first


@dataclass(frozen=True)
class Apply:
    fn: object                # an Atom or a Word
    arg: object


@dataclass(frozen=True)
class Jac:
    fn: object
    arg: object


@dataclass(frozen=True)
class GradOf:
    fn: object
    arg: object


@dataclass(frozen=True)
class Wrt:
    """``\\nabla_X E`` (at X) or ``\\nabla_X (E)(P)`` (at P): the derivative of E as a function of the name X."""

    var: object
    body: object
    at: object
    grad: bool = False


@dataclass(frozen=True)
class Prod:
    factors: tuple


@dataclass(frozen=True)
class Tr:
    arg: object


@dataclass(frozen=True)
class Sum:
    terms: tuple
    signs: tuple              # +1 / -1 per term


def with_children(node, f):
    """``node`` rebuilt with ``f`` applied to each child node, for the composite nodes that only
    hold others (Word, Apply, Jac, GradOf, Prod, Tr, Sum); None for any other node (an Atom, a
    Range, a Lambda: each walk says what it does with those)."""
    if isinstance(node, Word):
        return Word(tuple(f(i) for i in node.items))
    if isinstance(node, (Apply, Jac, GradOf)):
        return type(node)(f(node.fn), f(node.arg))
    if isinstance(node, Prod):
        return Prod(tuple(f(x) for x in node.factors))
    if isinstance(node, Tr):
        return Tr(f(node.arg))
    if isinstance(node, Sum):
        return Sum(tuple(f(t) for t in node.terms), node.signs)
    return None
