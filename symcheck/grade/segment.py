"""Segment a write-up into problems and steps, keeping 1-based source lines.

Finding the math is :mod:`.scan_md` (Markdown, ``.txt``, notebooks' markdown
cells) and :mod:`.scan_tex` (``.tex``), in one linear pass each; line ends
(CRLF, CR) are normalised to "\\n" first, as TeX does. The macros a file
defines are expanded by :mod:`.macros` (bounded; nothing is ever executed).
Math that is not part of the derivation (code, comments, verbatim) and math
that is not LaTeX become steps marked ``skip`` with a :class:`Skip` reason:
reported, never graded.

A math span becomes steps (rows and relation pieces come from :mod:`.rows`):
rows (``\\\\`` breaks, rows of aligned/eqnarray),
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

from .macros import MacroError, MacroTable, defines_macros
from .plainmath import looks_asciimath
from .rows import (REL_RE, STACKED, STATEMENTS, TRAILING, canonical_relation, comma_groups, inner_environments, normalise_body,
                   prose_splits, rows_of, show_relation, split_top, strip_label, system_rows, top_level_splits,
                   unstack)
from .scan import (SKIP_REASONS, STATES_RE, Skip, Span, TooManySpans, last_words, normalise_line_ends,
                   skipped_verdict)
from .scan_events import drive
from .scan_ocr import looks_ocr
from .scan_md import scan_markdown
from .scan_tex import scan_tex

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
    equivalence: bool = False  # reached by \iff: the previous statement and this one have the same solutions
    skip: Optional[Skip] = None  # shown but not graded, and why (code, comment, verbatim, not LaTeX, macro)
    skip_reason: str = ""        # the reader's sentence for ``skip``
    kind: str = "step"           # "display": a whole display (``Document.displays``), not a step of its own
    rows: int = 0                # a display: how many steps are its own (``doc.steps[after - rows:after]``)
    after: int = 0               # a display: how many steps of ``doc.steps`` come before its end
    ocr: bool = False            # the file is OCR'd handwriting (scan_ocr): read with the reader's ``ocr`` option
    intro: str = ""              # the prose (and inline math, as $...$) since the last display before it
    lhs_line: int = 0            # the line where its left side starts (``line`` is its relation's row)


# A *display* item follows the steps of a display that spans several source
# lines (``$$`` … ``$$``, a bare ``\begin{align}`` … ``\end{align}``): it starts
# on the display's opening line and ends on its closing line, and is graded
# from its rows only (correct when every one of them is; never incorrect
# itself: its rows carry the errors).
DISPLAY = "display"


@dataclass
class Document:
    problems: list[Problem] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    prose: str = ""            # all prose, lower case (for the document's cost)
    problem_prose: dict = field(default_factory=dict)  # problem id -> its prose, lower case
    displays: list[Step] = field(default_factory=list)  # whole displays (kind "display"), in source order
    source: list[str] = field(default_factory=list)  # the file's lines as read (md, tex; empty for notebooks)



_DEFINED_BY = re.compile(r"=\s*:(?![=:])")
_DEFINED_AS = re.compile(r":\s*=|\\coloneqq|\\triangleq|\\equiv|\\stackrel\{\w*\}\{=\}")


class _Builder:
    def __init__(self, max_steps: Optional[int] = None):
        self.max_steps = max_steps
        self.doc = Document()
        self.chain = 0
        self.skip: Optional[Skip] = None
        self.skip_reason = ""
        self.problem = ""
        self.top = ""
        self.seen_ids: dict[str, int] = {}
        self.prose: list[str] = []
        self.last_was_math = False
        self.locate = None           # file line -> "cell N line M" (notebooks)
        self.macros = MacroTable()
        self.not_latex = False       # the file's math is AsciiMath: every span is reported, not read
        self.ocr = False             # the file is OCR'd handwriting (scan_ocr.looks_ocr)
        self._prose: dict[str, list[str]] = {}
        self.recent = ""             # prose and inline math since the last display (a display step's intro)

    # problems
    def _new_problem(self, pid: str, title: str, line: int):
        self.recent = ""
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
    def span(self, sp: Span):
        """One math span from the scanner: normalised, macros expanded, then steps."""
        if sp.inline and not self.macros.macros and not STATES_RE.search(sp.body) and not defines_macros(sp.body):
            return  # a symbol mentioned in prose: not a step
        body, skip, why = normalise_body(sp.body, sp.escaped), sp.skip, ""
        if skip is None and self.not_latex:
            skip = Skip.NOT_LATEX
        if skip is None:
            body = self.macros.define(body)
            try:
                body = self.macros.expand(body)
            except MacroError as exc:
                skip, why = Skip.MACRO, str(exc)
        if skip is None and looks_asciimath(body):
            skip = Skip.NOT_LATEX
        if skip is not None and not why:
            why = SKIP_REASONS[skip]
        self.math(body, sp.line, sp.end_line, sp.inline, last_words(sp.context) if sp.context else "", skip, why,
                  closer=sp.line + sp.body.count("\n"))

    def math(self, latex: str, first_line: int, last_line: int, inline: bool, context: str,
             skip: Optional[Skip] = None, skip_reason: str = "", closer: Optional[int] = None):
        """Steps of one span; ``closer``: the line of its closing delimiter (a display's end)."""
        opener, start, closer = first_line, len(self.doc.steps), max(closer or last_line, last_line)
        self._math(latex, first_line, last_line, inline, context, skip, skip_reason)
        if skip is None and not inline and closer > opener and len(self.doc.steps) > start:
            if latex.count("\n") == closer - opener:  # lines as written (no macro added any)
                for b, e, text in inner_environments(latex, opener):  # an alignment block on lines of its own
                    self._display(text, b, e, start)
            self._display(latex, opener, closer, start)

    def _display(self, latex: str, line: int, end_line: int, start: int):
        """A whole display of lines ``line``..``end_line`` over the steps added since ``start``."""
        rows = [i for i in range(start, len(self.doc.steps)) if line <= self.doc.steps[i].line <= end_line]
        if not rows:
            return
        body = " ".join(strip_label(latex.strip())[0].split())
        self.doc.displays.append(Step(line=line, end_line=end_line, latex=body, lhs="", relation="", rhs="", link=False,
                                   chain=self.chain, problem=self.problem, location=self.locate(line) if self.locate
                                   else "", kind=DISPLAY, rows=rows[-1] + 1 - rows[0], after=rows[-1] + 1))

    def _math(self, latex: str, first_line: int, last_line: int, inline: bool, context: str,
              skip: Optional[Skip] = None, skip_reason: str = ""):
        first_line += latex[:len(latex) - len(latex.lstrip())].count("\n")
        latex = latex.strip()
        if inline:
            self.recent = (self.recent + " $" + latex + "$")[-400:]
        self.skip, self.skip_reason = skip, skip_reason
        if skip is not None:
            self.chain += 1  # skipped steps never link with the graded ones
        rest, label, quad = strip_label(latex)
        if label and not inline and skip is None:
            if label.startswith("Q") or (quad and label != "Eq"):
                self.part(label, latex[:60], first_line)
            latex = rest
        context = context.lower()
        if "set" in latex or "stackrel" in latex:
            latex = STACKED.sub(unstack, latex)
        rows = rows_of(latex, first_line)
        if not rows:
            return
        any_rel = any(STATES_RE.search(r.text) and top_level_splits(r.text, STATES_RE) for r in rows)
        if inline and not any_rel:
            return  # a symbol mentioned in prose: not a step
        first = True
        for r in rows:
            end = last_line if len(rows) == 1 else r.line + r.text.rstrip().count("\n")
            for prose, text, off in prose_splits(r.text):
                ctx = (context + " " + prose).strip() if first else prose
                self._row(text, r.line + r.text.count("\n", 0, off), end, inline, ctx, first)
                first = False
        if skip is not None:
            self.chain += 1
            return
        self.last_was_math = not inline

    def _row(self, text: str, line: int, end_line: int, inline: bool, context: str, first_row: bool):
        """Steps of one row. ``text`` is raw (newlines kept): each step starts on the
        line where it is written (a link on the line of its relation)."""
        line += text[:len(text) - len(text.lstrip())].count("\n")
        text = TRAILING.sub("", text.strip())
        if not text:
            return
        system = system_rows(text)  # a system \left\{ … \right. of relations: each row a step, on its own line
        for k, (off, row) in enumerate(system or ()):
            self._row(row, line + text.count("\n", 0, off), line + text.count("\n", 0, off), inline, context,
                      first_row and k == 0)
        if system:
            return
        if _DEFINED_AS.search(text):
            text = _DEFINED_AS.sub("=", text, count=1)
            context = (context + " define").strip()
        elif "=:" in text.replace(" ", "") and len(_DEFINED_BY.findall(text)) == 1:
            a, b = _DEFINED_BY.split(text)  # A =: B defines B as A
            if len(split_top(a, REL_RE)) == 1 and len(split_top(b, REL_RE)) == 1:
                text, context = f"{b.strip()} = {a.strip()}", (context + " define").strip()
        # a row of several definitions "g1 = 0.01, g2 = 0.99": split at top-level commas/quads
        groups = comma_groups(text)
        if len(groups) > 1:
            for g, off in groups:
                self._row(g, line + text.count("\n", 0, off), end_line, inline, context, first_row)
                first_row = False
            return
        split = split_top(text, REL_RE)
        pieces = [(canonical_relation(sep) if sep else "", p.strip()) for sep, p, _ in split]
        # the source line of each piece's relation (of the text's start for the first)
        if "\n" in text:
            at = [line + text.count("\n", 0, max(off - len(sep), 0)) for sep, _, off in split]
            ends = [line + text.count("\n", 0, off + len(p.rstrip())) for _, p, off in split]
        else:
            at = ends = [line] * len(split)
        starts_with_rel = pieces[0][1] == "" and len(pieces) > 1
        if not starts_with_rel:
            self.chain += 1
        i = 0
        if starts_with_rel:
            pieces, at, ends = pieces[1:], at[1:], ends[1:]
            # first piece is a link from the previous expression
        else:
            lhs_rel, lhs = pieces[0]
            if len(pieces) == 1:
                self._add(line, max(end_line, ends[0]), lhs, "", "", lhs, False, inline, context)
                return
            rel, rhs = pieces[1]
            if rel in STATEMENTS:
                self._add(line, max(end_line, ends[0]), lhs, lhs, "", lhs, False, inline, context)
                pieces, at, ends = pieces[1:], at[1:], ends[1:]
            else:
                # a left side alone on earlier line(s): the step sits on the row of its relation, as a grader reads it
                self._add(at[1] if at[1] > ends[0] else line, max(end_line, ends[1]),
                          f"{lhs} {show_relation(rel)} {rhs}", lhs, rel, rhs, False, inline, context,
                          lhs_line=line)
                pieces, at, ends = pieces[2:], at[2:], ends[2:]
        # remaining pieces are links; "=>" ("<=>") pieces start an implication (equivalence) running to the next
        while i < len(pieces):
            rel, body = pieces[i]
            if rel in STATEMENTS:
                j = i + 1
                while j < len(pieces) and pieces[j][0] not in STATEMENTS:
                    j += 1
                inner = pieces[i + 1:j]
                arrow, both = (r"\iff ", True) if rel == "<=>" else (r"\Rightarrow ", False)
                if inner:
                    r2, rhs2 = inner[0]
                    self._add(at[i], max(end_line, ends[i + 1]), arrow + f"{body} {show_relation(r2)} {rhs2}",
                              body, r2, rhs2, False, inline, context, implication=True, equivalence=both)
                    for k, (r3, b3) in enumerate(inner[1:], i + 2):
                        self._add(at[k], max(end_line, ends[k]), f"{show_relation(r3)} {b3}", "", r3, b3, True, inline,
                                  context)
                else:
                    self._add(at[i], max(end_line, ends[i]), arrow + body, "", "=>", body, True, inline,
                              context, implication=True, equivalence=both)
                i = j
                continue
            self._add(at[i], max(end_line, ends[i]), f"{show_relation(rel)} {body}", "", rel, body, True, inline,
                      context)
            i += 1

    def _add(self, line, end_line, latex, lhs, rel, rhs, link, inline, context, implication=False, lhs_line=0,
             equivalence=False):
        if self.max_steps is not None and len(self.doc.steps) >= self.max_steps:
            from ..errors import LimitExceeded

            raise LimitExceeded("number of steps", f"more than {self.max_steps}", self.max_steps)
        self.doc.steps.append(Step(line=line, end_line=max(end_line, line), latex=" ".join(latex.split()),
                                   lhs=" ".join(lhs.split()), relation=rel, rhs=" ".join(rhs.split()), link=link,
                                   chain=self.chain, problem=self.problem, context=context.strip(), inline=inline,
                                   location=self.locate(line) if self.locate else "", implication=implication,
                                   equivalence=equivalence, skip=self.skip,
                                   skip_reason=self.skip_reason, ocr=self.ocr, intro=self.recent.strip(),
                                   lhs_line=min(lhs_line or line, line)))

    def text(self, text: str):
        if text.strip():
            self.recent = ("" if self.last_was_math else self.recent) + " " + text[-400:]
            self.prose.append(text)
            self._prose.setdefault(self.problem, []).append(" ".join(text.lower().split()))
            self.last_was_math = False


# --- entry points --------------------------------------------------------------
def _build(scan, text: str, tex: bool, max_steps: Optional[int], ocr: bool = False) -> _Builder:
    """Scan and build. With ``max_steps``, the scan stops at a span cap; the prefix
    it found is built, and if that alone is over ``max_steps`` the file is refused
    (LimitExceeded) without reading the rest; otherwise the whole file is scanned."""
    if max_steps is not None:
        try:
            spans, marks = scan(text, max_spans=2 * max_steps + 100)
        except TooManySpans as partial:
            drive(_Builder(max_steps), partial.spans, partial.marks, tex)  # raises when the prefix is over
            spans, marks = scan(text)
    else:
        spans, marks = scan(text)
    b = _Builder(max_steps)
    b.ocr = ocr
    drive(b, spans, marks, tex)
    return b


def segment_tex(text: str, max_steps: Optional[int] = None) -> Document:
    text = normalise_line_ends(text)
    return _finish(_build(scan_tex, text, True, max_steps), text)


def segment_markdown(text: str, max_steps: Optional[int] = None) -> Document:
    text = normalise_line_ends(text)
    return _finish(_build(scan_markdown, text, False, max_steps, ocr=looks_ocr(text)), text)


def segment_ipynb(text: str, max_steps: Optional[int] = None) -> Document:
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
    b = _Builder(max_steps)
    offset = 0
    for n, cell in enumerate(cells, 1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        src = cell.get("source", "")
        if not isinstance(src, (str, list)) or (isinstance(src, list) and not all(isinstance(x, str) for x in src)):
            raise ParseError(f"not a notebook: the source of cell {n} is not text",
                             kind=ParseErrorKind.NOT_A_NOTEBOOK)
        src = normalise_line_ends("".join(src) if isinstance(src, list) else src)
        spans, marks = scan_markdown(src)
        drive(b, spans, marks, False, location=lambda l1, n=n: f"cell {n} line {l1}", offset=offset)
        offset += src.count("\n") + (1 if src and not src.endswith("\n") else 0) + 1  # its lines, then a blank
    return _finish(b)


def _finish(b: _Builder, text: str = "") -> Document:
    b.doc.source = text.split("\n") if text else []
    b.doc.prose = " ".join(" ".join(b.prose).lower().split())
    b.doc.problem_prose = {k: " ".join(v) for k, v in b._prose.items()}
    return b.doc


def segment(text: str, kind: str = "md", max_steps: Optional[int] = None) -> Document:
    """Segment ``text`` of the given kind ("md", "tex" or "ipynb"). With
    ``max_steps``, stop as soon as there are more steps than that: raises
    :class:`~symcheck.errors.LimitExceeded` (the file would be refused anyway)."""
    if kind == "tex":
        return segment_tex(text, max_steps)
    if kind == "ipynb":
        return segment_ipynb(text, max_steps)
    return segment_markdown(text, max_steps)


def kind_of(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    return {".tex": "tex", ".ipynb": "ipynb"}.get(suffix, "md")


__all__ = ["DISPLAY", "Problem", "Step", "Document", "Skip", "SKIP_REASONS", "skipped_verdict", "segment", "segment_markdown",
           "segment_tex", "segment_ipynb", "kind_of", "split_top", "strip_label"]
