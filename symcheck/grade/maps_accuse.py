"""Accusing a step in map notation (the stage "maps", :mod:`.maps_check`): an equation that the stage could
not verify is refuted at concrete layers with every definition put in (:mod:`symcheck.notation.map_concrete`).

It is incorrect only when it fails at every assignment of its index letters that it can speak of, under both
layouts of ∇, with a concrete difference of values. Nothing is accused while a name left random is one the
write-up gives some other way: a quantity or function it defines in a form the map reader does not read, a map
whose values it states but the reader could not read, a cost it names (quadratic, cross-entropy) or an
activation it fixes.
"""

from __future__ import annotations

import re
from typing import Optional

from ..verdict import CheckKind, Note, NoteKind, Verdict

__all__ = ["accuse", "redefined", "wrong_size"]

_NOTE = Note(NoteKind.INSTANTIATED, "read as maps at concrete layers: ∘ a composition, F_a ∘ … ∘ F_b its factors, "
                                    "∇f(x) a Jacobian, grad f(x) a gradient, σ applied in every component; the "
                                    "write-up's definitions put in, every other map random")


def accuse(lhs, rhs, sr, state, options, defs, aliases, scalar, given) -> Optional[Verdict]:
    """The incorrect verdict on ``lhs = rhs`` (map nodes, of the step ``sr``), or None. The step must be written
    in map notation (∘, •, grad) or name something the write-up defines in it; every name it composes with ∘
    must be a map (defined as one, σ, given a signature, or applied in the step): ``a \\circ b`` of two values
    is a Hadamard product."""
    from ..notation.maps import has_map_notation

    in_maps = has_map_notation(sr.source)
    from ..errors import CheckTimeout
    from ..notation.map_concrete import VALUES, refute
    from ..symbolic import time_limit

    from ..notation.map_concrete import free_names, map_names, walk
    from ..notation.maps import GradOf, Jac, Range
    from ..notation.map_defs import match

    from ..notation.map_concrete import as_values
    from ..notation.maps import MapsUnread

    try:
        lhs, rhs = as_values(lhs, rhs, defs)
    except MapsUnread:
        return None
    mapped = map_names(defs)
    named = free_names((lhs, rhs))
    in_maps = in_maps or any(isinstance(n, (Jac, GradOf)) for side in (lhs, rhs) for n in walk(side))
    if not in_maps and not any(match(d.pattern, n) is not None for n, _ in named for d in mapped):
        return None  # no map notation in the step nor a name defined in it: component notation, products
    values = {n.base for n, fn in named if not fn}
    if any(fn and n.base in values for n, fn in named):
        return None  # a name applied and also a value (a^{L-1}_k (a^L_j - y_j)): a product, perhaps
    applied = {str(n) for n, fn in named if fn and not _composed_only(n, (lhs, rhs))}

    def known(n) -> bool:
        if isinstance(n, Range):
            return any(d.pattern.base == n.base for d in mapped)
        key = (n.base, len(n.sub), len(n.sup))
        return str(n) in applied or n.base == "sigma" or key in scalar or key in given or \
            _signed(n, sr.step.intro) or any(match(d.pattern, n) is not None for d in mapped)

    if any(not any(known(i) for i in word.items) for word in _words((lhs, rhs))):
        return None  # composed with ∘ and nothing says it is a map: ∘ may be the Hadamard product
    texts = _text_patterns(state)
    fixed_cost = bool(getattr(state, "cost", None)) or bool((state.defined_setting or {}).get("cost"))
    fixed_sigma = bool((state.defined_setting or {}).get("activation")) or "softmax" in f"{state.topics} {state.said}"

    def blocked(name, is_function: bool) -> bool:
        if "#" in name.base or name.base == "_point":
            return False
        if any(match(p, name) is not None for p in texts):
            return True  # the write-up defines it in a form not put in here
        if not is_function:
            return False
        key = (name.base, len(name.sub), len(name.sup))
        return key in given or name.base in (state.functions or {}) or (key in scalar and fixed_cost) \
            or (name.base == "sigma" and fixed_sigma)

    try:
        with time_limit(min(1.5, options.step_seconds / 2)):
            got = refute(lhs, rhs, defs + aliases, scalar, options.seed, blocked)
    except CheckTimeout:
        return None
    if got is None or got[0] != "differs":
        return None
    cx = got[1]
    at = ", ".join(f"{k} = {v}" for k, v in cx["indices"].items())
    where = (f"at every choice of {', '.join(cx['indices'])} from {VALUES[0]} to {VALUES[-1]} that the step can speak "
             f"of ({cx['assignments']}); at {at}, {cx['detail']}") if at else cx["detail"]
    how = "under both layouts of ∇" if "both" in cx["layouts"] else "(no ∇ in it)"
    return Verdict.incorrect(CheckKind.NUMERIC, f"fails for random maps with the write-up's definitions put in, {how}, "
                                                f"{where} (left against right; exact values)", counterexample=cx,
                             notes=(_NOTE,))


