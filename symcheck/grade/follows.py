r"""A row that continues a derivation in unknowns is the claim that it follows from what came before.

``\gamma - \alpha\gamma = \alpha - \alpha\gamma`` after ``\frac{1-\gamma}{1-\alpha} = \frac{\gamma}{\alpha}``, or
"there's an extremum at $\gamma = \alpha$", claims to follow from the equations the write-up has established in
its problem (``State.established``). When the latest of them pins one unknown as a single root of the others
(``\gamma = \alpha``: SymPy's solve gives one root, so no branch of it is left out), the row is checked at a point
of that root: the other unknowns at rational points inside their stated domains, every established equation
holding there exactly, every recorded condition (``State.conditions``) holding there at 30 digits. If the row fails
there (its two sides differ exactly), nothing the write-up recorded saves it: **incorrect**, with that point as
the counterexample. An equation the prose before the row states in words of a case ("minimized when $a = y$",
"if $u = 2$") must hold at that point too (one that cannot be read stops the accusation). A row in the words of a
hypothesis ("if", "suppose", "consider", "for", "want", …), a root that is not unique, or a point that cannot be
confirmed leaves the row as it was.

Also here: the unknowns a side *writes* (``\frac{e^x + e^{-x}}{e^x + e^{-x}}`` writes x even though SymPy reads it
as 1), so that a chain of identities in x is compared as one rather than read as values put in.
"""

from __future__ import annotations

import logging
import re
from typing import Optional

import sympy as sp

from ..verdict import CheckKind, Verdict

log = logging.getLogger(__name__)

# words before a row that make it a hypothesis, a case or a goal rather than a consequence
HYPOTHESIS_WORDS = ("if", "suppose", "assume", "let", "consider", "take", "for", "when", "whenever", "case",
                    "want", "need", "require", "such that", "whether", "check", "where", "with", "given", "unless",
                    "otherwise", "or", "either", "example", "e.g", "say", "instead", "other")
CASE_WORDS = ("if", "suppose", "assume", "let", "consider", "take", "case", "when", "instead", "whenever")
_RELATIONS = {"=": sp.Eq, "<": sp.StrictLessThan, "<=": sp.LessThan, ">": sp.StrictGreaterThan,
              ">=": sp.GreaterThan}  # the row, as left side − right side against 0
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
_NO_HYPOTHESIS = re.compile(r"\bwith the following\b|\bfor (?:each|all|every|any)\b")  # a quantifier, a display
# "minimized when $a = y$", "the maximum is attained at": where an extremum lies, a claim, not a case
_EXTREMUM_AT = re.compile(r"\b(?:minimi[sz]ed|maximi[sz]ed|minimal|maximal|minimum|maximum|extremum|optimum|"
                          r"optimal)\s+(?:(?:is|are|lies|occurs|reached|attained|achieved)\s+)*(?:when|where|at|for)\b")
POINTS = (sp.Rational(3, 7), sp.Rational(5, 11), sp.Rational(2, 9), sp.Rational(7, 10))


def written_names(sr, side: int) -> set:
    """The letters and commands (``x``, ``alpha``) written on one side of the step, as its source shows them."""
    from ..notation.equality import tokens

    a, b = sr.spans[side]
    return {t.text for t in tokens(sr.source) if a <= t.pos < b and t.kind in ("letter", "cmd")}


def same_written_unknowns(sr, lexpr, rexpr) -> bool:
    """Both sides, as written, use every unknown of the step (SymPy may have cancelled one side's:
    ``\\frac{e^x + e^{-x}}{e^x + e^{-x}}`` is read as 1 but is written in x)."""
    names = lexpr.free_symbols | rexpr.free_symbols
    if not names or not all(isinstance(s, sp.Symbol) and "_" not in s.name for s in names):
        return False  # t_0 and t_1 are both written "t": only plain letters are told apart by their tokens
    for side in (0, 1):
        written = written_names(sr, side)
        if not all(s.name in written for s in names):
            return False
    return True


def essential_unknowns(e) -> set:
    """The unknowns a rational expression really depends on (``(cwx + cb)/c`` is ``wx + b``: not c)."""
    from ..errors import CheckTimeout
    from ..symbolic import time_limit

    names = e.free_symbols
    if not names or not all(isinstance(s, sp.Symbol) and "_" not in s.name for s in names) or \
            sp.count_ops(e) > 40 or not e.is_rational_function(*names):
        return names  # plain letters in a small rational expression only: cancelling is cheap there
    try:
        with time_limit(0.3):
            return sp.cancel(sp.together(e)).free_symbols
    except CheckTimeout:
        return names


