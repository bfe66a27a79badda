"""Indexed scalars under random interpretations: a refutation, never a confirmation.

A step written in components and sums (``y_j``, ``E_n``, ``∂I/∂Q_k``,
``\\sum_{n=0}^{N-1}``, ``δ_{ik}``) in which a quantity is not defined by the
write-up claims an identity for *every* such quantity ("undefined means
any"). So it is instantiated: every size (a symbolic bound of a sum: N, n,
K) takes a small value (2, then 3), every free index a value (distinct
letters distinct values), every indexed name becomes one scalar per index
value, every undefined function a random smooth function
(:func:`symcheck.notation.interpret.random_function`) of the names it is
applied to (``I(Q_k)`` is a function of the whole family Q_1, …, Q_n), and
derivatives are carried out exactly. The two sides are then compared by
:func:`symcheck.notation.identity.identity` (random points, a difference re-decided
exactly or at 60 digits).

It only refutes, and only where no reading can save the step:

- both sides must speak of the same undefined names (``∂E/∂w = ∂/∂w (1/N) Σ E_n``
  relates E to E_n, which some definition may do; it is never accused);
- the step must claim an identity: a row of a chain, or an equation with a
  derivative or a sum whose left side is not a lone name (a definition);
- ``δ_{ik}`` is tried both as the Kronecker delta and as a name with two
  indices, and the step must fail under both;
- an index repeated within a product outside any sum (an implied sum, or not)
  and every construct it does not model (vectors, network derivatives ∂X/∂Y
  of the reader, sums over examples) leave the step alone;
- a name that is differentiated but not written as depending on the variable
  (``∂/∂w Σ_n E_n``) depends on it when the step applies it elsewhere
  (``∂E_n/∂w``), and is otherwise not modelled.
"""

from __future__ import annotations

import itertools
import logging
import re
from typing import Optional

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from ..verdict import CheckKind, Verdict
from .reading import StepReading, is_single
from .state import State

log = logging.getLogger(__name__)

SIZES = (2, 3)            # the values a symbolic size (N, n, K) takes, in turn
INTERPRETATIONS = 2       # random interpretations per size and index values
MAX_COMBINATIONS = 6      # index values tried per size
MAX_TERMS = 400           # an instantiated side larger than this is not compared
_INDEXED_NAME = re.compile(r"^(.+)\[(\w+)\]$")


class NotModelled(Exception):
    """The step uses something this check does not instantiate."""


# --- what the step is made of -------------------------------------------------------------
def _bound(e) -> set:
    from ..notation import vocab as V

    out = {s.limits[0][0] for s in e.atoms(sp.Sum)}
    out |= {s.args[1] for s in e.atoms(V.IndexSum)}
    return out


def _sizes(parts) -> set:
    """Symbols that bound a sum (``N`` in Σ_{n=0}^{N-1}): sizes."""
    out: set = set()
    for p in parts:
        for s in p.atoms(sp.Sum):
            for lim in s.limits[0][1:]:
                out |= lim.free_symbols
    return out


def _index_symbols(e) -> set:
    """The symbols used as indices (of Indexed, components, Kronecker deltas, indexed functions)."""
    from ..notation import vocab as V

    out: set = set()
    for ix in e.atoms(sp.Indexed):
        out |= set().union(*(i.free_symbols for i in ix.indices))
    for c in e.atoms(V.Comp):
        out |= set().union(*(sp.sympify(i).free_symbols for i in c.indices))
    for d in e.atoms(sp.KroneckerDelta):
        out |= d.free_symbols
    for f in e.atoms(AppliedUndef):
        m = _INDEXED_NAME.match(type(f).__name__)
        if m:
            out |= {s for s in e.free_symbols if getattr(s, "name", "") == m.group(2)}
    return out


