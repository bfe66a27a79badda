"""TeX: math, sections and items in one left-to-right pass (:mod:`.scan`).

As TeX reads it: an unescaped ``%`` starts a comment that runs to the end of
the line; ``\\verb|…|`` and the verbatim environments hold text, not TeX. The
math inside comments and verbatim is still found (marked
``Skip.COMMENT``/``Skip.VERBATIM``): every line of a commented-out display is
read together, since each keeps its own line number. A paragraph (a blank line)
ends ``$…$``, ``\\(…\\)`` and ``$$…$$``; nothing is ever expanded here.
"""

from __future__ import annotations

import re

from .scan import (MATH_ENVS, VERBATIM_ENVS, Context, Lines, MathFinder, Mark, Skip, Span, TooManySpans,
                   math_with_context)

_OPEN = re.compile(
    r"(?P<bs>\\[$%\\])|(?P<br>\\[(\[])|(?P<dd>\$\$)|(?P<d>\$)|(?P<pct>%)"
    rf"|(?P<env>\\begin\{{(?P<name>{MATH_ENVS})\}})"
    rf"|(?P<verbenv>\\begin\{{(?P<vname>{VERBATIM_ENVS})\}})|(?P<verb>\\verb\*?(?P<vd>[^A-Za-z\s*]))"
    r"|(?P<sec>\\(?:sub)*section\*?\{(?P<title>[^{}\n]*)\}"
    r"|\\begin\{(?:problem|exercise|question)\}(?:\[(?P<opt>[^\]\n]*)\])?"
    r"|\\item(?![A-Za-z])(?:\[(?P<label>[^\]\n]*)\])?)")


def scan_tex(text: str, max_spans=None) -> tuple[list[Span], list[Mark]]:
    """Spans and structure marks of a TeX text (line ends already "\\n").
    Past ``max_spans`` spans, raises :class:`~.scan.TooManySpans` with the prefix found."""
    lines = Lines(text)
    para_end = _para_ends(text, lines)
    mf = MathFinder(text, lines, para_end, _OPEN, max_spans)
    marks: list[Mark] = []
    comments: dict[int, str] = {}   # 1-based line -> its comment
    verbatim: list[tuple[int, int]] = []
    try:
        _scan(mf, marks, comments, verbatim)
    except TooManySpans as exc:
        raise TooManySpans(mf.spans, marks) from exc
    spans = mf.spans
    left = None if max_spans is None else max_spans - len(spans)
    try:
        for a, b in verbatim:
            sub = MathFinder(text, lines, para_end, _OPEN, left)
            try:
                _scan(sub, None, None, None, lo=a, hi=b, skip=Skip.VERBATIM)
            finally:
                spans += sub.spans
                left = None if left is None else max_spans - len(spans)
        if comments:  # the comments laid on their own lines, so line numbers carry over
            ctext = "\n".join(comments.get(i, "") for i in range(1, len(lines.starts) + 1))
            clines = Lines(ctext)
            sub = MathFinder(ctext, clines, _para_ends(ctext, clines), _OPEN, left)
            try:
                _scan(sub, None, None, None, skip=Skip.COMMENT)
            finally:
                spans += [Span(lines.start(s.line) + s.pos - clines.start(s.line), s.body, s.line, s.end_line,
                               s.inline, s.context, s.skip, s.escaped) for s in sub.spans]
    except TooManySpans as exc:
        raise TooManySpans(spans, marks) from exc
    return spans, marks


def _para_ends(text: str, lines: Lines):
    """pos -> start of the next blank line after it (or the end)."""
    n = len(lines.starts)
    blank = [not text[lines.start(i + 1):lines.start(i + 2)].strip() for i in range(n)]
    nxt = [n] * (n + 1)
    for i in range(n - 1, -1, -1):
        nxt[i] = i if blank[i] else nxt[i + 1]

    def para_end(pos: int) -> int:
        i = lines.line_of(pos) - 1
        j = nxt[i + 1] if i + 1 <= n else n
        return lines.start(j + 1)
    return para_end


def _scan(mf: MathFinder, marks, comments, verbatim, lo=0, hi=None, skip=None):
    """One pass over text[lo:hi]. ``marks``/``comments``/``verbatim`` None: an inner scan
    (everything found is marked ``skip``; comments and verbatim are plain text)."""
    text, lines = mf.text, mf.lines
    hi = len(text) if hi is None else hi
    pos, ctx, para_lim, prose_from, ctx_from = lo, Context(), -1, lo, lo
    while pos < hi:
        m = mf.opener.search(text, pos, hi)
        if not m:
            break
        start, kind = m.start(), m.lastgroup
        if start >= para_lim:
            para_lim = mf.para_end(start)
        if kind == "bs":
            pos = m.end()
            continue
        if kind == "pct":
            eol = text.find("\n", start)
            eol = hi if eol < 0 or eol > hi else eol
            if comments is not None:
                comments[lines.line_of(start)] = " " * (start + 1 - lines.start(lines.line_of(start))) + \
                    text[start + 1:eol]
            pos = eol
        elif kind == "verb":
            eol = text.find("\n", m.end())
            eol = hi if eol < 0 or eol > hi else eol
            e = text.find(m.group("vd"), m.end(), eol)
            e = eol if e < 0 else e
            if verbatim is not None:
                verbatim.append((m.end(), e))
            pos = min(e + 1, hi)
        elif kind == "verbenv":
            close = "\\end{" + m.group("vname") + "}"
            e = mf.finder.find(close, m.end())
            e = hi if e < 0 or e > hi else e
            if verbatim is not None:
                verbatim.append((m.end(), e))
            pos = min(e + len(close), hi)
        elif kind == "sec":
            if marks is not None:
                _text(marks, text, prose_from, start)
                prose_from = m.end()
                item = m.group(0).startswith("\\item")
                marks.append(Mark(start, "item" if item else "heading",
                                  (m.group("label") or "") if item else (m.group("title") or m.group("opt") or ""),
                                  lines.line_of(start)))
            pos = m.end()
            continue
        else:
            pos, ctx_from, dropped = math_with_context(mf, m, skip, para_lim, ctx, text, ctx_from, start,
                                                       marks is not None)
            if dropped:
                continue  # dropped (states nothing): it stays in the prose
        if pos > m.end() and marks is not None:  # something was consumed: the prose before it is done
            _text(marks, text, prose_from, start)
            prose_from = ctx_from = pos
    if marks is not None:
        _text(marks, text, prose_from, hi)


def _text(marks, text: str, a: int, b: int) -> None:
    if b > a and not text[a:b].isspace():
        marks.append(Mark(a, "text", text[a:b], 0))
