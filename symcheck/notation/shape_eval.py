"""The shape of an expression under the dimensions a write-up declared, at
concrete sizes.

``Evaluator(decls, seed).shapes(text)`` reads ``text`` (tokens of
:func:`.preprocess.tokenize`, never evaluated) and returns the shapes it can
have, one per plausible reading, at one concrete choice of the declared sizes
(``n_l = 3``, ``n_{l-1} = 5`` …, distinct, seeded): a tuple of ``(rows, cols)``
(a number is ``(1, 1)``), empty when every reading is ill-formed, or ``None``
when something in it is not declared (an unknown never makes a finding).
A tuple ``(b_l, A_l)`` gives a :class:`Tup` of its items' shapes.

Readings kept (a finding needs every one of them to fail):

- juxtaposition and ``\\cdot`` (``\\bullet``): the matrix product; between two
  vectors of one orientation also the outer product and, of one size, the dot
  product and ⊙; a number scales anything;
- ``+``: equal shapes, a number added to anything, a vector broadcast along a
  matrix (``W A + b``, numpy's rule);
- ``\\operatorname{grad}_X f`` and ``\\nabla_X f`` of a scalar f have the shape of
  X (a gradient); ∇ also the transposed shape when the file writes ∇ as a row
  (a Jacobian); ``\\frac{\\partial f}{\\partial X}`` both layouts; ``\\nabla g(x)``
  of a declared ``g: ℝ^n → ℝ^m`` both layouts, of an elementwise σ a diagonal
  n × n;
- a function declared ``ℝ → ℝ`` (σ_l), σ, exp, log, tanh applied to a vector
  are elementwise; a declared ``ℝ^p → ℝ^q`` gives its codomain; ``C`` (the
  cost) and ``C(…)`` are numbers unless declared otherwise.
"""

from __future__ import annotations

import functools
import re
from typing import Optional

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from .dimensions import Declarations, Name, tokens
from .shape_parser import ELEMENTWISE, GRAD, MAX_DEPTH, SCALAR, ShapeParser, Tup, Unknown

__all__ = ["Evaluator", "Tup", "concrete", "must_differ", "partitions", "ELEMENTWISE", "MAX_DEPTH"]

MAX_TOKENS = 400


def as_basic(x):
    """A size as a SymPy object (sizes are built as SymPy objects or ints, never from text)."""
    return x if isinstance(x, sp.Basic) else sp.Integer(int(x))


def concrete(shape_sizes, values: dict, rows: bool = False):
    """Declared sizes ``()``, ``(n,)``, ``(r, c)`` evaluated at ``values``: ``(r, c)`` ints, or None."""
    if shape_sizes == ():
        return SCALAR
    try:
        dims = [int(values[s]) if s in values else None for s in shape_sizes]
    except (TypeError, ValueError):
        return None
    if any(d is None or d < 1 for d in dims):
        return None
    if len(dims) == 1:
        return (1, dims[0]) if rows else (dims[0], 1)
    return tuple(dims)


