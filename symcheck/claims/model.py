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
        setting=Setting(),            # the network it holds in: any cost, any activation
        family="sigma-prime",         # the identity it is a form of (default: its own id)
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

NEURONS = ("modified",)


@dataclass(frozen=True)
class Setting:
    """The network a claim's statement holds in, as data.

    Each field is a name from :mod:`symcheck.core` (``ACTIVATIONS``,
    ``COSTS``), or ``None`` when the claim holds whatever it is:

    - ``cost``: "quadratic", "cross-entropy", "log-likelihood"; None: any
      differentiable cost of a^L.
    - ``activation``: the hidden layers' σ ("sigmoid", "linear", "tanh", ...);
      None: any activation (or no network at all).
    - ``output``: the output layer's activation ("sigmoid", "linear",
      "softmax", ...); None: any.
    - ``neuron``: "modified" when one neuron uses its own activation f; None
      when every neuron of a layer uses the layer's activation.

    ``Setting()`` is a claim that holds in any network (an identity between
    functions, such as σ' = σ(1 − σ)).

    Examples:
        >>> Setting(cost="cross-entropy", output="sigmoid").departures()
        {'cost': 'cross-entropy'}
        >>> Setting(activation="linear", output="linear").departures()
        {'activation': 'linear', 'output': 'linear'}
    """

    cost: Optional[str] = None
    activation: Optional[str] = None
    output: Optional[str] = None
    neuron: Optional[str] = None

    def __post_init__(self):
        from ..core.activations import ACTIVATIONS
        from ..core.costs import COSTS

        for name, value, known in (("cost", self.cost, COSTS), ("activation", self.activation, ACTIVATIONS),
                                   ("output", self.output, ACTIVATIONS), ("neuron", self.neuron, NEURONS)):
            if value is not None and value not in known:
                raise ValueError(f"Setting.{name} = {value!r}: expected one of {sorted(known)} or None")

    def departures(self) -> dict[str, str]:
        """The fields in which this setting narrows the book's default network
        (:data:`BOOK`: sigmoid neurons throughout, any cost): a text must be
        working in these (say, with a linear output layer) for the claim to
        be about it. Returns field name -> value, in field order."""
        out = {}
        for name in ("cost", "activation", "output", "neuron"):
            value = getattr(self, name)
            if value is not None and value != getattr(BOOK, name):
                out[name] = value
        return out

    def describe(self) -> str:
        """One line for people: "cost cross-entropy, output sigmoid", or "any network"."""
        parts = [f"{name} {getattr(self, name)}" for name in ("cost", "activation", "output", "neuron")
                 if getattr(self, name) is not None]
        return ", ".join(parts) if parts else "any network"


BOOK = Setting(activation="sigmoid", output="sigmoid")
"""The book's default network (NNDL ch. 1-2): sigmoid neurons throughout, any cost."""


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
    """A deliberately false version of a claim that the checks must reject.

    ``name`` is what the claim's functions receive as ``variant``;
    ``description`` says what is wrong, in words; ``latex`` is the variant as
    people write it (the grader recognises a step that states it); ``hint``
    what to tell someone who wrote it (default: the claim's statement).
    """

    name: str
    description: str
    latex: str = ""
    hint: str = ""


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
    """A statement of the library, its proof, its checks and its false variants.

    Fields: ``id`` (unique, lower-case with dashes), ``title``, ``source`` (in
    the book), ``latex`` (the statement as people write it), ``statement``
    (variant -> SymPy relation, built lazily), ``symbolic`` (variant ->
    :class:`Outcome`), ``numeric`` ((variant, rng, trials) ->
    :class:`NumericOutcome`), ``assumptions`` (symbol -> words), ``proof``
    (ordered :class:`Step` s), ``variants`` (false versions, at least one),
    ``chapter``, ``module`` (set by discovery), ``setting`` (the network the
    statement holds in, :class:`Setting`; ``None``: not declared, and then the
    grader never uses the claim) and ``family`` (the id of the identity this
    claim is a form of: ``bp1`` for ``bp1``, ``bp1-matrix`` and ``bp1-diag``;
    defaults to the claim's own id).

    Build claims with :mod:`symcheck.claims.kit` (``scalar_claim``,
    ``network_claim``); see docs/writing-claims.md.
    """

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
    setting: Optional[Setting] = None
    family: str = ""

    def __post_init__(self):
        if not self.family:
            object.__setattr__(self, "family", self.id)
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
