"""The reader behind :class:`.shape_eval.Evaluator`: an expression's tokens to the shapes
of its readings at concrete sizes (see that module for the readings kept).

:class:`ShapeParser` is handed the evaluator (``ev``: ``resolve``, ``shape``, ``decls``)
and never imports it. Values: a tuple of ``(rows, cols)`` readings (empty: ill-formed
under every one), or a :class:`Tup`; anything not modelled raises :class:`Unknown`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .dimensions import Name, group_end, read_name

__all__ = ["ShapeParser", "Tup", "Unknown", "add_shapes", "mul_shapes", "transpose", "unique", "SCALAR", "GRAD",
           "ELEMENTWISE", "MAX_DEPTH"]

ELEMENTWISE = {"sigma", "exp", "log", "ln", "tanh", "relu", "ReLU", "softplus"}
SCALAR = (1, 1)
GRAD = "gradop"   # \\operatorname{grad} (the tokenizer would read it as ∇)
MAX_DEPTH = 5


@dataclass(frozen=True)
class Tup:
    """A tuple ``(u, v, …)``: the shapes of its items (each a tuple of readings, or None)."""

    items: tuple


class Unknown(Exception):
    """Something in the expression is not declared or not modelled."""


def transpose(s):
    return (s[1], s[0])


def unique(shapes) -> tuple:
    out = []
    for s in shapes:
        if s not in out:
            out.append(s)
    return tuple(out)


def add_shapes(a, b):
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
    return unique(out)


def mul_shapes(a, b, op: str):
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
    return unique(out)


class ShapeParser:
    def __init__(self, ev, toks, env: dict, depth: int):  # ev: a shape_eval.Evaluator
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
            val = add_shapes(val, other)
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
            val = mul_shapes(val, other, "odot" if op == "odot" else "mul")
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
                val = unique(transpose(s) for s in val)
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
            inner = ShapeParser(self.ev, self.toks[self.i + 1:j - 1], self.env, self.depth)
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
        p = ShapeParser(self.ev, toks, self.env, self.depth)
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
                return unique([x, transpose(x)])
            if 1 in f and 1 in x:  # a vector by a vector: the Jacobian, in either layout
                p, q = max(f), max(x)
                return unique([(p, q), (q, p)])
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
        return unique(transpose(s) for s in val) if name.transpose else val

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
            return unique([x, transpose(x)] if row else [x])
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
            return unique([(n, 1), (1, n)] if row else [(n, 1)])
        c = self.ev.shape(cod)
        if which == GRAD or c is None or len(cod) != 1:
            raise Unknown
        m = max(c)
        return unique([(m, n), (n, m)])

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
                return mul_shapes(val, arg, "mul")
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


