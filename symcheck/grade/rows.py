"""From a math span to rows and relation pieces (the segmenter's low level).

A span's rows are its top-level ``\\\\`` breaks (inside an ``aligned``-like
wrapper, unwrapped); a row starting with a binary operator, or following a row
that ends in a relation, continues that row. Splitting happens at top level
only: outside braces, brackets, parentheses, set braces ``\\{ \\}``,
``\\left…\\right`` and environments, so a matrix keeps its ``&`` and ``\\\\``.
Rows keep their raw text (newlines), so each step finds its own source line.

Library code: never evaluates the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .scan import RELATION_RE

RELATIONS = {
    r"\Rightarrow": "=>", r"\implies": "=>", r"\Longrightarrow": "=>", r"\therefore": "=>",
    r"\neq": "!=", r"\ne": "!=", r"\leq": "<=", r"\le": "<=", r"\geq": ">=", r"\ge": ">=",
    r"\geqslant": ">=", r"\leqslant": "<=", r"\approx": "~", r"\in": "in", "=": "=", "<": "<", ">": ">",
    "≈": "~", "≤": "<=", "≥": ">=", "≠": "!=", "⇒": "=>", "⟹": "=>", "∈": "in",
    r"\iff": "<=>", r"\Leftrightarrow": "<=>", r"\Longleftrightarrow": "<=>", "⇔": "<=>", "⟺": "<=>",
}
STATEMENTS = ("=>", "<=>")  # relations between statements: an implication, an equivalence
REL_RE = RELATION_RE  # relations at any depth; splits use top_level_splits
BINOP_START = re.compile(r"^\s*(?:\+|-|\\cdot(?![A-Za-z])|\\times(?![A-Za-z])|\*)")
_LABEL = re.compile(
    r"^\s*(?:(?P<num>\d{1,2})\s*[.)]|(?P<q>Q\s*\d{1,2})\s*\.?|\\text\s*\{\s*Eq\s*\}\s*\^\s*\{?n\}?\s*\d*)"
    r"\s*(?P<quad>\\q?quad(?![A-Za-z])|\\[,;:!](?![A-Za-z]))?\s*")
TEXT_RE = re.compile(r"\\(?:text|textrm|textit|textbf|textnormal|mbox)\s*\{([^{}]*)\}")  # prose, not \mathrm
_ENV_WRAP = re.compile(r"^\s*\\begin\{(aligned|align\*?|eqnarray\*?|gathered|gather\*?|split|equation\*?|multline\*?)\}"
                       r"(?P<body>.*)\\end\{\1\}\s*$", re.S)
_TAG = re.compile(r"\\(?:tag|label)\s*\*?\{[^{}]*\}|\\nonumber|\\notag"
                  r"|(?:\\hfill\s*)?\\(?:blacksquare|square|Box|qed|QED)(?![A-Za-z])")




# --- low-level scanning ---------------------------------------------------
_STRUCT = (r"(?P<begin>\\begin(?![A-Za-z]))|(?P<end>\\end(?![A-Za-z]))"
           r"|(?P<left>\\left(?![A-Za-z])\s*(?:\\[{}|]|\\[A-Za-z]+|[^A-Za-z\s])?)"
           r"|(?P<right>\\right(?![A-Za-z])\s*(?:\\[{}|]|\\[A-Za-z]+|[^A-Za-z\s])?)"
           r"|(?P<bopen>\{)|(?P<bclose>\})|(?P<open>\\\{|[(\[])|(?P<close>\\\}|[)\]])"
           r"|\\[()\[\]]|\\[A-Za-z]+|\\.")
_SCANNERS: dict = {}
_STRUCTURAL = re.compile(r"[\\{}()\[\]]")


def top_level_splits(s: str, pattern: re.Pattern) -> list[tuple[int, int, str]]:
    """Matches of ``pattern`` outside braces, brackets, parentheses, ``\\left…\\right``
    and environments. One regex pass: a command name is read whole, so ``\\le`` in
    ``\\left`` is not a relation. When the parentheses and brackets of ``s`` do not
    balance (``[0, 1)``, a typo), only braces, ``\\left…\\right`` and environments nest."""
    if not _STRUCTURAL.search(s):  # nothing nests: every match is at top level
        return [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(s)]
    scanner = _SCANNERS.get(pattern)
    if scanner is None:
        scanner = _SCANNERS[pattern] = re.compile(f"(?P<p>{pattern.pattern})|{_STRUCT}", pattern.flags)
    matches = list(scanner.finditer(s))
    for parens in (True, False):  # unbalanced ( ) [ ] (an interval, a typo): nest braces only
        out, depth, paren, env, broken = [], 0, 0, 0, False
        for m in matches:
            kind = m.lastgroup
            if kind == "p":
                if depth == 0 and env == 0 and (paren == 0 or not parens):
                    out.append((m.start(), m.end(), m.group(0)))
            elif kind == "bopen" or kind == "left":
                depth += 1
            elif kind == "bclose" or kind == "right":
                depth = max(depth - 1, 0)
            elif kind == "open":
                paren += 1
            elif kind == "close":
                paren -= 1
                broken = broken or paren < 0
                paren = max(paren, 0)
            elif kind == "begin":
                env += 1
            elif kind == "end":
                env = max(env - 1, 0)
        if not (broken or paren):
            break
    return out


def split_top(s: str, pattern: re.Pattern) -> list[tuple[str, str, int]]:
    """Split ``s`` at top-level matches; returns (separator-before, piece, offset)."""
    pieces, last, sep = [], 0, ""
    for a, b, tok in top_level_splits(s, pattern):
        pieces.append((sep, s[last:a], last))
        sep, last = tok, b
    pieces.append((sep, s[last:], last))
    return pieces


ROW_RE = re.compile(r"\\\\(?:\[[^\]]*\])?|\\cr(?![A-Za-z])|\\newline(?![A-Za-z])")
_COMMA_RE = re.compile(r",|\\q?quad(?![A-Za-z])|;")


def canonical_relation(tok: str) -> str:
    return RELATIONS.get(tok.strip(), tok.strip())


def strip_label(latex: str) -> tuple[str, Optional[str], bool]:
    """Remove a leading item label ("2. \\quad", "Q2 \\quad", "\\text{Eq}^n 1").
    Returns (rest, label, label_followed_by_quad)."""
    m = _LABEL.match(latex)
    if not m or m.end() == 0:
        return latex, None, False
    rest = latex[m.end():]
    if m.group("num") and not m.group("quad") and rest[:1].isdigit():
        return latex, None, False  # "2.5" is a number, not a label
    label = m.group("num") or (m.group("q") or "").replace(" ", "") or "Eq"
    return rest, label, bool(m.group("quad"))


# --- from a math span to steps -------------------------------------------
@dataclass
class Row:
    text: str
    line: int


def rows_of(latex: str, first_line: int) -> list[Row]:
    """Rows of a span: top-level ``\\\\`` breaks; operator-led rows join the previous one.
    Column separators ``&`` go at top level only: a matrix keeps its own."""
    body = _TAG.sub(" ", latex) if "\\" in latex else latex
    for _ in range(3):  # equation* around aligned: unwrap both
        m = _ENV_WRAP.match(body)
        if not m:
            break
        first_line += body[:m.start("body")].count("\n")
        body = m.group("body")
    rows: list[Row] = []
    line, counted = first_line, 0
    pieces = split_top(body, ROW_RE) if _ROW_HINT.search(body) else [("", body, 0)]
    for sep, piece, off in pieces:
        line += body.count("\n", counted, off)
        counted = off
        if len(pieces) > 1 and _ENV_WRAP.match(piece):  # a row that is an aligned block: its own rows
            rows += rows_of(piece, line)
            continue
        text = _top_level_amps(_TAG.sub(" ", piece))
        if not text.strip():
            continue
        if rows and (BINOP_START.match(text) and not REL_RE.match(text.strip())
                     or _REL_END.search(rows[-1].text) and not REL_RE.match(text.strip())):
            rows[-1] = Row(rows[-1].text.rstrip() + " " + text.strip(), rows[-1].line)
            continue
        lead = len(text) - len(text.lstrip())
        # raw text: each step of the row finds its own source line
        rows.append(Row(text[lead:], line + text.count("\n", 0, lead)))
    return rows


_AMP = re.compile("&")
# what ends a row but says nothing: punctuation (not the "." of \right.) and spacing
TRAILING = re.compile(r"(?:\s|\\q?quad(?![A-Za-z])|\\[,;:! ]|~|(?<!\\right)[,.;])+$")
_REL_END = re.compile(f"(?:{RELATION_RE.pattern})\\s*$")  # "A = \\ B": the row goes on
_ROW_HINT = re.compile(r"\\\\|\\cr|\\newline")
_COMMA_HINT = re.compile(r"[,;]|\\q?quad")


def _top_level_amps(text: str) -> str:
    """Blank the alignment ``&`` outside environments, braces and brackets."""
    if "&" not in text:
        return text
    cut = [a for a, _, _ in top_level_splits(text, _AMP)]
    if not cut:
        return text
    chars = list(text)
    for a in cut:
        chars[a] = " "
    return "".join(chars)


_APPLIED = re.compile(r"\s*(?:\(|\\left|\\[bB]igg?l?\s*\()")


def prose_splits(row: str) -> list[tuple[str, str, int]]:
    """Split a row at ``\\text{...}`` prose in the middle; returns (prose-before, math, offset of math).
    A one-word ``\\text{…}`` applied to an argument is a function's name and stays."""
    out, last, prose = [], 0, ""
    for a, b, tok in (top_level_splits(row, TEXT_RE) if "\\" in row else ()):
        m = TEXT_RE.match(row, a)
        words = m.group(1).strip()
        if not re.search(r"[A-Za-z]{2,}", words):
            continue
        if " " not in words and _APPLIED.match(row, m.end()):
            continue  # \text{step}(x): a function's name, not prose
        if " " not in words and not row[:a].strip() and re.match(r"\s*=", row[m.end():]) and \
                words.lower() not in ("so", "thus", "hence", "then", "and", "therefore", "where", "since", "or"):
            continue  # \text{output} = …: a quantity named in a word, defined here (read as a name)
        out.append((prose, row[last:m.start()], last))
        prose, last = " ".join(words.lower().split()), m.end()
    out.append((prose, row[last:], last))
    return [(p, t, o) for p, t, o in out if t.strip() or p]



