r"""A definition stated again, or applied to an argument, is a claim about what was defined.

Once a write-up has defined a quantity by its own left side (``\Delta v = -\frac{\epsilon}{\|\nabla C\|}\nabla C``,
``f_c(x) = \frac{1}{1 + e^{-c(w \cdot x + b)}}``), a later step with the same left side, or with
that left side applied to an argument (``\Delta v(x) = …``), says something about the quantity
already defined (:class:`.state.TextDefined` records each definition by its left side as written,
file-wide; the latest one counts):

- **the same left side again** (``f_c(x) = …`` rewritten): correct when the two right sides are
  provably equal (exact), "agrees with the definition on line N"; a right side that differs is
  a redefinition the text may intend (it changes the setting: "multiply the weights by c") and
  is left to the later checks, unless it restates the definition in scope and differs under every
  reading tried (:mod:`.restatements`: incorrect, "contradicts the definition on line N");
- **the defined quantity applied to an argument** (``\Delta v(x)``): its definition at the
  argument. A **one-dimensional identification** stated just before it in a sentence about the
  one-dimensional case (``\nabla C(x) = C'(x)``) makes the gradient a number c = C'(x), and the
  norm of a number its absolute value (‖c‖ = |c|). The step is then compared with the
  definition so read: correct when provably equal for every real c ≠ 0; **incorrect** with the
  exact values at a point where they differ (−ε C'(x)/|C'(x)| is not −ε at C'(x) = −2); the
  sign of c is the one thing the identification leaves open, and both signs are tried.

A step whose words change the setting ("suppose", "instead") is not compared.
"""

from __future__ import annotations

import re
from typing import Optional

import sympy as sp

from ..verdict import CheckKind, Verdict
from .dependences import DROPPED_SUPERSCRIPT
from .reading import StepKind, StepReading
from .state import Result, State, TextDefined

APPLIED = re.compile(r"^(?P<base>.+?)\((?P<arg>[A-Za-z](?:_\{?\w+\}?)?)\)$")
ONE_DIMENSION = re.compile(r"\b(?:one[- ]dimension(?:al)?|1[- ]?d|single[- ]variable|one variable)\b")
CHANGES = re.compile(r"\b(?:suppose|assume|instead|replace|consider|if)\b")
#: the values the number a one-dimensional gradient becomes takes (both signs: its sign is left open)
GRADIENT_VALUES = (sp.Integer(-2), sp.Integer(2), sp.Rational(-1, 3), sp.Rational(3, 7))
KINDS = frozenset({StepKind.DEFINITION, StepKind.FUNCTION_DEFINITION})


def key(text: str) -> str:
    """A left side as written, without spaces, ``\\left``/``\\right`` and braces around one letter."""
    t = re.sub(r"\\(?:left|right)\b|\s+", "", text)
    return re.sub(r"\{(\w)\}", r"\1", t)


def recorded(sr: StepReading) -> Optional[TextDefined]:
    """What a definition step records by its left side, or None (not a definition, a link)."""
    if sr.kind not in KINDS or sr.step.link or not sr.two_sided or sr.rel != "=" or not isinstance(sr.rhs, sp.Basic) \
            or DROPPED_SUPERSCRIPT.search(sr.source or ""):
        return None  # z^1 read as z: not what was written
    return TextDefined(key(sr.lhs_text), sr.lhs_text.strip(), sr.rhs, sr.step.line, sr.rhs_text.strip())


def check_restated(sr: StepReading, state: State, options) -> Optional[Result]:
    """The step against the file's definition of its left side (again, or applied), or None."""
    if sr.step.link or not sr.two_sided or sr.rel != "=" or not isinstance(sr.rhs, sp.Basic) or \
            DROPPED_SUPERSCRIPT.search(sr.source or ""):
        return None
    words = f"{sr.step.context} {getattr(sr.step, 'intro', '')[-160:]}".lower()
    if CHANGES.search(words):
        return None
    k = key(sr.lhs_text)
    again = state.quantities.get(("text", k))
    if again is not None and again[2] != sr.step.line and sr.kind in KINDS:
        stated = [f"${r.lhs.name} > 0$" for _, r, _, _ in getattr(state, "conditions", ())
                  if isinstance(r, sp.StrictGreaterThan) and isinstance(r.lhs, sp.Symbol) and r.rhs == 0]
        return _again(sr, again, options, " ".join([state.words, words] + stated), state)
    if sr.kind in KINDS | {StepKind.NETWORK} and not (isinstance(sr.lhs, sp.Symbol) and
                                                                      sr.rhs.is_number):
        out = _contradicts(sr, state, options)  # restated in its problem, not recorded as written here
        if out is not None:
            return out
    m = APPLIED.match(k)
    if m is None:
        return None
    entry = state.quantities.get(("text", m.group("base")))
    if entry is None or entry[2] == sr.step.line:
        return None
    return _applied(sr, state, entry, m.group("arg"), words)


