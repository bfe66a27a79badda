"""Segment a write-up into problems and steps, keeping 1-based source lines.

Markdown (with ``$…$`` / ``$$…$$``, Mathpix style) goes through markdown-it-py
with the ``dollarmath`` and ``amsmath`` plugins; ``.tex`` through a small
tokenizer of math environments (no macro is ever interpreted: ``\\input``,
``\\def``, ``\\write18``... are text); ``.ipynb`` by reading the notebook's
markdown cells as JSON.

A math span becomes steps: rows (``\\\\`` breaks, rows of aligned/eqnarray),
parts separated by ``\\Rightarrow``, and the links of a chain ``A = B = C``
(steps ``A = B`` and ``= C``). A row that starts with a binary operator
continues the row before it. A span that starts with a relation continues the
chain of the span before it.

Library code: never prints, never evaluates the text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

# relation tokens at top level, longest first; value is the canonical relation
RELATIONS = {
    r"\Rightarrow": "=>", r"\implies": "=>", r"\Longrightarrow": "=>", r"\therefore": "=>",
    r"\neq": "!=", r"\ne": "!=", r"\leq": "<=", r"\le": "<=", r"\geq": ">=", r"\ge": ">=",
    r"\geqslant": ">=", r"\leqslant": "<=", r"\approx": "~", r"\in": "in", "=": "=", "<": "<", ">": ">",
}
_REL_RE = re.compile(
    r"\\(?:Rightarrow|implies|Longrightarrow|therefore|neq|ne|leq|le|geqslant|leqslant|geq|ge|approx|in)(?![A-Za-z])"
    r"|!=|<=|>=|=|<|>")
_BINOP_START = re.compile(r"^\s*(?:\+|-|\\cdot(?![A-Za-z])|\\times(?![A-Za-z])|\*)")
_LABEL = re.compile(
    r"^\s*(?:(?P<num>\d{1,2})\s*[.)]|(?P<q>Q\s*\d{1,2})\s*\.?|\\text\s*\{\s*Eq\s*\}\s*\^\s*\{?n\}?\s*\d*)"
    r"\s*(?P<quad>\\q?quad(?![A-Za-z])|\\[,;:!](?![A-Za-z]))?\s*")
_TEXT = re.compile(r"\\(?:text|textrm|textit|mbox|mathrm|operatorname)\s*\{([^{}]*)\}")
_ENV_WRAP = re.compile(r"^\s*\\begin\{(aligned|align\*?|eqnarray\*?|gathered|gather\*?|split|equation\*?|multline\*?)\}"
                       r"(?P<body>.*)\\end\{\1\}\s*$", re.S)
_TAG = re.compile(r"\\(?:tag|label)\s*\{[^{}]*\}|\\nonumber|\\notag")


@dataclass(frozen=True)
class Problem:
    id: str
    title: str
    line: int


@dataclass(frozen=True)
class Step:
    """One step. ``relation`` is "" for an expression alone; ``lhs`` is the
    left side as written ("" for a link, whose left side is the previous
    expression of its chain); ``rhs`` the right side."""

    line: int
    end_line: int
    latex: str                 # as shown to the reader
    lhs: str
    relation: str              # canonical: "=", "!=", "<", "<=", ">", ">=", "in", "~", "=>", ""
    rhs: str
    link: bool                 # continues the chain: lhs is the previous expression
    chain: int
    problem: str
    context: str = ""          # prose around the span (lower case), e.g. "let", "thus proved"
    inline: bool = False
    location: str = ""         # "cell 3 line 2" for notebooks
    implication: bool = False  # reached by \Rightarrow from the previous statement


@dataclass
class Document:
    problems: list[Problem] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    prose: str = ""            # all prose, lower case (for the document's cost)
    problem_prose: dict = field(default_factory=dict)  # problem id -> its prose, lower case


# --- low-level scanning ---------------------------------------------------
def _top_level_splits(s: str, pattern: re.Pattern) -> list[tuple[int, int, str]]:
    """Matches of ``pattern`` outside braces, brackets, parentheses and environments."""
    out, depth, env, i = [], 0, 0, 0
    while i < len(s):
        ch = s[i]
        if s.startswith(r"\begin", i):
            env += 1
            i += 6
            continue
        if s.startswith(r"\end", i) and not s.startswith(r"\endgroup", i):
            env = max(env - 1, 0)
            i += 4
            continue
        if s.startswith(r"\left", i):
            depth += 1
            i += 5
            continue
        if s.startswith(r"\right", i):
            depth = max(depth - 1, 0)
            i += 6
            continue
        if ch == "\\" and i + 1 < len(s) and s[i + 1] in "{}()[]":
            i += 2
            continue
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth = max(depth - 1, 0)
        elif depth == 0 and env == 0:
            m = pattern.match(s, i)
            if m and m.end() > i:
                out.append((i, m.end(), m.group(0)))
                i = m.end()
                continue
        if ch == "\\":  # skip a whole command name so \le in \left is not a relation
            j = i + 1
            while j < len(s) and s[j].isalpha():
                j += 1
            i = max(j, i + 2) if j == i + 1 else j
            continue
        i += 1
    return out


def split_top(s: str, pattern: re.Pattern) -> list[tuple[str, str, int]]:
    """Split ``s`` at top-level matches; returns (separator-before, piece, offset)."""
    pieces, last, sep = [], 0, ""
    for a, b, tok in _top_level_splits(s, pattern):
        pieces.append((sep, s[last:a], last))
        sep, last = tok, b
    pieces.append((sep, s[last:], last))
    return pieces


_ROW_RE = re.compile(r"\\\\(?:\[[^\]]*\])?|\\cr(?![A-Za-z])|\\newline(?![A-Za-z])")
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
class _Piece:
    text: str
    line: int


def _rows(latex: str, first_line: int) -> list[_Piece]:
    """Rows of a span: top-level ``\\\\`` breaks; operator-led rows join the previous one."""
    body = latex
    m = _ENV_WRAP.match(body)
    if m:
        body = m.group("body")
        first_line += latex[:m.start("body")].count("\n")
    rows: list[_Piece] = []
    for sep, piece, off in split_top(body, _ROW_RE):
        lead = len(piece) - len(piece.lstrip())
        line = first_line + body[:off + lead].count("\n")
        text = _TAG.sub(" ", piece).replace("&", " ")
        if not text.strip():
            continue
        if rows and _BINOP_START.match(text) and not _REL_RE.match(text.strip()):
            rows[-1] = _Piece(rows[-1].text.rstrip() + " " + text.strip(), rows[-1].line)
            continue
        rows.append(_Piece(" ".join(text.split()), line))
    return rows


def _prose_splits(row: str) -> list[tuple[str, str]]:
    """Split a row at ``\\text{...}`` prose in the middle; returns (prose-before, math)."""
    out, last, prose = [], 0, ""
    for m in _TEXT.finditer(row):
        words = m.group(1).strip()
        if not re.search(r"[A-Za-z]{2,}", words):
            continue
        out.append((prose, row[last:m.start()]))
        prose, last = words.lower(), m.end()
    out.append((prose, row[last:]))
    return [(p, t) for p, t in out if t.strip() or p]


class _Builder:
    def __init__(self):
        self.doc = Document()
        self.chain = 0
        self.problem = ""
        self.top = ""
        self.seen_ids: dict[str, int] = {}
        self.prose: list[str] = []
        self.last_was_math = False
        self.location = ""

    # problems
    def _new_problem(self, pid: str, title: str, line: int):
        n = self.seen_ids.get(pid, 0) + 1
        self.seen_ids[pid] = n
        if n > 1:
            pid = f"{pid} ({n})"
        self.doc.problems.append(Problem(pid, title.strip()[:80], line))
        self.problem = pid
        self.chain += 1

    def heading(self, text: str, line: int):
        t = " ".join(text.split())
        m = re.match(r"^(problem|question|exercise|ex\.?)\s*(\d+(?:\.\d+)*)", t, re.I)
        pid = f"{m.group(1).capitalize()} {m.group(2)}" if m else t[:40]
        self.top = pid
        self._new_problem(pid, t, line)

    def paragraph_start(self, text: str, line: int) -> str:
        """Detect "Problem N", "Q1", "1." at the start of a paragraph; returns the rest."""
        t = text.lstrip()
        m = re.match(r"^(problem|question|exercise)\s*(\d+)\b\.?:?", t, re.I)
        if m:
            self.heading(t.split("\n")[0], line)
            return t[m.end():]
        m = re.match(r"^(?:Q|q)\s*(\d{1,2})\b\.?|^(\d{1,2})[.)](?:\s|$)", t)
        if m:
            self.part(f"Q{m.group(1)}" if m.group(1) else m.group(2), t.split("\n")[0], line)
            return t[m.end():]
        return text

    def part(self, label: str, title: str, line: int):
        base = self.top or ""
        pid = f"{base}.{label}" if base and label[:1].isdigit() else f"{base} {label}".strip()
        self._new_problem(pid, title, line)

    # math
    def math(self, latex: str, first_line: int, last_line: int, inline: bool, context: str):
        first_line += latex[:len(latex) - len(latex.lstrip())].count("\n")
        latex = latex.strip()
        rest, label, quad = strip_label(latex)
        if label and not inline:
            if label.startswith("Q") or (quad and label != "Eq"):
                self.part(label, latex[:60], first_line)
            latex = rest
        context = context.lower()
        rows = _rows(latex, first_line)
        if not rows:
            return
        any_rel = any(_top_level_splits(r.text, _REL_RE) for r in rows)
        if inline and not any_rel:
            return  # a symbol mentioned in prose: not a step
        first = True
        for r in rows:
            for prose, text in _prose_splits(r.text):
                ctx = (context + " " + prose).strip() if first else prose
                self._row(text, r.line, last_line if len(rows) == 1 else r.line, inline, ctx, first)
                first = False
        self.last_was_math = not inline

    def _row(self, text: str, line: int, end_line: int, inline: bool, context: str, first_row: bool):
        text = text.strip().rstrip(",.;")
        if not text:
            return
        if re.search(r":\s*=|\\coloneqq|\\triangleq|\\equiv|\\stackrel\{\w*\}\{=\}", text):
            text = re.sub(r":\s*=|\\coloneqq|\\triangleq|\\equiv|\\stackrel\{\w*\}\{=\}", "=", text, count=1)
            context = (context + " define").strip()
        pieces = [(canonical_relation(sep) if sep else "", p.strip()) for sep, p, _ in split_top(text, _REL_RE)]
        # a row of several definitions "g1 = 0.01, g2 = 0.99": split at top-level commas/quads
        groups = _comma_groups(text)
        if len(groups) > 1:
            for g in groups:
                self._row(g, line, end_line, inline, context, first_row)
                first_row = False
            return
        starts_with_rel = pieces[0][1] == "" and len(pieces) > 1
        if not starts_with_rel:
            self.chain += 1
        i = 0
        if starts_with_rel:
            pieces = pieces[1:]
            # first piece is a link from the previous expression
        else:
            lhs_rel, lhs = pieces[0]
            if len(pieces) == 1:
                self._add(line, end_line, lhs, "", "", lhs, False, inline, context)
                return
            rel, rhs = pieces[1]
            if rel == "=>":
                self._add(line, end_line, lhs, lhs, "", lhs, False, inline, context)
                pieces = pieces[1:]
            else:
                self._add(line, end_line, f"{lhs} {_show(rel)} {rhs}", lhs, rel, rhs, False, inline, context)
                pieces = pieces[2:]
        # remaining pieces are links; "=>" pieces start an implication whose statement runs to the next "=>"
        while i < len(pieces):
            rel, body = pieces[i]
            if rel == "=>":
                j = i + 1
                while j < len(pieces) and pieces[j][0] != "=>":
                    j += 1
                inner = pieces[i + 1:j]
                if inner:
                    r2, rhs2 = inner[0]
                    self._add(line, end_line, r"\Rightarrow " + f"{body} {_show(r2)} {rhs2}", body, r2, rhs2,
                              False, inline, context, implication=True)
                    for r3, b3 in inner[1:]:
                        self._add(line, end_line, f"{_show(r3)} {b3}", "", r3, b3, True, inline, context)
                else:
                    self._add(line, end_line, r"\Rightarrow " + body, "", "=>", body, True, inline, context,
                              implication=True)
                i = j
                continue
            self._add(line, end_line, f"{_show(rel)} {body}", "", rel, body, True, inline, context)
            i += 1

    def _add(self, line, end_line, latex, lhs, rel, rhs, link, inline, context, implication=False):
        self.doc.steps.append(Step(line=line, end_line=max(end_line, line), latex=" ".join(latex.split()),
                                   lhs=lhs.strip(), relation=rel, rhs=rhs.strip(), link=link, chain=self.chain,
                                   problem=self.problem, context=context.strip(), inline=inline,
                                   location=self.location, implication=implication))

    def text(self, text: str):
        if text.strip():
            self.prose.append(text)
            pp = self.doc.problem_prose
            pp[self.problem] = (pp.get(self.problem, "") + " " + " ".join(text.lower().split())).strip()
            self.last_was_math = False


def _comma_groups(text: str) -> list[str]:
    parts = [pt for pt in split_top(text, _COMMA_RE) if pt[1].strip()]
    if len(parts) < 2:
        return [text]
    if all(_top_level_splits(p, _REL_RE) for _, p, _ in parts) and all(
            not _REL_RE.match(p.strip()) for _, p, _ in parts):
        return [p.strip() for _, p, _ in parts if p.strip()]
    return [text]


def _show(rel: str) -> str:
    return {"=>": r"\Rightarrow", "!=": r"\neq", "<=": r"\leq", ">=": r"\geq", "in": r"\in", "~": r"\approx"}.get(
        rel, rel)


# --- Markdown ------------------------------------------------------------
def _markdown_parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.amsmath import amsmath_plugin
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    return (MarkdownIt("commonmark", {"html": False})
            .use(dollarmath_plugin, allow_space=True, allow_digits=True, double_inline=True)
            .use(amsmath_plugin))


def _segment_markdown_into(b: _Builder, text: str, line_offset: int = 0, location=None):
    tokens = _markdown_parser().parse(text)
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.type == "heading_open":
            inline = tokens[i + 1]
            b.heading(_plain(inline.content), t.map[0] + 1 + line_offset)
            b.text(inline.content)
            i += 3
            continue
        if t.type == "list_item_open" and t.info:  # ordered list item: "1." starts a part
            b.location = location(t.map[0]) if location else ""
            b.part(t.info, f"{t.info}.", t.map[0] + 1 + line_offset)
        if t.type in ("math_block", "math_block_label", "amsmath"):
            start, end = t.map
            first = start  # the content keeps the newline after a lone "$$", so lines count from the "$$" line
            b.location = location(start) if location else ""
            b.math(t.content, first + 1 + line_offset, end + line_offset, False, "")
        elif t.type == "inline" and t.map:
            b.location = location(t.map[0]) if location else ""
            _inline(b, t, line_offset)
        i += 1


def _inline(b: _Builder, t, line_offset: int):
    line = t.map[0] + 1 + line_offset
    children = t.children or []
    words = "".join(c.content for c in children if c.type == "text")
    if children and children[0].type == "text":
        b.paragraph_start(words, line)
    before = ""
    for c in children:
        if c.type in ("softbreak", "hardbreak"):
            line += 1
            before += " "
        elif c.type == "text":
            before += c.content
            line += c.content.count("\n")
        elif c.type in ("math_inline", "math_inline_double"):
            b.math(c.content, line, line + c.content.count("\n"), True, _last_words(before))
            before += " [math] "
        elif c.type == "math_block_eqno":
            b.math(c.content, line, line, False, "")
    b.text(words)


def _last_words(s: str, n: int = 6) -> str:
    s = s.split(".")[-1]
    return " ".join(s.split()[-n:])


def _plain(s: str) -> str:
    return re.sub(r"[#*_`]", "", s).strip()


# --- .tex ------------------------------------------------------------------
_TEX_MATH = re.compile(
    r"(?P<dd>\$\$(?P<ddb>.+?)\$\$)|(?P<br>\\\[(?P<brb>.+?)\\\])|(?P<pa>\\\((?P<pab>.+?)\\\))"
    r"|(?P<env>\\begin\{(?P<name>equation\*?|align\*?|aligned|eqnarray\*?|gather\*?|multline\*?|displaymath)\}"
    r"(?P<envb>.*?)\\end\{(?P=name)\})|(?P<d>(?<!\\)\$(?P<db>[^$]+?)(?<!\\)\$)", re.S)
_TEX_SECTION = re.compile(r"\\(?:sub)*section\*?\{([^{}]*)\}|\\begin\{(?:problem|exercise|question)\}(?:\[([^\]]*)\])?"
                          r"|\\item(?:\[([^\]]*)\])?")


def _strip_tex_comments(text: str) -> str:
    return "\n".join(re.sub(r"(?<!\\)%.*$", "", ln) for ln in text.split("\n"))


def segment_tex(text: str) -> Document:
    b = _Builder()
    text = _strip_tex_comments(text)
    events = []
    for m in _TEX_SECTION.finditer(text):
        events.append((m.start(), "section", m))
    for m in _TEX_MATH.finditer(text):
        events.append((m.start(), "math", m))
    events.sort(key=lambda e: e[0])
    pos, item_n = 0, 0
    for start, kind, m in events:
        if start < pos:
            continue
        line = text.count("\n", 0, start) + 1
        b.text(text[pos:start])
        if kind == "section":
            if m.group(0).startswith(r"\item"):
                item_n += 1
                b.part(m.group(3) or str(item_n), m.group(3) or f"item {item_n}", line)
            else:
                item_n = 0
                title = m.group(1) or m.group(2) or f"Problem {len(b.doc.problems) + 1}"
                b.heading(title, line)
        else:
            body_name = next(g for g in ("ddb", "brb", "pab", "envb", "db") if m.group(g) is not None)
            body = m.group(body_name)
            inline = body_name in ("db", "pab")
            first = text.count("\n", 0, m.start(body_name)) + 1
            last = text.count("\n", 0, m.end()) + 1
            ctx = _last_words(text[pos:start]) if inline else ""
            b.math(body, first, last, inline, ctx)
        pos = m.end()
    b.text(text[pos:])
    return _finish(b)


# --- .ipynb ----------------------------------------------------------------
def segment_ipynb(text: str) -> Document:
    """Markdown cells only. ``line`` counts lines through the markdown cells
    laid end to end, each followed by one blank line (a cell of n lines
    takes n + 1); ``location`` says
    "cell N line M" (N counts every cell from 1, M from 1 in that cell)."""
    from ..errors import ParseError, ParseErrorKind

    try:
        nb = json.loads(text)
    except ValueError as exc:
        raise ParseError(f"not a notebook: {exc}", kind=ParseErrorKind.NOT_A_NOTEBOOK) from exc
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        raise ParseError("not a notebook: no cells", kind=ParseErrorKind.NOT_A_NOTEBOOK)
    b = _Builder()
    offset = 0
    for n, cell in enumerate(cells, 1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        src = cell.get("source", "")
        if not isinstance(src, (str, list)) or (isinstance(src, list) and not all(isinstance(x, str) for x in src)):
            raise ParseError(f"not a notebook: the source of cell {n} is not text",
                             kind=ParseErrorKind.NOT_A_NOTEBOOK)
        src = "".join(src) if isinstance(src, list) else src
        _segment_markdown_into(b, src, offset, location=lambda l0, n=n: f"cell {n} line {l0 + 1}")
        offset += len(src.splitlines()) + 1
    return _finish(b)


def segment_markdown(text: str) -> Document:
    b = _Builder()
    _segment_markdown_into(b, text)
    return _finish(b)


def _finish(b: _Builder) -> Document:
    b.doc.prose = " ".join(" ".join(b.prose).lower().split())
    return b.doc


def segment(text: str, kind: str = "md") -> Document:
    """Segment ``text`` of the given kind ("md", "tex" or "ipynb")."""
    if kind == "tex":
        return segment_tex(text)
    if kind == "ipynb":
        return segment_ipynb(text)
    return segment_markdown(text)


def kind_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    return {".tex": "tex", ".ipynb": "ipynb"}.get(suffix, "md")


__all__ = ["Problem", "Step", "Document", "segment", "segment_markdown", "segment_tex", "segment_ipynb",
           "kind_of", "split_top", "strip_label"]