class Evaluator:
    """Shapes at one concrete choice of sizes (``seed``) under ``decls``, with the vectors of
    ℝ^n as columns, or as rows (``rows``; by default as the file says)."""

    def __init__(self, decls: Declarations, seed: int = 0, rows: Optional[bool] = None,
                 values: Optional[dict] = None):
        self.decls = decls
        self.rows = decls.rows if rows is None else rows   # vectors of ℝ^n as rows
        self.rng = np.random.default_rng([seed, 1313])
        self.values: dict = dict(values or {})              # size atom -> its value (given, or drawn)
        self.used: set = set(self.values.values())
        self.memo: dict = {}      # (key, sub, sup) -> what resolve found (None while it is being found)

    # --- sizes ------------------------------------------------------------------------
    def size(self, s) -> Optional[int]:
        """The concrete value of the size expression ``s`` (a new atom gets a new, distinct value)."""
        s = as_basic(s)
        for _ in range(4):
            t = s.xreplace(dict(self.decls.equal))
            if t == s:
                break
            s = t
        atoms = sorted(s.atoms(AppliedUndef), key=sp.default_sort_key)
        s = as_basic(s.xreplace({a: sp.Integer(self._value(a)) for a in atoms}))
        s = as_basic(s.xreplace({a: sp.Integer(self._value(a)) for a in sorted(s.free_symbols,
                                                                                key=sp.default_sort_key)}))
        if not s.is_Integer or s < 1:
            return None
        return int(s)

    def _value(self, atom) -> int:
        if atom not in self.values:
            free = [v for v in range(2, 60) if v not in self.used]
            v = int(self.rng.choice(free[:12]))
            self.values[atom] = v
            self.used.add(v)
        return int(self.values[atom])

    def shape(self, sizes):
        """Declared sizes as a concrete shape (a vector of ℝ^n is a column, or a row in a row-vector file)."""
        vals = {s: self.size(s) for s in sizes}
        return concrete(tuple(sizes), vals, self.rows)

    # --- entry points ----------------------------------------------------------------------
    def shapes(self, text: str, env: Optional[dict] = None, depth: int = 0):
        """The readings' shapes of ``text`` (tuple; empty: ill-formed), a :class:`Tup`, or None."""
        toks = _tokens(text)
        if not toks or len(toks) > MAX_TOKENS or depth > MAX_DEPTH:
            return None
        p = ShapeParser(self, toks, env or {}, depth)
        try:
            val = p.expr(top=True)
            if p.i < len(toks):
                return None
        except (Unknown, RecursionError, IndexError):
            return None
        return val

    # --- names ------------------------------------------------------------------------------
    def resolve(self, name: Name, env: dict, depth: int):
        """``("var", shapes)``, ``("func", domain, codomain)``, or None for a name (each member
        is found once: a definition that leads back to itself finds nothing)."""
        if not name.readable or not self.decls.declares:
            return None
        sub = name.sub.xreplace(env) if isinstance(name.sub, sp.Basic) else name.sub
        sup = name.sup.xreplace(env) if isinstance(name.sup, sp.Basic) else name.sup
        key = (name.key, sub, sup)
        if key not in self.memo:
            self.memo[key] = None
            self.memo[key] = self._resolve(name, sub, sup, depth)
        return self.memo[key]

    def _resolve(self, name: Name, sub, sup, depth: int):
        entries = self.decls.lookup(name.key)
        exact = [e for e in entries if not e.family and e.name.sub == sub and e.name.sup == sup]
        family = [e for e in entries if e.family]
        for e in exact + family:
            binding = {}
            if e.family:
                ok = True
                for mine, theirs in ((e.name.sub, sub), (e.name.sup, sup)):
                    if isinstance(mine, sp.Symbol):
                        binding[mine] = theirs
                    elif mine != theirs:
                        ok = False
                if not ok:
                    continue
            if e.domain is not None:
                return ("func", tuple(as_basic(s).xreplace(binding) for s in e.domain),
                        tuple(as_basic(s).xreplace(binding) for s in e.codomain))
            if e.shape is not None:
                s = self.shape([as_basic(x).xreplace(binding) for x in e.shape])
                if s is not None:
                    return ("var", (s,))
                continue
            if e.definition is not None and depth < MAX_DEPTH:
                val = self.shapes(e.definition, binding, depth + 1)
                if isinstance(val, tuple) and len(val) == 1:
                    return ("var", val)
        return None


@functools.lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple:
    return tuple(t for t in tokens(_mark_grad(text)) if t.kind != "newline")


def must_differ(a, b) -> bool:
    """Must the sizes ``a`` and ``b`` differ in a counterexample? Only sizes of one family at
    layers a constant apart (n_l and n_{l-1}, or n_1 and n_2); any other two sizes (n and n_0,
    n_l and n_L, m and n) a write-up may mean to be equal without saying so."""
    if not (isinstance(a, AppliedUndef) and isinstance(b, AppliedUndef)) or a.func != b.func:
        return False
    gap = sp.simplify(a.args[0] - b.args[0])
    return bool(gap.is_Integer) and gap != 0


def partitions(atoms: list, limit: int = 300):
    """Every way of making some of ``atoms`` equal, as ``{atom: value}``, blocks of distinct
    values; atoms that :func:`must_differ` never share a block (at most ``limit`` ways)."""
    values = [5, 7, 11, 13, 17, 19, 23, 29, 31]
    out: list = []

    def place(i, blocks):
        if len(out) >= limit:
            return
        if i == len(atoms):
            out.append({a: values[k] for k, block in enumerate(blocks) for a in block})
            return
        for block in blocks:
            if not any(must_differ(atoms[i], b) for b in block):
                block.append(atoms[i])
                place(i + 1, blocks)
                block.pop()
        blocks.append([atoms[i]])
        place(i + 1, blocks)
        blocks.pop()

    if len(atoms) <= len(values):
        place(0, [])
    return out


def _mark_grad(text: str) -> str:
    return re.sub(r"\\(?:operatorname|mathrm|text|textrm)\s*\{\s*grad\s*\}|\\grad\b", r"\\" + GRAD + " ", text)
