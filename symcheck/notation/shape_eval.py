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
from dataclasses import dataclass
from typing import Optional

import numpy as np
import sympy as sp
from sympy.core.function import AppliedUndef

from .dimensions import Declarations, Name, group_end, layer_expr, read_name
from .preprocess import tokenize

__all__ = ["Evaluator", "Tup", "concrete", "ELEMENTWISE", "MAX_DEPTH"]

ELEMENTWISE = {"sigma", "exp", "log", "ln", "tanh", "relu", "ReLU", "softplus"}
SCALAR = (1, 1)
MAX_DEPTH = 5
MAX_TOKENS = 400
GRAD = "gradop"   # \operatorname{grad} (the tokenizer would read it as ∇)


@dataclass(frozen=True)
class Tup:
    """A tuple ``(u, v, …)``: the shapes of its items (each a tuple of readings, or None)."""

    items: tuple


class Unknown(Exception):
    """Something in the expression is not declared or not modelled."""


def _t(s):
    return (s[1], s[0])


def _uniq(shapes) -> tuple:
    out = []
    for s in shapes:
        if s not in out:
            out.append(s)
    return tuple(out)


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

    def __init__(self, decls: Declarations, seed: int = 0, rows: Optional[bool] = None):
        self.decls = decls
        self.rows = decls.rows if rows is None else rows   # vectors of ℝ^n as rows
        self.rng = np.random.default_rng([seed, 1313])
        self.values: dict = {}
        self.used: set = set()
        self.memo: dict = {}      # (key, sub, sup) -> what resolve found (None while it is being found)

    # --- sizes ------------------------------------------------------------------------
    def size(self, s) -> Optional[int]:
        """The concrete value of the size expression ``s`` (a new atom gets a new, distinct value)."""
        s = sp.sympify(s)
        for _ in range(4):
            t = s.xreplace(dict(self.decls.equal))
            if t == s:
                break
            s = t
        atoms = sorted(s.atoms(AppliedUndef), key=sp.default_sort_key)
        s = sp.sympify(s.xreplace({a: sp.Integer(self._value(a)) for a in atoms}))
        s = sp.sympify(s.xreplace({a: sp.Integer(self._value(a)) for a in sorted(s.free_symbols,
                                                                                key=sp.default_sort_key)}))
        if not s.is_Integer or s < 1:
            return None
        return int(s)

    def _value(self, atom) -> int:
        if atom not in self.values:
            free = [v for v in range(2, 40) if v not in self.used]
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
        p = _Parser(self, toks, env or {}, depth)
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
                return ("func", tuple(sp.sympify(s).xreplace(binding) for s in e.domain),
                        tuple(sp.sympify(s).xreplace(binding) for s in e.codomain))
            if e.shape is not None:
                s = self.shape([sp.sympify(x).xreplace(binding) for x in e.shape])
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
    return tuple(t for t in tokenize(_mark_grad(text)) if t.kind not in ("eof", "newline"))


def _mark_grad(text: str) -> str:
    import re

    return re.sub(r"\\(?:operatorname|mathrm|text|textrm)\s*\{\s*grad\s*\}|\\grad\b", r"\\" + GRAD + " ", text)


# --- the parser ----------------------------------------------------------------------------
def _add(a, b):
    out = []
    for s in a:
        for t in b:
            if s == t or t == SCALAR:
                out.append(s)
            elif s == SCALAR:
                out.append(t)
            elif s[0] == t[0] and 1 in (s[1], t[1]):
                out.append((s[0], max(s[1], t[1])))     # a column broadcast along a matrix
            elif s[1] == t[1] and 1 in (s[0], t[0]):
                out.append((max(s[0], t[0]), s[1]))     # a row broadcast down a matrix
    return _uniq(out)


def _mul(a, b, op: str):
    out = []
    for s in a:
        for t in b:
            if s == SCALAR:
                out.append(t)
                continue
            if t == SCALAR:
                out.append(s)
                continue
            if op == "odot":
                if s == t:
                    out.append(s)
                continue
            if s[1] == t[0]:
                out.append((s[0], t[1]))
            both_cols, both_rows = s[1] == 1 and t[1] == 1, s[0] == 1 and t[0] == 1
            if both_cols or both_rows:
                n, m = (s[0], t[0]) if both_cols else (s[1], t[1])
                out.append((n, m))                    # an outer product written loosely
                if n == m:
                    out.extend([SCALAR, s])           # a dot product, or ⊙
    return _uniq(out)


