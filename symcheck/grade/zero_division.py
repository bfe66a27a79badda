r"""A side that divides by an exact zero: ``f_c(x) = \frac{1}{1 - \exp{0}}``.

The reader refuses a quotient whose denominator is exactly 0 once SymPy has evaluated it (``1 - e^0``). When that
denominator is arithmetic the student wrote out (not a bare ``0``, which a text may write on purpose: "we would
get $\frac{1}{0}$"), the step states that something equals an expression with no value: **incorrect** under
every reading, the denominator's value (0) as the failed exact check. Steps about limits (an arrow, ∞,
``\lim``, "tends", "approaches") are left alone: ``\frac{1}{1 - 1} \to \infty`` is a way of speaking.
"""

from __future__ import annotations

import re
from typing import Optional

from ..verdict import CheckKind, Verdict

_FRAC = re.compile(r"\\[dt]?frac\s*")
_LIMITS = re.compile(r"\\(?:to|rightarrow|longrightarrow|infty|lim)(?![A-Za-z])|→|∞")
_LIMIT_WORDS = re.compile(r"\b(?:limit|tends?|tending|approach\w*|goes|going|undefined|infinit\w*)\b", re.I)


def _group(text: str, i: int) -> Optional[tuple]:
    """The brace group starting at text[i] (after spaces): (its contents, the index after it)."""
    while i < len(text) and text[i] == " ":
        i += 1
    if i >= len(text) or text[i] != "{":
        return None
    depth = 0
    for j in range(i, len(text)):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        if depth == 0:
            return text[i + 1:j], j + 1
    return None


def divides_by_zero(sr) -> Optional[Verdict]:
    """Incorrect when the step could not be read because a ``\\frac`` it writes has a denominator that is
    exactly zero and written as arithmetic; else None."""
    err = getattr(sr, "error", None)
    if err is None or getattr(err, "reason", "") != "division by zero" or err.position is None:
        return None
    source, ctx = sr.source, f"{getattr(sr.step, 'context', '')} {getattr(sr.step, 'intro', '')[-200:]}"
    if sr.rel not in ("=", "<", "<=", ">", ">=") or _LIMITS.search(source) or _LIMIT_WORDS.search(ctx):
        return None
    m = _FRAC.match(source, err.position)
    if m is None:
        return None
    num = _group(source, m.end())
    den = _group(source, num[1]) if num else None
    if den is None:
        return None
    written = " ".join(den[0].split())
    if re.fullmatch(r"[\s0.{}()]*", written):  # a bare 0 written on purpose
        return None
    return Verdict.incorrect(CheckKind.EXACT, f"the denominator {written} is exactly 0: the expression divides by "
                                              "zero, so it has no value to equal anything",
                             counterexample={"denominator": written, "value": 0},
                             hint="")
