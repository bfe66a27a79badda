"""The claim model (:class:`Claim`, its :class:`Setting` and family), the
runner that verifies a library of claims, and discovery.

The kit for writing claims -- constructors, exact and numeric checks, random
networks -- is :mod:`symcheck.claims.kit` (docs/writing-claims.md).

This package imports no SymPy at import time: claim modules build their SymPy
statements lazily, inside the functions they hand to :class:`Claim`.
"""

from .model import BOOK, Claim, ClaimResult, NumericOutcome, Outcome, Setting, Step, Variant, VariantResult
from .runner import verify, verify_all
from .discover import discover, default_path

__all__ = [
    "BOOK", "Claim", "Outcome", "NumericOutcome", "Setting", "Step", "Variant", "ClaimResult", "VariantResult",
    "verify", "verify_all", "discover", "default_path",
]
