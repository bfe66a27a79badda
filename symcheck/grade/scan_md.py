r"""Markdown: block structure (headings, numbered items, paragraphs, fences,
quotes) from markdown-it-py's CommonMark block parser, then math from one pass
over the characters with the project's own :class:`~.scan.MathFinder`.

Why two tools: markdown-it-py's block parser is linear (measured in
docs/segmentation.md), but no math plugin finds the delimiters people write
(``\\(…\\)`` for kramdown, ``\(…\)``, ``\[…\]``, ``$$`` opened mid-line, a bare
``\begin{align}``) and mdit-py-plugins' dollarmath is quadratic on unclosed
``$$`` displays; so markdown-it-py's inline pass is not run at all.

Rules, as renderers apply them to Markdown with MathJax or KaTeX:
- a fenced block (``` or ~~~, CommonMark's rules: in a list item or a quote
  too; an unclosed fence runs to the end of its container) is code; so is a
  code span (a run of n backticks up to the next run of exactly n, within the
  paragraph); an HTML comment ``<!-- … -->`` is a comment, wherever it is on
  a line. Math inside them is found and marked :class:`~.scan.Skip`, so it is
  reported but not graded;
- a code span that holds math in another language (AsciiMath, such as
  ``sum_(i=1)^n``) is marked ``Skip.NOT_LATEX``;
- front matter (a ``---`` block at the top whose lines read as YAML and hold
  no ``$``) is prose;
- ATX and setext headings start problems, numbered list items (CommonMark's:
  a list starting at a number other than 1 does not interrupt a paragraph)
  start parts; bullets are not parts;
- ``>`` quote markers are blanked so a quoted display reads as math;
- indented lines are not code (markdown-it's ``code`` rule is disabled):
  people indent displays inside lists and notes;
- HTML blocks are not set apart (``html_block`` is disabled): MathJax typesets
  math in a ``<div>``, and in the raw HTML after a comment's ``-->``;
- a line with no delimiters that is nothing but math (see :mod:`.plainmath`)
  is a step.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from .plainmath import looks_asciimath, plain_math_line
from .scan import (MATH_ENVS, Context, Lines, MathFinder, Mark, Skip, Span, TooManySpans,
                   math_with_context)

_MD = MarkdownIt("commonmark").disable(["code", "html_block", "inline", "text_join"])
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
    its kind, the structure marks, and the fenced code regions.

    The block structure is markdown-it-py's CommonMark block parser (block rules
    only: no inline pass, so no dollarmath and nothing quadratic), with
    ``code`` disabled (indented lines are not code) and ``html_block`` disabled:
    an HTML block runs to the line that closes it, but MathJax still typesets the
    math around a comment on that line, so comments ``<!-- … -->`` are found by
    the math finder, character by character, wherever they are."""
    n = len(raw)
    front = _front_matter(raw)
    tokens = _MD.parse("\n" * front + "\n".join(raw[front:]))  # front matter emptied, lines kept
    kinds = bytearray([_TEXT]) * n
    quoted = bytearray(n)
    head: dict[int, str] = {}  # line -> heading title (ATX)
    setext: dict[int, tuple[int, str]] = {}  # first line -> (underline, title)
    items: set[int] = set()
    paras: set[int] = set()
    fences = []
    ordered: list[bool] = []  # the enclosing lists: numbered or not
    for i, tok in enumerate(tokens):
        t, m = tok.type, tok.map
        if t == "ordered_list_open" or t == "bullet_list_open":
            ordered.append(t[0] == "o")
        elif t == "ordered_list_close" or t == "bullet_list_close":
            ordered.pop()
        elif t == "list_item_open" and ordered and ordered[-1]:
            items.add(m[0])
        elif t == "blockquote_open":
            quoted[m[0]:m[1]] = b"\x01" * (m[1] - m[0])
        elif t == "paragraph_open":
            paras.add(m[0])
        elif t == "heading_open":
            title = tokens[i + 1].content
            if tok.markup[0] == "#":
                head[m[0]] = title
                kinds[m[0]] = _HEAD
            elif not _math_title(title):  # setext: the title's lines are text, the underline a break
                setext[m[0]] = (m[1] - 1, " ".join(x.strip() for x in title.split("\n")))
                kinds[m[1] - 1] = _BLANK
        elif t == "hr":
            kinds[m[0]] = _BLANK
        elif t == "fence":
            kinds[m[0]:m[1]] = bytes([_CODE]) * (m[1] - m[0])
            c = tok.content  # one "\n" per body line, but the file's last line may have none
            body = m[0] + 1 + c.count("\n") + (c[-1:] not in ("", "\n"))  # the closing line, or past the end
            fences.append((lines.start(m[0] + 2), lines.start(body + 1)))
    work, marks = [], []
    for i, ln in enumerate(raw):
        pos = lines.start(i + 1)
        if i < front or kinds[i] == _CODE:
            work.append(" " * len(ln))
            if i < front:
                kinds[i] = _BLANK
                marks.append(Mark(pos, "text", ln + "\n", i + 1))
            continue
        if quoted[i]:
            q = _QUOTE.match(ln)
            if q and q.end():
                ln = " " * q.end() + ln[q.end():]
        if i in items:
            it = _ITEM.match(ln)
            if it:
                marks.append(Mark(pos, "item", it.group(2), i + 1))
                ln = " " * it.end() + ln[it.end():]
                q = _QUOTE.match(ln) if quoted[i] else None
                if q and q.end():
                    ln = " " * q.end() + ln[q.end():]
        if kinds[i] == _BLANK and i not in setext or not ln.strip():
            work.append(" " * len(ln) if kinds[i] == _BLANK and ln.strip() else ln)
            kinds[i] = _BLANK
            continue
        work.append(ln)
        if i in head:
            marks.append(Mark(pos, "heading", head[i], i + 1))
        elif i in setext:
            marks.append(Mark(pos, "heading", setext[i][1], i + 1))
        elif i in paras:
            marks.append(Mark(pos, "para", ln.strip(), i + 1))
    return work, kinds, marks, fences


_MATH_TITLE = re.compile(r"\\(?:begin|end)\{|\\\\")


def _math_title(title: str) -> bool:
    """A setext "title" that is the inside of a display (an odd ``$$`` or ``\\[``, an environment,
    a row break ``\\\\``): its ``=`` or ``-`` underline is the relation of the display on a line of
    its own, as MathJax reads it, not a heading."""
    return title.count("$$") % 2 == 1 or title.count("\\[") > title.count("\\]") or bool(_MATH_TITLE.search(title))


_YAML = re.compile(r"^\s*$|^[A-Za-z_][\w .-]*:|^\s+\S|^\s*-\s")  # a key may hold spaces (Obsidian)


def _front_matter(raw: list[str]) -> int:
    """Number of lines of a leading ``---`` front-matter block (0 if none): every
    line inside reads as YAML (``key: value``, ``date created: …``, a list, an indented continuation)
    and holds no ``$``, so a file that merely starts with a rule loses nothing.
    Kept by hand: mdit-py-plugins' ``front_matter`` takes any ``---`` … ``---``
    block, math and all; this check is ten lines and linear (at most 200 lines)."""
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
            pos, ctx_from, dropped = math_with_context(mf, m, skip, para_lim, ctx, text, ctx_from, start,
                                                       marks is not None)
            if dropped:
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
