"""Matrix helpers for network formulas in numpy that name the shapes when
they do not fit, and the error they raise.

Arrays carry a leading axis over the networks of a stack: a vector of layer
l is (N, n_l, m), a weight matrix w^l is (N, n_l, n_{l-1}). A formula whose
shapes do not fit (a dropped transpose, an index that runs past the end) is
itself the rejection of a false variant: :class:`ShapeMismatch` says which
shapes met, and the numeric check records it as the counterexample.
"""

from __future__ import annotations

import numpy as np


class ShapeMismatch(ValueError):
    """A formula's matrix shapes do not fit (e.g. a dropped transpose): that
    is itself the rejection, recorded with the shapes."""


def T(A):
    """The transpose of each matrix of a stack: (N, p, q) -> (N, q, p)."""
    return np.swapaxes(A, -1, -2)


def mm(A, B, what: str = ""):
    """A @ B for stacks (N, p, q) and (N, q, r); :class:`ShapeMismatch`
    naming both shapes (without N) when q differs.

    Examples:
        >>> import numpy as np
        >>> mm(np.ones((1, 2, 3)), np.ones((1, 3, 1))).shape
        (1, 2, 1)
    """
    if A.shape[-1] != B.shape[-2]:
        raise ShapeMismatch(f"{what or 'product'}: ({A.shape[-2]}×{A.shape[-1]}) times ({B.shape[-2]}×{B.shape[-1]})")
    return A @ B


def had(u, v, what: str = ""):
    """u ⊙ v for stacks of the same shape; :class:`ShapeMismatch` otherwise."""
    if u.shape != v.shape:
        raise ShapeMismatch(f"{what or '⊙'}: shapes {u.shape[1:]} and {v.shape[1:]}")
    return u * v


def diag(v):
    """Σ = diag(v) for v of shape (N, n, 1) -> (N, n, n)."""
    return v[..., 0][..., :, None] * np.eye(v.shape[-2])


def take(v, n: int, what: str):
    """Components 1..n of v (N, k, m): a wrong index that runs past the end
    of v is a :class:`ShapeMismatch`."""
    if v.shape[-2] < n:
        raise ShapeMismatch(f"{what}: index runs to {n} but it has {v.shape[-2]} components")
    return v[..., :n, :]


def einsum(spec: str, *ops, what: str = ""):
    """``np.einsum(spec, *ops)``, with a :class:`ShapeMismatch` naming the
    shapes (without N) when they do not fit."""
    try:
        return np.einsum(spec, *ops)
    except ValueError:
        raise ShapeMismatch(f"{what}: shapes {[o.shape[1:] for o in ops]} in {spec}") from None