def _names(e, skip: set) -> set:
    """The undefined names ``e`` speaks of: functions, indexed bases, components, plain symbols."""
    from ..notation import vocab as V

    out = {_INDEXED_NAME.sub(r"\1", type(f).__name__) for f in e.atoms(AppliedUndef)}
    out |= {str(ix.base.label) for ix in e.atoms(sp.Indexed)}
    out |= {c.qname for c in e.atoms(V.Comp)}
    out |= {s.name for s in e.atoms(sp.Symbol) if not isinstance(s, sp.Dummy) and s not in skip}
    return out


def _repeated_outside_sums(e, bound: set) -> bool:
    """An index carried by two factors of one product, not bound by a sum (an implied sum?)."""
    for term in sp.Add.make_args(e):
        seen: set = set()
        for factor in sp.Mul.make_args(term):
            if isinstance(factor, sp.Sum):
                continue
            here = _index_symbols(factor) - bound
            if here & seen:
                return True
            seen |= here
    return False


def _unsupported(e) -> Optional[str]:
    from ..notation import vocab as V

    if not e.is_commutative or e.atoms(V.Q, V.Grad, V.T, V.Had, V.ExampleSum, V.LayerProduct, sp.MatrixBase):
        return "vectors"
    if any(type(f).__name__ in ("Partial", "nabla") for f in e.atoms(AppliedUndef)):
        return "a network derivative"
    if e.atoms(sp.Integral, sp.Limit, sp.Piecewise):
        return "an integral, limit or case"
    return None


# --- instantiation -------------------------------------------------------------------------
class Instance:
    """One instantiation: index and size values, the Kronecker reading, the random functions."""

    def __init__(self, values: dict, size: int, kronecker: bool, rng, applied: dict):
        self.values = dict(values)
        self.size = size
        self.kronecker = kronecker
        self.rng = rng
        self.applied = applied          # indexed function family base -> its arguments as written
        self.functions: dict = {}       # (name, arity) -> Lambda

    def function(self, name: str, arity: int):
        from ..notation.interpret import random_function

        key = (name, arity)
        if key not in self.functions:
            self.functions[key] = random_function(arity, self.rng)
        return self.functions[key]

    def value(self, e) -> int:
        v = self.of(e)
        if not (isinstance(v, sp.Integer) or (v.is_number and v.is_integer)):
            raise NotModelled(f"an index {e} without a value")
        return int(v)

    def family(self, base: str) -> list:
        return [sp.Symbol(f"{base}_{v}", real=True) for v in range(0, self.size + 1)]

    def of(self, e):
        """``e`` instantiated (a SymPy expression in scalars)."""
        from ..notation import vocab as V
        from ..symbolic import sigmoid

        if isinstance(e, sp.Symbol):
            return sp.Integer(self.values[e.name]) if e.name in self.values else e
        if e.is_Number or not e.args and not isinstance(e, AppliedUndef):
            return e
        if isinstance(e, sp.Indexed):
            vals = "".join(str(self.value(i)) for i in e.indices)
            base = str(e.base.label)
            if base in self.applied:  # E_n written without its argument, applied elsewhere in the step
                args = [self.of(a) for a in self.applied[base]]
                return self.function(f"{base}_{vals}", len(args))(*args)
            return sp.Symbol(f"{base}_{vals}", real=True)
        if isinstance(e, V.Comp):
            vals = ",".join(str(self.value(i)) for i in e.indices)
            return sp.Symbol(f"{e.qname}^{e.layer}_{vals}", real=True)
        if isinstance(e, sp.KroneckerDelta):
            a, b = (self.value(x) for x in e.args)
            return sp.Integer(int(a == b)) if self.kronecker else sp.Symbol(f"delta_{a}{b}", real=True)
        if isinstance(e, sp.Sum):
            var, lo, hi = e.limits[0]
            lo, hi = self.value(lo), self.value(hi)
            if len(e.limits) != 1 or hi - lo > 8:
                raise NotModelled("a sum too long or over several indices")
            return sp.Add(*[self._with(var, v).of(e.function) for v in range(lo, hi + 1)])
        if isinstance(e, V.IndexSum):
            return sp.Add(*[self._with(e.args[1], v).of(e.args[0]) for v in range(1, self.size + 1)])
        if isinstance(e, sp.Derivative):
            expr = self.of(e.expr)
            for var, count in e.variable_count:
                v = self.of(var)
                if not isinstance(v, sp.Symbol):
                    raise NotModelled("a derivative with respect to an expression")
                expr = sp.diff(expr, v, int(count))
            return expr
        if isinstance(e, sp.Subs):
            inner = e.expr
            if not isinstance(inner, sp.Derivative):
                raise NotModelled("a substitution")
            point = [self.of(p) for p in e.point]
            dummies = [sp.Dummy() for _ in e.variables]
            body = self.of(inner.expr.xreplace(dict(zip(e.variables, dummies))))
            for var, count in inner.variable_count:
                body = sp.diff(body, dummies[list(e.variables).index(var)], int(count))
            return body.xreplace(dict(zip(dummies, point)))
        if isinstance(e, V.SigmaD):
            t = sp.Dummy(real=True)
            return sp.diff(sigmoid(t), t, int(e.args[1])).xreplace({t: self.of(e.args[0])})
        if isinstance(e, AppliedUndef):
            return self._applied(e)
        return e.func(*[self.of(a) for a in e.args])

    def _applied(self, f):
        name = type(f).__name__
        m = _INDEXED_NAME.match(name)
        if m:
            name = f"{m.group(1)}_{self.values[m.group(2)]}" if m.group(2) in self.values else None
            if name is None:
                raise NotModelled("an indexed function whose index has no value")
        args: list = []
        for a in f.args:
            if isinstance(a, sp.Indexed):  # I(Q_k): a function of the whole family Q
                args += [s for s in self.family(str(a.base.label)) if s not in args]
            else:
                args.append(self.of(a))
        return self.function(name, len(args))(*args)

    def _with(self, var, v: int) -> "Instance":
        other = Instance({**self.values, var.name: v}, self.size, self.kronecker, self.rng, self.applied)
        other.functions = self.functions
        return other