def _text_patterns(state) -> list:
    """The names the write-up defines as text (file-wide, :class:`~symcheck.grade.state.TextDefined`), as
    patterns of map notation."""
    from ..notation.maps import Atom, MapsUnread, read_side

    out = []
    for key, entry in (state.quantities or {}).items():
        if not (isinstance(key, tuple) and key and key[0] == "text"):
            continue
        try:
            node = read_side(str(entry[0]))
        except (MapsUnread, RecursionError):
            continue
        if isinstance(node, Atom):
            out.append(node)
    return out


def _words(sides) -> list:
    """The compositions ``∘`` in the sides."""
    from ..notation.map_concrete import walk
    from ..notation.maps import Word

    return [n for side in sides for n in walk(side) if isinstance(n, Word)]


def _composed_only(name, sides) -> bool:
    """Is ``name`` a function in the sides only as a factor of a composition (never applied, nor under ∇)?"""
    from ..notation.map_concrete import walk
    from ..notation.maps import Apply, GradOf, Jac

    return not any(isinstance(n, (Apply, Jac, GradOf)) and n.fn == name for side in sides for n in walk(side))


def _signed(name, intro: str) -> bool:
    """Does the prose before the step give ``name`` a signature (``g: \\mathbb{R}^n \\to …``)?"""
    import re

    tex = name.base if len(name.base) == 1 else "\\" + name.base
    return re.search(rf"(?<![\\A-Za-z]){re.escape(tex)}(_\S+)?\s*:\s*\\mathbb", intro or "") is not None


_DEFINING = re.compile(r"defin|\blet\b|denote|\bwe write\b|\bcall\b|\bset\b")


def redefined(name, sr, defs) -> bool:
    """Is the step a new definition (its words: ``:=``, "let", "we define") of ``name``, which the write-up defined
    (in map notation) only in other problems? Then it says nothing about the old one: not accused."""
    from ..notation.map_defs import match

    mine = sr.step.problem or ""
    found = [d for d in defs if match(d.pattern, name) is not None]
    words = f"{sr.step.context} {(sr.step.intro or '')[-160:]}".lower()
    return bool(found) and all(d.problem != mine for d in found) and _DEFINING.search(words) is not None


def wrong_size(dom: str, cod: str, r: str, c: str) -> Optional[tuple]:
    """``∇g(x) ∈ ℝ^{r×c}`` for a ``g: ℝ^dom → ℝ^cod``: (check, reason, counterexample) when at every choice of the
    sizes (2 to 4) it is neither the Jacobian (cod × dom) nor its transpose (no layout of ∇ gives that shape)."""
    import itertools

    from ..notation.map_text import size_terms, size_value

    terms = [size_terms(t) for t in (dom, cod, r, c)]
    if any(t is None for t in terms):
        return None
    names = sorted({t for ts in terms[:2] for _, t in ts if isinstance(t, str)})
    if {t for ts in terms[2:] for _, t in ts if isinstance(t, str)} - set(names) or len(names) > 3:
        return None  # a size the signature does not fix: it may be any
    first = None
    for vals in itertools.product((2, 3, 4), repeat=len(names)):
        values = dict(zip(names, vals))
        n, m, rr, cc = (size_value(t, values) for t in terms)
        if (rr, cc) in ((m, n), (n, m)):
            return None
        first = first or (values, (n, m), (rr, cc))
    values, (n, m), (rr, cc) = first
    at = ", ".join(f"{k} = {v}" for k, v in values.items())
    return (CheckKind.EXACT_SHAPE, f"∇g(x) of g: ℝ^{dom} → ℝ^{cod} is {m} × {n} (or, as its transpose, {n} × {m}) "
                                   f"at {at}, never {rr} × {cc}: no layout of ∇ gives it that shape, at any choice "
                                   "of the sizes from 2 to 4", {"sizes": values, "jacobian": [m, n], "stated": [rr, cc]})
