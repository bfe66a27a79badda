"""Indexed scalars under random interpretations: a refutation, never a confirmation.

A step written in components and sums (``y_j``, ``E_n``, ``∂I/∂Q_k``,
``\\sum_{n=0}^{N-1}``, ``δ_{ik}``) in which a quantity is not defined by the
write-up claims an identity for *every* such quantity ("undefined means
any"). So it is instantiated: every size (a symbolic bound of a sum: N, n,
K) takes a small value (3), every free index a value (distinct
letters distinct values), every indexed name becomes one scalar per index
value, every undefined function a random smooth function
(:func:`symcheck.notation.interpret.random_function`) of the names it is
applied to (``I(Q_k)`` is a function of the whole family Q_1, …, Q_n), and
derivatives are carried out exactly. The two sides are then compared by
:func:`symcheck.notation.identity.identity` (random points, a difference re-decided
exactly or at 60 digits).

It only refutes, and only where no reading can save the step:

- both sides must speak of the same undefined names (the functions they apply and
  the names left once instantiated) (``∂E/∂w = ∂/∂w (1/N) Σ E_n``
  relates E to E_n, which some definition may do; it is never accused);
- the step must claim an identity: a row of a chain (the last row of its
  chain, which does not bring back the quantity the chain starts from), or an
  equation with a derivative or a sum whose left side is not a lone name (a
  definition);
- ``δ_{ik}`` is tried both as the Kronecker delta and as a name with two
  indices, and the step must fail under both;
- an index repeated within a product outside any sum is tried summed (Einstein)
  and not, and the step must fail under both;
- a derivative written as an operator (``\\frac{\\partial}{\\partial w} w a + b``) is tried
  reaching over the sum after it and not;
- a superscript on a network name read as a power (``w^2``: a layer?) and
  every construct it does not model (vectors, network derivatives ∂X/∂Y
  of the reader, sums over examples) leave the step alone;
- a name that is differentiated but not written as depending on the variable
  (``∂/∂w Σ_n E_n``) depends on it when the step applies it elsewhere
  (``∂E_n/∂w``), and is otherwise not modelled.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from typing import Optional

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from ..verdict import CheckKind, Verdict
from .alternatives import (CONSTRAINTS, constrained, implied_sums, index_symbols, inputs, operator_form,
                           operator_scope, repeated)
from .dependences import DROPPED_SUPERSCRIPT
from .instantiate import Definitions, Instance, NotModelled, Unrelated, base_name, indexed_function
from .vector_definitions import component_definition, same_family
from .reading import StepReading, is_single
from .state import Records, ScalarDefined, State

log = logging.getLogger(__name__)

SIZES = (3,)              # the value a symbolic size (N, n, K) takes
INTERPRETATIONS = 1       # random interpretations per size and index values (each new)
MAX_COMBINATIONS = 3      # index values tried
POINTS = 2                # random points per instantiation
MAX_TERMS = 400           # an instantiated side larger than this is not compared
MAX_READINGS = 3          # readings of the write-up's definitions tried (each must fail)


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


#: names that carry a layer as a superscript in network notation (a^2 is a label, not a power)
LAYERED_NAMES = frozenset({"a", "b", "w", "z", "W", "delta", "x", "y", "alpha", "omega"})


def _unsupported(e) -> Optional[str]:
    from ..notation import vocab as V

    if any(isinstance(p.base, sp.Symbol) and p.base.name in LAYERED_NAMES and not p.exp.is_negative
           for p in e.atoms(sp.Pow)):
        return "a superscript on a network name: a layer or a power"

    if not e.is_commutative or e.atoms(V.Q, V.Grad, V.T, V.Had, V.ExampleSum, V.LayerProduct, sp.MatrixBase):
        return "vectors"
    if any(type(f).__name__ == "nabla" for f in e.atoms(AppliedUndef)):
        return "∇ of something"
    if e.atoms(sp.Integral, sp.Limit, sp.Piecewise):
        return "an integral, limit or case"
    return None


def _applied_families(parts) -> dict:
    """``{"E": (w,)}`` for each indexed function ``E[n](w)`` applied in the step."""
    out: dict = {}
    for p in parts:
        for f in p.atoms(AppliedUndef):
            family = indexed_function(type(f).__name__)
            if family:
                out.setdefault(family[0], f.args)
    return out


def _unapplied_in_derivative(parts, families: dict, defs: Definitions) -> bool:
    """A name differentiated without being written as depending on the variable, never applied in
    the step and not defined by the write-up: its dependence is not given (``∂/∂a_0 (e^{a_0} / u)``)."""
    for p in parts:
        for d in p.atoms(sp.Derivative):
            wrt = set(d.variables)
            for ix in () if same_family(d.expr, d.variable_count) is not None else d.expr.atoms(sp.Indexed):
                base = str(ix.base.label)
                if ix not in wrt and base not in families and defs.indexed(base) is None:
                    return True
            inner = d.expr.xreplace({q: sp.Dummy() for q in d.expr.atoms(sp.Indexed, AppliedUndef)})
            plain = {s for s in inner.free_symbols if isinstance(s, sp.Symbol) and not isinstance(s, sp.Dummy)}
            if {s for s in plain - wrt - _sizes(parts) if defs.name(s.name) is None}:
                return True
    return False


def _continues_its_chain(sr: StepReading, state: State) -> bool:
    """A row is compared with the row before it only when that is the last row of the chain
    its statement started (not an expression or a formula quoted in the prose between), and
    when it does not bring back the quantity the chain starts from (``X = A = g(X)`` is an
    equation in X, not an identity)."""
    if not state.prev_stmt or state.prev_stmt[2] != state.prev_expr:
        return False
    head = sr.reread_side(state.prev_stmt[0])
    return head is None or not (is_single(head) and sr.rhs.has(head))


def definitions(state: State, choice: int) -> Definitions:
    """The write-up's definitions under reading ``choice`` of each (the last one when it has fewer)."""
    table = {key: (vars_, bodies[min(choice, len(bodies) - 1)]) for key, (vars_, bodies) in state.scalars.items()}
    return Definitions(table, state.definitions, dict(state.functions))  # C(a) = …: C(a) is that definition


