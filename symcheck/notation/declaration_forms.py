"""How write-ups declare dimensions outside ``\\in``: signatures ``f : \\mathbb{R}^n \\to
\\mathbb{R}^m``, size words in prose ("$W^l$ is the $n_l \\times n_{l-1}$ weight matrix",
"$a^l$ is a $n_l \\times 1$ vector"), and a row-vector convention stated in words
("we use row vectors", "all vectors are rows", in the languages of the write-ups people post).
Read from tokens and regular expressions; nothing is evaluated.
"""

from __future__ import annotations

import re

from .dimensions import read_name, read_space, size_of, tokens

__all__ = ["ROW_WORDS", "size_label", "prose_declarations", "signatures"]


def size_label(text: str):
    """A size written in words or a label, ``n_l \\times n_{l-1}`` / ``n_l \\times 1``: ``(r, c)``, else None."""
    toks = tokens(text)
    cut = [k for k, t in enumerate(toks) if t.kind == "cmd" and t.text == "times"]
    if len(cut) != 1:
        return None
    r, c = size_of(toks[:cut[0]]), size_of(toks[cut[0] + 1:])
    return (r, c) if r is not None and c is not None else None



# --- words ------------------------------------------------------------------------------
#: "we use row vectors", "vectors are rows", in the languages of the write-ups people post
ROW_WORDS = re.compile(
    r"(?:\b(?:we|i)\s+(?:use|write|take|treat|consider|regard|work\s+with)\b[^.]{0,40}\brow[- ]vectors?\b"
    r"|\b(?:all\s+|the\s+|our\s+)?vectors\s+(?:are\s+|as\s+|to\s+be\s+)(?:(?:treated|written|taken)\s+as\s+)?rows?\b"
    r"|\brow[- ]vector\s+(?:convention|notation|layout|form)\b"
    r"|\bas\s+row\s+vectors\b"
    r"|вектор\w*\s+(?:\w+\s+){0,2}строк\w*|вектор-строк\w*"
    r"|行向量|行ベクトル|zeilenvektor\w*|vecteurs?[- ]lignes?|vectores?\s+fila)",
    re.IGNORECASE)
_PROSE_SIZE = re.compile(r"\$([^$]{1,60})\$\s*,?\s+(?:is|are)\s+(?:(?:a|an|the|now|also|then|all)\s+){0,3}"
                         r"\$([^$]{1,60}\\times[^$]{1,60})\$\s+(?:[a-z-]+\s+){0,2}(matri(?:x|ces)|vectors?)\b")


def prose_declarations(text: str) -> list:
    """``(name latex, shape)`` for "$X$ is the $p \\times q$ (weight) matrix" and "$x$ is a $n \\times 1$ vector"."""
    out = []
    for m in _PROSE_SIZE.finditer(text):
        shape = size_label(m.group(2))
        if shape is not None:
            out.append((m.group(1).strip(), shape))
    return out


def signatures(text: str) -> list:
    """``(name latex, domain, codomain)`` of each ``f : \\mathbb{R}^{n} \\to \\mathbb{R}^{m}`` in ``text``
    (a name right before the colon, or the name a ``:=`` before it defines)."""
    out = []
    toks = tokens(text)
    for k, t in enumerate(toks):
        if not (t.kind == "char" and t.text == ":") or k == 0:
            continue
        dom, j = read_space(toks, k + 1)
        if dom is None or j >= len(toks) or not (toks[j].kind == "cmd" and toks[j].text in ("to", "rightarrow")):
            continue
        cod, _ = read_space(toks, j + 1)
        if cod is None:
            continue
        head = toks[:k]
        for start in range(len(head) - 1, -1, -1):  # the statement this colon ends (after the last ',')
            if head[start].kind == "char" and head[start].text in (",", ";") or head[start].kind == "amp":
                head = head[start + 1:]
                break
        names = _heads(head)
        out.extend((n, dom, cod) for n in names)
    return out


def _heads(head) -> list:
    """The names a signature's head declares: ``F``, ``F = F_Θ`` (both), ``G_l := C ∘ …`` (G_l)."""
    parts, cur = [], []
    for t in head:
        if t.kind == "char" and t.text in ("=", ":"):
            if cur:
                parts.append(cur)
            cur = []
        else:
            cur.append(t)
    parts.append(cur)
    names = []
    for i, p in enumerate(parts):
        name, j = read_name(p, 0) if p else (None, 0)
        whole = name is not None and j == len(p) and name.readable and not name.transpose
        if whole:
            names.append(name)
        elif i == 0:
            return []
    return names if len(parts) == 1 or len(names) >= 1 else []