def _plain(e) -> bool:
    from ..notation import vocab as V

    return isinstance(e, sp.Basic) and e.is_commutative and not e.atoms(*V.NETWORK_CLASSES, sp.MatrixBase)


def linear_sums(e):
    """``e`` with each sum over an index written term by term and its factors free of the index
    taken out (Σ_j c w_j x_j = c Σ_j w_j x_j): sums are linear."""
    from ..notation import vocab as V

    def split(s):
        body, j = s.args[0], s.args[1]
        out = []
        for term in sp.Add.make_args(sp.expand(body)):
            inside = [f for f in sp.Mul.make_args(term) if j in f.free_symbols]
            outside = [f for f in sp.Mul.make_args(term) if j not in f.free_symbols]
            out.append(sp.Mul(*outside) * (V.IndexSum(sp.Mul(*inside), j) if inside else V.IndexSum(1, j)))
        return sp.Add(*out)

    return e.replace(lambda x: isinstance(x, V.IndexSum) and len(x.args) == 2, split)


def _again(sr: StepReading, entry, options, words: str = "", state: Optional[State] = None) -> Optional[Result]:
    """The same left side defined again: correct when the right sides are provably equal."""
    from ..symbolic import prove_equal

    text, before, line, _ = entry
    if isinstance(sr.lhs, sp.Symbol) and sr.rhs.is_number:
        return None  # b = −6 for the next neuron: a value given again, not a claim about the first
    if not (_plain(before) and _plain(sr.rhs)):
        return _contradicts(sr, state, options)
    ok, how = prove_equal(linear_sums(before), linear_sums(sr.rhs), timeout=min(1.0, options.symbolic_seconds))
    if not ok and same_cases(before, sr.rhs, words):
        ok, how = True, "the same values, on conditions that differ by a positive factor"
    if not ok:
        return _contradicts(sr, state, options)  # in another scope: a redefinition the text may intend
    return Result(Verdict.correct(CheckKind.EXACT, f"agrees with the definition of {text} on line {line} "
                                                   f"(the two right sides are equal: {how})"))


def _contradicts(sr: StepReading, state: Optional[State], options) -> Optional[Result]:
    """The step against the definition in scope it restates (:mod:`.restatements`): incorrect when the two
    right sides differ under every reading tried, else None (never confirmed here)."""
    from ..notation.equality import show
    from .restatements import plain_difference, references

    if not isinstance(sr.lhs, sp.core.function.AppliedUndef) and (sr.rhs.is_number or (
            isinstance(sr.rhs, sp.MatrixBase) and all(x.is_number for x in sr.rhs))):
        return None  # b = −6, w = [[…]] for the next example: a value given again, not a claim about the first
    found = None
    for _, before, line in (references(sr, state) if state is not None else ())[:4]:
        found = plain_difference(linear_sums(before), linear_sums(sr.rhs), options)
        if found is not None:
            break
    if found is None:
        return None
    out, readings, pieces = found
    how = f" ({', '.join(readings)}: each fails)" if readings else ""
    named = "; ".join(f"{k} = {v}" for k, v in pieces.items())
    return Result(Verdict.incorrect(
        CheckKind.NUMERIC,
        f"contradicts the definition of {sr.lhs_text.strip()} on line {line} ({show(before)}): "
        f"the two right sides differ{how}, at {out.point}: {show(out.lhs_value)} vs {show(out.rhs_value)}"
        + (f", with {named}" if named else ""),
        counterexample={"at": {str(k): v for k, v in (out.point or {}).items()},
                        f"definition (line {line})": out.lhs_value, "this step": out.rhs_value},
        hint=f"{sr.lhs_text.strip()} was defined on line {line}; is a sign, factor or index changed?"))


_FLIPPED = {sp.LessThan: sp.GreaterThan, sp.StrictLessThan: sp.StrictGreaterThan,
            sp.GreaterThan: sp.LessThan, sp.StrictGreaterThan: sp.StrictLessThan}


def _stated_positive(names, words: str) -> bool:
    """Does the text state each name positive ("$c > 0$", "$c>0$")?"""
    return all(re.search(rf"\$\s*\\?{re.escape(n)}\s*>\s*0\s*\$", words) for n in names)


