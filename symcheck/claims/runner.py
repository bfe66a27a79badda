"""Verify claims: symbolic proof, numeric check, and the false variants.

A claim is ``verified`` when its symbolic check proves it and the numbers
agree; ``numeric-only`` when the numbers agree but the symbolic check was
inconclusive or ran out of time (not the same as refuted); ``refuted`` with a
concrete counterexample; ``error`` when a check itself broke. A claim passes
only when, in addition, every false variant is rejected.
"""

from __future__ import annotations

import logging
import time
import zlib
from typing import Callable, Iterable, Optional

import numpy as np

from ..errors import CheckTimeout
from .model import Claim, ClaimResult, Outcome, VariantResult

log = logging.getLogger(__name__)


def claim_rng(seed: int, claim_id: str, k: int = 0) -> np.random.Generator:
    """The generator for a claim (k=0) or its k-th false variant: the same
    seed gives the same draws whatever else runs."""
    return np.random.default_rng([seed, zlib.crc32(claim_id.encode()), k])


def _symbolic(claim: Claim, variant: Optional[str], timeout: float) -> Outcome:
    from ..symbolic import time_limit  # lazily: imports SymPy

    try:
        with time_limit(timeout):
            out = claim.symbolic(variant)
    except CheckTimeout:
        return Outcome(None, f"timeout ({timeout:g} s)")
    if out.holds and variant is None and claim.proof and all(s.expr for s in claim.proof):
        out = _check_proof_chain(claim, timeout) or out
    return out


def _check_proof_chain(claim: Claim, timeout: float) -> Optional[Outcome]:
    """When every proof step carries an expression, check each link of the chain."""
    from ..symbolic import prove_equal

    exprs = [s.expr() for s in claim.proof]
    for k in range(1, len(exprs)):
        ok, how = prove_equal(exprs[k - 1], exprs[k], timeout)
        if not ok:
            return Outcome(None, f"proof step {k + 1} not verified ({how})")
    return None


def verify(claim: Claim, seed: int = 0, networks: int = 64, timeout: float = 3.0,
           variant_timeout: float = 1.0) -> ClaimResult:
    """Verify one claim and its false variants."""
    start = time.perf_counter()
    try:
        sym = _symbolic(claim, None, timeout)
        num = claim.numeric(None, claim_rng(seed, claim.id), networks)
    except Exception as exc:  # a broken check is reported, not raised
        log.warning("claim %s: a check raised", claim.id, exc_info=True)
        return ClaimResult(claim, "error", Outcome(None, "error"), None, (), time.perf_counter() - start,
                           error=f"{type(exc).__name__}: {exc}")
    if not num.ok or sym.holds is False:
        status = "refuted"
    elif sym.holds:
        status = "verified"
    else:
        status = "numeric-only"

    variants = []
    error = ""
    for k, v in enumerate(claim.variants, start=1):
        try:
            vnum = claim.numeric(v.name, claim_rng(seed, claim.id, k), networks)
            vsym = _symbolic(claim, v.name, variant_timeout)
        except Exception as exc:  # reported as not rejected: a check that raises rejects nothing
            log.warning("claim %s, variant %s: a check raised", claim.id, v.name, exc_info=True)
            variants.append(VariantResult(v.name, v.description, False, f"check raised {type(exc).__name__}: {exc}"))
            continue
        if vsym.holds:
            # A symbolic check that "proves" a false statement is unsound.
            error = f"symbolic check proved false variant {v.name!r} ({vsym.method})"
            variants.append(VariantResult(v.name, v.description, False, "symbolic check proved it"))
        elif not vnum.ok:
            variants.append(VariantResult(v.name, v.description, True, "counterexample", vnum.counterexample))
        elif vsym.holds is False:
            variants.append(VariantResult(v.name, v.description, True, f"exact refutation: {vsym.detail}"))
        else:
            variants.append(VariantResult(v.name, v.description, False, "no check rejected it"))
    if error:
        status = "error"
    return ClaimResult(claim, status, sym, num, tuple(variants), time.perf_counter() - start, error)


def verify_all(claims: Iterable[Claim], seed: int = 0, networks: int = 64,
               progress: Optional[Callable[[ClaimResult], None]] = None, **kw) -> list[ClaimResult]:
    results = []
    for c in claims:
        r = verify(c, seed=seed, networks=networks, **kw)
        results.append(r)
        if progress:
            progress(r)
    return results


def summary(results: list[ClaimResult], seconds: float) -> dict:
    count = lambda s: sum(r.status == s for r in results)
    return {
        "total": len(results),
        "verified": count("verified"),
        "numeric_only": count("numeric-only"),
        "refuted": count("refuted"),
        "error": count("error"),
        "variants_total": sum(len(r.variants) for r in results),
        "variants_rejected": sum(r.variants_rejected for r in results),
        "seconds": round(seconds, 3),
    }
