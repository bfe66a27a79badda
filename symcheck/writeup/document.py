"""The LaTeX scaffolding both documents share: preamble, number and
counterexample formatting, and writing a document to disk (optionally
compiling it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Optional

from .escape import breakable_text

# Only packages from Debian's texlive-latex-base / -recommended and lmodern.
PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage[margin=1in]{geometry}
\usepackage{amsmath,amssymb,amsthm}
\usepackage{bm}
\usepackage{graphicx}
\usepackage{xcolor}
\tracinglostchars=2
\emergencystretch=3em
% #2 typeset in display style, scaled down to fit in #1 when wider.
\newsavebox{\fitbox}
\newcommand{\fitto}[2]{\sbox{\fitbox}{$\displaystyle #2$}%
  \ifdim\wd\fitbox>#1\relax\resizebox{#1}{!}{\usebox{\fitbox}}\else\usebox{\fitbox}\fi}
\newcommand{\fitmath}[1]{\fitto{\linewidth}{#1}}
% Inline (text-style) math that is scaled down rather than overflow the line.
\DeclareRobustCommand{\fitinline}[1]{\sbox{\fitbox}{$#1$}%
  \ifdim\wd\fitbox>\linewidth\resizebox{\linewidth}{!}{\usebox{\fitbox}}\else\usebox{\fitbox}\fi}
"""


def begin_document(title: str, extra_preamble: str = "") -> str:
    """Preamble, title (already LaTeX), no date, ``\\begin{document}`` and ``\\maketitle``."""
    return (PREAMBLE + extra_preamble + "\\title{" + title + "}\n\\author{}\n\\date{}\n\n"
            "\\begin{document}\n\\maketitle\n")


END_DOCUMENT = "\\end{document}\n"


def fmt_float(x: Any) -> str:
    """A float with fixed precision (4 significant digits), deterministic."""
    try:
        f = float(x)
    except (TypeError, ValueError):
        return str(x)
    if f != f:
        return "nan"
    if f in (float("inf"), float("-inf")):
        return "inf" if f > 0 else "-inf"
    return f"{f:.4g}"


def fmt_error(x: Optional[float]) -> str:
    """A relative error in scientific notation with two significant digits."""
    if x is None:
        return "n/a"
    f = float(x)
    if f != f or f == float("inf"):
        return fmt_float(f)
    return f"{f:.1e}"


def fmt_value(x: Any, depth: int = 0, max_items: int = 6) -> str:
    """Plain text for a counterexample value: floats at fixed precision,
    arrays by shape when large, mappings as ``k = v``; bounded in size."""
    if depth > 3:
        return "..."
    if isinstance(x, bool) or x is None:
        return str(x)
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        return fmt_float(x)
    if isinstance(x, str):
        return x if len(x) <= 160 else x[:157] + "..."
    if isinstance(x, Mapping):
        items = [f"{k} = {fmt_value(v, depth + 1)}" for k, v in list(x.items())[:12]]
        more = ", ..." if len(x) > 12 else ""
        return ("{" if depth else "") + ", ".join(items) + more + ("}" if depth else "")
    if hasattr(x, "shape") and hasattr(x, "tolist"):
        if getattr(x, "size", 0) > max_items:
            return f"array of shape {tuple(int(n) for n in x.shape)}"
        x = x.tolist()
        if not isinstance(x, list):
            return fmt_value(x, depth)
    if isinstance(x, (list, tuple)):
        flat = len(x) <= max_items
        body = ", ".join(fmt_value(v, depth + 1) for v in x[:max_items])
        return "[" + body + ("" if flat else ", ...") + "]"
    if hasattr(x, "item"):
        try:
            return fmt_value(x.item(), depth)
        except (TypeError, ValueError):
            pass
    return str(x)[:160]


def sci_latex(x: Optional[float]) -> str:
    """A relative error as math-mode LaTeX with two significant digits: ``2.8\\times 10^{-8}``."""
    s = fmt_error(x)
    if x is not None and float(x) == 0.0:
        return "0"
    if "e" not in s or s in ("inf", "-inf"):
        return r"\infty" if s == "inf" else (r"\text{%s}" % s if s.isalpha() or s == "n/a" else s)
    mant, exp = s.split("e")
    return f"{mant}\\times 10^{{{int(exp)}}}"


def counterexample_latex(ce: Optional[Mapping[str, Any]]) -> str:
    """A counterexample as escaped text (may be empty)."""
    if not ce:
        return ""
    return breakable_text(fmt_value(ce))


def write_document(text: str, path, pdf: bool = False) -> Optional[Path]:
    """Write ``text`` to ``path`` (ASCII, ``\\n`` newlines) atomically; with
    ``pdf``, compile it and return the PDF's path. The ``.tex`` is written
    first, so it exists even when compiling raises. Raises
    :class:`~symcheck.errors.OutputError` when it cannot be written (an
    existing file at ``path`` is then left as it was)."""
    from ..outputs import write_text

    path = Path(path)
    write_text(path, text, encoding="ascii")
    if not pdf:
        return None
    from .compile import compile_pdf

    return compile_pdf(path)