# --- the check -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Plan:
    """What an instantiation of a step works with: its two sides (``parts``), the readings of
    them tried (as written, Einstein's ``einstein``, the operator's reach), the Kronecker
    readings, the indexed functions applied, the free indices, the sizes, and how many
    readings of the write-up's definitions there are."""

    parts: tuple
    readings: list
    einstein: tuple
    kronecker: tuple
    families: dict
    free: list
    sizes: set
    choices: int
    scope: bool


def plan(sr: StepReading, state: State, kronecker_names: bool = False) -> Optional[Plan]:
    """The :class:`Plan` of a step that claims an identity in indexed scalars, or None (a step
    this instantiation leaves alone: see the module). ``kronecker_names``: δ_{ab} read as a
    name, whose two letters are both indices of the step, is read as the Kronecker delta."""
    from ..notation import vocab as V

    if not sr.two_sided or sr.rel != "=" or getattr(state, "index_conditions", ()):
        return None  # a step that states a condition on its indices (k = j) is the front end's, under it
    lhs, rhs = sr.lhs, sr.rhs
    if not (isinstance(lhs, sp.Basic) and isinstance(rhs, sp.Basic)):
        return None
    parts = (lhs, rhs)
    if kronecker_names:
        from .component_reading import readable

        parts = readable(parts, state)
    if sr.step.link and not _continues_its_chain(sr, state):
        return None
    derivatives = any(p.has(sp.Derivative, sp.Sum, V.IndexSum, V.Grad) or
                      any(type(f).__name__ == "Partial" for f in p.atoms(AppliedUndef)) for p in parts)
    if not sr.step.link and (is_single(lhs) or not derivatives):
        return None
    if any(_unsupported(p) for p in parts):
        return None
    from ..notation.ambiguity import kronecker as delta_as_a_name

    if delta_as_a_name(parts):
        return None  # δ_{ic} read as a name: a Kronecker delta the reader did not recognise?
    sizes = _sizes(parts)
    indices = set().union(*(index_symbols(p) for p in parts))
    bound = set().union(*(_bound(p) for p in parts))
    free_in = [index_symbols(p) - _bound(p) for p in parts]
    own = [free_in[0] - free_in[1] - sizes, free_in[1] - free_in[0] - sizes]
    if kronecker_names:  # an index repeated within a product is summed (Einstein), not a side's own
        own = [o - set().union(*(repeated(t, bound) for t in sp.Add.make_args(p))) for o, p in zip(own, parts)]
    if bool(own[0]) != bool(own[1]) and free_in[0] & free_in[1]:
        return None  # one side's own index may be meant to coincide with a shared one (a diagonal): not accused
    einstein = tuple(implied_sums(p, bound, free_in[1 - i]) for i, p in enumerate(parts))
    readings = [parts] + ([einstein] if einstein != parts else [])
    scope = operator_form(sr.source)
    if scope:
        readings += [w for w in (tuple(operator_scope(p) for p in r) for r in list(readings)) if w not in readings]
    free = sorted({s.name for s in indices - bound - sizes}, key=str)
    kronecker = (True, False) if any(p.has(sp.KroneckerDelta) for p in parts) else (True,)
    choices = min(max((len(b) for _, b in state.scalars.values()), default=1), MAX_READINGS)
    return Plan(parts, readings, einstein, kronecker, _applied_families(parts), free, sizes, choices, scope)


