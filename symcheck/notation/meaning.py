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

Anything that cannot be evaluated (an undefined function such as C(α), a sum
with a symbolic number of terms, a layer beyond the output, a huge exponent)
is ``unchecked`` with cause "unsupported" and the reason.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import sympy as sp

from ..symbolic import prove_equal, relu, sigmoid
from ..verdict import Cause, CheckKind, Note, NoteKind, Verdict
from . import vocab as V
from .shapes import ShapeError, describe, infer

RTOL, ATOL = 1e-7, 1e-9
N0 = 3                    # the size given to a vector of unknown / symbolic size
EXAMPLES = 3              # terms of a sum over training examples
DEFAULT_DOMAIN = (-2.0, 2.0)
UNIT_DOMAIN = (0.05, 0.95)
DEPTHS = (4, 5)
BATCH_SIZE = 3            # examples per network when a mini-batch (m, A^l, Δ^l) is mentioned


class Unsupported(Exception):
    """This expression cannot be evaluated; the message says why."""


# --- entry points -----------------------------------------------------------------
ARBITRARY = ("const", "constant")


MAX_TERMS = 1000          # a written-out sum longer than this is not evaluated

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
    number it is (or None); without it, whether a decimal was printed is unknown."""
    for side in (lhs, rhs):
        bad = _unsupported_reason(side)
        if bad:
            return Verdict.unchecked(Cause.UNSUPPORTED, bad)
    shape = _shape_verdict(lhs, rhs)
    if shape is not None and not (_plain_scalar(lhs) and _plain_scalar(rhs)):
        return shape  # (on plain commutative names, a shape failure is a guess: they are read as numbers)
    if _is_vectorish(lhs) or _is_vectorish(rhs):
        return _network_check(lhs, rhs, ctx)
    return _scalar_check(lhs, rhs, ctx, "=", printed)


@_guarded
def check_relation(reading_or_parts, ctx, printed=None) -> Verdict:
    if not isinstance(reading_or_parts, tuple):
        return check_reading(reading_or_parts, ctx)
    lhs, rel, rhs = reading_or_parts
    if rel == "=":
        return check_equation(lhs, rhs, ctx, printed)
    if rel not in ("<", "<=", ">", ">=", "!="):
        return Verdict.unchecked(Cause.UNSUPPORTED, f"the relation {_REL_TEXT.get(rel, rel)} is not checked"
                                 + (" (it states an assumption)" if rel == "in" else ""))
    for side in (lhs, rhs):
        bad = _unsupported_reason(side)
        if bad:
            return Verdict.unchecked(Cause.UNSUPPORTED, bad)
    if _is_vectorish(lhs) or _is_vectorish(rhs):
        return Verdict.unchecked(Cause.UNSUPPORTED, "inequalities between vectors are not checked")
    return _scalar_check(lhs, rhs, ctx, rel, printed)


def check_reading(reading, ctx) -> Verdict:
    """Every link of a reading's chain; the first incorrect link decides, else the
    first real link that is not correct, else correct. Definitions of a name
    (``x = 3``) do not count as checked links."""
    from .equality import literal, malformed_number, side_spans

    bad = malformed_number(reading.source)
    if bad:
        return Verdict.unchecked(Cause.UNPARSED, f"a malformed number: {bad}")
    spans = side_spans(reading.source, len(reading.parts))
    known = spans is not None
    printed = [literal(reading.source, a, b) for a, b in spans] if known else []
    links = [(i, r) for i, r in enumerate(reading.relations) if r != ";"]
    if not links:
        return Verdict.unchecked(Cause.UNSUPPORTED, "an expression alone: nothing to check")
    verdicts = []
    for i, r in links:
        sides = (printed[i], printed[i + 1]) if known else None
        verdicts.append(check_relation((reading.parts[i], r, reading.parts[i + 1]), ctx, sides))
    for v in verdicts:
        if v.verdict == "incorrect":
            return _unless_read_otherwise(reading, v)
    real = [v for v in verdicts if not _is_definition(v)]
    for v in real:
        if v.verdict != "correct":
            return v
    return real[-1] if real else verdicts[0]


def _unless_read_otherwise(reading, v: Verdict) -> Verdict:
    """An incorrect verdict stands only if no other plausible reading of the step exists."""
    from .ambiguity import other_reading

    why = other_reading(reading.source, reading.parts, v.check is not None and v.check.is_shape)
    if why is None:
        return v
    return Verdict.unchecked(Cause.AMBIGUOUS, why, notes=(Note(NoteKind.READER_FOUND,
                                                               f"under the reader's reading: {v.reason}"),))


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


# --- scalar algebra ------------------------------------------------------------------------
def _prepare_scalar(e, ctx):
    """Give σ the context's activation, σ' its derivative, substitute given values,
    and carry out derivatives of explicit expressions."""
    e = _substitute_given(e, ctx)
    act = _sym_activation(ctx.activation)
    e = e.replace(lambda u: isinstance(u, V.SigmaD), lambda u: _sym_sigma_d(act, u.args[0], int(u.args[1])))
    if ctx.activation != "sigmoid":
        e = e.replace(sigmoid, act)
    e = e.replace(lambda u: isinstance(u, (sp.Derivative, sp.Subs)), lambda u: u.doit())
    return e


def _sym_activation(name):
    return {"sigmoid": sigmoid, "tanh": sp.tanh, "relu": relu, "linear": sp.Lambda(V.l, V.l)}.get(name, sigmoid)


def _sym_sigma_d(act, arg, order):
    t = sp.Dummy("t", real=True)
    return sp.diff(act(t), t, order).subs(t, arg)


def _substitute_given(e, ctx):
    if not ctx.given:
        return e
    by_name = {s.name: s for s in e.free_symbols if isinstance(s, sp.Symbol)}
    subs = {}
    for k, v in ctx.given.items():
        if isinstance(v, sp.Lambda):
            e = e.replace(sp.Function(k, real=True), v)
        elif k in by_name:
            subs[by_name[k]] = v if isinstance(v, sp.Basic) else _exact_given(v)
    return e.xreplace(subs) if subs else e


def _exact_given(v):
    """A given number as SymPy: an int exactly, a float as the decimal it prints as."""
    if isinstance(v, (int, np.integer)):
        return sp.Integer(int(v))
    return sp.Rational(repr(float(v))) if np.isfinite(float(v)) else sp.Float(v)


def _scalar_check(lhs, rhs, ctx, rel, printed=None) -> Verdict:
    try:
        u, v = _prepare_scalar(lhs, ctx), _prepare_scalar(rhs, ctx)
    except (TypeError, ValueError, NotImplementedError) as exc:
        return Verdict.unchecked(Cause.UNSUPPORTED, f"cannot prepare the sides ({type(exc).__name__})")
    why = _undefined(u) or _undefined(v)
    if why:
        return Verdict.unchecked(Cause.UNSUPPORTED, why)
    free = sorted(_value_symbols(u) | _value_symbols(v), key=lambda s: s.name)
    for side, other in ((lhs, rhs), (rhs, lhs)):
        if rel == "=" and isinstance(side, sp.Symbol) and side.name not in ctx.given and side not in other.free_symbols:
            return Verdict.unchecked(Cause.UNSUPPORTED, f"a definition of {side}: nothing to check",
                                     notes=(Note(NoteKind.DEFINITION, f"{side} is defined here"),))
    plain = not (u.has(V.ExampleSum, V.IndexSum, sp.Indexed) or v.has(V.ExampleSum, V.IndexSum, sp.Indexed))
    if not free and not (u.has(V.ExampleSum, sp.Indexed) or v.has(V.ExampleSum, sp.Indexed)):
        return _arithmetic(lhs, rhs, u, v, rel, printed)
    if rel == "=":
        ok, how = prove_equal(u, v, timeout=1.0) if plain else (None, "")
        if ok:
            return Verdict.correct(CheckKind.EXACT, f"proved equal ({how})")
    condition = (rel != "=" and bool(free)) or (rel == "=" and _value_symbols(u) != _value_symbols(v))
    return _at_points(u, v, free, ctx, rel, plain, condition)


def _value_symbols(e):
    """Free symbols that take values (not index symbols, not the names of indexed vectors)."""
    labels = {ix.base.label for ix in e.atoms(sp.Indexed)}
    indices = _free_index_symbols(e) | {s.args[1] for s in e.atoms(V.IndexSum)}
    for s in e.atoms(sp.Sum):
        indices |= {lim[0] for lim in s.limits}
    return {s for s in e.free_symbols if isinstance(s, sp.Symbol) and s not in labels and s not in indices}


def _undefined(e) -> Optional[str]:
    for name in sorted({type(f).__name__ for f in e.atoms(sp.core.function.AppliedUndef)}):
        return f"{name}(...) is not defined by the equation (define it earlier, or it cannot be evaluated)"
    if e.atoms(sp.Derivative, sp.Subs):
        return "a derivative that cannot be carried out"
    for s in e.atoms(sp.Sum):
        if any(not (lim.is_number or isinstance(lim, sp.Symbol)) for lim in s.limits[0][1:]):
            return "a sum whose limits are expressions"
    if e.atoms(V.Diag, V.Norm):
        return "a vector operation in a scalar equation"
    return None


def _arithmetic(lhs, rhs, u, v, rel, printed) -> Verdict:
    """Numbers on both sides: exact, with a printed decimal standing for the
    interval its digits imply (:mod:`.equality`)."""
    from .equality import compare_numbers, show

    for side in (u, v):
        for s in side.atoms(sp.Sum):
            lo, hi = s.limits[0][1:]
            if not (lo.is_Integer and hi.is_Integer) or hi - lo >= MAX_TERMS:
                return Verdict.unchecked(Cause.UNSUPPORTED, f"a sum of more than {MAX_TERMS} terms")
    u, v = u.doit(), v.doit()
    sides = printed or (None, None)
    slack = sum((p.half_unit for p in sides if p is not None), sp.Integer(0))
    d = compare_numbers(u, v, rel, slack, open_ends=all(p is not None for p in sides))
    if d.lhs is None or d.rhs is None or not (np.isfinite(d.lhs) and np.isfinite(d.rhs)):
        return Verdict.unchecked(Cause.UNSUPPORTED, "a side is not a finite real number")
    if d.holds is None:
        return Verdict.unchecked(Cause.UNSUPPORTED, "the two sides are too close to tell apart at 60 digits")
    places = [p.decimals for p in sides if p is not None and p.decimals] if rel in ("=", "!=") else []
    how = f"within the {_places(min(places))} printed" if places else "exactly"
    if d.holds:
        return Verdict.correct(CheckKind.ARITHMETIC, f"{show(u)} {rel} {show(v)} ({how})")
    if printed is None and any(_maybe_printed(x) for x in (lhs, rhs)):
        return Verdict.unchecked(Cause.AMBIGUOUS, "a side may be a rounded decimal, and the printed digits are "
                                                  "not known here")
    return Verdict.incorrect(CheckKind.ARITHMETIC,
                             f"the left side is {show(u)}, the right side {show(v)}"
                             + (f", even allowing for the {_places(min(places))} printed" if places else "")
                             if rel == "=" else f"{show(u)} {rel} {show(v)} is false",
                             counterexample={"lhs": d.lhs, "rhs": d.rhs})


def _maybe_printed(e) -> bool:
    """A terminating decimal that is not an integer: it may have been printed rounded."""
    return isinstance(e, sp.Rational) and not e.is_Integer and all(p in (2, 5) for p in sp.factorint(e.q))


def _at_points(u, v, free, ctx, rel, plain=True, condition=False) -> Verdict:
    """``u rel v`` at random points. ``condition``: the relation may state a condition
    on its unknowns (sides with different unknowns, an inequality) rather than an
    identity, so a point where it fails is no proof of an error."""
    from .equality import describe_domains, domain_of
    from .identity import float_tie_check

    rng = np.random.default_rng([ctx.seed, 7])
    count = max(ctx.trials, 8) * 2
    both = u - v if rel == "=" else u + v
    env = _Env(count, rng, ctx)
    sizes = {lim for side in (u, v) for s in side.atoms(sp.Sum) for lim in s.limits[0][1:] if isinstance(lim, sp.Symbol)}
    for s in sizes:  # \sum_{k=1}^{n}: n is the size of the vectors, N0 here
        env.scalars[s.name] = np.full(count, float(N0))
    free = [s for s in free if s not in sizes]
    for s in free:
        if not s.is_commutative:
            return Verdict.unchecked(Cause.UNSUPPORTED, f"{s} is a vector here")
        lo, hi = domain_of(s, both, ctx.domains)
        env.scalars[s.name] = rng.uniform(lo, hi, size=count)
    try:
        env.bind_indices(u, v)
        with np.errstate(all="ignore"):
            a = env.ev(u).reshape(count, -1)[:, 0]
            b = env.ev(v).reshape(count, -1)[:, 0]
    except Unsupported as exc:
        return Verdict.unchecked(Cause.UNSUPPORTED, str(exc))
    except ShapeError as exc:
        return Verdict.incorrect(CheckKind.EXACT_SHAPE, str(exc))
    ok = np.isfinite(a) & np.isfinite(b)
    if ok.sum() < 4:
        return Verdict.unchecked(Cause.UNSUPPORTED, "the sides are not finite at the random points")
    if rel == "=":
        bad = ok & ~(np.abs(a - b) <= ATOL + RTOL * np.maximum(np.abs(a), np.abs(b)))
    else:
        holds = {"<": a < b, "<=": a <= b + ATOL, ">": a > b, ">=": a >= b - ATOL,
                 "!=": np.abs(a - b) > ATOL + RTOL * np.maximum(np.abs(a), np.abs(b))}[rel]
        bad = ok & ~holds
    scalar_syms = [s for s in free if not sizes]
    if plain and not sizes and not env.vectors and not env.index_values:
        # floating point never decides: re-decide exactly / at 60 digits at the points
        idx = [int(i) for i in np.flatnonzero(bad if bad.any() else ok)[:2]]
        pts = [{s: float(env.scalars[s.name][i]) for s in scalar_syms} for i in idx]
        d = float_tie_check(u, v, pts, rel)
        if bad.any() and (d is None or d.holds is True):
            bad = np.zeros_like(bad)  # the float disagreement was rounding error
        elif not bad.any() and d is not None and d.holds is False:
            point = {str(k): float(x) for k, x in pts[0].items()}
            return Verdict.incorrect(CheckKind.NUMERIC, "not an identity: the sides differ at a random point "
                                     "(found in exact arithmetic; floating point could not separate them)",
                                     counterexample={"point": point, "lhs": d.lhs, "rhs": d.rhs})
        elif d is not None and d.holds is None:
            return Verdict.unchecked(Cause.UNSUPPORTED, "floating point cannot separate the two sides, and an "
                                                        "evaluation to 60 digits did not settle it")
    if bad.any() and condition and (rel == "=" or not bad[ok].all()):  # an inequality false everywhere is false
        return Verdict.unchecked(Cause.AMBIGUOUS, "an identity that fails at a random point, or a condition on its "
                                 "unknowns: not decided", notes=(Note(NoteKind.CONDITION, "a condition on unknowns, "
                                                                      "or an identity"),))
    if bad.any():
        i = int(np.argmax(bad))
        point = {str(k): float(val[i]) for k, val in env.scalars.items() if np.ndim(val) == 1}
        point.update({f"{name}": [float(t) for t in vec[i, :, 0]] for name, vec in env.vectors.items()})
        point.update({str(k): int(val) for k, val in env.index_values.items()})
        return Verdict.incorrect(CheckKind.NUMERIC, "not an identity: the sides differ at a random point"
                                 if rel == "=" else f"the relation {rel} fails at a random point",
                                 counterexample={"point": point, "lhs": float(a[i]), "rhs": float(b[i])})
    sized = f" (vectors of {N0} components)" if env.vectors else ""
    return Verdict.correct(CheckKind.NUMERIC, f"{rel} holds at {int(ok.sum())} random points{sized}"
                           + ("" if not free else " of " + describe_domains(free, both, ctx.domains)))


# --- networks -------------------------------------------------------------------------------
def _network_check(lhs, rhs, ctx) -> Verdict:
    from ..core import ACTIVATIONS, COSTS, backprop_stacked, forward_stacked, stacked_networks

    output = ctx.output or ctx.activation
    hidden = "sigmoid" if ctx.activation == "softmax" else ctx.activation
    if hidden not in ACTIVATIONS or output not in ACTIVATIONS or ctx.cost not in COSTS:
        return Verdict.unchecked(Cause.UNSUPPORTED, f"unknown activation {ctx.activation} / {output} or cost "
                                                        f"{ctx.cost}")
    lhs, rhs = _substitute_given(lhs, ctx), _substitute_given(rhs, ctx)
    for side in (lhs, rhs):
        if isinstance(side, sp.Add) and any(isinstance(t, sp.Symbol) and t.name == "C" for t in side.args):
            return Verdict.unchecked(Cause.AMBIGUOUS, "C added to network quantities: a constant, or the cost?")
    layers = _layer_exprs(lhs) | _layer_exprs(rhs)
    batch = BATCH_SIZE if any(name in V.BATCH for name, _ in layers) or any(
        s.name == "m" for side in (lhs, rhs) for s in side.free_symbols if isinstance(s, sp.Symbol)) else 1
    rng = np.random.default_rng([ctx.seed, 11])
    groups = 2 if ctx.trials >= 2 else 1
    checked = 0
    where_all = []
    for g in range(groups):
        count = ctx.trials // groups + (g < ctx.trials % groups)
        depth = DEPTHS[g % len(DEPTHS)]
        sizes = _random_sizes(rng, depth)
        seed = int(rng.integers(2 ** 31))
        net_rng = np.random.default_rng(seed)
        try:
            stack = stacked_networks(net_rng, sizes, count, (hidden,) * (depth - 2) + (output,), ctx.cost, batch)
        except (ValueError, KeyError) as exc:
            return Verdict.unchecked(Cause.UNSUPPORTED, f"no network for this context: {exc}")
        binding = _bind_layers(layers, depth, rng)
        if binding is None:
            shown = ", ".join(sorted(f"{_QNAME_TEXT.get(name, name)}^{{{layer}}}" for name, layer in layers))
            return Verdict.unchecked(Cause.UNSUPPORTED, f"no layer l of a {depth}-layer network makes every layer "
                                     f"({shown}) exist (L is the output layer)")
        env = _Env(count, rng, ctx)
        env.network(stack, forward_stacked(stack), backprop_stacked(stack), binding)
        env.layered = bool(layers) or any(isinstance(s, sp.Basic) and s.atoms(V.Grad) for s in (lhs, rhs))
        try:
            env.bind_indices(lhs, rhs)
            with np.errstate(all="ignore"):
                a, b = env.ev(lhs), env.ev(rhs)
        except Unsupported as exc:
            return Verdict.unchecked(Cause.UNSUPPORTED, str(exc))
        except ShapeError as exc:
            return Verdict.incorrect(CheckKind.EXACT_SHAPE, str(exc))
        general = next((k for k, v in binding.items() if k not in (V.L, _N)), V.l)
        where = {"seed": seed, "sizes": list(sizes), str(general): binding.get(general), "L": depth, "examples": batch,
                 "activation": hidden if hidden == output else f"{hidden}, output {output}", "cost": ctx.cost}
        if env.index_values:
            where["indices"] = {str(k): int(v) for k, v in env.index_values.items()}
        if a.shape[1:] != b.shape[1:] and not (a.shape[1:] == (1, 1) or b.shape[1:] == (1, 1)):
            return Verdict.incorrect(CheckKind.EXACT_SHAPE, f"the sides have shapes {a.shape[1:]} and {b.shape[1:]}",
                                     counterexample=where)
        a, b = np.broadcast_arrays(a, b)
        if not (np.isfinite(a).all() and np.isfinite(b).all()):
            return Verdict.unchecked(Cause.UNSUPPORTED, "a side is not finite on a random network")
        close = np.abs(a - b) <= ATOL + RTOL * np.maximum(np.abs(a), np.abs(b))
        if not close.all():
            idx = np.unravel_index(int(np.argmin(close.ravel())), close.shape)
            return Verdict.incorrect(CheckKind.NETWORKS, "the sides differ on a random network", counterexample={
                **where, "network": int(idx[0]), "component": [int(i) + 1 for i in idx[1:]],
                "lhs": float(a[idx]), "rhs": float(b[idx])})
        checked += count
        where_all.append(f"sizes {list(sizes)} with {general}={binding.get(general)}")
    acts = hidden if hidden == output else f"{hidden} with a {output} output layer"
    return Verdict.correct(CheckKind.NETWORKS, f"both sides agree on {checked} random networks ("
                           + "; ".join(where_all) + f"; {acts}, {ctx.cost} cost)")


def _random_sizes(rng, depth):
    sizes = [int(rng.integers(2, 6))]
    while len(sizes) < depth:
        k = int(rng.integers(2, 6))
        if k != sizes[-1]:
            sizes.append(k)
    return tuple(sizes)


def _layer_exprs(e):
    """(name, layer) of every layered quantity; inside a ⋯ product, at both ends, and
    ("order", end - start) so that the product is not empty."""
    out = set()
    if isinstance(e, sp.Basic):
        for p in e.atoms(V.LayerProduct):
            block, k, lo, hi = p.args
            out |= _layer_exprs(block.xreplace({k: lo})) | _layer_exprs(block.xreplace({k: hi}))
            out.add(("order", hi - lo))
        for q in e.atoms(V.Q, V.Comp):
            if q.has(*[p.args[1] for p in e.atoms(V.LayerProduct)]):
                continue
            if not (isinstance(q, V.Q) and q.qname in ("x", "y")):
                out.add((q.qname, q.layer))
    return out


def _bind_layers(layers, depth, rng):
    """Pick l (a general layer) so that every layer expression exists; L = depth."""
    candidates = list(range(2, depth + 1))
    rng.shuffle(candidates)
    symbols = {s for _, layer in layers for s in sp.sympify(layer, strict=True).free_symbols}
    output = V.L if V.L in symbols or _N not in symbols else _N    # N is the output layer when L is not used
    general = symbols - {output}
    if len(general) > 1:
        return None  # two general layers (l and k): not supported
    general = general.pop() if general else V.l
    for lv in candidates:
        ok = True
        for name, layer in layers:
            try:
                v = int(sp.sympify(layer, strict=True).subs({general: lv, output: depth}))
            except TypeError:
                return None  # a layer symbol other than l and L
            if name == "order":
                if v < 0:
                    ok = False
                    break
                continue
            lo = 1 if name in ("a", "A") else 2
            if not lo <= v <= depth:
                ok = False
                break
        if ok:
            return {general: lv, output: depth}
    return None


_N = sp.Symbol("N", integer=True)


# --- the numpy evaluator ------------------------------------------------------------------------
class _Env:
    """Evaluates a reading to arrays of shape (count, r, c) (a scalar is (count, 1, 1))."""

    def __init__(self, count, rng, ctx):
        self.count, self.rng, self.ctx = count, rng, ctx
        self.scalars: dict = {}
        self.vectors: dict = {}
        self.index_values: dict = {}
        self.net = None
        from ..core import ACTIVATIONS

        self.act = ACTIVATIONS[ctx.activation] if ctx.activation in ACTIVATIONS else ACTIVATIONS["sigmoid"]
        self.example = None
        self.layered = False

    def network(self, stack, fw, grads, binding):
        self.net = (stack, fw, grads)
        self.binding = binding

    def act_for(self, arg, derivative: bool = False):
        """σ of the layer its argument belongs to (the output layer may differ)."""
        from ..core import ACTIVATIONS

        act = self.act
        if self.net and isinstance(arg, sp.Basic):
            layers = {self.layer(q.layer) for q in arg.atoms(V.Q, V.Comp) if q.qname not in ("x", "y")}
            L = len(self.net[0].sizes)
            if layers and max(layers) == L:
                act = ACTIVATIONS[self.net[0].activations[-1]]
            elif layers:
                act = ACTIVATIONS[self.net[0].activations[0]]
        if derivative and not act.elementwise:
            raise Unsupported("softmax is not elementwise: its derivative is a Jacobian, not σ'")
        return act

    # sizes -------------------------------------------------------------------
    def layer(self, expr) -> int:
        try:
            return int(sp.sympify(expr, strict=True).subs(self.binding))
        except (TypeError, AttributeError):
            raise Unsupported(f"the layer {expr} is not l or L") from None

    def size(self, layer: int) -> int:
        return self.net[0].sizes[layer - 1]

    def dims_of_index(self, e, k):
        """The sizes of the dimensions the index k runs over in e."""
        dims = []
        for c in e.atoms(V.Comp):
            for pos, i in enumerate(c.indices):
                if i == k:
                    lay = self.layer(c.layer) if c.qname not in ("x", "y") else None
                    if c.qname == "w" and pos == 1:
                        dims.append(self.size(lay - 1))
                    else:
                        dims.append(self.size(lay))
        for ix in e.atoms(sp.Indexed):
            if k in ix.indices:
                name = ix.base.label.name
                if self.net and name == "x":
                    dims.append(self.size(1))
                elif self.net and name == "y":
                    dims.append(self.size(len(self.net[0].sizes)))
                else:
                    dims.append(N0)
        return dims

    def bind_indices(self, *sides):
        free = set()
        for s in sides:
            if isinstance(s, sp.Basic):
                free |= _free_index_symbols(s)
        for k in sorted(free, key=str):
            dims = [d for s in sides if isinstance(s, sp.Basic) for d in self.dims_of_index(s, k)]
            _same_range(k, dims)
            top = min(dims) if dims else N0
            self.index_values[k] = int(self.rng.integers(1, top + 1))

    # values ------------------------------------------------------------------
    def scalar(self, name):
        key = (name, self.example)
        if key not in self.scalars:
            lo, hi = self.ctx.domains.get(name, UNIT_DOMAIN if self.example is not None else DEFAULT_DOMAIN)
            self.scalars[key] = self.rng.uniform(lo, hi, size=self.count)
        return self.scalars[key] if key in self.scalars else self.scalars[name]

    def vector(self, name, size=None):
        if self.net and self.layered and name in ("x", "y"):
            stack = self.net[0]
            return stack.x if name == "x" else stack.y
        if name not in self.vectors:
            self.vectors[name] = self.rng.standard_normal((self.count, size or N0, 1))
        return self.vectors[name]

    def full(self, value):
        return np.full((self.count, 1, 1), float(value))

    def ev(self, e):
        if isinstance(e, sp.MatrixBase):
            rows = [[self.ev(e[i, j])[:, 0, 0] for j in range(e.shape[1])] for i in range(e.shape[0])]
            return np.stack([np.stack(r, axis=-1) for r in rows], axis=-2)
        if e.is_Number or e in (sp.E, sp.pi):
            return self.full(float(e))
        if isinstance(e, sp.Symbol):
            if e in self.index_values:
                return self.full(self.index_values[e])
            if not e.is_commutative:
                return self.vector(e.name)
            if self.net and e.name in ("C", "C_x"):
                stack, fw, _ = self.net
                from ..core import COSTS

                per_example = COSTS[self.ctx.cost].value(fw[1][-1], stack.y)
                return per_example.mean(axis=-1)[:, None, None]
            if self.net and self.layered and e.name == "m":
                return self.full(self.net[0].x.shape[-1])
            if e.name in self.scalars and self.example is None:
                return self.scalars[e.name][:, None, None]
            return self.scalar(e.name)[:, None, None]
        if isinstance(e, sp.Add):
            out = None
            for t in e.args:
                v = self.ev(t)
                if out is None:
                    out = v
                elif out.shape[1:] != v.shape[1:] and (1, 1) not in (out.shape[1:], v.shape[1:]):
                    raise ShapeError(f"adding shapes {out.shape[1:]} and {v.shape[1:]}")
                elif out.shape[1:] != v.shape[1:]:
                    raise ShapeError("a scalar added to a vector")
                else:
                    out = out + v
            return out
        if isinstance(e, sp.Mul):
            out = None
            for f in e.args:
                v = self.ev(f)
                out = v if out is None else _times(out, v)
            return out
        if isinstance(e, sp.Pow):
            base, exp = self.ev(e.base), self.ev(e.exp)
            if base.shape[1:] != (1, 1):
                raise Unsupported("a power of a vector")
            return np.power(base, exp)
        if isinstance(e, V.Q):
            return self.quantity(e.qname, self.layer(e.layer))
        if isinstance(e, V.Comp):
            full = self.quantity(e.qname, self.layer(e.layer)) if e.qname not in ("x", "y") else self.vector(e.qname)
            return self._component(full, e.indices)
        if isinstance(e, sp.Indexed):
            name = e.base.label.name
            full = self.vector(name) if (self.net and name in ("x", "y")) or name in self.vectors or not self.net else None
            if full is None:
                raise Unsupported(f"{name}_{e.indices[0]}: a component of a quantity without a layer")
            return self._component(full, e.indices)
        if isinstance(e, V.Grad):
            return self.grad(e.args[0])
        if isinstance(e, V.T):
            return np.swapaxes(self.ev(e.args[0]), -1, -2)
        if isinstance(e, V.Had):
            u, v = self.ev(e.args[0]), self.ev(e.args[1])
            if u.shape != v.shape:
                raise ShapeError(f"⊙ of shapes {u.shape[1:]} and {v.shape[1:]}")
            return u * v
        if isinstance(e, sigmoid):
            act = self.act_for(e.args[0])
            u = self.ev(e.args[0])
            if not act.elementwise and u.shape[-1] != 1:
                raise Unsupported("softmax of a component")
            return act.f(u)
        if isinstance(e, V.SigmaD):
            act = self.act_for(e.args[0], derivative=True)
            u = self.ev(e.args[0])
            order = int(e.args[1])
            if order == 1:
                return act.fprime(u)
            if order == 2:
                h = 1e-5
                return (act.fprime(u + h) - act.fprime(u - h)) / (2 * h)
            raise Unsupported("σ derivatives beyond the second")
        if isinstance(e, (V.SigmaPrimeDiag, V.Diag)):
            u = self.ev(e.args[0])
            if isinstance(e, V.SigmaPrimeDiag):
                u = self.act_for(e.args[0], derivative=True).fprime(u)
            return u[..., 0][..., :, None] * np.eye(u.shape[-2])
        if isinstance(e, V.LayerProduct):
            block, k, lo, hi = e.args
            out = None
            for kv in range(self.layer(lo), self.layer(hi) + 1):
                v = self.ev(block.xreplace({k: kv}))
                out = v if out is None else _times(out, v)
            if out is None:
                raise Unsupported("an empty product")
            return out
        if isinstance(e, V.Softmax):
            from ..core import softmax

            return softmax(self.ev(e.args[0]))
        if isinstance(e, V.SymVec):
            return self.vector(e.args[0].name)
        if isinstance(e, V.SymDiag):
            u = self.vector(e.args[0].name)
            return u[..., 0][..., :, None] * np.eye(u.shape[-2])
        if isinstance(e, V.Norm):
            u = self.ev(e.args[0])
            return np.sqrt((u ** 2).sum(axis=(-1, -2)))[:, None, None]
        if isinstance(e, sp.Sum):
            (k, lo, hi), = e.limits
            lo_v, hi_v = self._bound(lo, e.function, k), self._bound(hi, e.function, k)
            if hi_v - lo_v >= MAX_TERMS:
                raise Unsupported(f"a sum of more than {MAX_TERMS} terms")
            return self._sum_over(e.function, k, range(lo_v, hi_v + 1))
        if isinstance(e, V.IndexSum):
            k = e.args[1]
            dims = self.dims_of_index(e.args[0], k)
            if not dims:
                raise Unsupported(f"a sum over {k}, which indexes nothing")
            _same_range(k, dims)
            return self._sum_over(e.args[0], k, range(1, min(dims) + 1))
        if isinstance(e, V.ExampleSum):
            if self.net:
                raise Unsupported("a sum over training examples on a network of one example")
            total = None
            for ex in range(EXAMPLES):
                self.example = ex
                v = self.ev(e.args[0])
                total = v if total is None else total + v
            self.example = None
            return total
        fn = _NUMPY.get(type(e))
        if fn is not None:
            args = [self.ev(a) for a in e.args]
            return fn(*args)
        raise Unsupported(f"cannot evaluate {type(e).__name__}")

    def _bound(self, b, summand, k):
        if b.is_Integer:
            return int(b)
        if isinstance(b, sp.Symbol) and b.name in self.scalars and not self.net:
            return int(self.scalars[b.name][0])
        dims = self.dims_of_index(summand, k)
        if dims:
            return min(dims)
        raise Unsupported(f"the sum's limit {b} is a symbol")

    def _sum_over(self, summand, k, values):
        total = None
        saved = self.index_values.get(k)
        for kv in values:
            self.index_values[k] = kv
            v = self.ev(summand)
            total = v if total is None else total + v
        if saved is None:
            self.index_values.pop(k, None)
        else:
            self.index_values[k] = saved
        if total is None:
            raise Unsupported("an empty sum")
        return total

    def _component(self, full, indices):
        idx = []
        for i in indices:
            v = int(sp.sympify(i, strict=True).subs(self.index_values)) if not isinstance(i, int) else i
            idx.append(v)
        if len(idx) == 1 and full.shape[-1] != 1:  # w^l_j: row j
            j = idx[0]
            if not 1 <= j <= full.shape[-2]:
                raise Unsupported(f"index {j} out of range")
            return full[:, j - 1:j, :]
        if len(idx) == 1:
            j = idx[0]
            if not 1 <= j <= full.shape[-2] or full.shape[-1] != 1:
                raise Unsupported(f"index {j} out of range")
            return full[:, j - 1:j, 0:1]
        j, k = idx
        if not (1 <= j <= full.shape[-2] and 1 <= k <= full.shape[-1]):
            raise Unsupported(f"index ({j}, {k}) out of range")
        return full[:, j - 1:j, k - 1:k]

    def quantity(self, name, layer):
        if not self.net:
            raise Unsupported("a layered quantity without a network")
        stack, (zs, acts), grads = self.net
        if name in ("a", "A"):
            return acts[layer - 1]
        if layer < 2:
            raise Unsupported(f"{name}^{layer}: the input layer has no {name}")
        i = layer - 2
        return {"z": zs, "w": stack.weights, "b": stack.biases, "delta": grads.deltas, "Z": zs,
                "Delta": grads.deltas}[name][i]

    def grad(self, target):
        stack, (zs, acts), grads = self.net
        if isinstance(target, sp.Symbol) and not target.is_commutative and target.name == "x":
            return np.swapaxes(stack.weights[0], -1, -2) @ grads.deltas[0]
        if isinstance(target, V.Q):
            name, lay = target.qname, self.layer(target.layer)
            full = self._grad_full(name, lay)
            return full
        if isinstance(target, V.Comp):
            full = self._grad_full(target.qname, self.layer(target.layer))
            return self._component(full, target.indices)
        raise Unsupported(f"∂C/∂{target}: not a layered quantity")

    def _grad_full(self, name, lay):
        stack, (zs, acts), grads = self.net
        L = len(stack.sizes)
        if name == "a":
            if lay == L:
                from ..core import COSTS

                return COSTS[self.ctx.cost].grad_a(acts[-1], stack.y)
            if lay >= 1:
                return np.swapaxes(stack.weights[lay - 1], -1, -2) @ grads.deltas[lay - 1]
        if lay < 2:
            raise Unsupported(f"∂C/∂{name}^{lay}")
        i = lay - 2
        return {"z": grads.deltas, "w": grads.nabla_w, "b": grads.nabla_b}.get(name, [None] * L)[i] \
            if name in ("z", "w", "b") else _refuse(f"∂C/∂{name}")


def _same_range(k, dims):
    """An index that runs over layers of different sizes is a finding (on this network)."""
    if len(set(dims)) > 1:
        raise ShapeError(f"the index {k} runs over {min(dims)} values in one place and {max(dims)} in another")


def _refuse(what):
    raise Unsupported(f"{what} is not supported")


def _times(u, v):
    if u.shape[1:] == (1, 1) or v.shape[1:] == (1, 1):
        return u * v
    if u.shape[-1] != v.shape[-2]:
        raise ShapeError(f"a {u.shape[-2]}×{u.shape[-1]} matrix times a {v.shape[-2]}×{v.shape[-1]} one")
    return u @ v


def _free_index_symbols(e):
    bound = set()
    for s in e.atoms(sp.Sum):
        bound |= {lim[0] for lim in s.limits}
    for s in e.atoms(V.IndexSum):
        bound.add(s.args[1])
    out = set()
    for c in e.atoms(V.Comp):
        for i in c.indices:
            out |= {s for s in sp.sympify(i, strict=True).free_symbols}
    for ix in e.atoms(sp.Indexed):
        for i in ix.indices:
            out |= {s for s in sp.sympify(i, strict=True).free_symbols}
    return out - bound


_NUMPY = {sp.exp: np.exp, sp.log: np.log, sp.tanh: np.tanh, sp.sin: np.sin, sp.cos: np.cos, sp.tan: np.tan,
          sp.Abs: np.abs, sp.sinh: np.sinh, sp.cosh: np.cosh}


def _init_numpy():
    from ..core import relu as r

    _NUMPY[relu] = r
    _NUMPY[sp.KroneckerDelta] = lambda i, j: (i == j).astype(float)
    _NUMPY[sp.Max] = lambda *a: np.maximum.reduce(np.broadcast_arrays(*a))
    _NUMPY[sp.Min] = lambda *a: np.minimum.reduce(np.broadcast_arrays(*a))


_init_numpy()


_QNAME_TEXT = {"delta": "δ", "Delta": "Δ"}
_REL_TEXT = {"in": "∈", "~": "≈", "->": "→", "=>": "⇒", "<=>": "⇔"}


def _places(k: int) -> str:
    return f"{k} decimal place" + ("" if k == 1 else "s")
