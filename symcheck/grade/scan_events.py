"""Feed the scanners' structure marks and math spans to the segment builder
(:class:`symcheck.grade.segment._Builder`, passed in) in source order. Prose
runs between structure marks, so a piece of prose is cut where a heading starts.
"""

from __future__ import annotations

import re

from .plainmath import looks_asciimath
from .scan import Mark, Span

_RANK = {"item": 0, "heading": 1, "para": 2, "span": 3, "text": 4}


def drive(b, spans: list[Span], marks: list[Mark], tex: bool, location=None, offset: int = 0):
    """Feed marks and spans to the builder in source order. Prose runs between
    structure marks, so a piece of prose is cut where a heading starts."""
    live = [s for s in spans if s.skip is None]
    b.not_latex = bool(live) and any(looks_asciimath(s.body) for s in live) and not any(
        re.search(r"\\[A-Za-z]", s.body) for s in live)
    events = [(m.pos, _RANK[m.kind], i, m) for i, m in enumerate(marks)]
    events += [(s.pos, _RANK["span"], i, s) for i, s in enumerate(spans)]
    events.sort(key=lambda e: e[:3])
    item_n = 0
    b.locate = (lambda line: location(line - offset)) if location is not None else None
    pending = None  # (pos, text): prose not yet given to the builder
    for pos, _, _, ev in events:
        if pending is not None and not (isinstance(ev, Mark) and ev.kind == "text"):
            p0, t = pending
            cut = max(0, min(len(t), pos - p0))
            _prose(b, t[:cut], tex)
            pending = (pos, t[cut:]) if cut < len(t) else None
        line = ev.line + offset
        if isinstance(ev, Span):
            b.span(ev if not offset else Span(ev.pos, ev.body, line, ev.end_line + offset, ev.inline, ev.context,
                                              ev.skip, ev.escaped, ev.plain))
        elif ev.kind == "text":
            if pending is not None:
                _prose(b, pending[1], tex)
            pending = (pos, ev.text)
        elif ev.kind == "heading":
            item_n = 0
            title = ev.text or f"Problem {len(b.doc.problems) + 1}"
            b.heading(_plain(title) if not tex else title, line)
        elif ev.kind == "item":
            if tex:
                item_n += 1
                b.part(ev.text or str(item_n), ev.text or f"item {item_n}", line)
            else:
                b.part(ev.text, f"{ev.text}.", line)
        elif ev.kind == "para":
            b.paragraph_start(re.sub(r"^[*_\s]+", "", ev.text), line)
    if pending is not None:
        _prose(b, pending[1], tex)


def _prose(b, text: str, tex: bool):
    if tex and text:
        text = b.macros.define(text)
    b.text(text)


def _plain(s: str) -> str:
    return re.sub(r"[#*_`]", "", s).strip()