STACKED = re.compile(r"\\(?:stackrel|overset|underset)\s*\{((?:[^{}]|\{[^{}]*\})*)\}\s*"
                      r"\{\s*(=|<|>|\\leq?|\\geq?|\\approx)\s*\}")


def unstack(m: re.Match) -> str:
    """The relation alone; a note that says "definition" makes it ``:=``."""
    note, rel = m.group(1), m.group(2)
    bare = re.sub(r"\\(?:text|mathrm|rm|textrm|mbox)\s*|[{}.\s]", "", note)
    if rel == "=" and bare in ("def", "\\triangle", ":", "\\Delta"):
        return " := "
    return f" {rel} "


def comma_groups(text: str) -> list[tuple[str, int]]:
    """(group, offset) of a row that lists several relations separated by top-level commas/quads."""
    if not _COMMA_HINT.search(text):
        return [(text, 0)]
    parts = [pt for pt in split_top(text, _COMMA_RE) if pt[1].strip()]
    if len(parts) < 2:
        return [(text, 0)]
    if all(top_level_splits(p, REL_RE) for _, p, _ in parts) and all(
            not REL_RE.match(p.strip()) for _, p, _ in parts):
        return [(p, off) for _, p, off in parts if p.strip()]
    return [(text, 0)]


def show_relation(rel: str) -> str:
    return {"=>": r"\Rightarrow", "!=": r"\neq", "<=": r"\leq", ">=": r"\geq", "in": r"\in", "~": r"\approx"}.get(
        rel, rel)


