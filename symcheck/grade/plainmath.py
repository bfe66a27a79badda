"""Math written without LaTeX: plain-text lines and AsciiMath.

``plain_math_line(line)``: a line with no delimiters that is nothing but math,
such as ``C=yln(a)+(1-y)ln(1-a)`` or ``ΔC≈-∇C⋅ϵ``, by a conservative rule:
- it states one relation (``=``, ``≈``, ``≤``, ``≥``, ``≠``) between two
  non-empty sides, and is at most 160 characters;
- no word: every run of letters is at most 3 long unless it is a function
  name (``ln``, ``log``, ``exp``, ``sigma``, ``tanh``, ...), at most one
  space-separated token is a bare word of 2-3 letters, and no letter is from a
  script other than Latin or Greek (prose in Chinese, Japanese, Russian...);
- nothing that marks code or prose: no ``:``, ``;``, ``?``, ``!``, quotes,
  ``==``, ``=>``, ``->``, ``+=``, a sentence end, a URL, a list marker.
Returns the line as LaTeX (``ln``/``log``/``exp`` glued to a variable become
``\\ln`` ...: ``yln(a)`` is y·ln(a)), or None.

``looks_asciimath(s)``: math in AsciiMath (as in backtick math): a function or
Greek name written bare and followed by ``_``, ``^`` or ``(`` (``sum_(i=1)^n``,
``sqrt(x)``, ``sigma(z)``), or a grouped sub/superscript ``_(…)``/``^(…)``,
with no LaTeX command at all (whether it states anything is the segmenter's call).
Such math is reported as not LaTeX, never read.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

FUNCTIONS = ("ln", "log", "exp", "sin", "cos", "tan", "tanh", "sigma", "softmax", "sqrt", "max", "min", "relu",
             "sum", "grad", "diag", "det", "lim")
_REL = re.compile(r"(?<![=<>!:+\-*/])(=|≈|≤|≥|≠)(?![=>])")
_BAD = re.compile(r"[:;?!\"'“”‘’]|==|=>|->|\+=|-=|\*=|/=|https?|www\.|\.\s+[A-Z]|^\s*(?:[-*+]|\d+[.)])\s")
_LETTERS = re.compile(r"[^\W\d_]+")
_GLUED = re.compile(r"(?<![A-Za-z\\])([A-Za-z]{0,2}?)(ln|log|exp)(?=\()")
_GREEK = re.compile(r"(?<![A-Za-z\\])(sigma|tanh|eta|delta|Delta|nabla|alpha|beta|gamma|epsilon|lambda|theta|partial)"
                    r"(?![A-Za-z])")
_BARE_FN = re.compile(r"(?<![A-Za-z\\])(sum|prod|int|sqrt|frac|lim|sigma|delta|partial|nabla|alpha|beta|gamma|theta|eta"
                      r"|epsilon|lambda|oint|root)(?=[_^(])")
_GROUPED = re.compile(r"[_^]\((?=[^)]*\))")


def _script_ok(word: str) -> bool:
    for ch in word:
        name = unicodedata.name(ch, "")
        if not (name.startswith("LATIN") or name.startswith("GREEK")):
            return False
    return True


def plain_math_line(line: str) -> Optional[str]:
    s = line.strip()
    if not (3 <= len(s) <= 160) or _BAD.search(s):
        return None
    rels = _REL.findall(s)
    if len(rels) != 1:
        return None
    left, right = _REL.split(s, maxsplit=1)[0], _REL.split(s, maxsplit=1)[-1]
    if not left.strip() or not right.strip():
        return None
    if s.endswith("."):
        s = s[:-1]
    bare = 0
    for tok in s.split():
        if tok.isalpha() and len(tok) >= 2 and tok not in FUNCTIONS:
            bare += 1
    if bare > 1:
        return None
    for w in _LETTERS.findall(s):
        if not _script_ok(w):
            return None
        if len(w) > 3 and not any(w.endswith(f) or w == f for f in FUNCTIONS):
            return None
    s = _GREEK.sub(lambda m: "\\" + m.group(1), s)
    return _GLUED.sub(lambda m: (m.group(1) + " " if m.group(1) else "") + "\\" + m.group(2), s)


def looks_asciimath(s: str) -> bool:
    if "\\" in s:
        return False
    return bool(_BARE_FN.search(s) or _GROUPED.search(s))
