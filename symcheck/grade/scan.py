"""Find the mathematics in a write-up in one pass, in linear time.

The scanner reads the text left to right once. At each opener it looks for the
matching closer with :class:`Finder`, which remembers the next occurrence of
each closer, so a file full of openers that never close (``\\[`` on 300,000
lines) costs one pass, not one pass per opener.

What it finds (``Span``): ``$…$``, ``$$…$$`` (at the start of a line or in the
middle of one), ``\\(…\\)``, ``\\[…\\]``, the Jekyll/kramdown escaped forms
``\\\\(…\\\\)`` and ``\\\\[…\\\\]``, and math environments written with no
``$`` around them (``equation``, ``align``, ``eqnarray``, ``gather``,
``multline``, starred or not). Math that is not part of the derivation is
still found, and marked with a :class:`Skip` reason: Markdown code spans and
fenced blocks, HTML comments, TeX ``%`` comments, ``\\verb`` and the verbatim
environments (``verbatim``, ``lstlisting``, ``minted``, ``comment``).

Inline spans (``$``, ``\\(``, a ``$$`` in the middle of a line) end at the end
of their paragraph; a display that opens a line, an environment and a comment
may run to the end of the file. An opener with no closer is text.

Library code: never prints, never evaluates the text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from enum import Enum
from typing import Optional


class Skip(str, Enum):
    """Why a step is shown but not graded."""

    CODE = "code"              # a Markdown code span or fenced code block
    VERBATIM = "verbatim"      # \verb, verbatim, lstlisting, minted, comment environments
    COMMENT = "comment"        # a TeX % comment or an HTML <!-- --> comment
    NOT_LATEX = "not-latex"    # math written in another language (AsciiMath)
    MACRO = "macro"            # uses a macro the file defines that cannot be expanded safely


SKIP_REASONS = {
    Skip.CODE: "not graded: math inside code (a Markdown code span or fenced block)",
    Skip.VERBATIM: "not graded: math inside verbatim text (\\verb, verbatim, lstlisting, minted)",
    Skip.COMMENT: "not graded: math inside a comment (a TeX % comment or an HTML comment)",
    Skip.NOT_LATEX: "this math is not LaTeX (it reads as AsciiMath): not read, not graded",
    Skip.MACRO: "uses a macro the file defines that cannot be expanded",
}
def skipped_verdict(step):
    """The verdict of a step marked ``skip``: unchecked, never checked. Math in
    code, comments and verbatim is "skipped"; math that is not LaTeX or uses a
    macro that cannot be expanded is "unparsed"."""
    from ..verdict import Verdict

    cause = "unparsed" if step.skip in (Skip.NOT_LATEX, Skip.MACRO) else "skipped"
    return Verdict.unchecked(cause, step.skip_reason or SKIP_REASONS[step.skip], check=f"skip:{step.skip.value}")


@dataclass(slots=True)
class Span:
    """A math span: ``body`` without its delimiters (an environment keeps its
    ``\\begin``/``\\end``); ``line``/``end_line`` are 1-based source lines where the
    body starts and ends."""

    pos: int
    body: str
    line: int
    end_line: int
    inline: bool
    context: str = ""          # the prose before it in its paragraph, at most 400 characters (inline spans)
    skip: Optional[Skip] = None
    escaped: bool = False      # delimiters escaped for Markdown (\\( \\[): the body is Markdown-escaped too
    plain: bool = False        # a plain-text line with no delimiters


@dataclass(slots=True)
class Mark:
    """Structure: ``kind`` is "heading", "item" (a numbered list item or ``\\item``),
    "para" (a paragraph's first line), "text" (prose between spans)."""

    pos: int
    kind: str
    text: str
    line: int


class TooManySpans(Exception):
    """The scan stopped at its span cap; ``spans``/``marks`` hold what it found
    up to there (a prefix of the file)."""

    def __init__(self, spans=(), marks=()):
        super().__init__("span cap reached")
        self.spans, self.marks = list(spans), list(marks)


def normalise_line_ends(text: str) -> str:
    """CRLF and lone CR become "\\n" (TeX ends a line at a CR)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


class Lines:
    """Offsets of line starts: position -> 1-based line number in O(log n)."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.n = len(text)

    def line_of(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos)

    def start(self, line: int) -> int:
        """Offset where 1-based ``line`` starts (the text's length past the end)."""
        return self.starts[line - 1] if line - 1 < len(self.starts) else self.n


class Finder:
    """Next occurrence of a string (or of a keyed regex) at or after a position.

    Remembers, per needle, the last query's start and answer: a later query that
    starts between them has the same answer. The scanner's queries move forward,
    so each needle costs about one pass over the text."""

    def __init__(self, text: str):
        self.text = text
        self._memo: dict = {}

    def find(self, needle: str, start: int, regex: Optional[re.Pattern] = None) -> int:
        memo = self._memo.get(needle)
        if memo is not None and memo[0] <= start and (memo[1] < 0 or start <= memo[1]):
            return memo[1]
        if regex is None:
            r = self.text.find(needle, start)
        else:
            m = regex.search(self.text, start)
            r = m.start() if m else -1
        self._memo[needle] = (start, r)
        return r


# a relation at any depth (the segmenter splits at top-level ones); an inline span
# without any states nothing and is dropped here, unless the file defines macros
RELATION_RE = re.compile(
    r"\\(?:Rightarrow|implies|Longrightarrow|therefore|iff|Leftrightarrow|Longleftrightarrow|neq|ne|leq|le|geqslant"
    r"|leqslant|geq|ge|approx|in)(?![A-Za-z])"
    r"|!=|<=|>=|=|<|>|[≈≤≥≠⇒⟹⇔⟺∈]")
STATES_RE = re.compile(RELATION_RE.pattern + r"|\\(?:equiv|coloneqq|triangleq|stackrel|overset|underset)(?![A-Za-z])")
_DEFINES = re.compile(r"\\(?:[gex]?def|(?:re)?newcommand|renewcommand|providecommand|DeclareMathOperator)(?![A-Za-z])")
MATH_ENVS = r"(?:equation|aligned|alignedat|align|alignat|flalign|eqnarray|gathered|gather|multline|displaymath|math)\*?"
VERBATIM_ENVS = r"(?:verbatim|Verbatim|BVerbatim|lstlisting|minted|comment)\*?"
_DISPLAY = ("$$", "\\[", "\\\\[")


def odd_backslashes_before(text: str, pos: int) -> bool:
    n = 0
    while pos - n - 1 >= 0 and text[pos - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def last_words(s: str, n: int = 6) -> str:
    """The last ``n`` words of the last sentence of ``s`` (Markdown emphasis removed)."""
    s = re.sub(r"[*_`#]", " ", s.split(".")[-1])
    return " ".join(s.split()[-n:])


class MathFinder:
    """The opener/closer loop shared by the Markdown and TeX scanners.

    ``para_end(pos)`` gives where the paragraph holding ``pos`` ends. The caller
    handles the openers that are not math (``other``) through ``on_other``."""

    def __init__(self, text: str, lines: Lines, para_end, opener: re.Pattern, max_spans=None):
        self.text, self.lines, self.para_end, self.opener = text, lines, para_end, opener
        self.max_spans = max_spans
        self.finder = Finder(text)
        self.drop_plain_inline = not _DEFINES.search(text)
        self.spans: list[Span] = []
        self.covered: list[tuple[int, int]] = []  # 1-based line ranges consumed by spans and skipped regions

    def cover(self, a: int, b: int) -> None:
        """text[a:b] was consumed (code, comment)."""
        self.covered.append((self.lines.line_of(a), self.lines.line_of(max(b - 1, a))))

    def closer(self, close: str, start: int, limit: int, escapable: bool) -> int:
        """Position of ``close`` in [start, limit), not escaped by a backslash, or -1."""
        while True:
            r = self.finder.find(close, start)
            if r < 0 or r + len(close) > limit:
                return -1
            if escapable and odd_backslashes_before(self.text, r):
                start = r + 1
                continue
            return r

    def env_closer(self, name: str, start: int, limit: int) -> int:
        close = "\\end{" + name + "}"
        r = self.finder.find(close, start)
        return r if 0 <= r and r + len(close) <= limit else -1

    def add(self, pos: int, a: int, b: int, end: int, inline: bool, context: str, skip, escaped=False):
        """A span whose body is text[a:b] (its closer ends at ``end``)."""
        la, lb = self.lines.line_of(a), self.lines.line_of(max(end - 1, a))
        self.covered.append((la, lb))
        body = self.text[a:b]
        if inline and skip is None and self.drop_plain_inline and not STATES_RE.search(body):
            return  # a symbol mentioned in prose
        if body.strip():
            if self.max_spans is not None and len(self.spans) >= self.max_spans:
                raise TooManySpans()
            self.spans.append(Span(pos, body, la, self.lines.line_of(max(b - 1, a)) if lb != la else la,
                                   inline, context, skip, escaped))

    def math_at(self, m: re.Match, skip, context: str, para_limit: int) -> int:
        """Handle a math opener matched by ``m`` in a paragraph that ends at
        ``para_limit``; returns where scanning resumes."""
        text, start = self.text, m.start()
        tok = m.group(0)
        if m.lastgroup == "env":
            name = m.group("name")
            e = self.env_closer(name, m.end(), len(text))
            if e < 0:
                return m.end()
            end = e + len("\\end{" + name + "}")
            self.add(start, start, end, end, False, "", skip)
            return end
        if tok in ("$$", "$"):
            close, escaped = tok, False
        elif tok.startswith("\\\\"):
            close, escaped = "\\\\" + (")" if tok[-1] == "(" else "]"), True
        else:
            close, escaped = "\\" + (")" if tok[-1] == "(" else "]"), False
        at_line_start = _only_space_before(text, start)
        limit = len(text) if tok in _DISPLAY and at_line_start else para_limit
        e = self.closer(close, m.end(), limit, tok in ("$", "$$"))
        if e < 0:
            return m.end()
        end = e + len(close)
        inline = tok in ("$", "\\(", "\\\\(") or (tok == "$$" and not (at_line_start and _only_space_after(text, end)))
        if inline and text.startswith("\\begin{", m.end() + len(text[m.end():e]) - len(text[m.end():e].lstrip())):
            inline = False  # `$ \begin{equation} … $`: a display written inside inline delimiters
        self.add(start, m.end(), e, end, inline, context if inline else "", skip, escaped)
        return end


def _only_space_before(text: str, pos: int) -> bool:
    """Only spaces and tabs between the line's start and ``pos`` (walks back over them only)."""
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] == "\n"


def _only_space_after(text: str, pos: int) -> bool:
    i, n = pos, len(text)
    while i < n and text[i] in " \t\r":
        i += 1
    return i >= n or text[i] == "\n"


class Context:
    """The prose before a span in its paragraph, bounded (for ``last_words``)."""

    def __init__(self):
        self.para = -1
        self.before = ""

    def feed(self, para: int, text: str) -> None:
        if para != self.para:
            self.para, self.before = para, ""
            text = text[-400:]
            cut = text.rfind("\n\n")
            text = text[cut + 2:] if cut >= 0 else text
        self.before = (self.before + text[-400:])[-400:]

    def words(self) -> str:
        return last_words(self.before)


def math_with_context(mf, m, skip, para_lim: int, ctx, text: str, ctx_from: int, start: int, with_context: bool):
    """The math that opens at match ``m`` (``mf.math_at``), and the prose context fed around it.

    Returns ``(pos, ctx_from, dropped)``: where scanning goes on, where the
    next prose context starts, and whether the math was dropped (it states
    nothing, so it stays in the prose)."""
    n = len(mf.spans)
    pos = mf.math_at(m, skip, "", para_lim)
    if not with_context or pos <= m.end():
        return pos, ctx_from, False
    ctx.feed(para_lim, text[ctx_from:start])
    if len(mf.spans) > n and mf.spans[-1].inline:
        mf.spans[-1].context = ctx.before
    ctx.feed(para_lim, " [math] ")
    return pos, pos, len(mf.spans) == n
