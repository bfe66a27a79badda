r"""A limit stated in words: "if $w \cdot x + b > 0$, then as $c \rightarrow \infty$,
$\frac{1}{1 + e^{-(cw \cdot x + cb)}} \rightarrow \frac{1}{1 + 0} = 1$".

The step ``A \rightarrow B`` (also ``\to``, ``\longrightarrow``, →), after a phrase of its sentence that names
the variable and its point ("as $c \to \infty$", "when $c \to 0$"), is the claim lim A = B; rows after ``B``
(``= 1``) continue it. What the sentence assumes before it ("if $w \cdot x + b > 0$", "for $z < 0$") is the
condition: a name that the condition's expression E holds linearly with a number as coefficient (b in
w·x + b) is solved for, so that E becomes a new name t of the stated sign, and the limit is then taken by
SymPy (bounded in time) in the variable alone. It must leave no other name: when it does (the condition
does not settle the limit) the step is left to the later checks.

**Correct** when the limit and every row after it are equal numbers, exactly. **Incorrect** only when no
condition was needed (A holds no name but the variable) and the limit, a number, differs exactly from B.
"""

from __future__ import annotations

import logging
import re
from typing import Optional

import sympy as sp

from ..errors import CheckTimeout, ParseError
from ..verdict import CheckKind, Verdict

log = logging.getLogger(__name__)

SECONDS = 2.0
_ARROW = re.compile(r"\\(?:rightarrow|longrightarrow|to)(?![A-Za-z])|→")
_POINT = r"(?P<point>[+-]?\s*\\infty|0)"
_AS = re.compile(r"\b(?:as|when|while|for)\s+\$\s*(?P<var>[A-Za-z])\s*"
                 r"(?:\\(?:rightarrow|longrightarrow|to)(?![A-Za-z])|→)"
                 r"\s*" + _POINT + r"\s*\$", re.I)
_COND = re.compile(r"\b(?:if|when|for|where|since)\s+\$(?P<math>[^$]{1,120})\$", re.I)
_SENTENCE_END = re.compile(r"[.!?]\s|\n\s*\n|\n\s*[*+-]\s")


def worded_limit(sr, state, options) -> Optional[Verdict]:
    """The verdict on ``A → B (= …)`` stated in words as a limit, or None."""
    source = sr.source or ""
    arrows = list(_ARROW.finditer(source))
    if len(arrows) != 1 or "\\lim" in source:
        return None
    sentence = _sentence(getattr(sr.step, "intro", "") or "", source)
    found = list(_AS.finditer(sentence))
    if not found:
        return None
    var_name, point = found[-1].group("var"), _point(found[-1].group("point"))
    left, rest = source[:arrows[0].start()], source[arrows[0].end():]
    try:
        return _decide(sr, left, rest, var_name, point, sentence[:found[-1].start()])
    except (ParseError, RecursionError, TypeError, ValueError, NotImplementedError, AttributeError) as exc:
        log.debug("worded limit not taken: %s", exc)
        return None


def _sentence(intro: str, source: str) -> str:
    """The sentence that ends with the step (the prose and math before it)."""
    at = intro.rfind(source.strip()[:40]) if source.strip() else -1
    text = intro[:at] if at >= 0 else intro
    ends = list(_SENTENCE_END.finditer(text))
    return text[ends[-1].end():] if ends else text


def _point(text: str):
    t = text.replace(" ", "")
    return -sp.oo if t.startswith("-") else (sp.Integer(0) if t == "0" else sp.oo)