def applied_families(parts) -> dict:
    """``{"E": (w,)}`` for each indexed function ``E[n](w)`` the parts apply."""
    return _applied_families(parts)


def unapplied_in_derivative(p: Plan, defs: Definitions) -> bool:
    """See :func:`_unapplied_in_derivative`: a name differentiated whose dependence on the
    variable is neither written nor defined."""
    return _unapplied_in_derivative(p.parts, p.families, defs)


def unary(parts) -> bool:
    """Does the step apply an undefined function of one variable?"""
    return any(len(f.args) == 1 and type(f).__name__ != "Partial" for p in parts for f in p.atoms(AppliedUndef))


def refute(sr: StepReading, state: State, options) -> Optional[Verdict]:
    """Incorrect (with the instantiation that refutes it) or None."""
    p = plan(sr, state)
    if p is None:
        return None
    parts, readings, einstein = p.parts, p.readings, p.einstein
    found = []
    for choice in range(p.choices):
        defs = definitions(state, choice)
        if _unapplied_in_derivative(parts, p.families, defs):
            return None
        for reading, sums, act in itertools.product(p.kronecker, readings, ACTIVATIONS if unary(parts) else (None,)):
            hit = _refuted_under(sums, p.free, p.sizes, reading, p.families, defs, options, act)
            if hit is UNRELATED and choice > 0:
                continue  # this reading of a definition does not fit the step's own reading
            if hit is None or hit is UNRELATED:
                return None
            found.append(hit)
    return _verdict(found, len(p.kronecker) > 1, einstein != parts, p.choices > 1,
                    any(r not in (parts, einstein) for r in readings), unary(parts))


UNRELATED = object()   # a derivative whose variable the expanded expression does not contain


#: the activations an undefined function of one variable may be (None: a random smooth function)
ACTIVATIONS = (None, "sigmoid", "tanh", "identity")


