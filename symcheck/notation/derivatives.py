"""∂X/∂Y between layered vectors (``∂a^l/∂z^l``, ``∂z^{l+1}/∂a^l``): a Jacobian matrix.

Written without components, a derivative of a vector by a vector has two
layouts in use: numerator layout (rows follow X: n_X × n_Y, ``∂z^{l+1}/∂a^l = w^{l+1}``)
and denominator (gradient) layout (its transpose, ``(w^{l+1})^T``). A
:class:`Jacobian` node carries its layout (0 numerator, 1 denominator); the
meaning layer checks a step under both and names them when they disagree.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

import sympy as sp
from sympy import Function

from .base import Unsupported

NUMERATOR, DENOMINATOR = 0, 1
LAYOUTS = {NUMERATOR: "numerator layout (rows follow the numerator)",
           DENOMINATOR: "denominator (gradient) layout (rows follow the denominator)"}
LAYOUT_NAMES = {"numerator": NUMERATOR, "denominator": DENOMINATOR}
# how a text states its layout (lower-case prose): the names in use for each
_STATED = {NUMERATOR: r"numerator[- ]layout|jacobian (formulation|layout|convention)",
           DENOMINATOR: r"denominator[- ]layout|gradient[- ]layout|hessian formulation|mixed[- ]layout"}


def stated_layout(words: str) -> Optional[int]:
    """The layout a text says it uses ("we use the numerator layout", "gradient layout"),
    or None when it names neither, or both (then a Jacobian stays checked in both)."""
    said = {k for k, rx in _STATED.items() if re.search(rx, words or "")}
    return said.pop() if len(said) == 1 else None


class Jacobian(Function):
    """``Jacobian(X, Y, layout)``: ∂X/∂Y for layered vectors X (n_X) and Y (n_Y);
    shape n_X × n_Y in numerator layout, n_Y × n_X in denominator layout."""

    nargs = 3
    is_commutative = False

    def _sympystr(self, printer):
        return f"∂{printer.doprint(self.args[0])}/∂{printer.doprint(self.args[1])}"

    def _shape(self, shapes):
        top, wrt = shapes.infer(self.args[0]), shapes.infer(self.args[1])
        if top is shapes.UNKNOWN or wrt is shapes.UNKNOWN:
            return shapes.UNKNOWN
        dims = (top[0], wrt[0]) if top and wrt else shapes.UNKNOWN
        return dims if int(self.args[2]) == NUMERATOR or dims is shapes.UNKNOWN else (dims[1], dims[0])

    def _numpy(self, env):
        import numpy as np

        from .jacobian import vector_jacobian

        out = vector_jacobian(self.args[0], self.args[1], env)
        return out if int(self.args[2]) == NUMERATOR else np.swapaxes(out, -1, -2)


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

    def _numpy(self, env):
        import numpy as np

        from .network_diff import differentiate

        out = env.ev(differentiate(self.args[0], self.args[1]))
        return out if int(self.args[2]) == NUMERATOR else np.swapaxes(out, -1, -2)


def operator_on(reader, wrt, order: int, t):
    """``\\frac{\\partial}{\\partial Y}`` followed by its operand, for a network quantity Y (a
    component or a layered vector): the operand is the parenthesised or braced group that
    follows (``(…)``, ``\\{…\\}``, ``\\left(…\\right)``), or a product followed by nothing
    more; an operand that is not marked off and is followed by + or - (``∂/∂w w a + b``) has
    two readings of its reach and is refused (ParseError). Returns the derivative carried out
    (a component Y) or a :class:`DerivativeOf` node (a vector Y)."""
    from .build import check_value
    from .network_diff import differentiate

    if order != 1:
        reader.fail("a higher derivative by a network quantity", t)
    if not reader.starts_atom():
        reader.fail("∂/∂Y without an expression after it", t)
    grouped = reader.is_("char", "(") or reader.is_("char", "[")
    operand = check_value(reader.postfix() if grouped else reader.product(), reader)
    if grouped and reader.starts_atom():
        reader.fail("∂/∂Y (…) followed by more factors: its reach is not marked", t)
    if not grouped and (reader.is_("char", "+") or reader.is_("char", "-")):
        reader.fail("∂/∂Y followed by a sum that is not in brackets: it may apply to the first term "
                    "or to the whole sum", t)
    try:
        carried = differentiate(operand, wrt)
    except Unsupported as exc:
        reader.fail(f"cannot carry out ∂/∂{wrt}: {exc}", t)
    if isinstance(wrt, sp.Basic) and wrt.is_commutative:
        return carried
    return DerivativeOf(operand, wrt, sp.Integer(NUMERATOR))
