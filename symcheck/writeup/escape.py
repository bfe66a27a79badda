"""Make untrusted text and math inert before it goes into a LaTeX document.

- :func:`escape_latex` turns any string into text that typesets as itself:
  every special character is escaped, control characters are dropped, and
  non-ASCII characters become LaTeX commands (or ``[U+XXXX]``), so the
  document stays pure ASCII.
- :func:`safe_math` (from :mod:`.safemath`, re-exported here) accepts a math string only when every token is on an
  allow-list (known macros with known arities, known environments, balanced
  braces, ``\\left``/``\\right`` pairs, no double scripts) and returns it
  normalised, or ``None``. Nothing that can read or write files, run
  commands, define macros or change catcodes (``\\input``, ``\\write18``,
  ``\\def``, ``\\catcode``, ``^^`` escapes, ...) is on the list, so it is
  rejected rather than neutralised by a black-list.
- :func:`verbatim_text` shows rejected math as escaped monospace that can
  break across lines; :func:`breakable_text` is :func:`escape_latex` with
  line breaks allowed inside long identifiers and numbers; :func:`prose`
  escapes text but typesets its math-like runs (``a^L_k = σ(z^L_k)``) when
  :func:`safe_math` accepts them.

The aim is that a document built from these pieces compiles whatever the
student wrote: ``safe_math`` rejects what could make TeX stop with an error.
"""

from __future__ import annotations

import re

from .safemath import UNICODE_MATH, safe_math

__all__ = ["escape_latex", "breakable_text", "prose", "verbatim_text", "strip_math_delimiters", "safe_math"]

LONG_INLINE = 40

# Text-mode replacements. The order does not matter: one pass, char by char.
_TEXT_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "%": r"\%",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
    '"': r"\textquotedbl{}",
    "`": r"\textasciigrave{}",
    "'": "'{}",  # no '' ligature
    "-": r"-{}",  # no -- / --- ligatures from untrusted text
}

# Text-mode replacements for non-ASCII characters.
_UNICODE_TEXT = {
    "—": "---", "–": "--", "‘": "`", "’": "'", "“": "``", "”": "''", "…": r"\ldots{}",
    "é": r"\'e", "è": r"\`e", "ü": r"\"u", "ö": r"\"o", "ä": r"\"a", "ß": r"\ss{}", "ç": r"\c{c}",
    "✓": r"\ensuremath{\checkmark}", "✗": r"\ensuremath{\times}", " ": "~",
}


def _unicode_text(ch: str) -> str:
    if ch in _UNICODE_TEXT:
        return _UNICODE_TEXT[ch]
    if ch in UNICODE_MATH:
        return r"\ensuremath{" + UNICODE_MATH[ch] + "}"
    return f"[U+{ord(ch):04X}]"


def escape_latex(text: str) -> str:
    """``text`` as LaTeX that typesets literally; pure ASCII, no control characters.

    Whitespace runs (including newlines) become one space, so untrusted text
    can never start a new paragraph in the middle of a construct.
    """
    out = []
    for ch in re.sub(r"\s+", " ", str(text)):
        if ch in _TEXT_SPECIAL:
            out.append(_TEXT_SPECIAL[ch])
        elif " " <= ch <= "~":
            out.append(ch)
        elif ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0:
            continue
        else:
            out.append(_unicode_text(ch))
    return "".join(out)


def breakable_text(text: str, every: int = 12) -> str:
    """:func:`escape_latex`, with line breaks allowed after ``_ / , =`` and
    after a non-letter in any run of more than ``every`` characters without
    a space (words are left whole, for TeX to hyphenate)."""
    out, run = [], 0
    for ch in re.sub(r"\s+", " ", str(text)):
        out.append(escape_latex(ch))
        run = 0 if ch == " " else run + 1
        if ch != " " and (ch in "_/,=" or (run >= every and not ch.isalpha())):
            out.append(r"\allowbreak{}")
            run = 0
    return "".join(out)


def _mathy(word: str) -> bool:
    """A word that reads as math: no two letters in a row outside control
    words and braces (``σ(z^L_k)``, ``\\frac{d}{dz}``, ``=``; not ``is``)."""
    bare = re.sub(r"\\[A-Za-z]+", " ", word)
    while re.search(r"\{[^{}]*\}", bare):
        bare = re.sub(r"\{[^{}]*\}", " ", bare)
    return not re.search(r"[A-Za-z]{2,}", bare)


def _math_run(run: str) -> str | None:
    """``run`` typeset as math when it has math in it and is safe, else None."""
    core = run.rstrip(",.;:")
    math = safe_math(core) if re.search(r"[\\^_]", core) else None
    if math is None:
        return None
    typeset = f"${math}$" if len(math) <= LONG_INLINE else f"\\fitinline{{{math}}}"
    return typeset + escape_latex(run[len(core):])


def prose(text: str) -> str:
    """Text in which runs of math-like words with a control word, super- or
    subscript (``a^L_k = σ(z^L_k)``, ``0.2 \\times 0.5``) are typeset as math
    when :func:`safe_math` accepts them; everything else is escaped. A run
    longer than LONG_INLINE characters is set with ``\\fitinline`` (defined in
    the documents' preamble), which scales it down rather than overflow.
    When a whole run is refused, its words are tried one by one."""
    words = re.sub(r"\s+", " ", str(text)).strip().split(" ")
    out, i = [], 0
    while i < len(words):
        j = i
        while j < len(words) and _mathy(words[j]):
            j += 1
        if j == i:
            out.append(breakable_text(words[i]))
            i += 1
            continue
        whole = _math_run(" ".join(words[i:j]))
        out += [whole] if whole else [_math_run(w) or breakable_text(w) for w in words[i:j]]
        i = j
    return " ".join(out)


def verbatim_text(text: str, chunk: int = 6) -> str:
    """``text`` as escaped monospace that may break after any few characters."""
    text = re.sub(r"\s+", " ", str(text)).strip()
    pieces = [escape_latex(text[i:i + chunk]) for i in range(0, len(text), chunk)]
    return r"\texttt{" + r"\allowbreak{}".join(pieces) + "}"


def strip_math_delimiters(latex: str) -> str:
    """Remove one pair of enclosing ``$...$``, ``$$...$$``, ``\\(...\\)`` or ``\\[...\\]``."""
    s = latex.strip()
    for a, b in (("$$", "$$"), ("$", "$"), (r"\(", r"\)"), (r"\[", r"\]")):
        if len(s) >= len(a) + len(b) and s.startswith(a) and s.endswith(b):
            return s[len(a):len(s) - len(b)].strip()
    return s
