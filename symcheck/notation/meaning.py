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
from ..verdict import Verdict
from . import vocab as V
from .evaluate import (DEFAULT_DOMAIN, MAX_TERMS, N0, UNIT_DOMAIN, Env, ShapeError, Unsupported,
                       free_index_symbols)
from .shapes import describe, infer

_Env = Env                                  # the numpy evaluator (:mod:`.evaluate`)
_free_index_symbols = free_index_symbols

RTOL, ATOL = 1e-7, 1e-9
DEPTHS = (4, 5)
BATCH_SIZE = 3            # examples per network when a mini-batch (m, A^l, Δ^l) is mentioned


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
            return Verdict.unchecked("unsupported", f"cannot evaluate this ({type(exc).__name__}: {str(exc)[:80]})")

    run.__name__, run.__doc__ = fn.__name__, fn.__doc__
    return run


@_guarded
def check_equation(lhs, rhs, ctx) -> Verdict:
    for side in (lhs, rhs):
        bad = _unsupported_reason(side)
        if bad:
            return Verdict.unchecked("unsupported", bad)
    shape = _shape_verdict(lhs, rhs)
    if shape is not None:
        return shape
    if _is_vectorish(lhs) or _is_vectorish(rhs):
        return _network_check(lhs, rhs, ctx)
    return _scalar_check(lhs, rhs, ctx, "=")


@_guarded
def check_relation(reading_or_parts, ctx) -> Verdict:
    from .reading import Reading

    if isinstance(reading_or_parts, Reading):
        return check_reading(reading_or_parts, ctx)
    lhs, rel, rhs = reading_or_parts
    if rel == "=":
        return check_equation(lhs, rhs, ctx)
    if rel not in ("<", "<=", ">", ">=", "!="):
        return Verdict.unchecked("unsupported", f"the relation {rel!r} is not checked"
                                 + (" (it states an assumption)" if rel == "in" else ""))
    for side in (lhs, rhs):
        bad = _unsupported_reason(side)
        if bad:
            return Verdict.unchecked("unsupported", bad)
    if _is_vectorish(lhs) or _is_vectorish(rhs):
        return Verdict.unchecked("unsupported", "inequalities between vectors are not checked")
    return _scalar_check(lhs, rhs, ctx, rel)


def check_reading(reading, ctx) -> Verdict:
    if getattr(reading, "alternatives", ()):  # several plausible readings: notation.readings decides
        from .readings import check_alternatives

        return check_alternatives(reading, ctx, check_reading)
    links = reading.equations()
    if not links:
        return Verdict.unchecked("unsupported", "an expression alone: nothing to check")
    verdicts = [check_relation(link, ctx) for link in links]
    for v in verdicts:
        if v.verdict == "incorrect":
            return v
    real = [v for v in verdicts if not v.reason.startswith("a definition of")]
    for v in real:
        if v.verdict != "correct":
            return v
    return real[-1] if real else verdicts[0]


# --- shapes ---------------------------------------------------------------------------
def _shape_verdict(lhs, rhs) -> Optional[Verdict]:
    try:
        sl = infer(lhs)
    except ShapeError as exc:
        return Verdict.incorrect("exact shape", f"the left side is ill-formed: {exc}")
    try:
        sr = infer(rhs)
    except ShapeError as exc:
        return Verdict.incorrect("exact shape", f"the right side is ill-formed: {exc}")
    if sl is None or sr is None or lhs == 0 or rhs == 0:
        return None
    if len(sl) != len(sr) or (sl and not all(_dims_may_match(a, b) for a, b in zip(sl, sr))):
        return Verdict.incorrect("exact shape", f"a {describe(sl)} is set equal to a {describe(sr)}",
                                 counterexample={"lhs_shape": describe(sl), "rhs_shape": describe(sr)})
    return None


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
            subs[by_name[k]] = v if isinstance(v, sp.Basic) else sp.nsimplify(v) if isinstance(v, int) else sp.Float(v)
    return e.xreplace(subs) if subs else e


