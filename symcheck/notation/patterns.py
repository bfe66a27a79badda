"""Entries that follow an index pattern, written with ellipses: vectors and
matrices (``\\begin{bmatrix} ∂C/∂a^L_1 \\\\ \\vdots \\\\ ∂C/∂a^L_n \\end{bmatrix}``, a
diagonal with ``\\ddots``, ``w_{11} \\cdots w_{1k} \\\\ \\vdots \\\\ w_{j1} \\cdots w_{jk}``).

The pattern is inferred, never guessed: the first entry is read with some of
its indices equal to 1 replaced by a running index, the last entries give the
end of the range, and the pattern must reproduce every entry written. When no
pattern or more than one reproduces them, :class:`PatternError` names why.

The nodes: :class:`IndexStack` (entry, i, n) is the column whose i-th entry is
``entry`` (i from 1 to n, the natural range of the index, as in ``\\sum_k``);
stacking rows gives a matrix, and a row vector is its transpose.
:class:`IndexDiag` (entry, i, n) is diag(entry_1, ..., entry_n). Shapes
(d, 1), (d, c) and (d, d), d the size of the layer the index runs over.

Imports SymPy: import lazily.
"""

from __future__ import annotations

import itertools
import re

import sympy as sp
from sympy import Function
from sympy.core.symbol import Str

from . import vocab as V
from .base import ShapeError, Unsupported, diag_of, layer_dim
from .build import index_symbol

__all__ = ["IndexStack", "IndexDiag", "PatternError", "pattern_matrix", "DOTS"]

DOTS = ("vdots", "cdots", "ddots", "ldots")
ROW, COL = sp.Symbol("ι", integer=True, positive=True), sp.Symbol("κ", integer=True, positive=True)
MAX_SLOTS = 6   # indices of the first entry that may run (3^6 candidate patterns at most)


class PatternError(ValueError):
    """The entries written with ellipses do not determine one index pattern (the message says why)."""


# --- the nodes ------------------------------------------------------------------------
def _running_dim(entry, i, end):
    """The size of the range of ``i`` in ``entry``: the layer it indexes, else ``end``."""
    dims = set()
    for c in entry.atoms(V.Comp):
        for pos, idx in enumerate(c.indices):
            if idx == i:
                if c.qname in (V.INPUT, V.TARGET):
                    return None
                dims.add(layer_dim(c.layer - 1 if c.qname == "w" and pos == 1 else c.layer))
    if len(dims) > 1:
        return None
    return dims.pop() if dims else sp.Symbol(str(end), integer=True, positive=True)


class IndexStack(Function):
    """``IndexStack(entry, i, n)``: entry_1 over entry_2 ... over entry_n: a column
    (d, 1) of scalar entries, or a matrix (d, c) of rows (1, c). i runs over its
    natural range (the size of the layer it indexes), n is the end as written."""

    nargs = 3
    is_commutative = False
    binds_index = 1

    def _sympystr(self, printer):
        e, i, n = (printer.doprint(a) for a in self.args)
        return f"[{e}]_({i}=1..{n})"

    def _latex(self, printer):
        e, i, n = (printer.doprint(a) for a in self.args)
        return r"\left[" + e + r"\right]_{" + i + "=1}^{" + n + "}"

    def _shape(self, shapes):
        entry, i, end = self.args
        inner = shapes.infer(entry)
        d = _running_dim(entry, i, end)
        if inner == shapes.SCALAR:
            return (d, 1)
        if inner is shapes.UNKNOWN or inner[0] != 1:
            return shapes.UNKNOWN
        return (d, inner[1])

    def _numpy(self, env):
        import numpy as np

        entry, i, _ = self.args
        dims = env.dims_of_index(entry, i)
        if not dims:
            raise Unsupported(f"a vector over {i}, which indexes nothing")
        env.same_range(i, dims)
        saved = env.index_values.get(i)
        parts = []
        try:
            for v in range(1, min(dims) + 1):
                env.index_values[i] = v
                value = env.ev(entry)
                if value.shape[-2] != 1:
                    raise Unsupported("an entry of a vector written with ellipses is not a number or a row")
                parts.append(value)
        finally:
            if saved is None:
                env.index_values.pop(i, None)
            else:
                env.index_values[i] = saved
        return np.concatenate(parts, axis=-2)


class IndexDiag(Function):
    """``IndexDiag(entry, i, n)``: diag(entry_1, ..., entry_n), shape (d, d)."""

    nargs = 3
    is_commutative = False
    binds_index = 1

    def _sympystr(self, printer):
        e, i, n = (printer.doprint(a) for a in self.args)
        return f"diag[{e}]_({i}=1..{n})"

    def _shape(self, shapes):
        if shapes.infer(self.args[0]) != shapes.SCALAR:
            return shapes.UNKNOWN
        d = _running_dim(*self.args)
        return (d, d)

    def _numpy(self, env):
        column = IndexStack(*self.args)._numpy(env)
        if column.shape[-1] != 1:
            raise ShapeError("a diagonal of entries that are not numbers")
        return diag_of(column)