def words_before(sr) -> str:
    """The prose between the last math before the step and the step (lower case)."""
    intro = getattr(sr.step, "intro", "") or ""
    if getattr(sr.step, "inline", False):  # the intro ends with the step itself: drop it
        at = intro.rfind("$")
        at = intro.rfind("$", 0, at) if at > 0 else -1
        intro = intro[:at] if at >= 0 else intro
    m = None
    for m in re.finditer(r"\$[^$]*\$", intro):
        pass
    text = " ".join((intro[m.end():] if m else intro).lower().split())
    text = _SENTENCE_END.split(text)[-1]  # the sentence that leads to the step
    return _NO_HYPOTHESIS.sub(" ", text)


def hypothetical(sr) -> bool:
    """The words before the row (its sentence, or the words around it) make it a hypothesis, a case or a goal."""
    from .reading import has_word

    context = _EXTREMUM_AT.sub(" ", (getattr(sr.step, "context", "") or "").lower())
    return has_word(_EXTREMUM_AT.sub(" ", words_before(sr)), HYPOTHESIS_WORDS) or has_word(context, HYPOTHESIS_WORDS)


def supposed_equations(sr) -> Optional[list]:
    """The equations the prose since the last display states in words of a case ("minimized when $a = y$",
    "if $u = 2$"), as (lhs, rhs) LaTeX: what the row may rest on, which nothing has recorded; None when one of
    them is not a single equation (``$a = b = c$``)."""
    from .reading import has_word

    intro = getattr(sr.step, "intro", "") or ""
    found = list(re.finditer(r"\$([^$]*)\$", intro))
    if getattr(sr.step, "inline", False) and found:
        found = found[:-1]  # the step itself
    out, start = [], 0
    for m in found:
        words = intro[start:m.start()].lower()
        start = m.end()
        eq = re.split(r"(?<![<>!\\])=", m.group(1))
        if len(eq) > 1 and has_word(" ".join(words.split()[-4:]), CASE_WORDS):
            if len(eq) != 2:
                return None
            out.append((eq[0], eq[1]))
    return out


def never_holds_as_read(sr, rel: str, seconds: float) -> Optional[Verdict]:
    """:func:`.never_holds.never_holds` on the step as read, before the write-up's definitions are put in
    (``\\sigma(z) \\geq 1`` with z = wx + b defined: no real z satisfies it, so no w, x, b do)."""
    from ..notation import vocab as V
    from .never_holds import never_holds

    lhs, rhs = sr.lhs, sr.rhs
    if not (isinstance(lhs, sp.Expr) and isinstance(rhs, sp.Expr)):
        return None
    if (lhs - rhs).atoms(*V.NETWORK_CLASSES, sp.Indexed, sp.Derivative, sp.Sum) or \
            any(not s.is_commutative for s in (lhs - rhs).free_symbols):
        return None
    return never_holds(lhs, rhs, rel, seconds)


def follows(sr, lexpr, rexpr, state, options, read_pair) -> Optional[Verdict]:
    """Incorrect when the equation ``lexpr = rexpr`` fails at a point where every equation the problem has
    established (the latest pinning an unknown as a single root) and every recorded condition hold; else None.
    ``read_pair(a, b)`` reads an established equation as the step's sides are read (None: it cannot be)."""
    if sr.rel not in _RELATIONS or hypothetical(sr) or not state.established:
        return None
    pairs = []
    for a, b, line in state.established:
        pair = read_pair(a, b)
        if pair is None or not all(isinstance(p, sp.Expr) for p in pair):
            return None
        pairs.append((pair[0] - pair[1], line))
    cases, supposed = [], supposed_equations(sr)
    if supposed is None:
        return None
    for a, b in supposed:  # the point must satisfy them too: read them, or accuse nothing
        pair = read_pair(a, b)
        if pair is None or not all(isinstance(p, sp.Expr) for p in pair):
            return None
        cases.append((pair[0] - pair[1], sr.step.line))
    claim = lexpr - rexpr
    if not isinstance(claim, sp.Expr) or not claim.free_symbols:
        return None
    try:
        return _counterexample(claim, _RELATIONS[sr.rel], pairs, cases, state, options)
    except (TypeError, ValueError, NotImplementedError, AttributeError, RecursionError, ZeroDivisionError) as exc:
        log.debug("no counterexample: %s", exc)
        return None