def _scalar_check(lhs, rhs, ctx, rel) -> Verdict:
    try:
        u, v = _prepare_scalar(lhs, ctx), _prepare_scalar(rhs, ctx)
    except (TypeError, ValueError, NotImplementedError) as exc:
        return Verdict.unchecked("unsupported", f"cannot prepare the sides ({type(exc).__name__})")
    why = _undefined(u) or _undefined(v)
    if why:
        return Verdict.unchecked("unsupported", why)
    free = sorted(_value_symbols(u) | _value_symbols(v), key=lambda s: s.name)
    for side, other in ((lhs, rhs), (rhs, lhs)):
        if rel == "=" and isinstance(side, sp.Symbol) and side.name not in ctx.given and side not in other.free_symbols:
            return Verdict.unchecked("unsupported", f"a definition of {side}: nothing to check")
    if rel == "=" and not free and not (u.has(V.ExampleSum, sp.Indexed) or v.has(V.ExampleSum, sp.Indexed)):
        return _arithmetic(lhs, rhs, u, v)
    if rel == "=":
        symbolic = not (u.has(V.ExampleSum, V.IndexSum, sp.Indexed) or v.has(V.ExampleSum, V.IndexSum, sp.Indexed))
        ok, how = prove_equal(u, v, timeout=1.0) if symbolic else (None, "")
        if ok:
            return Verdict.correct("exact", f"proved equal ({how})")
    return _at_points(u, v, free, ctx, rel)


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


def _decimals(e) -> Optional[int]:
    if isinstance(e, sp.Rational) and not e.is_Integer:
        for k in range(1, 16):  # a decimal printed with k places: e·10^k is an integer
            if (e * 10 ** k).is_Integer:
                return k
        return None
    return 0 if isinstance(e, sp.Integer) else None


def _arithmetic(lhs, rhs, u, v) -> Verdict:
    from ..errors import CheckTimeout
    from ..symbolic import time_limit

    for side in (u, v):
        for s in side.atoms(sp.Sum):
            lo, hi = s.limits[0][1:]
            if not (lo.is_Integer and hi.is_Integer) or hi - lo >= MAX_TERMS:
                return Verdict.unchecked("unsupported", f"a sum of more than {MAX_TERMS} terms")
    try:
        with time_limit(1.0):
            a, b = complex(sp.N(u, 30)), complex(sp.N(v, 30))
    except CheckTimeout:
        return Verdict.unchecked("timeout", "evaluating the numbers took over 1 s")
    except (TypeError, ValueError, OverflowError):
        return Verdict.unchecked("unsupported", "the numbers cannot be evaluated")
    if abs(a.imag) > 1e-12 or abs(b.imag) > 1e-12 or not (np.isfinite(a.real) and np.isfinite(b.real)):
        return Verdict.unchecked("unsupported", "a side is not a finite real number")
    a, b = a.real, b.real
    places = [k for k in (_decimals(lhs), _decimals(rhs)) if k is not None and k > 0]
    tol = ATOL + RTOL * max(abs(a), abs(b))
    note = "exact"
    if places:
        k = min(places)
        tol = max(tol, 1.5 * 10.0 ** (-k))
        note = f"to the {k} decimal places printed"
    if abs(a - b) <= tol:
        return Verdict.correct("arithmetic", f"both sides are {a:.10g} ({note})")
    return Verdict.incorrect("arithmetic", f"the left side is {a:.10g}, the right side {b:.10g}",
                             counterexample={"lhs": a, "rhs": b})


def _domain(s, e, ctx):
    if s.name in ctx.domains:
        return ctx.domains[s.name]
    for f in e.atoms(sp.log, sp.Pow):
        arg = f.args[0] if isinstance(f, sp.log) else f.base
        if isinstance(f, sp.Pow) and (f.exp.is_Integer and f.exp > 0):
            continue
        if s in arg.free_symbols:
            return UNIT_DOMAIN
    for m in e.atoms(sp.Mul):  # y in y·ln a (the cross-entropy's targets) is a probability too
        if m.has(sp.log) and any(s in f.free_symbols for f in m.args if not f.has(sp.log)):
            return UNIT_DOMAIN
    return DEFAULT_DOMAIN


def _at_points(u, v, free, ctx, rel) -> Verdict:
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
            return Verdict.unchecked("unsupported", f"{s} is a vector here")
        lo, hi = _domain(s, both, ctx)
        env.scalars[s.name] = rng.uniform(lo, hi, size=count)
    try:
        env.bind_indices(u, v)
        with np.errstate(all="ignore"):
            a = env.ev(u).reshape(count, -1)[:, 0]
            b = env.ev(v).reshape(count, -1)[:, 0]
    except Unsupported as exc:
        return Verdict.unchecked("unsupported", str(exc))
    except ShapeError as exc:
        return Verdict.incorrect("exact shape", str(exc))
    ok = np.isfinite(a) & np.isfinite(b)
    if ok.sum() < 4:
        return Verdict.unchecked("unsupported", "the sides are not finite at the random points")
    if rel == "=":
        bad = ok & ~(np.abs(a - b) <= ATOL + RTOL * np.maximum(np.abs(a), np.abs(b)))
    else:
        holds = {"<": a < b, "<=": a <= b + ATOL, ">": a > b, ">=": a >= b - ATOL,
                 "!=": np.abs(a - b) > ATOL + RTOL * np.maximum(np.abs(a), np.abs(b))}[rel]
        bad = ok & ~holds
    if bad.any():
        i = int(np.argmax(bad))
        point = {str(k): float(val[i]) for k, val in env.scalars.items() if np.ndim(val) == 1}
        point.update({f"{name}": [float(t) for t in vec[i, :, 0]] for name, vec in env.vectors.items()})
        point.update({str(k): int(val) for k, val in env.index_values.items()})
        return Verdict.incorrect("numeric", "not an identity: the sides differ at a random point" if rel == "=" else
                                 f"the relation {rel} fails at a random point",
                                 counterexample={"point": point, "lhs": float(a[i]), "rhs": float(b[i])})
    sized = f" (vectors of {N0} components)" if env.vectors else ""
    return Verdict.correct("numeric", f"{rel} holds at {int(ok.sum())} random points{sized}"
                           + ("" if not free else " of " + ", ".join(f"{s}∈{_domain(s, both, ctx)}" for s in free)))