# --- inference ------------------------------------------------------------------------
_NAMED = re.compile(r"(.+)_\{?([0-9a-z]+)\}?")


def _normalise(cells):
    """Names with index subscripts (x_1, w_11, w_1k, w_jk: names to the reader) as
    indexed names, when the entries give the name's number of indices (x_n, or a
    subscript with a letter: w_{1k} has two)."""
    bases, arity = {}, {}
    for c in cells:
        for ix in c.atoms(sp.Indexed):
            bases.setdefault(ix.base.label.name, ix.base)
            arity.setdefault(ix.base.label.name, len(ix.indices))
    for c in cells:
        for s in c.atoms(sp.Symbol):
            m = _NAMED.fullmatch(s.name)
            if m and not m.group(2).isdigit():
                arity.setdefault(m.group(1), len(m.group(2)))
    out = []
    for c in cells:
        swap = {}
        for s in c.atoms(sp.Symbol):
            m = _NAMED.fullmatch(s.name)
            if not m or m.group(1) not in arity:
                continue
            script, r = m.group(2), arity[m.group(1)]
            base = bases.get(m.group(1)) or sp.IndexedBase(sp.Symbol(m.group(1), real=True))
            if r == 1 and script.isdigit():
                swap[s] = base[int(script)]
            elif r == len(script) > 1:
                swap[s] = base[tuple(int(ch) if ch.isdigit() else index_symbol(ch) for ch in script)]
        out.append(c.xreplace(swap) if swap else c)
    return out


def _slots(e):
    """(atom, position) of every index equal to 1 in a component or indexed name."""
    out = []
    for c in sorted(e.atoms(V.Comp, sp.Indexed), key=sp.default_sort_key):
        indices = c.indices
        out += [(c, p) for p, idx in enumerate(indices) if idx == 1]
    return out


def _with(atom, changes):
    if isinstance(atom, V.Comp):
        idx = list(atom.indices)
        for p, v in changes:
            idx[p] = v
        return V.Comp(atom.args[0], atom.args[1], *idx)
    idx = list(atom.indices)
    for p, v in changes:
        idx[p] = v
    return atom.base[tuple(idx)]


def _candidates(first, variables):
    slots = _slots(first)
    if len(slots) > MAX_SLOTS:
        raise PatternError("an entry with too many indices to find its pattern")
    for choice in itertools.product((None,) + variables, repeat=len(slots)):
        if not set(variables) <= set(choice):
            continue
        per_atom: dict = {}
        for (atom, p), v in zip(slots, choice):
            if v is not None:
                per_atom.setdefault(atom, []).append((p, v))
        yield first.xreplace({a: _with(a, ch) for a, ch in per_atom.items()})


def _index_values(e):
    out = set()
    for c in e.atoms(V.Comp, sp.Indexed):
        out |= set(c.indices)
    return out


def _ends(pattern, cells, var, offset_of):
    """Candidate ends of ``var``: from a cell written after the ellipsis."""
    tails = [(c, pos) for c, pos in cells if offset_of(pos) is not None]
    if not tails:
        raise PatternError("entries with ellipses but no last entry")
    cell, pos = tails[0]
    return {v + offset_of(pos) for v in _index_values(cell)} - {sp.Integer(1)}


def _fits(pattern, cells, values):
    return all(pattern.subs(values(pos)) == c for c, pos in cells)


def infer(cells, variables):
    """The one pattern of ``cells`` [(entry, (row_pos, col_pos))], a position being
    ('head', t), ('tail', t from the end) or None; ``variables`` the running
    indices, (ROW,), (COL,) or (ROW, COL). Returns (pattern, {var: end})."""
    cells = [(c, pos) for c, pos in zip(_normalise([c for c, _ in cells]), [p for _, p in cells])]
    first = next((c for c, pos in cells if all(p is None or p == ("head", 1) for p in pos)), None)
    if first is None:
        raise PatternError("entries with ellipses whose first entry is missing")
    axis = {ROW: 0, COL: 1}
    found = {}
    for pattern in _candidates(first, variables):
        options = [_ends(pattern, cells, var, lambda pos, a=axis[var]: pos[a][1] if pos[a] and pos[a][0] == "tail"
                         else None) for var in variables]
        for ends in itertools.product(*options):
            end = dict(zip(variables, ends))

            def values(pos):
                out = {}
                for var in variables:
                    kind, t = pos[axis[var]]
                    out[var] = t if kind == "head" else end[var] - t
                return out
            if _fits(pattern, cells, values):
                found[(pattern, tuple(ends))] = end
    if not found:
        raise PatternError("entries with ellipses that follow no index pattern from 1 (x_1, x_2, ..., x_n)")
    if len(found) > 1:
        raise PatternError("entries with ellipses that fit several index patterns")
    (pattern, _), end = found.popitem()
    for var, n in end.items():
        if not n.free_symbols:
            raise PatternError(f"entries with ellipses up to the fixed index {n} (a size that is not a symbol)")
    return pattern, end


