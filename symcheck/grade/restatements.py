r"""A symbol the file has defined, stated again in the same scope, is a claim about that definition.

Once a problem of a write-up has defined a quantity (``\delta^1 = \frac{\partial C}{\partial z^1}``,
``a^2 = g(z^2)``, ``C = -\ln a^L_{\tilde y}``, ``f_c(x) = …``), a later equation *in the same problem*
with that quantity alone on its left side restates it: it claims that the quantity the problem defined
equals the new right side. This module keeps those definitions, scoped as a reader scopes them, and
gives the reference a restatement is compared with (:mod:`.own_definitions` for layered quantities,
:mod:`.restated` for the rest):

- **what is kept** (:class:`Restatable`, file-wide in ``State.quantities`` under :data:`KEY`, each with
  its problem): every equation ``X = R`` that is not a link of a chain and not found wrong, with X a
  name, a layered quantity or a function applied (``f_c(x)``). The first one of X in a problem is its
  definition; a later one becomes the reference only when it was verified (an unchecked restatement
  may be wrong, and a step is never accused for contradicting a wrong one);
- **the scope**: the same problem, or plain sections of one derivation (:mod:`.scopes`: "Problem N", a
  heading naming a cost or a numbered section starts a new one: a write-up may define C as the quadratic
  cost in one section and as the cross-entropy in the next), and no words in the
  prose just before the step that introduce a new definition or a case ("let", "define", "now
  consider", "instead", "suppose", "if", "when", "for $c \to \infty$", a cost or activation named):
  :func:`new_scope_words`.

A restatement that differs is accused only where the comparison is decided under every reading
(the callers' rules); a FIRST definition is never compared here: a write-up may define its own δ.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional

import sympy as sp

from .reading import StepReading
from .scopes import same_scope
from .state import StageRecord

KEY = ("restatements", "defs")

#: words that introduce a new definition, a change of setting or a case: the step is not a restatement
NEW_WORDS = re.compile(
    r"\b(?:let|define[sd]?|defining|definition|denote[sd]?|redefin\w*|suppose|assum\w*|instead|replac\w*|"
    r"modif\w*|alternativ\w*|consider\w*|if|when|whenever|unless|case|cases|limit|approximat\w*|"
    r"special|example|e\.g|new|now (?:let|take|use|suppose|define|consider)|let us|"
    r"cost|loss|quadratic|cross[- ]entropy|log[- ]likelihood|softmax|tanh|relu|linear|sigmoid|"
    r"perceptron|step function|large|small)\b|\\to\b|\\rightarrow|→|\\approx|≈|\\lim")


def new_scope_words(sr: StepReading) -> bool:
    """Do the words beside the step, or just before it, introduce a definition, a setting or a case?"""
    intro = getattr(sr.step, "intro", "") or ""
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-Z$])|\n\s*\n", intro.strip())[-1] if intro.strip() else ""
    context = re.sub(r"\s*\bdefine$", "", (sr.step.context or "").strip())  # the token := (prose words stay in sentence)
    words = f"{context} {sentence[-200:]}".lower().replace("in which case", "")
    return bool(NEW_WORDS.search(words))


@dataclass(frozen=True)
class Restatable(StageRecord):
    """``lhs = rhs`` on ``line`` of ``problem`` (``text``: the left side as written)."""

    lhs: Any
    text: str
    rhs: Any
    line: int
    problem: str

    def apply(self, st) -> None:
        entry = st.quantities.get(KEY)
        kept = entry[1] if entry is not None else ()
        st.quantities[KEY] = (None, kept + ((self.lhs, self.text, self.rhs, self.line, self.problem),), 0, None)


def _key(text: str) -> str:
    t = re.sub(r"\\(?:left|right)\b|\s+", "", text or "")
    return re.sub(r"\{(\w)\}", r"\1", t)


def _named(e) -> bool:
    """A left side that names one quantity: a name, a layered quantity, an indexed name, f(x)."""
    from ..notation import vocab as V

    return isinstance(e, (sp.Symbol, V.Q, V.Comp, sp.Indexed, sp.core.function.AppliedUndef))


def _kept(state) -> tuple:
    entry = (getattr(state, "quantities", None) or {}).get(KEY)
    return entry[1] if entry is not None else ()


def _same(rec, lhs, text: str) -> bool:
    return rec[0] == lhs or (text and rec[1] == text)


def record(sr: StepReading, state, verdict) -> Optional[Restatable]:
    """What a step that is not wrong keeps for later restatements, or None."""
    if sr.step.link or not sr.two_sided or sr.rel != "=" or not isinstance(sr.rhs, sp.Basic) \
            or not _named(sr.lhs) or getattr(verdict, "verdict", "") == "incorrect":
        return None
    text = _key(sr.lhs_text)
    problem = getattr(sr.step, "problem", "") or ""
    before = [r for r in _kept(state) if same_scope(state, r[4], problem) and _same(r, sr.lhs, text)]
    if before and getattr(verdict, "verdict", "") != "correct":
        return None  # a restatement not verified is not a reference
    return Restatable(sr.lhs, text, sr.rhs, sr.step.line, problem)


def in_scope(sr: StepReading, state) -> tuple:
    """The kept equations of the step's scope (:func:`.scopes.same_scope`) on other lines, latest last, when the step is an equation
    with a named left side and no words before it introduce a new definition or a case; else ()."""
    if sr.step.link or not sr.two_sided or sr.rel != "=" or not _named(sr.lhs) or not isinstance(sr.rhs, sp.Basic):
        return ()
    problem = getattr(sr.step, "problem", "") or ""
    found = tuple(r for r in _kept(state) if same_scope(state, r[4], problem) and r[3] != sr.step.line)
    return found if found and not new_scope_words(sr) else ()


def reference(sr: StepReading, state) -> Optional[tuple]:
    """``(lhs, rhs, line)`` of the definition in scope that the step restates (the latest kept equation
    of the same scope with the same left side), or None."""
    found = references(sr, state)
    return found[0] if found else None


def references(sr: StepReading, state) -> tuple:
    """Every ``(lhs, rhs, line)`` in scope that the step restates, latest first: the first definition and
    each verified restatement (each is something the file established, so contradicting any one is wrong)."""
    text = _key(sr.lhs_text)
    return tuple((r[0], r[2], r[3]) for r in reversed(in_scope(sr, state)) if _same(r, sr.lhs, text))


def _atoms(e) -> set:
    """The outermost pieces of ``e`` that stand for values the write-up does not compute here."""
    from ..notation import vocab as V

    kinds = (V.IndexSum, sp.Sum, V.Norm, V.Nabla, V.Grad, V.Q, V.Comp, sp.Derivative, sp.Indexed,
             sp.core.function.AppliedUndef)
    found = set(e.atoms(*kinds))
    return {a for a in found if not any(a != b and a in b.atoms(type(a)) for b in found)}


def _network(a) -> bool:
    from ..notation import vocab as V

    return isinstance(a, V.NETWORK_CLASSES + (sp.Derivative,)) or bool(a.atoms(*V.NETWORK_CLASSES))


def plain_difference(before, after, options) -> Optional[tuple]:
    """``(outcome, readings)`` when ``after`` differs from ``before`` under every reading tried, or None.

    Both are read as functions of the same pieces: the outermost sums, norms, gradients, indexed names,
    undefined functions applied and layered quantities of each side must be the same set (at most one of
    them a network quantity: those are related by the network), each a free value in (0.05, 0.95), and the
    plain names the same set, free values. σ is read as the sigmoid, tanh and the identity: each must fail."""
    from ..notation.identity import identity
    from ..symbolic import sigmoid

    scaled = scaled_difference(before, after)
    if scaled is not None:
        return scaled
    atoms = _atoms(before)
    if atoms != _atoms(after) or sum(_network(a) for a in atoms) > 1:
        return None
    names = {a: sp.Symbol(f"t_{i}", real=True) for i, a in enumerate(sorted(atoms, key=sp.default_sort_key))}
    b, a = before.xreplace(names), after.xreplace(names)
    if b.free_symbols != a.free_symbols or b.atoms(sp.MatrixBase, sp.Piecewise) or a.atoms(sp.MatrixBase, sp.Piecewise) \
            or not (b.is_commutative and a.is_commutative):
        return None
    functions = {f.func for f in b.atoms(sp.Function) | a.atoms(sp.Function)}
    if not functions <= {sigmoid, sp.exp, sp.log, sp.tanh, sp.Abs}:
        return None
    x = sp.Dummy("x")
    readings = [("σ the sigmoid", {}), ("σ = tanh", {sigmoid: sp.Lambda(x, sp.tanh(x))}),
                ("σ the identity", {sigmoid: sp.Lambda(x, x)})] if sigmoid in functions else [("", {})]
    domains = {s.name: (0.05, 0.95) for s in names.values()}
    first = None
    for label, subs in readings:
        bb = b.replace(sigmoid, subs[sigmoid]) if subs else b
        aa = a.replace(sigmoid, subs[sigmoid]) if subs else a
        out = identity(bb, aa, seed=options.seed, trials=options.trials, timeout=options.symbolic_seconds,
                       domains=domains)
        if out.holds is not False:
            return None
        first = first or out
    return first, [label for label, _ in readings if label], {str(v): str(k) for k, v in names.items()}


def _leaf(q) -> bool:
    """A layered quantity the network leaves free: a weight, a bias, the input, the target, a^0."""
    from ..notation import vocab as V

    return isinstance(q, V.Q) and (q.qname in ("w", "b", V.INPUT, V.TARGET) or (q.qname == "a" and q.layer == 0))


def network_difference(sr: StepReading, state, before, options) -> Optional[tuple]:
    """``(outcome, pieces)`` when, in a problem whose layers are one neuron each, ``sr``'s right side differs
    from ``before`` once the problem's kept definitions of layered quantities are put in until only weights,
    biases and the input are left (free values in (0.1, 0.9)), with each undefined activation (g) read as
    the sigmoid, tanh and the identity (ReLU agrees with it on these positive values): each must fail."""
    from ..notation import vocab as V
    from ..notation.identity import identity
    from ..symbolic import sigmoid

    if getattr(state, "neurons", None) != 1:
        return None
    defs: dict = {}
    for lhs, _, rhs, _, _ in in_scope(sr, state):
        if isinstance(lhs, (V.Q, sp.Symbol)) and isinstance(rhs, sp.Basic):
            defs[lhs] = rhs
    d, r = before, sr.rhs
    for _ in range(8):
        subs = {q: defs[q] for side in (d, r) for q in side.atoms(V.Q, sp.Symbol) if q in defs}
        if not subs:
            break
        d, r = d.xreplace(subs), r.xreplace(subs)
    qs = d.atoms(V.Q) | r.atoms(V.Q)
    if not all(_leaf(q) for q in qs) or d.atoms(V.Comp, V.Grad, sp.Derivative, *V.NETWORK_CLASSES[3:]) or \
            r.atoms(V.Comp, V.Grad, sp.Derivative, *V.NETWORK_CLASSES[3:]):
        return None
    names = {q: sp.Symbol(str(q).replace("^", "").replace("(", "").replace(")", ""), positive=True) for q in qs}
    d, r = d.xreplace(names), r.xreplace(names)
    if not d.is_commutative or not r.is_commutative:
        return None
    names.update({s: s for s in d.free_symbols | r.free_symbols if s not in names.values()})  # plain names: free
    if d == r:
        return None
    unknown = {f.func for f in d.atoms(sp.core.function.AppliedUndef) | r.atoms(sp.core.function.AppliedUndef)}
    if any(len(f.args) != 1 for f in d.atoms(sp.core.function.AppliedUndef) | r.atoms(sp.core.function.AppliedUndef)):
        return None
    x = sp.Dummy("x")
    first = None
    for label, fn in (("the sigmoid", sp.Lambda(x, sigmoid(x))), ("tanh", sp.Lambda(x, sp.tanh(x))),
                      ("the identity", sp.Lambda(x, x))):
        dd, rr = d, r
        for f in unknown:
            dd, rr = dd.replace(f, fn), rr.replace(f, fn)
        if not {f.func for f in dd.atoms(sp.Function) | rr.atoms(sp.Function)} <= {sigmoid, sp.exp, sp.log, sp.tanh}:
            return None
        out = identity(dd, rr, seed=options.seed, trials=options.trials, timeout=options.symbolic_seconds,
                       domains={s.name: (0.1, 0.9) for s in names.values()})
        if out.holds is not False:
            return None
        first = first or out
    return first, sorted(f.__name__ for f in unknown)


FREE_PARTS = ("Symbol", "Q", "Comp", "Indexed", "IndexedBase", "Idx", "Integer", "Rational", "Add", "Mul", "Pow",
              "NegativeOne", "One", "Half")


def scaled_difference(before, after) -> Optional[tuple]:
    """``(outcome, [], pieces)`` when ``after`` is ``before`` times another number (``-x`` for ``x``, ``-g(z^l)`` for
    ``g(z^l)``, vectors and matrices too), the common part an expression of free values (names, layered
    quantities, undefined functions applied; no derivative, which may vanish): read as one value t, the two
    differ at t = 1/2 under every reading of its pieces. Else None."""
    if not (isinstance(before, sp.Expr) and isinstance(after, sp.Expr)) or before.is_number or after.is_number:
        return None
    (cb, rb), (ca, ra) = before.as_coeff_Mul(), after.as_coeff_Mul()
    if rb != ra and sp.expand(after + before) == 0:  # −(w x + b), distributed
        cb, rb, ca, ra = sp.Integer(1), before, sp.Integer(-1), before
    if rb != ra or cb == ca or not (cb.is_number and ca.is_number) or cb == 0 or rb.is_number:
        return None
    parts = {type(n).__name__ for n in sp.preorder_traversal(rb)}
    applied = {n for n in sp.preorder_traversal(rb) if isinstance(n, sp.core.function.AppliedUndef)}
    if not parts - {type(f).__name__ for f in applied} <= set(FREE_PARTS) or \
            any(n.atoms(sp.Derivative) for n in applied):
        return None
    from ..notation.identity import Outcome

    t = sp.Rational(1, 2)
    out = Outcome(False, "the same part times different numbers", point={"t": t}, lhs_value=cb * t,
                  rhs_value=ca * t, exact=True)
    return out, [], {"t": str(rb)}