def _applied_families(parts) -> dict:
    """``{"E": (w,)}`` for each indexed function ``E[n](w)`` applied in the step."""
    out: dict = {}
    for p in parts:
        for f in p.atoms(AppliedUndef):
            m = _INDEXED_NAME.match(type(f).__name__)
            if m:
                out.setdefault(m.group(1), f.args)
    return out


def _unapplied_in_derivative(parts, families: dict) -> bool:
    """A name differentiated without being written as depending on the variable, and never
    applied in the step: how it depends on the variable is not given."""
    for p in parts:
        for d in p.atoms(sp.Derivative):
            wrt = set(d.variables)
            for ix in d.expr.atoms(sp.Indexed):
                if ix not in wrt and str(ix.base.label) not in families:
                    return True
            inner = d.expr.xreplace({q: sp.Dummy() for q in d.expr.atoms(sp.Indexed, AppliedUndef)})
            plain = {s for s in inner.free_symbols if isinstance(s, sp.Symbol) and not isinstance(s, sp.Dummy)}
            if plain - wrt - _sizes(parts):
                return True
    return False


# --- the check -----------------------------------------------------------------------------
def refute(sr: StepReading, state: State, options) -> Optional[Verdict]:
    """Incorrect (with the instantiation that refutes it) or None."""
    if not sr.two_sided or sr.rel != "=":
        return None
    lhs, rhs = sr.lhs, sr.rhs
    if not (isinstance(lhs, sp.Basic) and isinstance(rhs, sp.Basic)):
        return None
    parts = (lhs, rhs)
    if not sr.step.link and (is_single(lhs) or not any(p.has(sp.Derivative, sp.Sum) for p in parts)):
        return None
    if any(_unsupported(p) for p in parts):
        return None
    sizes = _sizes(parts)
    indices = set().union(*(_index_symbols(p) for p in parts))
    bound = set().union(*(_bound(p) for p in parts))
    skip = sizes | indices | bound
    defined = set(state.definitions) | set(state.functions) | set(state.env)
    names = [_names(p, skip) for p in parts]
    if names[0] != names[1] or not names[0] or names[0] & defined:
        return None
    if any(_repeated_outside_sums(p, bound) for p in parts):
        return None
    families = _applied_families(parts)
    if _unapplied_in_derivative(parts, families):
        return None
    free = sorted({s.name for s in indices - bound - sizes}, key=str)
    readings = (True, False) if any(p.has(sp.KroneckerDelta) for p in parts) else (True,)
    found = []
    for kronecker in readings:
        hit = _refuted_under(parts, free, sizes, kronecker, families, state, options)
        if hit is None:
            return None
        found.append(hit)
    return _verdict(found, len(readings) > 1)


