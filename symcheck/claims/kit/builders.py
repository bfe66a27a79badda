"""Claim constructors: :func:`scalar_claim` and :func:`network_claim` put a
statement, its proof, its checks, its false variants and its setting into
one :class:`~symcheck.claims.model.Claim`; :func:`proof_chain` turns a
derivation whose every step has a SymPy expression into proof steps that the
runner checks link by link.

Keyword-only, so that a claim reads as a table of its parts. Nothing here
imports SymPy at import time: the symbolic checks of network claims load
:mod:`~symcheck.claims.kit.componentwise` when they first run.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Callable, Mapping, Optional, Sequence

from ..model import Claim, Setting, Step, Variant
from .exact import eq_symbolic, identity
from .network_check import Evaluate, network_check
from .points import at_points

NETWORK_ASSUMPTIONS = {"C": "any differentiable cost of a^L", "σ": "the sigmoid"}


def proof_chain(*rows: tuple[str, str], expr: Callable[[int], Any]) -> tuple[Step, ...]:
    """Proof steps whose k-th row ``(latex, why)`` has the expression
    ``expr(k)`` (built lazily, when the runner checks the chain): the runner
    proves each expression equal to the one before, so every link of the
    derivation is checked, not only its ends.

    Args:
        rows: ``(latex, why)`` per step, in order.
        expr: k -> the SymPy expression of step k (0-based).

    Returns:
        A tuple of :class:`~symcheck.claims.model.Step`, one per row.

    Examples:
        >>> steps = proof_chain((r"(x+1)^2", "definition"), (r"= x^2 + 2x + 1", "expand"),
        ...                     expr=lambda k: ["(x+1)**2", "x**2 + 2*x + 1"][k])
        >>> [s.why for s in steps], steps[1].expr()
        (['definition', 'expand'], 'x**2 + 2*x + 1')
    """
    return tuple(Step(latex, why, partial(expr, k)) for k, (latex, why) in enumerate(rows))


def scalar_claim(*, id: str, title: str, source: str, latex: str,
                 statement: Callable[[Optional[str]], Any], variants: Sequence[Variant],
                 setting: Setting, proof: Sequence[Step] = (), family: str = "",
                 assumptions: Optional[Mapping[str, str]] = None, chapter: int = 0,
                 symbolic: Optional[Callable] = None, points: Optional[Callable[[], Sequence[Mapping]]] = None,
                 numeric: Optional[Callable] = None,
                 domain: Optional[Mapping[str, tuple[float, float]]] = None) -> Claim:
    """A claim about numbers or functions (no network needed to state it).

    Args:
        id, title, source, latex: as on :class:`~symcheck.claims.model.Claim`.
        statement: variant -> SymPy relation, built lazily (import SymPy
            inside it). ``None`` is the claim, a variant's name its false version.
        variants: at least one :class:`~symcheck.claims.model.Variant`.
        setting: the network the statement holds in (``Setting()``: any).
        proof: the proof's steps (see :func:`proof_chain`).
        family: the id of the identity this claim is a form of (default: ``id``).
        assumptions: symbol -> words ("z": "real").
        chapter: the book's chapter.
        symbolic: variant -> Outcome. Default: :func:`~symcheck.claims.kit.exact.identity`
            of ``statement`` when ``points`` is None, else
            :func:`~symcheck.claims.kit.exact.eq_symbolic` at ``points()``.
        points: () -> points (symbol -> exact number) at which a false
            statement is refuted exactly; see :func:`~symcheck.claims.kit.exact.cheap_check`.
        numeric: (variant, rng, trials) -> NumericOutcome. Default:
            :func:`~symcheck.claims.kit.points.at_points` of ``statement`` over ``domain``.
        domain: symbol name -> (low, high), for the default ``numeric``.

    Returns:
        The :class:`~symcheck.claims.model.Claim`.

    Examples:
        >>> from symcheck.claims import Setting, Variant
        >>> def statement(variant=None):
        ...     import sympy as sp
        ...     x = sp.Symbol("x", real=True)
        ...     return sp.Eq((x + 1) ** 2, {None: x**2 + 2*x + 1, "no-cross-term": x**2 + 1}[variant])
        >>> claim = scalar_claim(id="square", title="A square", source="algebra", latex=r"(x+1)^2 = x^2+2x+1",
        ...                      statement=statement, setting=Setting(), domain={"x": (-3.0, 3.0)},
        ...                      variants=(Variant("no-cross-term", "2x dropped"),))
        >>> claim.family, claim.setting.describe()
        ('square', 'any network')
    """
    if numeric is None:
        if domain is None:
            raise ValueError(f"claim {id!r}: give numeric= or domain=")
        numeric = at_points(statement, domain)
    if symbolic is None:
        symbolic = identity(statement) if points is None else eq_symbolic(statement, points)
    return Claim(id=id, title=title, source=source, chapter=chapter, latex=latex, statement=statement,
                 assumptions=dict(assumptions or {}), proof=tuple(proof), symbolic=symbolic, numeric=numeric,
                 variants=tuple(variants), setting=setting, family=family)


def _componentwise():
    from . import componentwise  # lazily: imports SymPy

    return componentwise


def network_claim(*, id: str, title: str, source: str, latex: str,
                  build: Callable[[Optional[str]], tuple], evaluate: Evaluate, where: str,
                  variants: Sequence[Variant], proof: Sequence[Step], setting: Setting, family: str = "",
                  assumptions: Optional[Mapping[str, str]] = None, depths: Sequence[int] = (3, 4),
                  chapter: int = 2, methods: Sequence[str] = ("expand",), numeric: Optional[Callable] = None,
                  **batch_kw) -> Claim:
    """A claim about networks, checked symbolically on a SymPy network at
    concrete sizes and numerically against central differences of the core's
    cost over stacks of random networks.

    Args:
        id, title, source, latex, variants, proof, family, chapter: as for :func:`scalar_claim`.
        build: variant -> (lhs, rhs), SymPy matrices at concrete sizes
            (usually from :func:`symcheck.claims.kit.symnet.symnet`, imported
            inside ``build``); proved componentwise by
            :func:`~symcheck.claims.kit.componentwise.prove_components`.
        evaluate: (batch, variant) -> the :class:`~symcheck.claims.kit.network_check.Side` s
            to compare on a stack of random networks.
        where: the concrete sizes in words ("at 2-3-2, any C"), reported by the proof.
        setting: the network the statement holds in. The random networks are
            drawn in it: its cost (default quadratic when any), its activation
            (default sigmoid) and its output layer (default: the activation).
        assumptions: symbol -> words; default: any differentiable cost, the sigmoid.
        depths: the numbers of layers of the random stacks.
        methods: the rewrites of the componentwise proof ("expand", "cancel", ...).
        numeric: replaces the network check altogether (rarely needed).
        batch_kw: further keywords for :func:`~symcheck.claims.kit.networks.make_batch`
            (``m``, ``reg``, ``lmbda``, ``n``, ``modified``; a callable is
            called with (rng, sizes)); they override the ones from ``setting``.

    Returns:
        The :class:`~symcheck.claims.model.Claim`.
    """
    drawn = {"cost": setting.cost or "quadratic", "activations": setting.activation or "sigmoid"}
    if setting.output:
        drawn["output"] = setting.output
    drawn.update(batch_kw)
    return Claim(
        id=id, title=title, source=source, chapter=chapter, latex=latex,
        statement=lambda variant=None: _componentwise().statement_of(build)(variant),
        assumptions=dict(assumptions or NETWORK_ASSUMPTIONS),
        proof=tuple(proof),
        symbolic=lambda variant: _componentwise().symbolic_check(build, where, tuple(methods))(variant),
        numeric=numeric or network_check(evaluate, tuple(depths), **drawn),
        variants=tuple(variants), setting=setting, family=family,
    )