def _refuted_under(parts, free, sizes, kronecker, families, defs, options, activation=None) -> Optional[dict]:
    """The first counterexample, once every reading of :data:`CONSTRAINTS` has one; else None
    (or :data:`UNRELATED`)."""
    rng = np.random.default_rng([options.seed, 13])
    pending, first = list(CONSTRAINTS), None
    for size in SIZES:
        if len(free) > size:
            continue
        size_values = {s.name: size for s in sizes}
        combos = list(itertools.permutations(range(1, size + 1), len(free)))[:MAX_COMBINATIONS]
        for combo in combos:
            values = {**size_values, **dict(zip(free, combo))}
            for _ in range(INTERPRETATIONS):
                inst = Instance(values, size, kronecker, rng, families, defs, activation)
                try:
                    sides, used = [], []
                    for p in parts:
                        inst.used = set()
                        side = sp.expand(inst.expand(inst.of(p)), deep=False)
                        sides.append(side)
                        used.append(inst.used | {base_name(s) for s in side.free_symbols} - {""})
                except Unrelated:
                    return UNRELATED
                except NotModelled:
                    return None
                except (TypeError, ValueError, KeyError, AttributeError, IndexError, ZeroDivisionError):
                    log.warning("instantiating a step failed", exc_info=True)
                    return None
                if used[0] != used[1] or not used[0]:
                    return None  # the sides speak of different undefined names: some definition may relate them
                if sp.count_ops(sides[0]) + sp.count_ops(sides[1]) > MAX_TERMS or \
                        any(side.atoms(sp.Derivative, AppliedUndef) for side in sides):
                    return None
                if not inputs(inst, sides):
                    pending = pending[:1]  # no undefined values to constrain
                for how in list(pending):
                    fixed = constrained(inst, how, rng, sides)
                    hit = _differ(*((side.xreplace(fixed) for side in sides) if fixed else sides), rng)
                    if hit is not None:
                        pending.remove(how)
                        first = first or {"values": values, **hit, "functions": _shown(inst)}
                if not pending:
                    return first
    return None


def _differ(a, b, rng) -> Optional[dict]:
    """A point where ``a`` and ``b`` differ, decided exactly (rational arithmetic) or at 60
    digits (:func:`symcheck.notation.identity.redecide`), or None. A point that cannot be
    decided (a tie within the digits, a side that is not a real number) decides nothing."""
    from ..notation.identity import redecide
    from ..symbolic import as_elementary

    a, b = as_elementary(a), as_elementary(b)
    free = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    for _ in range(POINTS):
        point = {s: float(rng.uniform(0.2, 0.9)) for s in free}
        if not _apart(a, b, point):
            continue  # floating point proposes only: agreement here is no evidence, and needs no decision
        d = redecide(a, b, point, "=")
        if d.holds is False:
            return {"at": {s.name: round(x, 6) for s, x in point.items()}, "lhs": d.lhs, "rhs": d.rhs}
    return None


def _apart(a, b, point) -> bool:
    """Do ``a`` and ``b`` look different at ``point`` (20 digits)? Only a proposal for :func:`_differ`."""
    pt = {s: sp.Float(x, 20) for s, x in point.items()}
    try:
        lv, rv = complex(a.xreplace(pt).evalf(20)), complex(b.xreplace(pt).evalf(20))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return True  # cannot tell: let the exact decision say
    return abs(lv - rv) > 1e-9 * max(1.0, abs(lv), abs(rv))


def _shown(inst: Instance) -> dict:
    from ..notation.interpret import show

    return show({name: lam for (name, _), lam in inst.functions.items()})


