r"""Equations about a quantity the file has already defined are claims (issue 13.2, rule 3).

Once a write-up has defined a layered quantity — ``z_l := A_l a_{l−1} + b_l``,
``a_l := σ_l(z_l)``, ``δ^l_j = ∂C/∂z^l_j`` (:class:`.state.QuantityDefined`, recorded by
:mod:`.standard`) — a later ``a_l := …`` is not a new definition: it says that the quantity
the file defined equals the new right side. The claim ``D = R`` (D the file's definition at
the step's layer and indices) is checked with the file's definitions put in for the
quantities of that layer (bounded), the one remaining opaque quantity (an affine map, a
weighted input) read as a free number t:

- ``D`` and ``R`` are the same expression (or provably equal): **correct**, "agrees with the
  file's definition of … on line N";
- they differ at a point t ∈ (0.05, 0.95) (a value every pre-activation and every sigmoid
  activation takes, so a network of one neuron a layer realises it), σ being the logistic
  function: **incorrect**, naming the definition it contradicts;
- otherwise (a quantity written otherwise than in its definition, a^L after a^l: the output layer
  may be defined apart on purpose; several opaque quantities, functions the file does not define, a setting
  other than the sigmoid's, words that change the setting: "suppose", "instead"): None, and
  the step is checked as a definition of a standard quantity. A setting word matters only where a side
  holds an activation; δ defined for every layer l as ∂C/∂z^l is a claim at every layer.
"""

from __future__ import annotations

import re
from typing import Optional

import sympy as sp

from ..symbolic import sigmoid
from ..verdict import CheckKind, Verdict
from .reading import StepReading
from .state import Result, State

MAX_ROUNDS = 4
CHANGES = re.compile(r"\b(?:suppose|assume|instead|replace|modif\w*|consider|alternative\w*|"
                     r"if|let us now|now let)\b")
SETTING_WORDS = re.compile(r"\b(?:linear|tanh|relu|softmax)\b")  # they matter where a side holds an activation
OTHER_SETTINGS = ("linear", "tanh", "relu", "softmax", "modified")


def _show(e) -> str:
    return str(e).replace("sigmoid", "σ")


def _unify(general, specific) -> Optional[dict]:
    """The substitution of ``general``'s layer and index symbols that makes it ``specific``."""
    a, b = general.args, specific.args
    if type(general) is not type(specific) or len(a) != len(b) or a[0] != b[0]:
        return None
    subs: dict = {}
    for x, y in zip(a[1:], b[1:]):
        if x == y:
            continue
        if not isinstance(x, sp.Symbol) or subs.get(x, y) != y:
            return None
        subs[x] = y
    return subs


def _definition_at(q, state: State):
    """The file's definition of the quantity ``q`` (at its layer and indices), or None."""
    entry = state.quantities.get((q.qname, len(getattr(q, "indices", ()))))
    if entry is None:
        return None
    lhs, rhs, line, _ = entry
    subs = _unify(lhs, q)
    if subs is None and _error_at_every_layer(lhs, q, rhs):  # δ^2 := ∂C/∂z^2: the error of each layer so
        return _relayer(rhs, lhs.layer, q.layer), line
    return (rhs.xreplace(subs) if subs else rhs, line) if subs is not None else None


def _relayer(e, old, new):
    """``e`` with every layered quantity of layer ``old`` taken at layer ``new`` (∂C/∂z^2 → ∂C/∂z^1)."""
    from ..notation import vocab as V

    return e.xreplace({q: q.func(q.args[0], new, *q.args[2:]) for q in e.atoms(V.Q, V.Comp) if q.layer == old})


def _expand(e, layer, state: State):
    """``e`` with the file's definitions put in for the quantities of ``layer`` (bounded)."""
    from ..notation import vocab as V

    for _ in range(MAX_ROUNDS):
        subs = {}
        for q in e.atoms(V.Q, V.Comp):
            if q.layer == layer:
                d = _definition_at(q, state)
                if d is not None:
                    subs[q] = d[0]
        if not subs:
            return e
        e = e.xreplace(subs)
    return e