def _decide(sr, left: str, rest: str, var_name: str, point, before: str) -> Optional[Verdict]:
    from ..notation import read
    from ..notation.equality import compare_numbers, show
    from ..symbolic import time_limit

    term = sr.reread_side(left)
    rows = read(rest)
    if not isinstance(term, sp.Expr) or any(r != "=" for r in rows.relations) or \
            not all(isinstance(p, sp.Expr) and not p.free_symbols for p in rows.parts):
        return None
    wrong = _rows_differ([_plain(p) for p in rows.parts])
    if wrong is not None:
        return wrong  # B = D with B and D numbers that differ: wrong whatever the limit is
    var = next((s for s in term.free_symbols if s.name == var_name), None)
    if var is None:
        return None
    c = sp.Symbol(var_name, positive=True) if point == sp.oo else sp.Symbol(var_name, real=True)
    term = term.xreplace({var: c})
    condition, term = _under_condition(sr, before, term, c)
    if term is None or {s.name for s in term.free_symbols - {c}} - {"t"}:
        return None
    try:
        with time_limit(SECONDS):
            value = sp.limit(_plain(term), c, point)
    except CheckTimeout:
        return None
    if not value.is_number or value.has(sp.AccumBounds, sp.nan, sp.zoo):
        return None
    parts = [_plain(p) for p in rows.parts]
    where = f", where {condition}" if condition else ""
    if sp.simplify(value - parts[0]) != 0:
        if condition or not (value.is_finite and parts[0].is_finite):
            return None
        if compare_numbers(value, parts[0]).holds is not False:
            return None  # a simplify that does not reach 0 proves nothing: the numbers must be told apart
        return Verdict.incorrect(CheckKind.EXACT, f"the limit as {var_name} → {_shown(point)} is {show(value)}, "
                                 f"not {show(parts[0])}",
                                 counterexample={"limit": value, "this step": parts[0]})
    if any(sp.simplify(a - b) != 0 for a, b in zip(parts, parts[1:])):
        return None
    return Verdict.correct(CheckKind.EXACT, f"the limit as {var_name} → {_shown(point)}{where}, taken exactly, is "
                                            f"{show(value)}, as the step says")


def _rows_differ(parts) -> Optional[Verdict]:
    """Incorrect when two rows after the arrow are numbers told apart exactly (``\frac{1}{1 + 0} = -1``)."""
    from ..notation.equality import compare_numbers, show

    for a, b in zip(parts, parts[1:]):
        if a.is_number and b.is_number and not (a.has(sp.nan, sp.zoo, sp.Float) or b.has(sp.nan, sp.zoo, sp.Float)) and \
                compare_numbers(a, b).holds is False:
            return Verdict.incorrect(CheckKind.EXACT, f"{show(a)} is not {show(b)}: the rows after the arrow differ, "
                                                      "whatever the limit is", counterexample={"lhs": a, "rhs": b})
    return None


def _shown(point) -> str:
    return {sp.oo: "∞", -sp.oo: "−∞"}.get(point, str(point))


def _plain(e):
    from ..symbolic import as_elementary

    return as_elementary(sp.sympify(e, strict=True))  # σ (and ReLU) as elementary functions


def _under_condition(sr, before: str, term, c):
    """``(words, term)``: the term with the sentence's condition E > 0 (or < 0) put in (a name E holds
    linearly solved for, E becoming a name t of that sign); ``("", term)`` without one; ``(…, None)`` when a
    condition is stated but cannot be put in."""
    conds = [m.group("math") for m in _COND.finditer(before)]
    if not conds:
        return "", term
    parts = sr.reread(conds[-1])
    rel = re.search(r"(?<![<>\\])[<>](?!=)|\\[lg]t\b|\\(?:neq|ne)\b", conds[-1])
    if parts is None or rel is None or rel.group(0) in ("\\neq", "\\ne"):
        return conds[-1], None
    greater = rel.group(0) in (">", "\\gt")
    by_name = {s.name: s for s in term.free_symbols}  # the same names, read with other assumptions
    expr = sp.expand(parts[0] - parts[1])
    expr = expr.xreplace({s: by_name[s.name] for s in expr.free_symbols if s.name in by_name}) \
        if isinstance(expr, sp.Expr) else expr
    if not isinstance(expr, sp.Expr) or c in expr.free_symbols:
        return conds[-1], None
    for s in sorted(expr.free_symbols, key=lambda x: x.name):
        coeff = expr.coeff(s)
        if coeff.is_number and coeff != 0 and sp.expand(expr - coeff * s).free_symbols.isdisjoint({s}):
            t = sp.Symbol("t", positive=True) if greater else sp.Symbol("t", negative=True)
            if t.name in by_name:
                return conds[-1], None
            value = sp.solve(sp.Eq(expr, t), s)
            if len(value) == 1:
                return f"${conds[-1]}$", sp.simplify(sp.expand(term.xreplace({s: value[0]})))
    return conds[-1], None
