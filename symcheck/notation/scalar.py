"""Scalar algebra: the meaning of an equation between numbers or plain scalar
expressions, under the one equality policy (:mod:`.equality`, :mod:`.identity`).

- numbers alone are compared exactly, a side that is one printed decimal
  standing for the interval its digits imply;
- otherwise a bounded exact proof (:func:`symcheck.symbolic.prove_equal`), then
  random points of the symbols' domains (:func:`.equality.domain_of`),
  evaluated with numpy (:class:`.evaluate.Env`); an agreement or disagreement
  found in floating point is re-decided exactly or to 60 digits.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Optional

import numpy as np
import sympy as sp

from ..symbolic import prove_equal, relu, sigmoid
from ..verdict import Cause, CheckKind, Note, NoteKind, Verdict
from . import vocab as V
from .interpret import interpret, interpretations, undefined_functions
from .interpret import show as show_interpretation
from .quantify import apply_definitions, lift_symbols
from .conditions import NoAssignment, name_the_failure
from .dependence import differentiated_by_several, independent_derivatives
from .jacobian import index_combinations
from .numbering import indices_from_zero, zero_based
from .evaluate import MAX_TERMS, N0, Env, ShapeError, Unsupported, free_index_symbols

RTOL, ATOL = 1e-7, 1e-9


# --- scalar algebra ------------------------------------------------------------------------
def prepare_scalar(e, ctx):
    """Give σ the context's activation, σ' its derivative, substitute given values,
    and carry out derivatives of explicit expressions."""
    e = substitute_given(e, ctx)
    act = _sym_activation(ctx.activation)
    e = e.replace(lambda u: isinstance(u, V.SigmaD), lambda u: _sym_sigma_d(act, u.args[0], int(u.args[1])))
    if ctx.activation != "sigmoid":
        e = e.replace(sigmoid, act)
    kept = set(independent_derivatives(e))  # ∂C/∂w is never zero: not carried out
    e = e.replace(lambda u: isinstance(u, (sp.Derivative, sp.Subs)) and u not in kept, lambda u: u.doit())
    return e


def _sym_activation(name):
    return {"sigmoid": sigmoid, "tanh": sp.tanh, "relu": relu, "linear": sp.Lambda(V.l, V.l)}.get(name, sigmoid)


def _sym_sigma_d(act, arg, order):
    t = sp.Dummy("t", real=True)
    return sp.diff(act(t), t, order).subs(t, arg)


def substitute_given(e, ctx):
    """``e`` with the values ``ctx.given`` names (numbers exactly; functions as lambdas)."""
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


def scalar_check(lhs, rhs, ctx, rel, printed=None) -> Verdict:
    """``lhs rel rhs`` for scalar sides; ``printed``: the printed number each side is, when known.
    Undefined functions applied on both sides are read under random interpretations
    (after :func:`.quantify.apply_definitions` and :func:`.quantify.lift_symbols`)."""
    given = ctx.given or {}
    lhs, rhs = apply_definitions(lhs, rhs, getattr(ctx, "defined", None) or {}, given)
    lhs, rhs = lift_symbols(lhs, rhs, given)
    funcs = _quantified_functions(lhs, rhs, ctx)
    if funcs:
        return _under_interpretations(lhs, rhs, ctx, rel, printed, funcs)
    return _scalar_check(lhs, rhs, ctx, rel, printed)


def _quantified_functions(lhs, rhs, ctx) -> dict:
    """The undefined functions that both sides apply (and the context does not define):
    universally quantified. A function on one side only is being defined or constrained
    (``C(w) = C_0(w) + …``, ``f'(w) = 0``): not an identity, so none are quantified."""
    if any(isinstance(e, sp.Basic) and (not e.is_commutative or e.has(V.T)) for e in (lhs, rhs)):
        return {}  # vectors or transposes: a random scalar function is not every meaning it could have
    if differentiated_by_several(lhs, rhs):
        return {}  # ∂C/∂w and ∂C/∂z: one quantity differentiated by two variables, not C(w) and C(z)
    left, right = undefined_functions(lhs), undefined_functions(rhs)
    given = set(ctx.given or ())
    names = (set(left) | set(right)) - given
    if not names or any(n not in left or n not in right or left[n] != right[n] for n in names):
        return {}
    return {n: left[n] for n in names}


def _under_interpretations(lhs, rhs, ctx, rel, printed, funcs) -> Verdict:
    """``lhs rel rhs`` for every one of a few random smooth functions in place of ``funcs``:
    the first interpretation under which it fails is the counterexample."""
    names = ", ".join(sorted(funcs))
    verdicts = []
    for lambdas in interpretations(funcs, ctx.seed):
        v = _scalar_check(interpret(lhs, lambdas), interpret(rhs, lambdas), ctx, rel, printed, prove=False)
        if v.verdict == "incorrect":
            named = _as_an_activation(lhs, rhs, ctx, rel, printed, funcs)
            if named:  # g'(u) = g(u)(1 - g(u)): right if g is the sigmoid, a common name for it
                return Verdict.unchecked(Cause.AMBIGUOUS, f"fails for a random {names} but holds if {names} is "
                                         f"{named}; the text does not say what {names} is")
            ce = dict(v.counterexample or {})
            ce["interpretation"] = show_interpretation(lambdas)
            also = "; nor is it right with it read as the sigmoid or tanh" \
                if all(a == 1 for a in funcs.values()) else ""
            return replace(v, reason=f"{v.reason}, with {names} read as the random function(s) of the "
                                     f"counterexample ({names} undefined: any function{also})", counterexample=ce)
        verdicts.append(v)
    for v in verdicts:
        if v.verdict != "correct":
            return v
    return Verdict.correct(CheckKind.NUMERIC, f"holds under {len(verdicts)} random interpretations of {names} "
                                              f"(undefined: any smooth function), each {verdicts[0].reason}")


ACTIVATION_READINGS = (("the sigmoid", sigmoid), ("tanh", sp.tanh))  # the identity is no reading: f(x) is generic


def _as_an_activation(lhs, rhs, ctx, rel, printed, funcs) -> str:
    """The activation (sigmoid, tanh) under which the step holds with every undefined
    one-argument function read as it, or "": an undefined g, f, h often names the activation."""
    if any(arity != 1 for arity in funcs.values()):
        return ""
    x = sp.Dummy("x", real=True)
    for label, act in ACTIVATION_READINGS:
        lambdas = {n: sp.Lambda(x, act(x)) for n in funcs}
        v = _scalar_check(interpret(lhs, lambdas), interpret(rhs, lambdas), ctx, rel, printed, prove=False)
        if v.verdict == "correct":
            return label
    return ""


def _scalar_check(lhs, rhs, ctx, rel, printed=None, prove=True) -> Verdict:
    try:
        u, v = prepare_scalar(lhs, ctx), prepare_scalar(rhs, ctx)
    except (TypeError, ValueError, NotImplementedError) as exc:
        return Verdict.unchecked(Cause.UNSUPPORTED, f"cannot prepare the sides ({type(exc).__name__})")
    opaque = independent_derivatives(u) + independent_derivatives(v)
    if opaque:
        return _with_opaque_derivative(u, v, set(opaque), ctx, rel)
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
        ok, how = prove_equal(u, v, timeout=1.0) if plain and prove else (None, "")
        if ok:
            return Verdict.correct(CheckKind.EXACT, f"proved equal ({how})")
    return _at_points(u, v, free, ctx, rel, plain)


OPAQUE = ("a derivative of an expression that does not show how it depends on the variable ({d}): never read "
          "as zero, and not carried out")


def _with_opaque_derivative(u, v, opaque: set, ctx, rel) -> Verdict:
    """``u rel v`` where one derivative D = ∂X/∂v cannot be carried out (X does not show
    its dependence on v; D is never read as 0). When D is the only one, appears on both
    sides and u - v = b·D exactly (no term without D), the step holds whatever D is iff
    b = 0, and fails for every D ≠ 0 where b ≠ 0: b decides. Otherwise unchecked."""
    d = min(opaque, key=sp.default_sort_key)  # one, the same whatever the hash seed
    shown = sp.sstr(d)[:60]
    if len(opaque) != 1 or rel != "=" or not (u.has(d) and v.has(d)):
        return Verdict.unchecked(Cause.AMBIGUOUS, OPAQUE.format(d=shown))
    t = sp.Dummy("D")
    diff = sp.expand((u - v).xreplace({d: t}))
    if diff == 0:
        return Verdict.correct(CheckKind.EXACT, f"the sides are equal as expressions in {shown}, whatever it is")
    if diff.has(sp.Derivative) or not diff.is_polynomial(t) or sp.degree(diff, t) != 1 or diff.coeff(t, 0) != 0:
        return Verdict.unchecked(Cause.AMBIGUOUS, OPAQUE.format(d=shown))
    b = diff.coeff(t, 1)
    out = _scalar_check(b, sp.Integer(0), ctx, "=")
    if out.verdict == "correct":
        return Verdict.correct(out.check, f"holds whatever {shown} is: {out.reason}")
    if out.verdict == "incorrect":
        return replace(out, reason=f"the sides differ by a multiple of {shown}, which is not zero in this "
                                   f"notation: {out.reason}")
    return out


def _value_symbols(e):
    """Free symbols that take values (not index symbols, not the names of indexed vectors)."""
    labels = {ix.base.label for ix in e.atoms(sp.Indexed)}
    indices = free_index_symbols(e) | {s.args[1] for s in e.atoms(V.IndexSum)}
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


def _at_points(u, v, free, ctx, rel, plain=True) -> Verdict:
    """``u rel v`` at random points, at every value of its free indices (j, k): the first
    assignment under which it fails decides."""
    if indices_from_zero(u, v):  # a_0, \sum_{k=0}^{n-1}: components numbered from 0 (.numbering)
        return zero_based(u, v, lambda a, b: _at_points(a, b, free, ctx, rel, plain))
    try:
        combos = index_combinations(Env(1, np.random.default_rng(0), ctx), u, v)
    except NoAssignment as exc:
        return Verdict.unchecked(Cause.UNSUPPORTED, str(exc))
    except (ShapeError, Unsupported):
        combos = [None]  # the check at random indices reports it
    out, failed = None, []
    for fixed in combos:
        out = _at_points_once(u, v, free, ctx, rel, plain, fixed)
        if out.verdict == "incorrect":
            failed.append((fixed, out))
        elif out.verdict != "correct":
            return out
    if failed:  # a free index claims every value its step does not exclude: k = j too
        return name_the_failure(failed[0][1], [f for f, _ in failed], combos)
    return out


def _at_points_once(u, v, free, ctx, rel, plain=True, fixed=None) -> Verdict:
    """``u rel v`` at random points; a float agreement or disagreement is re-decided exactly."""
    from .equality import describe_domains, domain_of
    from .identity import float_tie_check

    rng = np.random.default_rng([ctx.seed, 7])
    count = max(ctx.trials, 8) * 2
    both = u - v if rel == "=" else u + v
    env = Env(count, rng, ctx)
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
        env.bind_indices(u, v, fixed=fixed)
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
        if d is not None and not d.evaluable:
            pass  # only numpy gives this construct a value: the float decision stands
        elif bad.any() and (d is None or d.holds is True):
            bad = np.zeros_like(bad)  # the float disagreement was rounding error
        elif not bad.any() and d is not None and d.holds is False:
            point = {str(k): float(x) for k, x in pts[0].items()}
            return Verdict.incorrect(CheckKind.NUMERIC, "not an identity: the sides differ at a random point "
                                     "(found in exact arithmetic; floating point could not separate them)",
                                     counterexample={"point": point, "lhs": d.lhs, "rhs": d.rhs})
        elif d is not None and d.holds is None:
            return Verdict.unchecked(Cause.UNSUPPORTED, "floating point cannot separate the two sides, and an "
                                                        "evaluation to 60 digits did not settle it")
    if bad.any():
        i = int(np.argmax(bad))
        point = {str(k): float(val[i]) for k, val in env.scalars.items() if np.ndim(val) == 1}
        point.update({f"{name}": (vec[i, :, 0] if vec.shape[-1] == 1 else vec[i]).tolist()
                      for name, vec in env.vectors.items()})
        point.update({str(k): int(val) for k, val in env.index_values.items()})
        return Verdict.incorrect(CheckKind.NUMERIC, "not an identity: the sides differ at a random point"
                                 if rel == "=" else f"the relation {rel} fails at a random point",
                                 counterexample={"point": point, "lhs": float(a[i]), "rhs": float(b[i])})
    sized = f" (vectors of {N0} components)" if env.vectors else ""
    return Verdict.correct(CheckKind.NUMERIC, f"{rel} holds at {int(ok.sum())} random points{sized}"
                           + ("" if not free else " of " + describe_domains(free, both, ctx.domains)))


def _places(k: int) -> str:
    return f"{k} decimal place" + ("" if k == 1 else "s")
