"""Size labels under a brace: ``\\underbrace{W^l}_{n_l \\times n_{l-1}}``.

The reader keeps what is inside an ``\\underbrace`` and drops its label
(:mod:`.preprocess`). A label that is a size, ``n_A \\times n_B`` (the sizes of
layers A and B, or the integer 1), is a claim about the shape of what is
above it, and it is checked here: the two sizes must be the dimensions of
that quantity's shape, in either order (a write-up that stores weights the
other way, or vectors as rows, still writes the same two sizes); a weight
matrix W^l may also map layer l to layer l+1 (n_{l+1} × n_l), as some
write-ups number them. An expression of weights is not read (its shape
depends on that convention). A label of
any other form (words, ``m \\times n``) is commentary and is not read.

``size_labels(source) -> [(content, (d1, d2))]`` and
``label_mismatch(source) -> Optional[dict]``: the first label whose sizes are
not the dimensions of its content's shape, with both.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Optional

import sympy as sp

from . import vocab as V
from .base import layer_dim
from .preprocess import skip_group

MAX_LABELS = 16
_SIZE = re.compile(r"^n_?\{?\s*([A-Za-z0-9+\- ]{1,12}?)\s*\}?$")
_SPACING = re.compile(r"\\[,;:! ]|\\quad|\\qquad|~")


def _read(latex: str) -> tuple:
    """The parts of ``latex`` as the front end reads them (its tokens, then its reader)."""
    from .cursor import State
    from .preprocess import tokenize
    from .reader import read_statement

    parts, _, _ = read_statement(tokenize(latex), State(latex))
    return tuple(parts)


def _dim(text: str):
    """One size of a label: ``1``, ``n_l``, ``n_{l-1}`` (a layer size), else None."""
    from ..errors import ParseError

    text = text.strip()
    if text.isdigit():
        return int(text)
    m = _SIZE.match(text)
    if not m:
        return None
    try:
        layer = _read(m.group(1))
    except (ParseError, RecursionError):
        return None
    return layer_dim(layer[0]) if len(layer) == 1 and isinstance(layer[0], sp.Basic) else None


def size_labels(source: str) -> list:
    """``(content latex, (d1, d2))`` for every ``\\underbrace`` whose label is a size."""
    out = []
    for m in list(re.finditer(r"\\underbrace\s*(?=\{)", source))[:MAX_LABELS]:
        start = m.end()
        end = skip_group(source, start)
        if end == start:
            continue
        k = re.match(r"\s*_\s*", source[end:])
        if not k:
            continue
        lab_start = end + k.end()
        lab_end = skip_group(source, lab_start)
        if lab_end == lab_start:
            continue
        label = _SPACING.sub(" ", source[lab_start + 1:lab_end - 1])
        pieces = re.split(r"\\times|×", label)
        if len(pieces) != 2:
            continue
        dims = tuple(_dim(p) for p in pieces)
        if None in dims:
            continue
        out.append((source[start + 1:end - 1], dims))
    return out


def label_mismatch(source: str) -> Optional[dict]:
    """The first size label that is not its content's shape (in either order), or None."""
    from .shapes import infer
    from ..errors import ParseError
    from .base import ShapeError

    if "underbrace" not in source:
        return None
    for content, dims in size_labels(source):
        try:
            parts = _read(content)
            shape = infer(parts[0]) if len(parts) == 1 else None
        except (ParseError, ShapeError, RecursionError):
            continue
        if shape is None or len(shape) != 2 or any(d is None for d in shape):
            continue
        shapes = [shape]
        weights = [q for q in parts[0].atoms(V.Q, V.Comp) if getattr(q, "qname", "") == "w"]
        if weights:
            if not isinstance(parts[0], V.Q):
                continue  # an expression of weights: its shape depends on the convention
            shapes.append((layer_dim(parts[0].layer + 1), layer_dim(parts[0].layer)))  # W^l: layer l to l+1
        if all(Counter(map(sp.sympify, s)) != Counter(map(sp.sympify, dims)) for s in shapes):
            return {"content": content.strip(), "label": " × ".join(map(str, dims)),
                    "shape": " × ".join(map(str, shape))}
    return None


def label_verdict(source: str):
    """Incorrect (check "semantics") when a size label is not the shape of what it labels, else None."""
    from ..verdict import CheckKind, Verdict

    found = label_mismatch(source)
    if found is None:
        return None
    return Verdict.incorrect(CheckKind.SEMANTICS, f"{found['content']} is labelled {found['label']}, but its shape "
                             f"is {found['shape']}", counterexample={"label": found["label"], "shape": found["shape"]})
