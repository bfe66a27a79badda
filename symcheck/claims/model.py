"""What a claim is, and what verifying one produces.

A claim puts its statement next to its proof and its numeric check::

    Claim(
        id="sigma-prime", title="Derivative of the sigmoid",
        source="NNDL ch. 2, after eq. (BP4)",
        latex=r"\\sigma'(z) = \\sigma(z)(1-\\sigma(z))",
        statement=statement,          # variant -> SymPy relation (lazy)
        assumptions={"z": "real"},
        proof=(Step(...), ...),       # ordered steps, each with a justification
        symbolic=symbolic,            # variant -> Outcome  (proves, or is inconclusive)
        numeric=numeric,              # (variant, rng, networks) -> NumericOutcome
        variants=(Variant("sign", "sign flipped"), ...),
    )

``variant`` is ``None`` for the claim itself, or the name of one of its false
variants. Every function a claim carries takes it, so the same code that
checks the claim checks its false variants: a check that cannot fail shows up
as a variant that is not rejected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Literal, Mapping, Optional

Status = Literal["verified", "numeric-only", "refuted", "error"]


@dataclass(frozen=True)
class Step:
    """One step of a proof: ``latex`` is the step as written (usually ``= ...``
    or a relation), ``why`` its justification ("chain rule", "BP1", ...).

    ``expr`` optionally builds the step's SymPy expression; when every step of
    a proof has one, the runner checks each link of the chain symbolically.
    """

    latex: str
    why: str
    expr: Optional[Callable[[], Any]] = None


@dataclass(frozen=True)
class Variant:
    """A deliberately false version of a claim that the checks must reject."""

    name: str
    description: str
    latex: str = ""


@dataclass(frozen=True)
class Outcome:
    """A symbolic check's answer. ``holds`` is True (proved) or None
    (inconclusive / timed out). A symbolic check may answer False only when an
    exact evaluation refutes the statement (e.g. at a rational point), and
    then ``detail`` says where."""

    holds: Optional[bool]
    method: str
    detail: str = ""


@dataclass(frozen=True)
class NumericOutcome:
    """A numeric check's answer: did both sides agree on every trial?

    ``trials`` counts random networks (or random points where no network is
    involved); ``max_rel_error`` is the largest relative disagreement seen.
    When ``ok`` is False, ``counterexample`` names the network or point (seed,
    sizes or values) and the values of both sides.
    """

    ok: bool
    trials: int
    max_rel_error: float
    counterexample: Optional[Mapping[str, Any]] = None
    kind: str = "points"  # "networks" or "points"


@dataclass(frozen=True)
class Claim:
    id: str
    title: str
    source: str
    latex: str
    statement: Callable[[Optional[str]], Any]
    symbolic: Callable[[Optional[str]], Outcome]
    numeric: Callable[[Optional[str], Any, int], NumericOutcome]
    assumptions: Mapping[str, str] = field(default_factory=dict)
    proof: tuple[Step, ...] = ()
    variants: tuple[Variant, ...] = ()
    chapter: int = 0
    module: str = ""
    family: str = ""  # the claim this one is a form of ("bp1" for bp1-matrix, bp1-diag); "" for its own family

    def __post_init__(self):
        if not self.variants:
            raise ValueError(f"claim {self.id!r} has no false variants: a check that cannot fail proves nothing")
        names = [v.name for v in self.variants]
        if len(set(names)) != len(names):
            raise ValueError(f"claim {self.id!r} has duplicate variant names")

    def _repr_html_(self) -> str:
        """Jupyter: the statement as MathML (escaped source when it cannot be rendered)."""
        from ..mathml import claim_html

        return claim_html(self)


@dataclass(frozen=True)
class VariantResult:
    name: str
    description: str
    rejected: bool
    how: str  # "counterexample" / "exact refutation" / why it was not rejected
    counterexample: Optional[Mapping[str, Any]] = None


@dataclass(frozen=True)
class ClaimResult:
    claim: Claim
    status: Status
    symbolic: Outcome
    numeric: Optional[NumericOutcome]
    variants: tuple[VariantResult, ...]
    seconds: float
    error: str = ""

    @property
    def variants_rejected(self) -> int:
        return sum(v.rejected for v in self.variants)

    @property
    def passed(self) -> bool:
        """The claim holds and every false variant was rejected."""
        return self.status in ("verified", "numeric-only") and self.variants_rejected == len(self.variants)

    def to_json(self) -> dict:
        return {
            "id": self.claim.id,
            "status": self.status,
            "symbolic_method": self.symbolic.method,
            "numeric": {
                "networks": self.numeric.trials if self.numeric else 0,
                "max_rel_error": self.numeric.max_rel_error if self.numeric else None,
            },
            "false_variants": {"total": len(self.variants), "rejected": self.variants_rejected},
            "seconds": round(self.seconds, 4),
        }