# --- networks -------------------------------------------------------------------------------
def _network_check(lhs, rhs, ctx) -> Verdict:
    from ..core import ACTIVATIONS, COSTS, backprop_stacked, forward_stacked, stacked_networks

    output = ctx.output or ctx.activation
    hidden = "sigmoid" if ctx.activation == "softmax" else ctx.activation
    if hidden not in ACTIVATIONS or output not in ACTIVATIONS or ctx.cost not in COSTS:
        return Verdict.unchecked("unsupported", f"unknown activation {ctx.activation!r}/{output!r} or cost {ctx.cost!r}")
    lhs, rhs = _substitute_given(lhs, ctx), _substitute_given(rhs, ctx)
    for side in (lhs, rhs):
        if isinstance(side, sp.Add) and any(isinstance(t, sp.Symbol) and t.name == "C" for t in side.args):
            return Verdict.unchecked("ambiguous", "C added to network quantities: a constant, or the cost?")
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
            return Verdict.unchecked("unsupported", f"no network for this context: {exc}")
        binding = _bind_layers(layers, depth, rng)
        if binding is None:
            shown = ", ".join(sorted(str(x) for x in layers))
            return Verdict.unchecked("unsupported", f"no layer l of a {depth}-layer network makes every layer "
                                     f"({shown}) exist (L is the output layer)")
        env = _Env(count, rng, ctx)
        env.network(stack, forward_stacked(stack), backprop_stacked(stack), binding)
        env.layered = bool(layers) or any(isinstance(s, sp.Basic) and s.atoms(V.Grad) for s in (lhs, rhs))
        try:
            env.bind_indices(lhs, rhs)
            with np.errstate(all="ignore"):
                a, b = env.ev(lhs), env.ev(rhs)
        except Unsupported as exc:
            return Verdict.unchecked("unsupported", str(exc))
        except ShapeError as exc:
            return Verdict.incorrect("exact shape", str(exc))
        general = next((k for k, v in binding.items() if k not in (V.L, _N)), V.l)
        where = {"seed": seed, "sizes": list(sizes), str(general): binding.get(general), "L": depth, "examples": batch,
                 "activation": hidden if hidden == output else f"{hidden}, output {output}", "cost": ctx.cost}
        if env.index_values:
            where["indices"] = {str(k): int(v) for k, v in env.index_values.items()}
        if a.shape[1:] != b.shape[1:] and not (a.shape[1:] == (1, 1) or b.shape[1:] == (1, 1)):
            return Verdict.incorrect("exact shape", f"the sides have shapes {a.shape[1:]} and {b.shape[1:]}",
                                     counterexample=where)
        a, b = np.broadcast_arrays(a, b)
        if not (np.isfinite(a).all() and np.isfinite(b).all()):
            return Verdict.unchecked("unsupported", "a side is not finite on a random network")
        close = np.abs(a - b) <= ATOL + RTOL * np.maximum(np.abs(a), np.abs(b))
        if not close.all():
            idx = np.unravel_index(int(np.argmin(close.ravel())), close.shape)
            return Verdict.incorrect("networks", "the sides differ on a random network", counterexample={
                **where, "network": int(idx[0]), "component": [int(i) + 1 for i in idx[1:]],
                "lhs": float(a[idx]), "rhs": float(b[idx])})
        checked += count
        where_all.append(f"sizes {list(sizes)} with {general}={binding.get(general)}")
    acts = hidden if hidden == output else f"{hidden} with a {output} output layer"
    return Verdict.correct("networks", f"both sides agree on {checked} random networks ("
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
