"""Meaning: is an equation in this notation true?

- shapes first: a side that is ill-formed, or two sides of different shapes,
  is ``incorrect`` (check "exact shape", both shapes named);
- plain scalar algebra: numbers alone are evaluated exactly (within the
  precision the student printed); otherwise a bounded exact proof
  (:func:`symcheck.symbolic.prove_equal`) and then random points of the
  symbols' domains (a disagreement is a counterexample: the point and both
  values);
- network notation: both sides are evaluated with numpy on stacks of random
  networks from :mod:`symcheck.core` (``ctx.trials`` networks in two shapes);
  a general layer l is drawn at random, L is the output layer; δ^l and the
  gradients come from the core's backprop (itself checked against finite
  differences by the claim library).

Tolerance: |u - v| <= ATOL + RTOL·max(|u|, |v|) with RTOL = 1e-7, ATOL = 1e-9;
for a side that is a decimal printed with k places, half a unit in the k-th
place plus one unit (students round intermediate results).

Anything that cannot be evaluated (a sum with a symbolic number of terms, a layer
beyond the output, a huge exponent) is ``unchecked`` ("unsupported", with the reason).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

import sympy as sp

from ..verdict import Cause, CheckKind, NoteKind, Verdict
from . import vocab as V
from .evaluate import ShapeError
from .annotations import label_verdict
from .indices import index_verdict
from .gradients import check as vector_check
from .derivatives import LAYOUTS, NUMERATOR, has_jacobian, in_layout, with_layout
from .cases import by_cases, has_cases
from .jacobian import scalar_sides
from .scalar import scalar_check
from .shapes import describe, infer
from .generic_activation import TRIED, as_activation, combine, generic_names, two_names
from .random_networks import network_check

# --- entry points -----------------------------------------------------------------
ARBITRARY = ("const", "constant")

_INTERNAL = (TypeError, ValueError, AttributeError, IndexError, ZeroDivisionError, OverflowError, RecursionError,
             NotImplementedError)


def _guarded(fn):
    """A SymPy or numpy failure on an odd input is an unchecked verdict, never a crash."""

    def run(*args):
        try:
            return fn(*args)
        except _INTERNAL as exc:
            return Verdict.unchecked(Cause.UNSUPPORTED, f"cannot evaluate this ({type(exc).__name__}: {str(exc)[:80]})")

    run.__name__, run.__doc__ = fn.__name__, fn.__doc__
    return run


@_guarded
def check_equation(lhs, rhs, ctx, printed=None) -> Verdict:
    """``lhs = rhs``. ``printed``: for each side, the :class:`~.equality.Printed`
    number it is (or None); without it, whether a decimal was printed is unknown.
    A Jacobian ∂X/∂Y of vectors is checked in both layouts (:mod:`.derivatives`); a
    definition by cases branch by branch (:mod:`.cases`)."""
    lhs, rhs = scalar_sides(lhs, rhs, ctx)  # one neuron per layer, where established (.one_neuron)
    if has_cases(lhs) or has_cases(rhs):
        return by_cases(lhs, rhs, ctx, check_equation, lambda u, v, c: _equation(u, v, c, printed), printed)
    if not (has_jacobian(lhs) or has_jacobian(rhs)):
        return _equation(lhs, rhs, ctx, printed)
    if ctx.layout in LAYOUTS:  # the text states its layout: that reading is established
        return in_layout(lhs, rhs, ctx.layout, lambda u, v: _equation(u, v, ctx, printed))
    by = {k: _equation(with_layout(lhs, k), with_layout(rhs, k), ctx, printed) for k in LAYOUTS}
    got = {v.verdict for v in by.values()}
    if got == {"incorrect"} and all(v.check is not None and v.check.is_shape for v in by.values()):
        return Verdict.unchecked(Cause.AMBIGUOUS, "∂X/∂Y of vectors set equal to a value of another shape: "
                                 "it may be meant elementwise (the vector of ∂X_j/∂Y_j), which is not modelled")
    if len(got) == 1:
        return by[NUMERATOR]
    if "incorrect" in got and "correct" in got:
        right = next(k for k, v in by.items() if v.verdict == "correct")
        return Verdict.unchecked(Cause.AMBIGUOUS, f"a Jacobian written without components: correct in "
                                 f"{LAYOUTS[right]}, incorrect in {LAYOUTS[1 - right]}; the file has not said "
                                 "which layout it uses")
    return next(v for v in by.values() if v.verdict == "unchecked")


def _equation(lhs, rhs, ctx, printed=None) -> Verdict:
    names = generic_names(lhs, rhs)  # g'(z^l) with g undefined: the activation, whatever it is
    if names:
        return two_names(names) if len(names) > 1 else combine(names[0], {a: _equation(
            as_activation(lhs, names[0]), as_activation(rhs, names[0]), replace(ctx, activation=a, output=None),
            printed) for a in TRIED})
    for side in (lhs, rhs):
        bad = _unsupported_reason(side)
        if bad:
            return Verdict.unchecked(Cause.UNSUPPORTED, bad)
    shape = _shape_verdict(lhs, rhs)
    if shape is not None and not (_plain_scalar(lhs) and _plain_scalar(rhs)):
        return shape  # (on plain commutative names, a shape failure is a guess: they are read as numbers)
    vector = vector_check(lhs, "=", rhs, ctx)  # ∇C, Δv, ·, ⊗, ‖·‖: random interpretations (.gradients)
    if vector is not None:
        return vector
    if _is_vectorish(lhs) or _is_vectorish(rhs):
        return _within_printed_entries(network_check(lhs, rhs, ctx), lhs, rhs)
    return scalar_check(lhs, rhs, ctx, "=", printed)


def _within_printed_entries(v: Verdict, lhs, rhs) -> Verdict:
    """A vector or matrix whose entries may be printed decimals (``(0.33, 0.2)``:
    the reader keeps them as the rationals 33/100 and 1/5) is not accused on a
    difference that the coarsest such entry's printed digits could explain:
    printed entries stand for intervals, and the component found is only the
    first that differs. Such a difference leaves the step unchecked."""
    import sympy as sp

    if v.verdict != "incorrect" or not isinstance(v.counterexample, dict):
        return v
    places = [_decimal_places(q) for side in (lhs, rhs) if isinstance(side, sp.Basic)
              for q in side.atoms(sp.Rational) if not q.is_integer]
    places = [k for k in places if k is not None]
    if not places:
        return v
    half = 0.5 * 10.0 ** -min(places)
    try:
        diff = abs(float(v.counterexample["lhs"]) - float(v.counterexample["rhs"]))
    except (KeyError, TypeError, ValueError):
        return v
    if diff > half * (1 + 1e-9):
        return v
    return Verdict.unchecked(Cause.AMBIGUOUS, f"the entries differ by {diff:.3g}, which decimals printed to "
                             f"{min(places)} place{'' if min(places) == 1 else 's'} could explain: printed entries are not compared to their digits")


def _decimal_places(q) -> Optional[int]:
    """The places a rational needs as a decimal (33/100 -> 2, 1/5 -> 1), None if it has no finite decimal."""
    den, k = int(q.q), 0
    while den % 10 == 0:
        den //= 10
        k += 1
    while den % 2 == 0 or den % 5 == 0:
        den //= 2 if den % 2 == 0 else 5
        k += 1
    return k if den == 1 and k <= 15 else None


@_guarded
def check_relation(reading_or_parts, ctx, printed=None) -> Verdict:
    if not isinstance(reading_or_parts, tuple):
        return check_reading(reading_or_parts, ctx)
    lhs, rel, rhs = reading_or_parts
    if rel == "=":
        return check_equation(lhs, rhs, ctx, printed)
    vector = vector_check(lhs, rel, rhs, ctx)  # ≈ as the first-order model, Cauchy–Schwarz (.gradients)
    if vector is not None:
        return vector
    if rel not in ("<", "<=", ">", ">=", "!="):
        return Verdict.unchecked(Cause.UNSUPPORTED, f"the relation {_REL_TEXT.get(rel, rel)} is not checked"
                                 + (" (it states an assumption)" if rel == "in" else ""))
    for side in (lhs, rhs):
        bad = _unsupported_reason(side)
        if bad:
            return Verdict.unchecked(Cause.UNSUPPORTED, bad)
    if _is_vectorish(lhs) or _is_vectorish(rhs):
        return Verdict.unchecked(Cause.UNSUPPORTED, "inequalities between vectors are not checked")
    return scalar_check(lhs, rhs, ctx, rel, printed)


def check_reading(reading, ctx) -> Verdict:
    """Every link of a reading's chain; the first incorrect link decides, else the
    first real link that is not correct, else correct. Definitions of a name
    (``x = 3``) do not count as checked links."""
    from .equality import literal, malformed_number, side_spans
    from .readings import unless_read_otherwise

    if getattr(reading, "alternatives", ()):  # several plausible readings: notation.readings decides
        from .readings import check_alternatives

        return check_alternatives(reading, ctx, check_reading)
    bad = malformed_number(reading.source)
    if bad:
        return Verdict.unchecked(Cause.UNPARSED, f"a malformed number: {bad}")
    spans = side_spans(reading.source, len(reading.parts))
    known = spans is not None
    printed = [literal(reading.source, a, b) for a, b in spans] if known else []
    links = [(i, r) for i, r in enumerate(reading.relations) if r != ";"]
    if not links:
        return Verdict.unchecked(Cause.UNSUPPORTED, "an expression alone: nothing to check")
    label = label_verdict(reading.source)
    if label is not None:
        return label
    verdicts = []
    for i, r in links:
        sides = (printed[i], printed[i + 1]) if known else None
        v = check_relation((reading.parts[i], r, reading.parts[i + 1]), ctx, sides)
        if v.verdict != "correct" and r == "=":
            v = index_verdict(reading.parts[i], reading.parts[i + 1], tuple(ctx.given or ())) or v
        verdicts.append(v)
    for v in verdicts:
        if v.verdict == "incorrect" and v.check is CheckKind.SEMANTICS:
            return v  # decided under every reading (summed or not)
        if v.verdict == "incorrect":
            return unless_read_otherwise(reading, v, ctx, check_reading)
    real = [v for v in verdicts if not _is_definition(v)]
    for v in real:
        if v.verdict != "correct":
            return v
    return real[-1] if real else verdicts[0]


def _is_definition(v: Verdict) -> bool:
    return v.verdict == "unchecked" and any(n.kind is NoteKind.DEFINITION for n in v.notes)


# --- shapes ---------------------------------------------------------------------------
def _shape_verdict(lhs, rhs) -> Optional[Verdict]:
    try:
        sl = infer(lhs)
    except ShapeError as exc:
        return Verdict.incorrect(CheckKind.EXACT_SHAPE, f"the left side is ill-formed: {exc}")
    try:
        sr = infer(rhs)
    except ShapeError as exc:
        return Verdict.incorrect(CheckKind.EXACT_SHAPE, f"the right side is ill-formed: {exc}")
    if sl is None or sr is None or lhs == 0 or rhs == 0:
        return None
    if len(sl) != len(sr) or (sl and not all(_dims_may_match(a, b) for a, b in zip(sl, sr))):
        return Verdict.incorrect(CheckKind.EXACT_SHAPE, f"a {describe(sl)} is set equal to a {describe(sr)}",
                                 counterexample={"lhs_shape": describe(sl), "rhs_shape": describe(sr)})
    return None


def _plain_scalar(e) -> bool:
    """Commutative, with no network quantity or operation: the reader read it as a number."""
    return isinstance(e, sp.Basic) and not isinstance(e, sp.MatrixBase) and e.is_commutative and not V.is_network(e)


def _dims_may_match(a, b) -> bool:
    if a is None or b is None or isinstance(a, int) != isinstance(b, int):
        return True
    return a == b


def _is_vectorish(e) -> bool:
    return isinstance(e, sp.Basic) and (not e.is_commutative or bool(e.atoms(V.Comp, V.Grad, V.Q)))


def _unsupported_reason(e) -> Optional[str]:
    if isinstance(e, sp.MatrixBase):
        return None
    if not isinstance(e, sp.Basic):
        return "not an expression"
    if isinstance(e, sp.Set):
        return "a set or interval"
    if any(s.name in ARBITRARY for s in e.free_symbols if isinstance(s, sp.Symbol)):
        return "an arbitrary constant: an equation that holds up to a constant is not checked"
    for p in e.atoms(sp.Pow):
        ex = p.exp
        if (ex.is_Number and abs(ex) > 10_000) or (isinstance(ex, sp.Pow) and not ex.free_symbols):
            return "a huge exponent is not evaluated"
    return None


# --- networks -------------------------------------------------------------------------------
_REL_TEXT = {"in": "∈", "~": "≈", "->": "→", "=>": "⇒", "<=>": "⇔"}
