"""The text around a formula in map notation: a signature ``: \\mathbb{R}^n \\to \\mathbb{R}^m`` and its sizes, a
quantifier ``\\forall x \\in \\mathbb{R}^n:`` before it, ``v \\mapsto body`` after it (:mod:`.maps` reads the rest).
Plain string work: nothing is evaluated."""

from __future__ import annotations

import re
from typing import Optional

__all__ = ["strip_signature", "signature", "strip_quantifier", "split_definition", "size_terms", "size_value"]


def strip_signature(text: str) -> str:
    """``σ ∘ f : \\mathbb{R}^n \\to \\mathbb{R}^m`` -> ``σ ∘ f`` (the signature is read by :func:`signature`)."""
    cut = _top_colon(text)
    return text[:cut] if cut is not None and "\\mathbb" in text[cut:] else text


def signature(text: str) -> Optional[tuple]:
    """The sizes of a signature after a top-level colon: (domain sizes, codomain sizes) as texts, or None."""
    cut = _top_colon(text)
    if cut is None:
        return None
    spaces = re.findall(r"\\mathbb\s*\{?\s*R\s*\}?\s*(\^\s*(\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|\w))?", text[cut:])
    if len(spaces) < 2:
        return None
    return tuple(_sizes(s[1]) for s in spaces[:2])


def _sizes(script: str) -> tuple:
    s = script.strip()
    if s.startswith("{"):
        s = s[1:-1]
    if not s:
        return ("1",)
    return tuple(p.strip().replace(" ", "") for p in s.split("\\times"))


def _top_colon(text: str) -> Optional[int]:
    depth = 0
    for k, ch in enumerate(text):
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        elif ch == ":" and depth == 0 and not text.startswith(":=", k) and (k == 0 or text[k - 1] != "\\"):
            return k
    return None


def strip_quantifier(text: str) -> str:
    """``\\mathbb{R}^n: P`` (what is left of ``\\forall x \\in \\mathbb{R}^n: P``) -> ``P``."""
    cut = _top_colon(text)
    if cut is not None and text.lstrip().startswith(("\\mathbb", "\\forall")):
        return text[cut + 1:]
    return text



def split_definition(text: str):
    """``main : signature, v \\mapsto body`` -> (main, signature sizes or None, (var, body) or None)."""
    mapsto = None
    for word in ("\\mapsto", "↦"):
        if word in text:
            left, body = text.split(word, 1)
            cut = left.rfind(",")
            if cut < 0:
                return text, None, None
            mapsto = (left[cut + 1:].strip(), body.strip().rstrip(".,; "))
            text = left[:cut]
            break
    sig = signature(text)
    return strip_signature(text), sig, mapsto


_SIZE_TOKEN = re.compile(r"\s*(\d+|[A-Za-z](?:_\{[^{}]*\}|_\w)?|[+-])")


def size_terms(text: str) -> Optional[tuple]:
    """A size as written in a signature (``n``, ``n_{l-1}``, ``1+1``, ``n_l+1``): ((sign, number or name), ...),
    or None when it is anything else. Names are kept as written (plain string work)."""
    out, pos, sign, want_term = [], 0, 1, True
    text = text.strip()
    while pos < len(text):
        m = _SIZE_TOKEN.match(text, pos)
        if m is None:
            return None
        tok, pos = m.group(1), m.end()
        if tok in "+-":
            if want_term and out:
                return None
            sign, want_term = (1 if tok == "+" else -1), True
            continue
        if not want_term:
            return None
        out.append((sign, int(tok) if tok.isdigit() else tok))
        sign, want_term = 1, False
    return tuple(out) if out and not want_term else None


def size_value(terms: tuple, values: dict) -> Optional[int]:
    """The value of :func:`size_terms` with ``values`` for its names (None if a name has none)."""
    total = 0
    for sign, t in terms:
        v = t if isinstance(t, int) else values.get(t)
        if v is None:
            return None
        total += sign * v
    return total
