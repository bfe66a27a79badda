"""Network equations: the library of claims, then the notation front end's
meaning layer on random networks, under the accusation policy.

The policy: a failed check of the meaning layer is an accusation only where
the reading is the only plausible one. It is not when the step uses a vector
of ones or a norm, plain a, y, x or z without a layer next to vector
operations (vector or number?), a derivative whose shape the reader does not
model, a setting the random networks do not model (softmax, linear, ...), or
when the equation is a definition or a condition in the write-up's own
terms. Each of these is read from the reading's nodes and from the kind of
the failed check, never from message text.
"""

from __future__ import annotations

import logging
from typing import Optional

import sympy as sp

from ..errors import ParseError
from ..symbolic import sigmoid
from ..verdict import Cause, Note, NoteKind, Verdict
from .reading import INEQUALITIES, StepReading, is_name, is_single
from .state import State

log = logging.getLogger(__name__)

NON_DEFAULT = ("softmax", "linear", "tanh", "relu", "log-likelihood", "modified")
PLAIN = ("a", "y", "x", "z")
INDEX_LETTERS = ("i", "j", "k", "m", "p", "q")


def library_check(sr: StepReading, state: State, options) -> Optional[Verdict]:
    """The step states (or contradicts) a claim of the library, or a vector identity."""
    from . import library

    lhs, rhs = sr.lhs_text, sr.rhs_text
    v = library.vector_check(lhs, sr.rel, rhs, options.seed)
    if v is not None:
        return v
    hit = library.lookup(lhs, sr.rel, rhs, state.topics)
    if hit is None:
        return None
    return library.verdict_for(hit, options.seed, options.trials)


def front_end(sr: StepReading, state: State, options) -> Optional[Verdict]:
    """The meaning layer's verdict on the step's reading (None when turned off)."""
    if not options.use_front_end:
        return None
    if sr.error is not None:
        return Verdict.unchecked(Cause.UNPARSED, f"cannot read: {sr.error.reason}")
    from .. import notation

    try:
        ctx = notation.Context(activation=options.activation, cost=state.cost or "quadratic", seed=options.seed,
                               trials=options.trials, domains=dict(state.domains), given=dict(state.env))
        v = notation.check_reading(sr.reading, ctx)
    except ParseError as exc:
        return Verdict.unchecked(Cause.UNPARSED, f"cannot read: {exc.reason}")
    except Exception as exc:  # noqa: BLE001 -- the meaning layer's failure is an unchecked step, with its traceback logged
        log.warning("the notation reader failed on %r", sr.source, exc_info=True)
        return Verdict.unchecked(Cause.UNSUPPORTED, f"the notation reader failed: {type(exc).__name__}")
    read_as = [n for n in sr.reading.notes if "look-alike" in n]
    if read_as and v.verdict != "unchecked":
        from dataclasses import replace

        v = replace(v, reason=f"{v.reason} (read: {'; '.join(read_as[:3])})")
    if v.verdict == "incorrect" and is_single(sr.lhs) and state.topics:
        return Verdict.unchecked(Cause.AMBIGUOUS, f"a definition in this write-up's setting ({state.topics}); "
                                                  "the random networks use the sigmoid")
    return v


def check_network(sr: StepReading, state: State, options) -> Verdict:
    v = front_end(sr, state, options)
    if v is None:
        return Verdict.unchecked(Cause.UNSUPPORTED, "network notation that the grader cannot read yet")
    if v.verdict == "incorrect":
        why = cannot_accuse(sr, state, v)
        if why:
            return Verdict.unchecked(Cause.AMBIGUOUS, why,
                                     notes=(Note(NoteKind.READER_FOUND, f"the notation reader found: {v.reason}"),))
    return v


# --- the accusation policy ------------------------------------------------------------------
def _tokens(source: str):
    from ..notation.preprocess import tokenize

    return [t for t in tokenize(source) if t.kind != "eof"]


_BOLD = ("vec", "mathbf", "mathbb", "boldsymbol", "bm", "pmb")


def _written_ones(source: str) -> bool:
    """``\\vec{1}``, ``\\mathbf 1``: a vector of ones (the reader reads it as the number 1)."""
    toks = _tokens(source)
    for i, t in enumerate(toks):
        if t.kind == "cmd" and t.text in _BOLD:
            rest = [u.text for u in toks[i + 1:i + 4]]
            if rest[:1] == ["1"] or rest == ["{", "1", "}"]:
                return True
    return False


def _parenthesised_superscript(source: str) -> bool:
    """``W^{(2)}``: a superscript in parentheses, a layer label as often as a power."""
    toks = _tokens(source)
    for i, t in enumerate(toks):
        if t.kind == "char" and t.text == "^":
            rest = [u.text for u in toks[i + 1:i + 3]]
            if rest[:1] == ["("] or rest == ["{", "("]:
                return True
    return False


def _indices(factor) -> set:
    """The index letters a factor carries: y_i (Indexed), δ_{ik} / W_{ib} (subscripted names), w^l_{jk}."""
    from ..notation import vocab as V

    out: set = set()
    for ix in factor.atoms(sp.Indexed):
        out |= {str(i) for i in ix.indices}
    for c in factor.atoms(V.Comp):
        out |= {str(i) for i in c.indices}
    for s in factor.free_symbols:
        name = getattr(s, "name", "")
        if factor == s and name in INDEX_LETTERS:  # δ{ik} written without its underscore: i and k
            out.add(name)
        if "_" in name:
            sub = name.split("_", 1)[1]
            if sub.isalpha() and len(sub) <= 3:
                out |= set(sub)
    return out


