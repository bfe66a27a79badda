"""Markdown: structure (headings, numbered items, paragraphs) from one pass over
the lines, then math from one pass over the characters (:mod:`.scan`).

Rules, as renderers apply them to Markdown with MathJax or KaTeX:
- a fenced block (``` or ~~~) is code; so is a code span (a run of n
  backticks up to the next run of exactly n, within the paragraph); an HTML
  comment ``<!-- … -->`` is a comment. Math inside them is found and marked
  :class:`~.scan.Skip`, so it is reported but not graded;
- a code span that holds math in another language (AsciiMath, such as
  ``sum_(i=1)^n``) is marked ``Skip.NOT_LATEX``;
- front matter (a ``---`` block at the top) is prose;
- ``>`` quote markers are blanked so a quoted display reads as math;
- indented lines are not code: people indent displays inside lists and notes;
- a line with no delimiters that is nothing but math (see :mod:`.plainmath`)
  is a step.
"""

from __future__ import annotations

import re

from .plainmath import looks_asciimath, plain_math_line
from .scan import MATH_ENVS, Context, Lines, MathFinder, Mark, Skip, Span, TooManySpans

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_ITEM = re.compile(r"^([ \t]*)(\d{1,9})[.)](?:[ \t]+|$)")
_QUOTE = re.compile(r"^[ \t]{0,3}(?:>[ \t]?)+")
_OPEN = re.compile(
    r"(?P<esc>\\\\[(\[])|(?P<bs>\\[$`\\])|(?P<br>\\[(\[])|(?P<dd>\$\$)|(?P<d>\$)"
    rf"|(?P<env>\\begin\{{(?P<name>{MATH_ENVS})\}})|(?P<tick>`+)|(?P<html><!--)")
_INNER = re.compile(r"(?P<esc>\\\\[(\[])|(?P<bs>\\[$\\])|(?P<br>\\[(\[])|(?P<dd>\$\$)|(?P<d>\$)"
                    rf"|(?P<env>\\begin\{{(?P<name>{MATH_ENVS})\}})")
_BLANK, _TEXT, _HEAD, _CODE = 0, 1, 2, 3


def scan_markdown(text: str, max_spans=None) -> tuple[list[Span], list[Mark]]:
    """Spans and structure marks of a Markdown text (line ends already "\\n").
    Past ``max_spans`` spans, raises :class:`~.scan.TooManySpans` with the prefix found."""
    lines = Lines(text)
    raw = text.split("\n")
    work, kinds, marks, fences = _blocks(raw, lines)
    work_text = "\n".join(work)
    # para_end: where the paragraph (run of text lines) holding a position ends
    n = len(kinds)
    next_break = [n] * (n + 1)
    for i in range(n - 1, -1, -1):
        next_break[i] = i + 1 if kinds[i] != _TEXT or i + 1 >= n or kinds[i + 1] != _TEXT else next_break[i + 1]

    def para_end(pos: int) -> int:
        return lines.start(next_break[lines.line_of(pos) - 1] + 1)

    mf = MathFinder(work_text, lines, para_end, _OPEN, max_spans)
    try:
        _scan(mf, 0, len(work_text), None, marks)
    except TooManySpans as exc:
        raise TooManySpans(mf.spans, marks) from exc
    inner = MathFinder(text, lines, para_end, _INNER, None if max_spans is None else max_spans - len(mf.spans))
    try:
        for a, b in fences:
            _scan(inner, a, b, Skip.CODE, None)
    except TooManySpans as exc:
        raise TooManySpans(mf.spans + inner.spans, marks) from exc
    spans = mf.spans + inner.spans
    covered = bytearray(n + 2)
    for a, b in mf.covered:
        covered[a:b + 1] = b"\x01" * (b + 1 - a)
    for i, kind in enumerate(kinds):  # plain-text lines with no delimiters
        if kind == _TEXT and not covered[i + 1] and not _has_delimiter(work[i]):
            latex = plain_math_line(work[i])
            if latex:
                spans.append(Span(lines.start(i + 1), latex, i + 1, i + 1, False, plain=True))
    return spans, marks


def _has_delimiter(line: str) -> bool:
    return any(c in line for c in "$`\\<|")