def _counterexample(claim, relation, pairs, cases, state, options) -> Optional[Verdict]:
    from .solving import solve_for

    latest, line = pairs[-1]
    names = {s.name: s for e, _ in pairs for s in e.free_symbols}
    if not claim.free_symbols or any(s.name not in names for s in claim.free_symbols) or \
            any(not isinstance(s, sp.Symbol) for s in names.values()):
        return None  # the row speaks of an unknown the derivation does not pin
    for var in sorted(latest.free_symbols, key=lambda s: s.name):
        roots = solve_for(latest, var, options.symbolic_seconds)
        if not roots or len(roots) != 1 or isinstance(roots[0], dict):
            continue  # several roots (or none): a row may be one branch of them
        others = sorted({s for s in names.values() if s.name != var.name}, key=lambda s: s.name)
        point = _point(others, state)
        if point is None:
            return None
        value = sp.nsimplify(roots[0].xreplace(point)) if roots[0].has(sp.Float) else roots[0].xreplace(point)
        if not (value.is_number and value.is_real and value.is_finite):
            return None
        at = dict(point)
        at[var] = sp.simplify(value)
        if not _holds_at(pairs + cases, state, at):
            return None
        lv = claim.xreplace({s: at[names[s.name]] for s in claim.free_symbols})
        lv = sp.nsimplify(sp.simplify(lv)) if lv.has(sp.Float) else sp.simplify(lv)
        if not lv.is_number or not lv.is_finite or abs(sp.N(lv, 30)) < sp.Float("1e-20") or \
                not sp.N(lv, 30).is_real or bool(relation(sp.N(lv, 30), 0)):
            return None  # it holds there (or is too close to call)
        shown = {s.name: at[s] for s in sorted(at, key=lambda s: s.name)}
        where = ", ".join(f"{k} = {v}" for k, v in shown.items())
        return Verdict.incorrect(
            CheckKind.IMPLICATION,
            f"does not follow from line {line}: at {where}, where line {line} and every equation and condition "
            f"the write-up has stated hold, left side − right side is {lv if lv.is_Rational else sp.N(lv, 6)}",
            counterexample={"at": {k: str(v) for k, v in shown.items()}, "lhs - rhs": str(lv)})
    return None


def _point(others, state) -> Optional[dict]:
    """Rational values for the unknowns not solved for, inside their stated domains."""
    domains = getattr(state, "domains", {}) or {}
    point = {}
    for i, s in enumerate(others):
        lo, hi = domains.get(s.name, (None, None))
        value = POINTS[i % len(POINTS)]
        if lo is not None and not (lo < float(value) < hi):
            value = sp.Rational(str(round((lo + hi) / 2, 6)))
        point[s] = value
    return point


def _holds_at(pairs, state, at) -> bool:
    """Every established equation exactly zero at the point, every recorded condition true at 30 digits,
    every unknown inside its stated domain."""
    by_name = {s.name: v for s, v in at.items()}
    for e, _ in pairs:
        if any(s.name not in by_name for s in e.free_symbols):
            return False
        v = e.xreplace({s: by_name[s.name] for s in e.free_symbols})
        if v.has(sp.Float) or sp.simplify(v) != 0:
            return False
    domains = getattr(state, "domains", {}) or {}
    for name, (lo, hi) in domains.items():
        if name in by_name and not (lo <= float(by_name[name]) <= hi):
            return False
    raw = {s.name for a, b, _ in state.established for side in (a, b) for s in getattr(side, "free_symbols", ())}
    for unknowns, relation, _, _ in getattr(state, "conditions", ()) or ():
        names = {s.name for s in relation.free_symbols}
        if not names & (set(by_name) | raw):
            continue  # a condition on other unknowns: they can take any value it allows
        if not names <= set(by_name):
            return False
        left = sp.N(relation.lhs.xreplace({s: by_name[s.name] for s in relation.free_symbols}), 30)
        if not left.is_real or abs(left) < sp.Float("1e-25") or not bool(type(relation)(left, 0)):
            return False
    return True