def implied_sum(parts) -> bool:
    """An index repeated within one term (``y_i ŷ_i``, ``ŷ_p δ_{pk}``): with an implied
    sum (Einstein notation) or without, two readings that may disagree."""
    for p in parts:
        if not isinstance(p, sp.Basic):
            continue
        for term in sp.Add.make_args(p):
            seen: set = set()
            for factor in sp.Mul.make_args(term):
                here = _indices(factor)
                if here & seen:
                    return True
                seen |= here
    return False


def _plain_symbols(e):
    """Free symbols outside layered quantities (the a of a^l is not a plain a)."""
    from ..notation import vocab as V

    inner = {q: sp.Dummy() for q in e.atoms(V.Q, V.Comp)}
    return (e.xreplace(inner) if inner else e).free_symbols


def _parts(sr: StepReading):
    return [p for p in (sr.reading.parts if sr.reading is not None else ()) if isinstance(p, sp.Basic)]


def _meaningful(e) -> bool:
    """δ, ∂, ∇, σ, Σ, d/dz, the cost C, a transpose: something with a meaning of its own."""
    from ..notation import vocab as V

    if not isinstance(e, sp.Basic):
        return False
    if V.is_network(e) or e.has(sp.Derivative, sigmoid, V.SigmaD, V.ExampleSum, V.IndexSum, sp.Sum):
        return True
    return any(getattr(s, "name", "").split("_")[0] == "C" for s in e.free_symbols)


def _unmodelled_derivative(sr: StepReading) -> str:
    """A derivative whose shape the reader cannot be sure of: with respect to a
    plain a, z, w... with no layer, or of one component with respect to a whole vector."""
    from ..notation import vocab as V

    for p in _parts(sr):
        for g in p.atoms(V.Grad):
            target = g.args[0]
            if isinstance(target, sp.Symbol) and target.name in ("a", "b", "x", "y", "z", "w"):
                return "a derivative with respect to a plain variable with no layer: its shape is ambiguous"
        for d in p.atoms(sp.Derivative):
            wrt = [v for v, _ in d.variable_count]
            if any(isinstance(v, sp.Symbol) and v.name in ("a", "b", "x", "y", "z", "w") for v in wrt):
                return "a derivative with respect to a plain variable with no layer: its shape is ambiguous"
            if isinstance(d.expr, sp.core.function.AppliedUndef) and "[" in type(d.expr).__name__:
                return ("a derivative of one component with respect to a whole vector (a row of a Jacobian), "
                        "which the notation reader does not model")
    return ""


def cannot_accuse(sr: StepReading, state: State, v: Verdict) -> str:
    """Why a failed check of the meaning layer is not an accusation here ("" if it is one)."""
    from ..notation import vocab as V

    parts = _parts(sr)
    ones = any(isinstance(a, sp.Number) for p in parts for op in p.atoms(V.T, V.Had) for a in op.args)
    if ones or _written_ones(sr.source) or any(p.has(V.Norm) for p in parts):
        return "a vector of ones or a norm, which the notation reader does not model"
    if _parenthesised_superscript(sr.source):
        return "a parenthesised superscript, which may be a layer label or a power: the readings are not compared"
    if implied_sum(parts):
        return ("an index repeated within a term: with an implied sum (Einstein notation) or without, the "
                "readings disagree")
    shape = v.check is not None and v.check.is_shape
    if shape and any(p.has(sp.core.function.AppliedUndef) for p in parts):
        return "a function the write-up does not define: the shape of its value is unknown"
    if shape and any(pw.exp.free_symbols for p in parts for pw in p.atoms(sp.Pow)):
        return "a letter superscript, which may be a label or a power: the shapes are not compared"
    plain = any(getattr(s, "name", None) in PLAIN for p in parts for s in _plain_symbols(p))
    vector_ops = any(p.has(V.Grad, V.Had, V.T) for p in parts)
    if shape and plain and vector_ops:
        return "plain a, y, x or z without a layer: vector or number is ambiguous, so the shapes are not compared"
    if shape:
        why = _unmodelled_derivative(sr)
        if why:
            return why
    setting = [t for t in NON_DEFAULT if t in (state.topics + " " + state.setting).split()]
    if setting and not shape:
        return (f"the text works with {', '.join(setting)}, a setting the random networks of the check do not "
                "model")
    lhs = parts[0] if parts else None
    if sr.step.link:
        if sr.rel in INEQUALITIES and not _meaningful(lhs) and getattr(lhs, "free_symbols", None):
            return "a bound in a condition on unknowns, not an identity"
        return ""
    if is_single(lhs) or (sr.rel in INEQUALITIES and not _meaningful(lhs)):
        return "a definition or condition in the write-up's own terms, not an identity to check"
    if not _meaningful(lhs) and getattr(lhs, "free_symbols", None):
        return "an equation in unknowns (a condition, not an identity)"
    return ""