def same_cases(a, b, words: str = "") -> bool:
    """Two definitions by cases with the same values, row by row, whose conditions are the same
    relation of expressions that differ by a factor SymPy proves positive, every name in it stated
    positive in the text (``c w·x + c b ≤ 0`` and ``w·x + b ≤ 0`` after "$c > 0$"): the same function,
    exactly (a boundary is never moved)."""
    if not (isinstance(a, sp.Piecewise) and isinstance(b, sp.Piecewise)) or len(a.args) != len(b.args):
        return False
    for (va, ca), (vb, cb) in zip(a.args, b.args):
        if sp.simplify(va - vb) != 0:
            return False
        if ca == cb:
            continue
        if not (isinstance(ca, sp.core.relational.Relational) and isinstance(cb, sp.core.relational.Relational)):
            return False
        ea, eb = ca.lhs - ca.rhs, cb.lhs - cb.rhs
        if type(ca) is not type(cb):
            if _FLIPPED.get(type(ca)) is not type(cb):
                return False
            eb = -eb
        if eb == 0 or ea == 0:
            return False
        factor = sp.simplify(ea / eb)
        if factor.is_positive is not True or not _stated_positive({x.name for x in factor.free_symbols}, words):
            return False
    return True


def _identification(state: State, sr: StepReading, words: str):
    """``(gradient, number)`` when the statement just before, in a sentence about the
    one-dimensional case, identifies a gradient with a number (``\\nabla C(x) = C'(x)``)."""
    from ..notation import vocab as V

    if not state.prev_stmt or not ONE_DIMENSION.search(f"{words} {state.words}"):
        return None
    lhs, rel, rhs = state.prev_stmt[0], state.prev_stmt[1], state.prev_stmt[2]
    if rel != "=":
        return None
    if APPLIED.match(key(lhs)):  # ∇C(x): the gradient at its point (read without the point: ∇C)
        lhs = lhs[:lhs.rfind("(")]
    g, number = sr.reread_side(lhs), sr.reread_side(rhs)
    if not (isinstance(g, V.Nabla) and isinstance(number, sp.Basic) and _plain(number)):
        return None
    return g, number


def _name(e) -> str:
    """The name of a function, applied (``C(x)``) or not (``C``)."""
    return type(e).__name__ if isinstance(e, sp.core.function.AppliedUndef) else getattr(e, "name", "")


def _applied(sr: StepReading, state: State, entry, arg: str, words: str) -> Optional[Result]:
    """The defined quantity at an argument, under a stated one-dimensional identification."""
    from ..notation import vocab as V
    from ..notation.equality import compare_numbers, show

    text, body, line, _ = entry
    found = _identification(state, sr, words)
    if found is None:
        return None
    g, number = found
    c = sp.Dummy("c", real=True, nonzero=True)
    grads = {n for n in body.atoms(V.Nabla) if _name(n.args[0]) == _name(g.args[0])}
    if not grads:
        return None
    at = body.xreplace({n: c for n in grads}).replace(lambda e: isinstance(e, V.Norm), lambda e: sp.Abs(e.args[0]))
    claim = sr.rhs.xreplace({number: c})
    if not (_plain(at) and _plain(claim)) or at.atoms(sp.Derivative, sp.core.function.AppliedUndef) or \
            claim.atoms(sp.Derivative, sp.core.function.AppliedUndef):
        return None
    shown_c = state.prev_stmt[2].strip()
    free = sorted((at.free_symbols | claim.free_symbols) - {c}, key=lambda s: s.name)
    others = {s: (sp.Rational(1, 10) if s.is_positive else sp.Rational(3, 10)) for s in free}
    for value in GRADIENT_VALUES:
        point = {c: value, **others}
        d = compare_numbers(at.xreplace(point), claim.xreplace(point), "=")
        if d.holds is False:
            where = {shown_c: value, **{s.name: v for s, v in others.items()}}
            return Result(Verdict.incorrect(
                CheckKind.EXACT,
                f"in one dimension the gradient is the number {shown_c} and its norm the absolute value, so the "
                f"file's definition of {text} (line {line}) at {arg} is {show(at.xreplace({c: sp.Symbol(shown_c)}))}: "
                f"at {shown_c} = {value} it is {show(at.xreplace(point))}, this step {show(claim.xreplace(point))}",
                counterexample={"at": {k: str(v) for k, v in where.items()}, f"definition (line {line})":
                                at.xreplace(point), "this step": claim.xreplace(point)},
                hint=f"‖{shown_c}‖ = |{shown_c}|, not {shown_c}: the quotient is the sign of {shown_c}"))
        if d.holds is None:
            return None
    if sp.simplify(at - claim) == 0:
        return Result(Verdict.correct(CheckKind.EXACT, f"the file's definition of {text} (line {line}) at {arg}, "
                                                       f"with the gradient the number {shown_c} (one dimension)"))
    return None
