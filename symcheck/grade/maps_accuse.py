"""Accusing a step in map notation (the stage "maps", :mod:`.maps_check`): an equation that the stage could
not verify is refuted at concrete layers with every definition put in (:mod:`symcheck.notation.map_concrete`).

It is incorrect only when it fails at every assignment of its index letters that it can speak of, under both
layouts of ∇, with a concrete difference of values. Nothing is accused while a name left random is one the
write-up gives some other way: a quantity or function it defines in a form the map reader does not read, a map
whose values it states but the reader could not read, a cost it names (quadratic, cross-entropy) or an
activation it fixes.
"""

from __future__ import annotations

from typing import Optional

from ..verdict import CheckKind, Note, NoteKind, Verdict

__all__ = ["accuse"]

_NOTE = Note(NoteKind.INSTANTIATED, "read as maps at concrete layers: ∘ a composition, F_a ∘ … ∘ F_b its factors, "
                                    "∇f(x) a Jacobian, grad f(x) a gradient, σ applied in every component; the "
                                    "write-up's definitions put in, every other map random")


def accuse(lhs, rhs, state, options, defs, aliases, scalar, given) -> Optional[Verdict]:
    """The incorrect verdict on ``lhs = rhs`` (map nodes), or None."""
    from ..errors import CheckTimeout
    from ..notation.map_concrete import VALUES, refute
    from ..symbolic import time_limit

    texts = _text_patterns(state)
    fixed_cost = bool(getattr(state, "cost", None)) or bool((state.defined_setting or {}).get("cost"))
    fixed_sigma = bool((state.defined_setting or {}).get("activation"))

    def blocked(name, is_function: bool) -> bool:
        from ..notation.map_defs import match

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