def against_own_definition(sr: StepReading, state: State, options) -> Optional[Result]:
    """The step ``X = R`` checked against the file's earlier definition of X, or None: its first
    definition file-wide, then the definition in scope that it restates (:mod:`.restatements`:
    accused only, never confirmed there)."""
    from ..notation import vocab as V

    lhs = sr.lhs
    if not isinstance(lhs, (V.Q, V.Comp)):
        return None
    own = _definition_at(lhs, state)
    entry = state.quantities.get((lhs.qname, len(getattr(lhs, "indices", ()))))
    if own is not None and entry is not None and entry[2] != sr.step.line:
        out = _compare(sr, state, options, own, entry[0] == lhs or _error_at_every_layer(entry[0], lhs, entry[1]))
        if out is not None:
            return out
    scoped = _in_scope(sr, state)
    if scoped is None:
        return None
    out = _compare(sr, state, options, scoped, True) if entry is None or scoped[1] != entry[2] else None
    if out is not None:
        return out if out.verdict.verdict == "incorrect" else None
    return _through_the_layers(sr, state, options, scoped) if scoped[0] is not None and lhs == _kept_lhs(sr, state,
                                                                                                     scoped[1]) else None


def _kept_lhs(sr: StepReading, state: State, line: int):
    from .restatements import in_scope

    return next((r[0] for r in in_scope(sr, state) if r[3] == line), None)


def _through_the_layers(sr: StepReading, state: State, options, scoped) -> Optional[Result]:
    """The restatement against its definition in scope, put in through the layers down to the parameters
    (:func:`.restatements.network_difference`): incorrect when it fails under every activation, else None."""
    from ..notation.equality import show
    from .restatements import network_difference

    defined, line = scoped
    found = network_difference(sr, state, defined, options)
    if found is None:
        return None
    out, functions = found
    read = f", with {' and '.join(functions)} read as the sigmoid, tanh and the identity (each fails)" if functions else ""
    return Result(Verdict.incorrect(
        CheckKind.NUMERIC,
        f"contradicts the file's own definition of {_show(sr.lhs)} on line {line} ({_show(defined)}): with the "
        f"problem's definitions put in down to the weights, biases and input{read}, at {out.point} the definition "
        f"gives {show(out.lhs_value)} and this step {show(out.rhs_value)}",
        counterexample={"at": {str(k): v for k, v in (out.point or {}).items()},
                        f"definition (line {line})": out.lhs_value, "this step": out.rhs_value},
        hint=f"the file defined {_show(sr.lhs)} on line {line}; is a layer's number changed?"))


def _in_scope(sr: StepReading, state: State):
    """``(definition at the step's layer and indices, line)`` of the latest equation of the step's problem
    that defines its left side as written (or δ of every layer l as ∂C/∂z^l, for δ^L), or None."""
    from .restatements import in_scope

    for lhs, _, rhs, line, _ in reversed(in_scope(sr, state)):
        if lhs == sr.lhs:
            return rhs, line
        subs = _unify(lhs, sr.lhs) if type(lhs) is type(sr.lhs) else None
        if _error_at_every_layer(lhs, sr.lhs, rhs):
            return (rhs.xreplace(subs) if subs else _relayer(rhs, lhs.layer, sr.lhs.layer)), line
    return None


