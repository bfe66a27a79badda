"""The claim kit: everything for writing a claim of the library, in one place.

Constructors (:mod:`.builders`):
    :func:`scalar_claim`, :func:`network_claim`, :func:`proof_chain`.
Symbolic checks of scalar claims (:mod:`.exact`):
    :func:`identity`, :func:`cheap_check`, :func:`eq_symbolic`,
    :func:`exact_refutation`, :func:`limit_of_exp`.
Numeric checks at random points (:mod:`.points`):
    :func:`at_points`, :func:`compare`, :func:`holds`, :func:`first_failure`,
    :func:`central`, ``H``.
Random networks and their ground truth (:mod:`.networks`, :mod:`.network_check`,
:mod:`.shapes`): :class:`Batch`, :func:`make_batch`, :func:`network_check`,
:class:`Side`, ``T``, :func:`mm`, :func:`had`, :func:`diag`, :func:`take`,
:func:`einsum`, :class:`ShapeMismatch`, ``NEURON_FUNCTIONS``.
SymPy networks (import inside your check functions, they load SymPy):
    :mod:`symcheck.claims.kit.symnet` (``symnet``, ``hadamard``, ``matmul``,
    ``diag``) and :mod:`symcheck.claims.kit.componentwise` (``prove_components``).

Importing this package does not import SymPy. How to write a claim:
docs/writing-claims.md.
"""

from .builders import network_claim, proof_chain, scalar_claim
from .exact import cheap_check, eq_symbolic, exact_refutation, identity, limit_of_exp
from .network_check import ATOL, RTOL, Side, close, network_check
from .networks import NEURON_FUNCTIONS, Batch, make_batch, random_sizes
from .points import H, at_points, central, compare, first_failure, holds
from .shapes import ShapeMismatch, T, diag, einsum, had, mm, take

__all__ = [
    "network_claim", "proof_chain", "scalar_claim",
    "cheap_check", "eq_symbolic", "exact_refutation", "identity", "limit_of_exp",
    "ATOL", "RTOL", "Side", "close", "network_check",
    "NEURON_FUNCTIONS", "Batch", "make_batch", "random_sizes",
    "H", "at_points", "central", "compare", "first_failure", "holds",
    "ShapeMismatch", "T", "diag", "einsum", "had", "mm", "take",
]