class _Parser:
    def __init__(self, ev: Evaluator, toks, env: dict, depth: int):
        self.ev, self.toks, self.env, self.depth, self.i = ev, toks, env, depth, 0

    def peek(self, k: int = 0):
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def at(self, kind: str, text: Optional[str] = None, k: int = 0) -> bool:
        t = self.peek(k)
        return t is not None and t.kind == kind and (text is None or t.text == text)

    def expr(self, top: bool = False):
        if self.at("char", "-") or self.at("char", "+"):
            self.i += 1
        val = self.term()
        while self.at("char", "+") or self.at("char", "-"):
            self.i += 1
            other = self.term()
            if isinstance(val, Tup) or isinstance(other, Tup) or val is None or other is None:
                raise Unknown
            val = _add(val, other)
        return val

    def term(self):
        val = self.factor()
        while True:
            t = self.peek()
            if t is None or (t.kind == "char" and t.text in "+-),]}=") or t.kind in ("amp",) \
                    or (t.kind == "char" and t.text == ","):
                return val
            op = "mul"
            if t.kind == "cmd" and t.text in ("cdot", "odot", "times", "otimes"):
                if t.text in ("times", "otimes"):
                    raise Unknown
                op = t.text
                self.i += 1
            elif t.kind == "char" and t.text in ("*", "/"):
                self.i += 1
                if t.text == "/":
                    den = self.factor()
                    if den != (SCALAR,) or isinstance(val, Tup):
                        raise Unknown
                    continue
            other = self.factor()
            if isinstance(val, Tup) or isinstance(other, Tup):
                raise Unknown
            val = _mul(val, other, "odot" if op == "odot" else "mul")
            if op == "cdot":
                pass  # the matrix product, the dot product and ⊙ are all among _mul's readings

    def factor(self):
        if self.at("char", "-"):
            self.i += 1
        val = self.primary()
        while self.at("char", "^") or self.at("char", "_") or self.at("char", "'"):
            t = self.peek()
            if t.text == "_" or t.text == "'":
                raise Unknown  # a component of an expression, or a prime on one
            j = group_end(self.toks, self.i + 1)
            inner = [x for x in self.toks[self.i + 1:j] if not (x.kind == "char" and x.text in "{}")]
            self.i = j
            if isinstance(val, Tup):
                raise Unknown
            if len(inner) == 1 and inner[0].text == "T" and inner[0].kind in ("cmd", "letter"):
                val = _uniq(_t(s) for s in val)
            elif val == (SCALAR,):
                continue  # a power of a number
            else:
                raise Unknown
        return val

    def group(self, open_: str, close: str):
        self.i += 1
        items = [self.expr()]
        while self.at("char", ","):
            self.i += 1
            items.append(self.expr())
        if self.at("char", close):
            self.i += 1
        elif self.peek() is not None:
            raise Unknown
        # a bracket left open at the very end of a side closes there (one reading only)
        return items[0] if len(items) == 1 else Tup(tuple(items))

    def primary(self):
        t = self.peek()
        if t is None:
            raise Unknown
        if t.kind == "num":
            self.i += 1
            return (SCALAR,)
        if t.kind == "char" and t.text in "([":
            val = self.group(t.text, ")" if t.text == "(" else "]")
            if self.at("char", "("):
                raise Unknown  # an expression applied to arguments
            return val
        if t.kind == "char" and t.text == "{":
            j = group_end(self.toks, self.i)
            inner = _Parser(self.ev, self.toks[self.i + 1:j - 1], self.env, self.depth)
            val = inner.expr()
            if inner.i < len(inner.toks):
                raise Unknown
            self.i = j
            return val
        if t.kind == "char" and t.text == "‖":
            j = self.i + 1
            while j < len(self.toks) and not (self.toks[j].kind == "char" and self.toks[j].text == "‖"):
                j += 1
            self.i = j + 1
            return (SCALAR,)
        if t.kind == "cmd" and t.text in ("frac", "dfrac", "tfrac"):
            return self.fraction()
        if t.kind == "cmd" and t.text in ("nabla", GRAD):
            return self.gradient(t.text)
        return self.name()

    def _group_toks(self):
        j = group_end(self.toks, self.i)
        t = self.toks[self.i]
        inner = self.toks[self.i + 1:j - 1] if t.kind == "char" and t.text == "{" else self.toks[self.i:j]
        self.i = j
        return inner

    def sub_value(self, toks):
        p = _Parser(self.ev, toks, self.env, self.depth)
        val = p.expr()
        if p.i < len(toks):
            raise Unknown
        return val

    def fraction(self):
        self.i += 1
        num, den = self._group_toks(), self._group_toks()
        if num and num[0].kind == "cmd" and num[0].text == "partial" and den and den[0].text == "partial":
            top = self.sub_value(num[1:])
            name, j = read_name(den, 1)
            if name is None or j != len(den) or name.transpose:
                raise Unknown
            wrt = self._var(name)
            if top is None or isinstance(top, Tup) or len(top) != 1:
                raise Unknown
            f, x = top[0], wrt[0]
            if x == SCALAR:
                return (f,)
            if f == SCALAR:
                return _uniq([x, _t(x)])
            if 1 in f and 1 in x:  # a vector by a vector: the Jacobian, in either layout
                p, q = max(f), max(x)
                return _uniq([(p, q), (q, p)])
            raise Unknown
        if any(t.kind == "cmd" and t.text == "partial" for t in num + den):
            raise Unknown
        top, bottom = self.sub_value(num), self.sub_value(den)
        if bottom != (SCALAR,) or top is None or isinstance(top, Tup):
            raise Unknown
        return top

    def _var(self, name: Name):
        got = self.ev.resolve(name, self.env, self.depth)
        if got is None or got[0] != "var":
            raise Unknown
        val = got[1]
        return _uniq(_t(s) for s in val) if name.transpose else val

    def gradient(self, which: str):
        self.i += 1
        wrt = None
        if self.at("char", "_"):
            inner = self._group_toks_after_script()
            name, j = read_name(inner, 0)
            if name is None or j != len(inner) or name.transpose:
                raise Unknown
            wrt = self._var(name)
        row = which == "nabla" and self.ev.decls.nabla_row
        if wrt is not None:
            f = self.primary()
            if f != (SCALAR,) or len(wrt) != 1:
                raise Unknown
            x = wrt[0]
            return _uniq([x, _t(x)] if row else [x])
        name, j = read_name(self.toks, self.i)
        if name is None or not name.readable or not self.at("char", "(", j - self.i):
            raise Unknown
        self.i = j
        arg = self.group("(", ")")
        got = self.ev.resolve(name, self.env, self.depth)
        if got is None or got[0] != "func" or isinstance(arg, Tup):
            if name.base in ELEMENTWISE and not name.primes and arg is not None and not isinstance(arg, Tup):
                return self._diagonal(arg)
            raise Unknown
        _, dom, cod = got
        if dom == () and cod == ():
            return self._diagonal(arg)
        d = self.ev.shape(dom)
        if d is None or len(dom) != 1:
            raise Unknown
        n = max(d)
        if cod == ():
            return _uniq([(n, 1), (1, n)] if row else [(n, 1)])
        c = self.ev.shape(cod)
        if which == GRAD or c is None or len(cod) != 1:
            raise Unknown
        m = max(c)
        return _uniq([(m, n), (n, m)])

    def _diagonal(self, arg):
        if arg is None or len(arg) != 1 or 1 not in arg[0]:
            raise Unknown
        n = max(arg[0])
        return ((n, n),)

    def skip_group(self):
        """Step over a bracketed argument (to its closing bracket, or to the end of the side)."""
        depth = 0
        while self.i < len(self.toks):
            t = self.toks[self.i]
            self.i += 1
            if t.kind == "char" and t.text in "([":
                depth += 1
            elif t.kind == "char" and t.text in ")]":
                depth -= 1
                if depth == 0:
                    return

    def _group_toks_after_script(self):
        self.i += 1  # the "_"
        return self._group_toks()

    def name(self):
        name, j = read_name(self.toks, self.i)
        if name is None or not name.readable:
            raise Unknown
        self.i = j
        got = self.ev.resolve(name, self.env, self.depth)
        applied = self.at("char", "(")
        if applied:
            if got is not None and got[0] == "func" and got[1] != ():
                self.skip_group()   # a declared ℝ^p → ℝ^q: its value has the codomain's shape
                c = self.ev.shape(got[2])
                if c is None or name.primes:
                    raise Unknown
                return (c,)
            arg = self.group("(", ")")
            if got is not None and got[0] == "func":
                _, dom, cod = got
                if dom == () and cod == () and not name.primes:
                    if arg is None or isinstance(arg, Tup):
                        raise Unknown
                    return arg
                c = self.ev.shape(cod)
                if c is None or name.primes:
                    raise Unknown
                return (c,)
            if got is not None:
                if arg is None or isinstance(arg, Tup):
                    raise Unknown
                val = self._var(name)
                return _mul(val, arg, "mul")
            if name.base in ELEMENTWISE and arg is not None and not isinstance(arg, Tup) and name.sup is None:
                return arg
            if name.base == "C" and name.sub is None and name.sup is None and not name.primes:
                return (SCALAR,)   # the cost of its argument
            raise Unknown
        if got is None:
            if name.base == "C" and name.key == ("C", False, False) and not name.primes:
                return (SCALAR,)
            raise Unknown
        if got[0] != "var" or name.primes:
            raise Unknown
        return self._var(name)


def layer_of(text: str):
    """A layer expression written in ``text`` (for tests and tools), or "bad"."""
    return layer_expr([t for t in tokenize(text) if t.kind != "eof"])
