"""What the notation's nodes, shapes and evaluation share: the two ways an
expression can fail to have a value (:class:`ShapeError`, :class:`Unsupported`)
and the sizes of layers. Imports SymPy: import lazily.
"""

from __future__ import annotations

import sympy as sp

__all__ = ["ShapeError", "Unsupported", "layer_dim", "diag_of"]


class ShapeError(ValueError):
    """The shapes in an expression do not fit (e.g. a dropped transpose)."""


class Unsupported(Exception):
    """This expression cannot be evaluated; the message says why."""


def layer_dim(layer):
    """The size n_l of layer ``layer`` (a symbol)."""
    return sp.Symbol("n_{%s}" % sp.latex(layer))


def diag_of(u):
    """(count, n, 1) -> (count, n, n) with u on the diagonal."""
    import numpy as np

    return u[..., 0][..., :, None] * np.eye(u.shape[-2])