def _verdict(found: list, kronecker: bool, einstein: bool, definitions: bool, scope: bool = False,
             unary: bool = False) -> Verdict:
    from ..notation.equality import show

    first = found[0]
    at = ", ".join(f"{k} = {v}" for k, v in first["values"].items())
    at = f" for {at}" if at else ""
    tried = (["δ with two indices as the Kronecker delta and as a name"] if kronecker else []) + \
        (["a repeated index summed (Einstein) and not"] if einstein else []) + \
        (["a derivative operator reaching over the sum after it and not"] if scope else []) + \
        (["each reading of the write-up's definitions"] if definitions else []) + \
        ["the undefined values free, one-hot, and a distribution"] + \
        (["an undefined function of one variable random, the sigmoid, tanh and the identity"] if unary else [])
    readings = f" (it fails under every reading tried: {'; '.join(tried)})" if tried else ""
    return Verdict.incorrect(
        CheckKind.NUMERIC,
        f"the two sides differ{at}, with the undefined quantities as random smooth functions "
        f"and values: {show(first['lhs'])} vs {show(first['rhs'])}{readings}",
        counterexample={"sizes and indices": first["values"], "at": first["at"], "lhs": first["lhs"],
                        "rhs": first["rhs"], "functions": first["functions"]})


# --- what the write-up defines ------------------------------------------------------------
def _plain_names(e) -> set:
    """Names of ``e`` outside components and indexed names (the L of a^{(L)}_j is not the name L)."""
    from ..notation import vocab as V

    inner = e.xreplace({q: sp.Dummy() for q in e.atoms(sp.Indexed, V.Comp)})
    return {s.name for s in inner.free_symbols if isinstance(s, sp.Symbol) and not isinstance(s, sp.Dummy)}


def definition(sr: StepReading):
    """What a step defines: :func:`scalar_definition`, a vector's components, its left side as written."""
    from .restated import recorded
    scalar = None if DROPPED_SUPERSCRIPT.search(sr.source or "") else scalar_definition(sr)  # z^1 read as z
    out = tuple(u for u in (scalar, component_definition(sr), recorded(sr)) if u is not None)
    return None if not out else out[0] if len(out) == 1 else Records(out)


def scalar_definition(sr: StepReading) -> Optional[ScalarDefined]:
    """What a step ``X = …`` defines, for the instantiation of later steps: X a plain name,
    a component ``a^{(L)}_j`` or an indexed name ``y_j`` with index letters; the readings of its
    right side that are scalar and do not refer to X itself. None for anything else."""
    from ..notation import vocab as V
    from .indices import CONDITION_WORDS
    from .reading import has_word

    if sr.step.link or not sr.two_sided or sr.rel != "=" or has_word(sr.step.context, CONDITION_WORDS + ("since",)):
        return None  # "since y_j = 0", "if j = k": a case, not a definition
    lhs = sr.lhs
    if isinstance(lhs, sp.Symbol):
        key, variables = ("name", lhs.name), ()
    elif isinstance(lhs, V.Comp) and all(isinstance(i, sp.Symbol) for i in lhs.indices):
        key, variables = ("comp", lhs.qname, str(lhs.layer)), tuple(i.name for i in lhs.indices)
    elif isinstance(lhs, sp.Indexed) and all(isinstance(i, sp.Symbol) for i in lhs.indices):
        key, variables = ("indexed", str(lhs.base.label)), tuple(i.name for i in lhs.indices)
    else:
        return None
    if len(set(variables)) != len(variables) or (variables and getattr(sr.rhs, "is_number", False)):
        return None  # y_j = 0: a value for some j (a case), not a definition for every j
    readings = [sr.rhs] + [alt.parts[1] for alt in getattr(sr.reading, "alternatives", ())
                           if len(alt.parts) == 2 and alt.parts[0] == lhs]
    bodies = []
    for body in readings:
        if not isinstance(body, sp.Basic) or _unsupported(body) or body in bodies:
            continue
        if key[0] == "name" and key[1] in _plain_names(body):
            continue  # refers to itself: not a reading of a definition
        if set(variables) & ({v.name for u in body.atoms(sp.Sum) for v in u.variables} -
                             {f.name for f in body.free_symbols}):
            continue  # E_n = Σ_n …: the left side's n is summed on the right, so this is not E_n for each n
        if key[0] == "comp" and any(c.qname == key[1] and str(c.layer) == key[2] for c in body.atoms(V.Comp)):
            continue
        bodies.append(body)
    return ScalarDefined(key, variables, tuple(bodies)) if bodies else None
