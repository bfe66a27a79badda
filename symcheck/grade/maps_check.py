"""Steps in map notation (:mod:`symcheck.notation.maps`): layers as functions, compositions, Jacobians.

- **Definitions** ``F_l := σ_l ∘ f_{A_l, b_l}``, ``G_l := C ∘ F_L ∘ … ∘ F_{l+1} ∘ σ_l : ℝ^{n_l} → ℝ``,
  ``ε_l := grad G_l(z_l)``, ``f_{A,b}: ℝ^n → ℝ^m, v ↦ Av + b`` are recorded file-wide (the first one of a name
  stands); a signature into ℝ makes the map real-valued. A definition that also gives the values of its
  composition (``F_l := σ_l ∘ f_{A_l,b_l} : …, v ↦ σ_l(A_l v + b_l)``) is checked: both must agree.
- **The layout of ∇**: ``∇g(x) ∈ ℝ^{m×n}`` for a ``g: ℝ^n → ℝ^m`` the prose before it declares states it
  (the Jacobian, or its transpose); later memberships of the same kind are checked against it.
- **Equations** between maps or their values are checked under random interpretations
  (:mod:`symcheck.notation.map_values`) with the definitions put in (:mod:`symcheck.notation.map_defs`):
  correct when they hold under the stated layout of ∇ (or, with none stated, under every layout in which they
  are well-formed). A step well-formed in one layout only, with none stated, establishes that layout for the
  steps after it (a write-up that writes ``grad G(x) = ∇G(x)^⊤`` does not also mean ``grad G(x) = ∇G(x)``).
- **Accusations** (:mod:`.maps_accuse`): a step not verified is incorrect when it fails at every concrete
  choice of its layers under both layouts of ∇ with every definition put in; a map whose values the write-up
  states in a form not read is never left random to accuse. A membership ``∇g(x) ∈ ℝ^{r×c}`` that no layout
  gives is incorrect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from ..verdict import Cause, CheckKind, Note, NoteKind, Verdict
from .state import Result, StageRecord

__all__ = ["check_maps", "record", "MapsRecord"]

_DEFS, _LAYOUT, _SCALAR = ("maps", "defs"), ("maps", "layout"), ("maps", "scalar")
_ALIASES, _GIVEN = ("maps", "aliases"), ("maps", "given")


@dataclass(frozen=True)
class MapsRecord(StageRecord):
    """A definition in map notation (``what`` "def": a :class:`~symcheck.notation.map_defs.Definition`),
    the layout of ∇ (``what`` "layout": (layout, line)), a real-valued map (``what`` "scalar": its key), a
    name defined as another name (``what`` "alias", ``a_0 := x``: put in only to accuse), or a map whose
    values the write-up states in a form not read (``what`` "given": its key; never left random to accuse)."""

    what: str
    value: object

    def apply(self, st) -> None:
        if self.what == "def":
            have = _get(st, _DEFS, ())
            if all(d.pattern != self.value.pattern for d in have):
                _put(st, _DEFS, have + (self.value,))
        elif self.what == "layout":
            if _get(st, _LAYOUT) is None:
                _put(st, _LAYOUT, self.value)
        elif self.what in ("scalar", "given"):
            key = _SCALAR if self.what == "scalar" else _GIVEN
            _put(st, key, _get(st, key, frozenset()) | {self.value})
        elif self.what == "alias":
            have = _get(st, _ALIASES, ())
            if all(d.pattern != self.value.pattern for d in have):
                _put(st, _ALIASES, have + (self.value,))


# kept file-wide in State.quantities, in the shape its entries have there: (lhs, value, line, problem)
def _get(state, key, default=None):
    entry = state.quantities.get(key)
    return default if entry is None else entry[1]


def _put(state, key, value) -> None:
    state.quantities[key] = (None, value, 0, None)


def _defs(state) -> tuple:
    return _get(state, _DEFS, ())


def _relevant(sr, state) -> bool:
    from ..notation.maps import has_map_notation

    src = sr.source
    if has_map_notation(src):
        return True
    if not _defs(state) and _get(state, _LAYOUT) is None:
        return "\\nabla" in src and sr.rel == "in"
    return "\\nabla" in src or any(_mentions(src, d.pattern.base) for d in _defs(state))


def _mentions(src: str, base: str) -> bool:
    name = base if len(base) == 1 else "\\" + base
    return name in src if len(base) > 1 else re.search(rf"(?<![\\A-Za-z]){re.escape(base)}_", src) is not None


def _read(text: str):
    from ..notation.maps import MapsUnread, read_side, split_definition

    main, sig, mapsto = split_definition(text)
    try:
        node = read_side(main)
        if mapsto is not None:
            mapsto = (read_side(mapsto[0]), read_side(mapsto[1]))
    except (MapsUnread, RecursionError):
        return None
    return node, sig, mapsto


def check_maps(sr, state, options) -> Optional[Result]:
    """The verdict on a step in map notation, or None (not for this check, or not verified)."""
    from ..notation.map_defs import lookup
    from ..notation.maps import Atom, balanced, has_map_notation
    from .maps_accuse import redefined
    from .reading import StepKind

    if not sr.rel or not _relevant(sr, state):
        return None
    if sr.rel == "in":
        return _membership(sr, state)
    if sr.rel != "=":
        return None
    left, right = _read(sr.lhs_text), _read(sr.rhs_text)
    if left is None or right is None:
        return None
    lhs, (rhs, sig, mapsto) = left[0], right
    if not sr.step.link and isinstance(lhs, Atom) and lookup(_defs(state), lhs) is None:
        if sr.kind != StepKind.UNREAD and not has_map_notation(sr.source):
            return None  # the other checks read it; what it defines is recorded after them (check._with_maps)
        updates = record(sr, state)
        if not updates:
            return None
        if mapsto is not None:
            from ..notation.maps import Apply

            var, body = mapsto
            found = _equation(Apply(rhs, var), body, state, options)
            if found is not None:
                return Result(found[0], updates + _established(found[1], sr))
            wrong = _accused(Apply(rhs, var), body, sr, state, options)
            if wrong is not None:  # its two definitions disagree: neither is recorded
                return Result(wrong)
        return Result(Verdict.unchecked(Cause.PROSE, f"the definition of {lhs} (map notation): recorded"), updates)
    if any(_hidden(w.var, _defs(state)) or not _parameter(w) for w in _wrts(lhs) + _wrts(rhs)):
        return None  # a definition may depend on the variable without showing it: ∇_X would miss it
    found = _equation(lhs, rhs, state, options)
    if found is None:
        if not sr.step.link and isinstance(lhs, Atom) and redefined(lhs, sr, _defs(state)):
            return None  # a name defined in another problem, defined anew here: no claim about the old one
        wrong = _accused(lhs, rhs, sr, state, options)
        return None if wrong is None else Result(wrong)
    verdict = found[0]
    if any(balanced(t) != t for t in (sr.lhs_text, sr.rhs_text)):
        verdict = Verdict.correct(verdict.check, verdict.reason + " (read with a closing bracket that closes "
                                                                  "nothing set aside)", notes=verdict.notes)
    return Result(verdict, _established(found[1], sr))


def _accused(lhs, rhs, sr, state, options):
    """The incorrect verdict on an equation that fails at concrete layers (:mod:`.maps_accuse`), or None."""
    from .maps_accuse import accuse

    return accuse(lhs, rhs, sr, state, options, _defs(state), _get(state, _ALIASES, ()),
                  _get(state, _SCALAR, frozenset()), _get(state, _GIVEN, frozenset()))


def _established(layout, sr) -> tuple:
    """The record of the layout of ∇ a step establishes (well-formed in that one only), or nothing."""
    return () if layout is None else (MapsRecord("layout", (layout, sr.step.line)),)


def _equation(lhs, rhs, state, options) -> Optional[tuple]:
    """``(verdict, layout)`` when the equation holds (``layout``: the one layout of ∇ it is well-formed in,
    which it establishes for the steps after it, when none was stated or established before), else None."""
    from ..notation.map_defs import expand
    from ..notation.map_values import DENOMINATOR, LAYOUT_NAMES, NUMERATOR, compare
    from ..notation.maps import MapsUnread

    stated = _get(state, _LAYOUT)
    scalar = _get(state, _SCALAR, frozenset())
    for depth in (3, 1):
        try:
            a, b = expand(lhs, rhs, _defs(state), depth)
            res = {lay: compare(a, b, lay, scalar, options.seed) for lay in (NUMERATOR, DENOMINATOR)}
        except (MapsUnread, RecursionError, ZeroDivisionError):
            return None
        holds = [lay for lay, (r, _) in res.items() if r == "holds"]
        if not holds:
            continue
        if stated is not None:  # stated (∇g(x) ∈ ℝ^{m×n}) or established by an earlier step: that layout decides
            if stated[0] not in holds:
                return None
            how = ("in every layout of ∇" if len(holds) == len(res) else
                   f"with {LAYOUT_NAMES[stated[0]]}, the layout of ∇ of line {stated[1]}")
            return _correct(how), None
        if all(res[lay][0] in ("holds", "ill-formed") for lay in res):
            if len(holds) == 2:
                return _correct("in every layout of ∇"), None
            # well-formed in one layout only: the write-up writes ∇ that way, and later steps are read so
            return _correct(f"with {LAYOUT_NAMES[holds[0]]}, the only layout in which it is well-formed"), holds[0]
    return None


_READ_AS_MAPS = Note(NoteKind.INSTANTIATED, "read as maps: ∘ a composition, ∇f(x) a Jacobian, grad f(x) a gradient, "
                                           "σ applied in every component; the write-up's definitions put in")


def _correct(how: str) -> Verdict:
    return Verdict.correct(CheckKind.NUMERIC, "holds for any maps (random smooth maps, exact derivatives) with the "
                                              f"write-up's definitions put in, {how}", notes=(_READ_AS_MAPS,))


def record(sr, state) -> tuple:
    """The updates a step that is not wrong makes: its definition in map notation, and a real-valued map."""
    from ..notation.map_defs import Definition, Lambda, lookup
    from ..notation.maps import Atom

    step = sr.step
    given: tuple = ()
    if step.link or (sr.rel and sr.rel != "="):
        return ()
    text = step.rhs or step.lhs if not sr.rel else sr.rhs_text
    if not sr.rel:  # "f_{A,b}: ℝ^n → ℝ^m, v ↦ Av + b": a map given by its values
        from ..notation.maps import split_definition

        name, sig, mapsto = split_definition(text)
        got = _read(name)
        if got is None or not isinstance(got[0], Atom) or sig is None:
            return ()
        lhs, rhs = got[0], None
        parts = _read(text)
        if parts is not None and parts[2] is not None:
            var, body = parts[2]
            if isinstance(var, Atom) and not any(n.split("_")[0].split("^")[0] == lhs.base for n in _names(body)):
                rhs = Lambda(Atom(f"{var.base}#"), _rename(body, var, Atom(f"{var.base}#")))
        elif mapsto is not None:  # values stated, not read: the map is not "any map"
            given = (MapsRecord("given", (lhs.base, len(lhs.sub), len(lhs.sup))),)
    else:
        left, right = _read(sr.lhs_text), _read(text)
        if left is None or right is None or not isinstance(left[0], Atom):
            return ()
        lhs, (rhs, sig, _) = left[0], right
        if lookup(_defs(state), lhs) is not None:
            return ()
    out = list(given)
    if rhs is not None and str(lhs) not in _names(rhs) and not _plain(rhs):
        out.append(MapsRecord("def", Definition(lhs, rhs, step.line, step.problem or "")))
    elif isinstance(rhs, Atom) and rhs != lhs and not lhs.sub + lhs.sup == () == rhs.sub + rhs.sup:
        out.append(MapsRecord("alias", Definition(lhs, rhs, step.line, step.problem or "")))
    if sig is not None and sig[1] == ("1",):
        out.append(MapsRecord("scalar", (lhs.base, len(lhs.sub), len(lhs.sup))))
    return tuple(out)


def _names(node) -> set:
    from dataclasses import fields, is_dataclass

    out = {str(node)} if type(node).__name__ == "Atom" else set()
    if is_dataclass(node):
        for f in fields(node):
            v = getattr(node, f.name)
            for item in (v if isinstance(v, tuple) else (v,)):
                out |= _names(item)
    return out


def _collect(node, keep, leaf=None) -> list:
    """The nodes of the tree ``node`` that ``keep`` accepts, in order; ``leaf(node)``, when it gives a
    list, answers for that node and its children (SymPy scripts inside an Atom)."""
    from dataclasses import fields, is_dataclass

    own = leaf(node) if leaf is not None else None
    if own is not None:
        return own
    out = [node] if keep(node) else []
    if is_dataclass(node):
        for f in fields(node):
            v = getattr(node, f.name)
            for item in (v if isinstance(v, tuple) else (v,)):
                out += _collect(item, keep, leaf)
    return out


def _wrts(node) -> list:
    from ..notation.maps import Wrt

    return _collect(node, lambda n: isinstance(n, Wrt))


def _parameter(wrt) -> bool:
    """∇_b is read only for a bare letter that the step uses as the parameter of a family of maps
    (``G_{A_l,b}``, ``f_{A_l,b}``): a name that other quantities, defined elsewhere, could depend on is not."""
    import sympy as sp

    var = wrt.var
    if var.sub or var.sup:
        return False
    return any(getattr(a, "sub", None) is not None and any(
        (isinstance(x, sp.Symbol) and x.name == var.base) or x == var for x in a.sub + a.sup)
        for a in _atoms(wrt.body) if type(a).__name__ == "Atom")


def _hidden(var, defs) -> bool:
    """Does a definition use the name ``var`` (any member of its family) other than as a pattern letter?"""
    import sympy as sp

    from ..notation.maps import Atom

    for d in defs:
        letters = {str(x) for x in d.pattern.sub + d.pattern.sup if isinstance(x, sp.Symbol)}
        for name in _atoms(d.value):
            if isinstance(name, Atom) and name.base == var.base and (len(name.sub), len(name.sup)) == (
                    len(var.sub), len(var.sup)) and not (not name.sub and not name.sup and name.base in letters):
                return True
            if isinstance(name, sp.Symbol) and not var.sub and not var.sup and name.name == var.base \
                    and name.name not in letters:
                return True
    return False


def _atoms(node) -> list:
    """Every name in ``node``: Atoms, and the letters (SymPy symbols) of their scripts."""
    import sympy as sp

    return _collect(node, lambda n: type(n).__name__ == "Atom",
                    lambda n: list(n.free_symbols) if isinstance(n, sp.Basic) else None)


def _plain(node) -> bool:
    """A name or a sum and product of names (``l = L``, ``n_0 = n_i``): no map in it, nothing to record."""
    from ..notation.maps import Atom, Prod, Sum, Tr

    if isinstance(node, Atom):
        return True
    if isinstance(node, (Prod, Sum)):
        return all(_plain(t) for t in (node.factors if isinstance(node, Prod) else node.terms))
    return isinstance(node, Tr) and _plain(node.arg)


def _rename(node, old, new):
    from ..notation.map_defs import instantiate

    return instantiate(node, {old.base: new}) if not old.sub and not old.sup else node


_SIG = r"(?<![\\A-Za-z]){name}\s*:\s*(\\mathbb[^$]*)"


def _membership(sr, state) -> Optional[Result]:
    """``∇g(x) ∈ ℝ^{r×c}`` for a g the prose before it declares: states the layout, or is checked against it."""
    from ..notation.maps import Atom, Jac, signature

    got = _read(sr.lhs_text)
    if got is None or not isinstance(got[0], Jac) or not isinstance(got[0].fn, Atom) or got[0].fn.sub:
        return None
    name = got[0].fn.base
    found = re.findall(_SIG.format(name=re.escape(name)), sr.step.intro or "")
    space = signature(f": \\mathbb{{R}} \\to {sr.rhs_text}")
    decl = signature(f": {found[-1]}") if found else None
    if decl is None or space is None or len(decl[0]) != 1 or len(decl[1]) != 1 or len(space[1]) != 2:
        return None
    dom, cod, (r, c) = decl[0][0], decl[1][0], space[1]
    layout = 0 if (r, c) == (cod, dom) else 1 if (r, c) == (dom, cod) else None
    if layout is None and dom != cod:
        from .maps_accuse import wrong_size

        found = wrong_size(dom, cod, r, c)
        return None if found is None else Result(Verdict.incorrect(found[0], found[1], counterexample=found[2],
                                                                   notes=(_READ_AS_MAPS,)))
    if layout is None or dom == cod:
        return None
    stated = _get(state, _LAYOUT)
    if stated is None:
        what = "the Jacobian (rows: the outputs)" if layout == 0 else "the transposed Jacobian (rows: the inputs)"
        return Result(Verdict.unchecked(Cause.PROSE, f"states the layout of ∇: ∇g(x) is {what}"),
                      (MapsRecord("layout", (layout, sr.step.line)),))
    if stated[0] == layout:
        return Result(Verdict.correct(CheckKind.SEMANTICS, f"∇g(x) of g: ℝ^{dom} → ℝ^{cod} is {r} × {c} in the "
                                                           f"layout of ∇ the write-up states on line {stated[1]}",
                                      notes=(_READ_AS_MAPS,)))
    return None