def _refuted_under(parts, free, sizes, kronecker, families, state, options) -> Optional[dict]:
    rng = np.random.default_rng([options.seed, 13])
    for size in SIZES:
        if len(free) > size:
            continue
        size_values = {s.name: size for s in sizes}
        combos = list(itertools.permutations(range(1, size + 1), len(free)))[:MAX_COMBINATIONS]
        for combo in combos:
            values = {**size_values, **dict(zip(free, combo))}
            for _ in range(INTERPRETATIONS):
                inst = Instance(values, size, kronecker, rng, families)
                try:
                    a, b = (sp.expand(inst.of(p), deep=False) for p in parts)
                except NotModelled:
                    return None
                except (TypeError, ValueError, KeyError, AttributeError, IndexError):
                    log.warning("instantiating a step failed", exc_info=True)
                    return None
                if sp.count_ops(a) + sp.count_ops(b) > MAX_TERMS or a.atoms(sp.Derivative, AppliedUndef) \
                        or b.atoms(sp.Derivative, AppliedUndef):
                    return None
                hit = _differ(a, b, rng)
                if hit is not None:
                    return {"values": values, **hit, "functions": _shown(inst)}
    return None


def _differ(a, b, rng) -> Optional[dict]:
    """A point where ``a`` and ``b`` differ, re-decided exactly (or at 60 digits), or None.
    Floating point only proposes; it never decides."""
    import math

    from ..notation.identity import redecide

    from ..symbolic import as_elementary

    free = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    try:
        f = sp.lambdify(free, [as_elementary(a), as_elementary(b)], modules="math")
    except (TypeError, ValueError, SyntaxError):
        return None
    for _ in range(4):
        point = {s: float(rng.uniform(0.2, 0.9)) for s in free}
        try:
            lv, rv = (complex(x) for x in f(*point.values()))
        except (ValueError, ZeroDivisionError, OverflowError, TypeError):
            continue
        if abs(lv.imag) > 1e-12 or abs(rv.imag) > 1e-12 or not (math.isfinite(lv.real) and math.isfinite(rv.real)):
            continue
        if abs(lv.real - rv.real) <= 1e-9 * max(1.0, abs(lv.real), abs(rv.real)):
            continue
        d = redecide(a, b, point, "=")
        if d.holds is False:
            return {"at": {s.name: round(x, 6) for s, x in point.items()},
                    "lhs": d.lhs if d.lhs is not None else lv.real, "rhs": d.rhs if d.rhs is not None else rv.real}
    return None


def _shown(inst: Instance) -> dict:
    from ..notation.interpret import show

    return show({name: lam for (name, _), lam in inst.functions.items()})


def _verdict(found: list, both: bool) -> Verdict:
    from ..notation.equality import show

    first = found[0]
    at = ", ".join(f"{k} = {v}" for k, v in first["values"].items())
    readings = " (δ with two indices read as the Kronecker delta, and as a name: both fail)" if both else ""
    return Verdict.incorrect(
        CheckKind.NUMERIC,
        f"the two sides differ for {at}, with the undefined quantities as random smooth functions "
        f"and values: {show(first['lhs'])} vs {show(first['rhs'])}{readings}",
        counterexample={"sizes and indices": first["values"], "at": first["at"], "lhs": first["lhs"],
                        "rhs": first["rhs"], "functions": first["functions"]})