def _blocks(raw: list[str], lines: Lines):
    """Per line: the text with markers blanked (fences and front matter emptied),
    its kind, the structure marks, and the fenced code regions."""
    work, kinds, marks, fences = [], [], [], []
    fence = None
    front = _front_matter(raw)
    para_mark = None  # index in marks of the current paragraph's "para" mark
    para_lines: list[str] = []
    in_list = False  # the current block is a numbered list
    for i, ln in enumerate(raw):
        pos = lines.start(i + 1)
        if i < front:
            work.append(" " * len(ln))
            kinds.append(_BLANK)
            marks.append(Mark(pos, "text", ln + "\n", i + 1))
            continue
        first = ln.lstrip()[:1]
        if fence is not None:
            m = _FENCE.match(ln) if first in "`~" else None
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not ln[m.end():].strip():
                fences.append((fence_start, pos))
                fence = None
            work.append(" " * len(ln))
            kinds.append(_CODE)
            continue
        m = _FENCE.match(ln) if first and first in "`~" else None
        if m and not (m.group(1)[0] == "`" and "`" in ln[m.end():]):
            fence, fence_start = m.group(1), pos + len(ln) + 1
            work.append(" " * len(ln))
            kinds.append(_CODE)
            para_mark = None
            continue
        q = _QUOTE.match(ln) if first == ">" else None
        if q and q.end():
            ln = " " * q.end() + ln[q.end():]
        if not ln.strip():
            work.append(ln)
            kinds.append(_BLANK)
            para_mark = None
            continue
        h = _ATX.match(ln) if first == "#" else None
        if h:
            in_list = False
            work.append(ln)
            kinds.append(_HEAD)
            marks.append(Mark(pos, "heading", h.group(2), i + 1))
            para_mark = None
            continue
        if para_mark is not None and first in "=-" and _SETEXT.match(ln):
            old = marks[para_mark]
            marks[para_mark] = Mark(old.pos, "heading", " ".join(para_lines), old.line)
            work.append(" " * len(ln))
            kinds.append(_BLANK)
            para_mark = None
            continue
        it = _ITEM.match(ln) if first.isdigit() else None
        if it and (para_mark is None or it.group(2) == "1" or in_list):  # in a list, every number is an item
            marks.append(Mark(pos, "item", it.group(2), i + 1))
            ln = " " * it.end() + ln[it.end():]
            para_mark = None
            in_list = True
        elif para_mark is None and not ln[:1].isspace():
            in_list = False  # a paragraph that is not an item (nor indented into one) ends the list
        work.append(ln)
        kinds.append(_TEXT)
        if para_mark is None:
            para_mark = len(marks)
            para_lines = []
            marks.append(Mark(pos, "para", ln.strip(), i + 1))
        para_lines.append(ln.strip())
    if fence is not None:  # an unclosed fence runs to the end
        fences.append((fence_start, lines.n))
    return work, kinds, marks, fences


_YAML = re.compile(r"^\s*$|^[A-Za-z_][\w.-]*\s*:|^\s+\S|^\s*-\s")


def _front_matter(raw: list[str]) -> int:
    """Number of lines of a leading ``---`` front-matter block (0 if none): every
    line inside reads as YAML (``key: value``, a list, an indented continuation)
    and holds no ``$``, so a file that merely starts with a rule loses nothing."""
    if not raw or raw[0].strip() != "---":
        return 0
    for j in range(1, min(len(raw), 200)):
        if raw[j].strip() in ("---", "..."):
            return j + 1
        if "$" in raw[j] or not _YAML.match(raw[j]):
            return 0
    return 0


def _scan(mf: MathFinder, lo: int, hi: int, skip, marks):
    """Scan text[lo:hi] for openers; ``marks`` receives the prose between what is
    consumed (None: an inner scan). An opener with no closer stays prose."""
    text, pos, ctx, para_lim, prose_from, ctx_from = mf.text, lo, Context(), -1, lo, lo
    search = mf.opener.search
    while pos < hi:
        m = search(text, pos, hi)
        if not m:
            break
        start = m.start()
        if start >= para_lim:
            para_lim = mf.para_end(start)
        kind = m.lastgroup
        if kind == "bs":
            pos = m.end()
            continue
        if kind == "tick":
            pos = _code_span(mf, m, skip, para_lim)
        elif kind == "html":
            e = mf.finder.find("-->", m.end())
            if e < 0 or e >= hi:
                pos = m.end()
                continue
            _inner_scan(mf, m.end(), e, skip or Skip.COMMENT)
            mf.cover(start, e + 3)
            pos = e + 3
        else:
            n = len(mf.spans)
            pos = mf.math_at(m, skip, "", para_lim)
            if marks is not None and pos > m.end():
                ctx.feed(para_lim, text[ctx_from:start])
                ctx_from = pos
                if len(mf.spans) > n and mf.spans[-1].inline:
                    mf.spans[-1].context = ctx.before
                ctx.feed(para_lim, " [math] ")
                if len(mf.spans) == n:
                    continue  # dropped (states nothing): it stays in the prose
        if pos > m.end():  # something was consumed: the prose before it is done
            if marks is not None and start > prose_from:
                piece = text[prose_from:start]
                if not piece.isspace():
                    marks.append(Mark(prose_from, "text", piece, 0))
            prose_from = ctx_from = pos
    if marks is not None and prose_from < hi:
        marks.append(Mark(prose_from, "text", text[prose_from:hi], 0))


def _inner_scan(mf: MathFinder, a: int, b: int, skip):
    """Math inside a skipped region of the same text: spans marked ``skip``."""
    saved = mf.opener
    mf.opener = _INNER
    try:
        _scan(mf, a, b, skip, None)
    finally:
        mf.opener = saved


def _code_span(mf: MathFinder, m, skip, limit: int) -> int:
    """A code span opened by the backtick run ``m`` in a paragraph ending at ``limit``;
    returns where scanning resumes."""
    text, n = mf.text, len(m.group(0))
    key = "`" * n
    start = m.end()
    regex = re.compile(r"(?<!`)`{%d}(?!`)" % n)
    e = mf.finder.find("tick:" + key, start, regex)
    if e < 0 or e >= limit:
        return m.end()  # no closer: the backticks are text
    body = text[start:e]
    mf.cover(m.start(), e + n)
    if "$" in body or "\\(" in body or "\\[" in body:
        _inner_scan(mf, start, e, skip or Skip.CODE)
    elif looks_asciimath(body):
        line = mf.lines.line_of(start)
        mf.spans.append(Span(start, body.strip(), line, mf.lines.line_of(e), True, "", Skip.NOT_LATEX))
    return e + n
