"""LaTeX as MathML for HTML pages and Jupyter, never trusting the input.

``render(latex) -> Rendered(html, ok)``: ``ok`` is True when the step became
MathML Core (which Chromium, Firefox and Safari draw natively, with no script
or font to fetch); otherwise ``html`` is the escaped source in a ``<code>``
element, so a step that cannot be rendered is still shown, never dropped.

The converter is `latex2mathml` (pure Python). Its output is *not* trusted:
it passes text such as ``\\text{<b>x</b>}`` through unescaped, and leaves
commands it does not know (``\\foo``) as raw text. So the output is parsed as
XML and rebuilt from a whitelist of MathML elements and attributes, every text
node escaped; anything else (an unknown element, a raw ``\\command``, a
declaration, text that does not parse) falls back to the escaped source.

Lone surrogates and NULs, which JSON can carry but UTF-8 cannot, are shown as
U+FFFD (visibly replaced, never a crash).
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from xml.etree import ElementTree

log = logging.getLogger(__name__)

MAX_CHARS = 4000   # longer steps are shown as source (the converter is not bounded in time)

ELEMENTS = frozenset({
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msub", "msup", "msubsup", "mfrac", "msqrt",
    "mroot", "munder", "mover", "munderover", "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom",
    "merror", "mmultiscripts", "mprescripts", "none", "menclose",
})
ATTRIBUTES = frozenset({
    "display", "displaystyle", "scriptlevel", "mathvariant", "mathsize", "stretchy", "fence", "form",
    "separator", "lspace", "rspace", "largeop", "movablelimits", "symmetric", "minsize", "maxsize", "accent",
    "accentunder", "linethickness", "width", "height", "depth", "voffset", "columnalign", "rowalign",
    "columnspacing", "rowspacing", "columnlines", "rowlines", "frame", "framespacing", "equalrows",
    "equalcolumns", "align", "notation", "columnspan", "rowspan",
})
_RAW_COMMAND = re.compile(r"\\")  # a backslash left in text: a command the converter did not read
_UNSAFE_CHARS = re.compile("[\ud800-\udfff\x00]")
_MATHML_NS = "{http://www.w3.org/1998/Math/MathML}"


@dataclass(frozen=True)
class Rendered:
    html: str   # an HTML fragment: <math>…</math>, or <code class="tex">escaped source</code>
    ok: bool    # True when rendered as MathML


def clean(text: str) -> str:
    """``text`` with lone surrogates and NULs replaced by U+FFFD (safe to encode as UTF-8)."""
    return _UNSAFE_CHARS.sub("\ufffd", str(text))


def escape(text, quote: bool = True) -> str:
    """Text for HTML: escaped (``& < > " '``), surrogates and NULs replaced."""
    return html.escape(clean(text), quote=quote)


def source_html(latex: str) -> str:
    return f'<code class="tex">{escape(latex, quote=False)}</code>'


def render(latex: str, display: bool = False) -> Rendered:
    """``latex`` as a MathML fragment, or its escaped source when it cannot be read."""
    mathml = to_mathml(latex, display)
    return Rendered(mathml, True) if mathml is not None else Rendered(source_html(latex), False)


@lru_cache(maxsize=4096)  # a batch of one homework repeats its steps file after file
def to_mathml(latex: str, display: bool = False) -> str | None:
    """Sanitised MathML for ``latex``, or None."""
    text = clean(latex).strip()
    if not text or len(text) > MAX_CHARS:
        return None
    try:
        from latex2mathml.converter import convert
    except ImportError:  # pragma: no cover - a declared dependency
        log.warning("latex2mathml is not installed; math is shown as source")
        return None
    try:
        raw = convert(_prepare(text), display="block" if display else "inline")
    except RecursionError:
        return None
    except Exception:  # the converter rejects what it cannot read (many exception types): show the source
        log.debug("latex2mathml could not convert %r", text[:200], exc_info=True)
        return None
    if "<!" in raw or "<?" in raw:
        return None
    try:
        root = ElementTree.fromstring(raw)
    except ElementTree.ParseError:
        return None
    out: list[str] = []
    if not _emit(root, out, 0):
        return None
    return "".join(out)


_ALIGNED = re.compile(r"\\begin\{(aligned|align\*?|split|gathered|eqnarray\*?)\}(.*?)\\end\{\1\}", re.S)


def _array(body: str) -> str:
    cols = 1 + max(row.count("&") for row in body.split("\\\\"))
    return "\\begin{array}{" + ("rl" * cols)[:cols] + "}" + body + "\\end{array}"


_ENV = re.compile(r"\\(begin|end)\s*\{([A-Za-z]+\*?)\}(?:\{[^{}]*\})?")
_LEFT_RIGHT = re.compile(r"\\(?:left|right)(?![A-Za-z])\s*(\\[{}|]|\\[A-Za-z]+|[.()\[\]|<>/])?")


def _balance(latex: str) -> str:
    """A step cut out of a larger display (``\\begin{aligned} x = y`` with its
    ``\\end`` on a later step; ``\\left\\{`` without its ``\\right``) loses the
    unmatched halves, so what it does contain can be drawn."""
    depth: dict = {}
    drop = []
    for m in _ENV.finditer(latex):
        env = m.group(2)
        if m.group(1) == "begin":
            depth.setdefault(env, []).append(m)
        elif depth.get(env):
            depth[env].pop()
        else:
            drop.append(m)
    drop += [m for opened in depth.values() for m in opened]
    for m in sorted(drop, key=lambda m: m.start(), reverse=True):
        latex = latex[:m.start()] + " " + latex[m.end():]
    if len(re.findall(r"\\left(?![A-Za-z])", latex)) != len(re.findall(r"\\right(?![A-Za-z])", latex)):
        latex = _LEFT_RIGHT.sub(lambda m: "" if m.group(1) in (None, ".") else m.group(1), latex)
    return latex


def _prepare(latex: str) -> str:
    """Alignment environments the converter lacks (``aligned``, ``split``, …), and
    rows written with ``&`` or ``\\\\`` outside any environment, become arrays
    (right-, left-aligned columns in turn, as ``aligned`` sets them)."""
    latex = _ALIGNED.sub(lambda m: _array(m.group(2)), _balance(latex))
    if ("&" in latex or "\\\\" in latex) and "\\begin" not in latex:
        return _array(latex)
    return latex


def _emit(el, out: list, depth: int) -> bool:
    tag = el.tag[len(_MATHML_NS):] if el.tag.startswith(_MATHML_NS) else el.tag
    if tag not in ELEMENTS or depth > 200:
        return False
    attrs = []
    for k, v in sorted(el.attrib.items()):
        if k == "xmlns" or k.startswith("{"):
            continue
        if k not in ATTRIBUTES:
            return False
        attrs.append(f' {k}="{escape(v)}"')
    out.append(f"<{tag}{''.join(attrs)}>")
    for text in (el.text,):
        if text:
            if _RAW_COMMAND.search(text):
                return False
            out.append(escape(text, quote=False))
    for child in el:
        if not _emit(child, out, depth + 1):
            return False
        if child.tail and child.tail.strip():
            return False  # mixed content is not MathML
    out.append(f"</{tag}>")
    return True


def claim_html(claim) -> str:
    """A library claim as an HTML fragment (Jupyter's ``_repr_html_``): title, id,
    source, its statement as MathML and its proof steps."""
    parts = [f'<div class="symcheck-claim"><p><strong>{escape(claim.title)}</strong> '
             f'<code>{escape(claim.id)}</code>'
             + (f" (family <code>{escape(claim.family)}</code>)" if getattr(claim, "family", "") else "")
             + (f" — {escape(claim.source)}" if claim.source else "") + "</p>",
             f"<p>{render(claim.latex, display=True).html}</p>"]
    if claim.proof:
        parts.append("<ol>")
        for step in claim.proof:
            parts.append(f"<li>{render(step.latex).html} <i>{escape(step.why)}</i></li>")
        parts.append("</ol>")
    parts.append("</div>")
    return "".join(parts)
