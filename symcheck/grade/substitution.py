"""A chain row that substitutes printed values into the row before it:
``w_1 i_1 + b_1`` followed by ``= -0.15(0.05) + 0.35``.

The two rows are matched term by term and factor by factor on the reading's
tokens: each name of the symbolic row gets the printed value in its place.
Values the write-up never gave cannot be checked; a value that differs from
one substituted before, or that carries an earlier wrong result, is noted.
"""

from __future__ import annotations

from typing import Optional

import sympy as sp

from ..notation.equality import show
from ..verdict import Cause, Note, NoteKind, Verdict
from .reading import StepReading
from .state import Result, State, Substituted

_SEPARATORS = ("cdot", "times")


def _tokens(source: str, a: int, b: int):
    from ..notation.equality import tokens

    return [t for t in tokens(source) if a <= t.pos < b]


def _terms(toks) -> Optional[list[tuple[str, list]]]:
    """(sign, tokens) of each top-level term; a sign right after an operator belongs to the term."""
    terms: list = []
    depth, sign, cur = 0, "+", []
    for t in toks:
        if t.kind == "char" and t.text in "({[":
            depth += 1
        elif t.kind == "char" and t.text in ")}]":
            depth -= 1
        if depth == 0 and t.kind == "char" and t.text in "+-":
            if cur and not (cur[-1].kind == "cmd" and cur[-1].text in _SEPARATORS):
                terms.append((sign, cur))
                sign, cur = t.text, []
            elif not cur:
                sign = "-" if (sign == "-") != (t.text == "-") else "+"
            else:
                cur.append(t)
            continue
        cur.append(t)
    if cur:
        terms.append((sign, cur))
    return terms or None


def _numeric_factors(sign: str, toks) -> Optional[list[str]]:
    out, minus = [], sign == "-"
    for t in toks:
        if t.kind == "num":
            out.append(("-" if minus else "") + t.text)
            minus = False
        elif t.kind == "char" and t.text == "-":
            minus = not minus
        elif not ((t.kind == "char" and t.text in "()*") or (t.kind == "cmd" and t.text in _SEPARATORS)):
            return None
    return out


def _symbolic_factors(source: str, toks) -> Optional[list[str]]:
    """The factors of a product of names and numbers, as source texts."""
    groups: list[list] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if (t.kind == "cmd" and t.text in _SEPARATORS) or (t.kind == "char" and t.text == "*"):
            i += 1
            continue
        if t.kind in ("letter", "cmd", "num"):
            group = [t]
            i += 1
            if i < len(toks) and toks[i].kind == "char" and toks[i].text == "_":
                group.append(toks[i])
                i += 1
                if i < len(toks) and toks[i].text == "{":
                    while i < len(toks) and toks[i].text != "}":
                        group.append(toks[i])
                        i += 1
                if i < len(toks):
                    group.append(toks[i])
                    i += 1
            groups.append(group)
            continue
        return None
    return [source[g[0].pos:g[-1].pos + len(g[-1].text)] for g in groups]


def _name(text: str) -> Optional[str]:
    from ..errors import ParseError
    from ..notation import read

    try:
        parts = read(text).parts
    except ParseError:
        return None
    if len(parts) != 1 or not isinstance(parts[0], sp.Symbol):
        return None
    name = parts[0].name
    return "w" + name[len("omega"):] if name.startswith("omega") else name


def _number(text: str):
    try:
        return sp.Rational(text)
    except (TypeError, ValueError):
        return None


def match(sr: StepReading) -> Optional[dict]:
    """{name: printed value} when the row substitutes values into the row before it."""
    (la, lb), (ra, rb) = sr.spans
    st, nt = _terms(_tokens(sr.source, la, lb)), _terms(_tokens(sr.source, ra, rb))
    if not st or not nt or len(st) != len(nt):
        return None
    out: dict = {}
    for (s_sign, s_toks), (n_sign, n_toks) in zip(st, nt):
        if s_sign == "-":
            return None
        sf, nf = _symbolic_factors(sr.source, s_toks), _numeric_factors(n_sign, n_toks)
        if sf is None or nf is None or len(sf) != len(nf):
            return None
        for factor, value in zip(sf, nf):
            if _number(factor) is not None:
                if _number(factor) != _number(value):
                    return None
                continue
            name = _name(factor)
            if name is None or (name in out and _number(out[name]) != _number(value)):
                return None
            out[name] = value
    return out or None


def substituted(sr: StepReading, state: State, missing: list[str]) -> Result:
    """The verdict on a row whose unknowns differ from the row before: not checked, with why."""
    subs = match(sr)
    note = (Note(NoteKind.SUBSTITUTION, "read as values put into the row before"),)
    if not subs:
        return Result(Verdict.unchecked(Cause.UNSUPPORTED, "the step substitutes values for " + ", ".join(missing)
                                        + " that the write-up does not give, so the two sides cannot be compared",
                                        notes=note))
    shown = ", ".join(f"{k} = {v}" for k, v in subs.items())
    clash = [f"{k} is {v} here but {state.substitutions[k][0]} on line {state.substitutions[k][1]}"
             for k, v in subs.items() if k in state.substitutions and
             _number(state.substitutions[k][0]) != _number(v)]
    for k, v in subs.items():
        corr = state.corrections.get(abs(_number(v)))
        if corr and _number(v):
            clash.append(f"{k} = {v} carries the wrong result of line {corr[1]} (its correct value is "
                         f"{show(corr[0])}); later arithmetic is checked with the value as written")
    reason = f"substitutes {shown}: values the write-up does not give, so not checked"
    if clash:
        reason += "; note: " + "; ".join(clash)
    return Result(Verdict.unchecked(Cause.UNSUPPORTED, reason, notes=note),
                  tuple(Substituted(k, v, sr.step.line) for k, v in subs.items() if k not in state.substitutions))
