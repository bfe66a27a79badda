"""Limits of network quantities in a parameter (issue 13): ``\\lim_{c \\to +\\infty} e^{c(z_m^L - z_j^L)}``.

The reader keeps such a limit unevaluated (:class:`NetworkLimit`: the term, the variable, the point, the
direction); :mod:`.limits_check` evaluates it exactly on drawn inputs under the step's stated condition.
"""

from __future__ import annotations

import sympy as sp

from . import vocab as V


class NetworkLimit(sp.Function):
    """``lim_{var -> point} term`` of network quantities, unevaluated: ``(term, var, point, direction)``
    with ``direction`` a sympy string ``"+"``, ``"-"`` or ``"+-"``."""

    is_commutative = True

    def _sympystr(self, printer):
        term, var, point, _ = self.args
        return f"lim_{{{printer._print(var)}->{printer._print(point)}}} {printer._print(term)}"


def network_limit(term, var, point, direction: str):
    """The unevaluated limit of ``term`` (a scalar in network components) as ``var -> point``."""
    return NetworkLimit(term, var, point, sp.Symbol(direction))


def network_limit_of(term, var) -> bool:
    """Is ``lim_var term`` one evaluated on drawn inputs: ``var`` a plain symbol that the term shows, or an
    activation ``a`` that a definition may make depend on it."""
    return isinstance(var, sp.Symbol) and (var in term.free_symbols or any(
        c.qname == "a" for c in term.atoms(V.Comp)))


def has_network_limit(expr) -> bool:
    return isinstance(expr, sp.Basic) and bool(expr.atoms(NetworkLimit))