_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!:|\"'$=<>])")
_MATH_COMMENT = re.compile(r"(?<!\\)%[^\n]*")


def normalise_body(body: str, escaped: bool) -> str:
    """A span's body as TeX reads it: Markdown escapes undone for escaped delimiters
    (``\\\\(…\\\\)``: ``\\_`` is ``_``, ``\\\\\\\\`` is ``\\\\``), a doubled row break
    ``\\\\\\\\`` (Markdown-escaped ``\\\\``) made one, ``%`` comments removed (lines kept)."""
    if escaped:
        body = _MD_ESCAPE.sub(lambda m: m.group(1), body)
    elif "\\\\\\\\" in body:
        body = body.replace("\\\\\\\\", "\\\\")
    if "%" in body:
        body = _MATH_COMMENT.sub("", body)
    if "box" in body:
        body = _unbox(body)
    return body


_BOX = re.compile(r"\\(?:boxed|fbox)\s*\{")


def _unbox(body: str) -> str:
    """``\\boxed{x = 2}`` (a framed answer) as ``x = 2``: its relation is the row's."""
    out, pos = [], 0
    for m in _BOX.finditer(body):
        if m.start() < pos:
            continue
        depth, i = 1, m.end()
        while i < len(body) and depth:
            depth += {"{": 1, "}": -1}.get(body[i], 0) if body[i - 1] != "\\" else 0
            i += 1
        if depth:
            break  # unbalanced: left as written
        out += [body[pos:m.start()], " ", body[m.end():i - 1], " "]
        pos = i
    return "".join(out) + body[pos:]