def _scalar(pattern):
    from .shapes import SCALAR, infer as shape

    try:
        ok = shape(pattern) == SCALAR
    except ShapeError:
        ok = False
    if not ok or not pattern.is_commutative:
        raise PatternError("entries with ellipses that are not numbers (rows or vectors stacked)")


def _positions(lines):
    """('head', t) or ('tail', t) for each of ``lines`` around the one of dots (its index)."""
    dots = [k for k, is_dots in enumerate(lines) if is_dots]
    if len(dots) > 1:
        raise PatternError("more than one row or column of ellipses")
    if not dots:
        return [None] * len(lines), None
    d = dots[0]
    n = len(lines)
    return [("head", k + 1) if k < d else ("tail", n - 1 - k) if k > d else None for k in range(n)], d


def _end(n):
    """The end as written, kept as a label: not a free symbol of the reading (m is not the batch size there)."""
    return Str(str(n))


def pattern_matrix(values):
    """The node of a matrix environment with ellipses: ``values`` rows of cells,
    each None (empty), a dots command name, or an expression."""
    width = max(len(r) for r in values)
    grid = [list(r) + [None] * (width - len(r)) for r in values]

    def dots_only(cells):
        return all(v is None or isinstance(v, str) for v in cells) and any(isinstance(v, str) for v in cells)
    row_pos, dr = _positions([dots_only(r) for r in grid])
    kept = [r for k, r in enumerate(grid) if k != dr]
    col_pos, dc = _positions([all(v is None or isinstance(v, str) for v in col) and
                              any(isinstance(v, str) for v in [grid[k][c] for k in range(len(grid))])
                              for c, col in enumerate(zip(*kept))])
    if dr is None and len(grid) > 1 or dc is None and width > 1:
        raise PatternError("a matrix with ellipses in one direction and several rows or columns in the other")
    cells, empty = [], []
    for r in range(len(grid)):
        for c in range(width):
            if r == dr or c == dc:
                continue
            v, pos = grid[r][c], (row_pos[r], col_pos[c])
            if isinstance(v, str):
                raise PatternError("an ellipsis among the entries of a matrix")
            (empty if v is None or v == 0 else cells).append((v, pos))
    ddots = any(v == "ddots" for r in grid for v in r)
    if dr is not None and dc is not None:
        diagonal = [(v, pos) for v, pos in cells if pos[0] == pos[1]]
        if ddots and len(diagonal) == len(cells):
            if any(pos[0] == pos[1] for _, pos in empty):
                raise PatternError("a diagonal matrix with ellipses and an empty diagonal entry")
            pattern, end = infer([(v, (pos[0], None)) for v, pos in diagonal], (ROW,))
            _scalar(pattern)
            return IndexDiag(pattern, ROW, _end(end[ROW]))
        if empty:
            raise PatternError("a matrix with ellipses and empty or zero entries that is not diagonal")
        pattern, end = infer(cells, (ROW, COL))
        _scalar(pattern)
        return IndexStack(V.T(IndexStack(pattern, COL, _end(end[COL]))), ROW, _end(end[ROW]))
    if empty:
        raise PatternError("a vector with ellipses and empty or zero entries")
    if dr is not None:
        pattern, end = infer(cells, (ROW,))
        _scalar(pattern)
        return IndexStack(pattern, ROW, _end(end[ROW]))
    pattern, end = infer([(v, (None, pos[1])) for v, pos in cells], (COL,))
    _scalar(pattern)
    return V.T(IndexStack(pattern, COL, _end(end[COL])))


def _pattern_sum(before, after):
    cells = [(t, (("head", k + 1), None)) for k, t in enumerate(before)]
    cells += [(t, (("tail", len(after) - 1 - k), None)) for k, t in enumerate(after)]
    pattern, end = infer(cells, (ROW,))
    _scalar(pattern)
    return sp.Sum(pattern, (ROW, 1, end[ROW]))


def ellipsis_sum(terms, dots):
    """``b + t_1 + t_2 + \\cdots + t_n + c``: ``terms`` as written, the ellipsis before
    ``terms[dots]``. The pattern's terms are the run around the ellipsis that one index
    pattern reproduces (a SymPy Sum over the running index from 1 to n); terms outside it
    are added as they are. Several runs with different meanings: refused."""
    found, last = {}, None
    for s in range(dots):
        for e in range(dots + 1, len(terms) + 1):
            try:
                total = sp.Add(*terms[:s], _pattern_sum(terms[s:dots], terms[dots:e]), *terms[e:])
            except PatternError as err:
                last = err
                continue
            found[total] = None
    if not found:
        raise last or PatternError("a sum with an ellipsis and no terms around it")
    if len(found) > 1:
        raise PatternError("a sum with an ellipsis whose terms fit several index patterns")
    return next(iter(found))