def _compare(sr: StepReading, state: State, options, own, accusable: bool) -> Optional[Result]:
    """``X = R`` against the definition ``own`` (its right side at the step's layer, its line)."""
    from ..notation import vocab as V
    from ..notation.identity import identity

    lhs = sr.lhs
    defined, line = own
    d, r = _expand(defined, lhs.layer, state), _expand(sr.rhs, lhs.layer, state)
    if d == r:
        return Result(Verdict.correct(CheckKind.EXACT, f"agrees with the file's definition of {_show(lhs)} on "
                                                       f"line {line}: both sides are the same once the file's "
                                                       "definitions are put in"))
    opaque = {a for side in (d, r) for a in side.atoms(V.Q, V.Comp, V.Grad, sp.core.function.AppliedUndef)}
    opaque = {a for a in opaque if not any(a != b and a in b.atoms(type(a)) for b in opaque)}  # outermost only
    if len(opaque) != 1 or (d.free_symbols | r.free_symbols) - set().union(*(a.free_symbols for a in opaque)):
        return None
    t = sp.Symbol("t", real=True)
    (atom,) = opaque
    dt, rt = d.xreplace({atom: t}), r.xreplace({atom: t})
    if dt.atoms(V.Q, V.Comp, V.Grad, sp.core.function.AppliedUndef) or rt.atoms(V.Q, V.Comp, V.Grad,
                                                                               sp.core.function.AppliedUndef):
        return None
    functions = dt.atoms(sp.Function) | rt.atoms(sp.Function)
    if not all(f.func in (sigmoid, sp.exp, sp.log) for f in functions):
        return None
    words = f"{sr.step.context} {getattr(sr.step, 'intro', '')[-160:]}".lower()
    if CHANGES.search(words) or (functions and (SETTING_WORDS.search(words) or state.defined_setting
                                                or any(t in state.topics.split() for t in OTHER_SETTINGS))):
        return None  # no activation in either side (δ = ∂C/∂z against −∂C/∂z): the setting does not matter
    out = identity(dt, rt, seed=options.seed, trials=options.trials, timeout=options.symbolic_seconds,
                   domains={"t": (0.05, 0.95)})
    shown = _show(lhs)
    if out.holds and out.exact:
        return Result(Verdict.correct(CheckKind.EXACT, f"agrees with the file's definition of {shown} on line {line}"))
    if out.holds is False and accusable:
        # the same quantity as written: a special layer (the output layer L after a definition for every l)
        # may be defined otherwise on purpose, so it is not accused -- except the error δ, which the file
        # defined for every layer l as a derivative (δ^L is then that derivative at L: a claim, not a choice)
        return Result(Verdict.incorrect(
            CheckKind.NUMERIC,
            f"contradicts the file's own definition of {shown} on line {line} ({_show(defined)}): with "
            f"{_show(atom)} = t{' and σ the logistic function' if functions else ''}, the file's definition gives "
            f"{_show(dt)} and this "
            f"step {_show(rt)}",
            counterexample={"at": {str(k): v for k, v in (out.point or {}).items()},
                            f"definition (line {line})": out.lhs_value, "this step": out.rhs_value},
            hint=f"the file defined {shown} on line {line}; are two quantities swapped?"))
    return None


def _error_at_every_layer(defined, q, rhs) -> bool:
    """``defined`` is the error δ of a layer (δ^l, δ^2_j) defined as a derivative by z of that same layer
    (``rhs``: ∂C/∂z^l, ∂C/∂z^2), and ``q`` the error of another layer, with the same indices as written
    (δ^L, δ^{l+1}_j, δ^1): the family δ^k = ∂C/∂z^k, so the file's definition at q's layer is that
    derivative there (the write-up says so: "if we call ∂C/∂z^2 δ^2, we call ∂C/∂z^1 δ^1")."""
    from ..notation import vocab as V

    return getattr(defined, "qname", "") == "delta" and getattr(q, "qname", "") == "delta" and \
        defined.layer != q.layer and type(defined) is type(q) and defined.args[2:] == q.args[2:] and \
        isinstance(rhs, sp.Basic) and any(getattr(g.args[0], "qname", "") == "z" and g.args[0].layer == defined.layer
                                          for g in rhs.atoms(V.Grad))


def defined_as_error(lhs, state: State) -> bool:
    """Has the file defined ``lhs`` (δ of a layer, δ^L_j) as ∂C/∂z of its own layer (at its indices: δ^L_j =
    ∂C/∂z^L_j, or the family δ^k = ∂C/∂z^k)? Then a later ``δ^L_j = …`` is a claim about that derivative, not
    a definition in the write-up's own terms (:mod:`.network`'s accusation policy)."""
    from ..notation import vocab as V

    if getattr(lhs, "qname", "") != "delta" or not isinstance(lhs, (V.Q, V.Comp)):
        return False
    found = _definition_at(lhs, state)
    if found is None or not isinstance(found[0], V.Grad) or len(found[0].args) != 1:
        return False
    by = found[0].args[0]
    return getattr(by, "qname", "") == "z" and by.layer == lhs.layer and by.args[2:] == lhs.args[2:]