# an alignment environment opened on a line of its own (inside a display, it is a display of its own)
_ENV_LINE = re.compile(r"^[ \t]*\\begin\{((?:aligned|align|alignat|eqnarray|gather|gathered|split|multline|flalign|cases)"
                       r"\*?)\}(?:\{[^{}\n]*\})?[ \t]*$", re.M)
# a system's brace ``\left\{`` on a line of its own (its array may open on the same line): a display to its ``\right.``
_BRACE_LINE = re.compile(r"^[ \t]*\\left\s*\\\{[ \t]*(?:\\begin\{array\}\{[^{}\n]*\}[ \t]*)?$")
_END_ENV = re.compile(r"\\end\{([A-Za-z]+\*?)\}|\\right\s*(\.)")
BRACE = "\\left\\{"
MAX_INNER = 50  # inner displays per span, at most


def inner_environments(latex: str, opener: int) -> list[tuple[int, int, str]]:
    """(first line, last line, text) of each alignment environment opened on a line of its
    own after the span's first line (``latex`` starts on line ``opener``); one pass."""
    lines, out, open_at = latex.split("\n"), [], {}
    for i, text in enumerate(lines):
        m = _ENV_LINE.match(text) if i and "\\begin" in text else None
        if m or (i and "\\left" in text and _BRACE_LINE.match(text)):
            open_at.setdefault(m.group(1) if m else BRACE, []).append(i)
            continue
        for env, brace in (_END_ENV.findall(text) if "\\end" in text or "\\right" in text else ()):
            name = env or BRACE
            if open_at.get(name):
                b = open_at[name].pop()
                out.append((opener + b, opener + i, "\n".join(lines[b:i + 1])))
                if len(out) >= MAX_INNER:
                    return sorted(out, key=lambda t: t[1])
    return sorted(out, key=lambda t: t[1])


# A system: the whole row is ``\left\{ \begin{array}{…} R_1 \\ R_2 \end{array} \right.`` or
# ``\begin{cases} R_1 \\ R_2 \end{cases}`` (no environment inside) whose every row is a relation
# ("x + y = 1", "\tilde w \ge 9"; ``&`` only aligning: "x &\le 1").
_SYSTEM = re.compile(r"\s*(?:\\left\s*\\\{\s*\\begin\{array\}\s*\{[^{}]*\}(?P<a>.*)\\end\{array\}\s*\\right\s*\."
                     r"|\\begin\{cases\}(?P<c>.*)\\end\{cases\})\s*", re.S)
_CELL = re.compile(r"(?<!\\)&")


def system_rows(text: str) -> Optional[list[tuple[int, str]]]:
    """The rows of ``text`` when all of it is a system of relations: ``[(offset, row)]`` (offsets
    into ``text``, ``&`` removed); None otherwise (a definition by cases "1, & z > 0" is not a
    system: its relation is in its condition cell)."""
    m = _SYSTEM.fullmatch(text)
    if m is None:
        return None
    group = "a" if m.group("a") is not None else "c"
    body, base = m.group(group), m.start(group)
    if "\\begin" in body or "\\end" in body:
        return None
    out = []
    for _, row, off in split_top(body, ROW_RE):
        if not row.strip():
            continue
        cells = _CELL.split(row)
        if not (top_level_splits(cells[0], REL_RE)
                or (len(cells) > 1 and REL_RE.match(cells[1].lstrip()))):
            return None  # its relation is not in its first cell: a value and its condition
        joined = " ".join(cells)
        if not top_level_splits(joined, REL_RE):
            return None
        out.append((base + off, joined))
    return out if len(out) >= 2 else None
