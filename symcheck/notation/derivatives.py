"""∂X/∂Y between layered vectors (``∂a^l/∂z^l``, ``∂z^{l+1}/∂a^l``): a Jacobian matrix.

Written without components, a derivative of a vector by a vector has two
layouts in use: numerator layout (rows follow X: n_X × n_Y, ``∂z^{l+1}/∂a^l = w^{l+1}``)
and denominator (gradient) layout (its transpose, ``(w^{l+1})^T``). A
:class:`Jacobian` node carries its layout (0 numerator, 1 denominator); the
meaning layer checks a step under both and names them when they disagree.
The nodes' values on networks are registered by :mod:`.jacobian`; ``\\frac{\\partial}{\\partial Y}(…)``
is read by :mod:`.network_diff`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

import sympy as sp
from sympy import Function


NUMERATOR, DENOMINATOR = 0, 1
LAYOUTS = {NUMERATOR: "numerator layout (rows follow the numerator)",
           DENOMINATOR: "denominator (gradient) layout (rows follow the denominator)"}
LAYOUT_NAMES = {"numerator": NUMERATOR, "denominator": DENOMINATOR}
# how a text states its layout (lower-case prose): the names in use for each
_STATED = {NUMERATOR: r"numerator[- ]layout|jacobian (formulation|layout|convention)",
           DENOMINATOR: r"denominator[- ]layout|gradient[- ]layout|hessian formulation|mixed[- ]layout"}


_ADOPTED = r"\b(?:we|i)\s+(?:will\s+|shall\s+|are going to\s+)?(?:use|adopt|follow|work in|work with|stick to)\s+(?:the\s+|a\s+)?\[?(?:"


def stated_layout(words: str) -> Optional[int]:
    """The layout a text says it uses ("we use the numerator layout", "gradient layout"),
    or None when it names neither, or both (then a Jacobian stays checked in both) unless it
    says which one it adopts ("we will use denominator-layout notation; libraries use
    numerator layout")."""
    said = {k for k, rx in _STATED.items() if re.search(rx, words or "")}
    if len(said) > 1:
        said = {k for k, rx in _STATED.items() if re.search(_ADOPTED + rx + ")", words or "")}
    return said.pop() if len(said) == 1 else None


def carried_layouts(proses) -> dict:
    """``{section: layout}`` for the sections of a text in order (``proses`` maps each to its
    prose): the layout a section states, else the one stated last before it (None before any)."""
    out, said = {}, None
    for name, words in proses.items():
        here = stated_layout((words or "").lower())
        out[name] = said = said if here is None else here
    return out


def layout_for(words: str, carried: Optional[int]) -> Optional[int]:
    """The layout ``words`` state, else ``carried`` (what the text stated before)."""
    here = stated_layout(words)
    return carried if here is None else here


class Jacobian(Function):
    """``Jacobian(X, Y, layout)``: ∂X/∂Y for layered vectors X (n_X) and Y (n_Y), or Y a
    component (n_Y = 1); shape n_X × n_Y in numerator layout, n_Y × n_X in denominator layout."""

    nargs = 3
    is_commutative = False

    def _sympystr(self, printer):
        return f"∂{printer.doprint(self.args[0])}/∂{printer.doprint(self.args[1])}"

    def _shape(self, shapes):
        top, wrt = shapes.infer(self.args[0]), shapes.infer(self.args[1])
        if top is shapes.UNKNOWN or wrt is shapes.UNKNOWN:
            return shapes.UNKNOWN
        if wrt == shapes.SCALAR and top:  # by a component: a column (numerator layout)
            wrt = (1, 1)
        dims = (top[0], wrt[0]) if top and wrt else shapes.UNKNOWN
        return dims if int(self.args[2]) == NUMERATOR or dims is shapes.UNKNOWN else (dims[1], dims[0])


def with_layout(e, layout: int):
    """``e`` with every Jacobian node in ``layout``."""
    return e.replace(lambda u: isinstance(u, Jacobian), lambda u: u.func(u.args[0], u.args[1], sp.Integer(layout)))


def has_jacobian(e) -> bool:
    return isinstance(e, sp.Basic) and bool(e.atoms(Jacobian))


def in_layout(lhs, rhs, layout: int, equation):
    """``equation(lhs, rhs)`` (a Verdict) with every Jacobian read in ``layout``, the one the text states."""
    v = equation(with_layout(lhs, layout), with_layout(rhs, layout))
    return replace(v, reason=f"{v.reason} (read in the {LAYOUTS[layout]}, as stated)")


class DerivativeOf(Jacobian):
    """``DerivativeOf(u, Y, layout)``: ∂/∂Y applied to an expression ``u`` of network quantities
    (u a vector of n_u entries, Y a layered vector of n_Y): the Jacobian ∂u/∂Y, n_u × n_Y in
    numerator layout, its transpose in denominator layout. Carried out when evaluated
    (:func:`.network_diff.differentiate`, in numerator layout, then transposed as a whole)."""

    def _sympystr(self, printer):
        return f"∂/∂{printer.doprint(self.args[1])}[{printer.doprint(self.args[0])}]"
