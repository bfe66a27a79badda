"""Arithmetic on printed numbers: a small, safe reader of numeric LaTeX.

Reads expressions made of numbers, ``+ - \\times \\cdot / ^``, parentheses,
``\\frac``, ``\\sqrt``, ``e^{…}``, ``\\exp``, ``\\ln``/``\\log`` (natural),
``\\sigma`` (the sigmoid) and names whose values were given earlier
(``\\gamma_1 = 0.01``). Anything else raises :class:`NotNumeric`. Nothing is
ever evaluated as code: the reader builds a tree of Python closures.

Tolerance follows the printed digits: ``0.5945`` stands for any value within
``5e-5``. Numbers carried from earlier results bring their own rounding, which
is propagated (first order) into the tolerance of the expression using them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Callable, Optional


class NotNumeric(Exception):
    """The expression is not plain arithmetic on known numbers."""


_TOKEN = re.compile(
    r"\s+|(?P<num>\d+(?:\.\d*)?|\.\d+)"
    r"|(?P<cmd>\\[A-Za-z]+|\\[,;:! ])"
    r"|(?P<name>[A-Za-z](?:'|\s)*)"
    r"|(?P<sym>[-+*/^()\[\]{}_|,])")
_SKIP = {r"\left", r"\right", r"\,", r"\;", r"\:", r"\!", r"\ ", r"\quad", r"\qquad", r"\big", r"\Big", r"\bigg",
         r"\Bigg", r"\displaystyle", r"\dfrac", r"\tfrac"}
_GREEK = {r"\alpha", r"\beta", r"\gamma", r"\delta", r"\epsilon", r"\varepsilon", r"\eta", r"\theta", r"\lambda",
          r"\mu", r"\nu", r"\rho", r"\tau", r"\phi", r"\omega", r"\xi", r"\zeta", r"\kappa", r"\pi_"}
_MAX_ABS = 1e300


@dataclass
class Number:
    index: int
    text: str
    value: float
    negated_by: Optional[int] = None   # index of the unary minus right before it, if any


@dataclass
class Parsed:
    fn: Callable[[list, set], float]      # (number values, dropped minus ids) -> value
    numbers: list[Number] = field(default_factory=list)
    minuses: list[int] = field(default_factory=list)  # ids of unary minuses, in order
    leading_minus: Optional[int] = None
    text: str = ""

    def value(self, values=None, dropped=frozenset()) -> float:
        vals = [n.value for n in self.numbers] if values is None else values
        try:
            v = self.fn(vals, dropped)
        except (OverflowError, ZeroDivisionError, ValueError, TypeError) as exc:
            raise NotNumeric(f"cannot evaluate: {exc}") from exc
        if not isinstance(v, (int, float, complex)):
            return v
        if isinstance(v, complex) or v != v or abs(v) > _MAX_ABS:
            raise NotNumeric("the value is not a finite real number")
        return v


def decimals(text: str) -> int:
    """Printed decimals of a number literal: "0.5945" → 4, "35" → 0, ".5" → 1."""
    return len(text.split(".", 1)[1]) if "." in text else 0


def printed_tolerance(text: str) -> float:
    """Half a unit of the last printed digit."""
    return 0.5 * 10.0 ** (-decimals(text))


class NumOps:
    """Float arithmetic (the default)."""

    symbolic = False
    log, exp, tanh, sqrt, sigma = staticmethod(math.log), staticmethod(math.exp), staticmethod(math.tanh), \
        staticmethod(math.sqrt), staticmethod(lambda x: _sigmoid(x))
    e = math.e

    @staticmethod
    def number(text):
        return float(text)

    def name(self, key, display):
        raise NotNumeric(f"{display} has no known value")

    def apply(self, key, display, primes, arg):
        raise NotNumeric(f"{display}(...) is not a known function")

    def derivative(self, num, den_key, den_display, body):
        raise NotNumeric("a derivative")


class _Parser:
    def __init__(self, latex: str, env: dict, ops=None):
        self.toks = self._tokenize(latex)
        self.i = 0
        self.env = env
        self.ops = ops or NumOps()
        self.numbers: list[Number] = []
        self.minuses: list[int] = []
        self.leading_minus: Optional[int] = None

    @staticmethod
    def _tokenize(s: str) -> list[tuple[str, str]]:
        out, pos = [], 0
        while pos < len(s):
            m = _TOKEN.match(s, pos)
            if not m or m.end() == pos:
                raise NotNumeric(f"unexpected {s[pos]!r}")
            pos = m.end()
            kind = m.lastgroup
            if kind is None:
                continue
            tok = m.group(kind).strip() if kind == "name" else m.group(kind)
            if kind == "cmd" and tok in _SKIP:
                continue
            if kind == "cmd" and tok in (r"\times", r"\cdot", r"\ast"):
                kind, tok = "sym", "*"
            elif kind == "cmd" and tok == r"\div":
                kind, tok = "sym", "/"
            out.append((kind, tok))
        return out

    def peek(self, k=0):
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else ("end", "")

    def take(self, tok=None):
        t = self.peek()
        if tok is not None and t[1] != tok:
            raise NotNumeric(f"expected {tok!r}, found {t[1]!r}")
        self.i += 1
        return t

    def parse(self):
        f = self.expr()
        if self.peek()[0] != "end":
            raise NotNumeric(f"unexpected {self.peek()[1]!r}")
        return f

    def expr(self):
        f = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            g = self.term()
            f = (lambda a, b: lambda v, d: a(v, d) + b(v, d))(f, g) if op == "+" else \
                (lambda a, b: lambda v, d: a(v, d) - b(v, d))(f, g)
        return f

    def _starts_atom(self) -> bool:
        k, t = self.peek()
        return k in ("num", "name") or t in ("(", "[", "{") or (k == "cmd" and t not in (r"\end",))

    def term(self):
        f = self.unary()
        while True:
            t = self.peek()[1]
            if t in ("*", "/"):
                self.take()
                g = self.unary()
                f = (lambda a, b: lambda v, d: a(v, d) * b(v, d))(f, g) if t == "*" else \
                    (lambda a, b: lambda v, d: a(v, d) / b(v, d))(f, g)
            elif self._starts_atom():  # implicit product: 0.15(0.05), 0.99 \ln(...)
                g = self.power()
                f = (lambda a, b: lambda v, d: a(v, d) * b(v, d))(f, g)
            else:
                return f

    def unary(self):
        t = self.peek()[1]
        if t == "+":
            self.take()
            return self.unary()
        if t == "-":
            at_start = self.i == 0
            self.take()
            mid = len(self.minuses)
            self.minuses.append(mid)
            if at_start:
                self.leading_minus = mid
            next_is_number, next_index = self.peek()[0] == "num", len(self.numbers)
            g = self.unary()
            if next_is_number:
                self.numbers[next_index].negated_by = mid
            return (lambda a, m: lambda v, d: a(v, d) if m in d else -a(v, d))(g, mid)
        return self.power()

    def power(self):
        f = self.atom()
        if self.peek()[1] == "^":
            self.take()
            if self.peek()[1] in ("-", "+"):
                g = self.unary()
            else:
                g = self.atom()
            return (lambda a, b: lambda v, d: self.ops.pow(a(v, d), b(v, d)))(f, g) if self.ops.symbolic else \
                (lambda a, b: lambda v, d: _pow(a(v, d), b(v, d)))(f, g)
        return f

    def group(self):
        """A braced group or a single atom (for \\frac12, e^2)."""
        if self.peek()[1] == "{":
            self.take("{")
            f = self.expr()
            self.take("}")
            return f
        return self.atom()

    def atom(self):
        kind, tok = self.peek()
        if kind == "num":
            self.take()
            idx = len(self.numbers)
            self.numbers.append(Number(idx, tok, self.ops.number(tok)))
            return lambda v, d, i=idx: v[i]
        if tok in ("(", "[", "{"):
            self.take()
            f = self.expr()
            self.take({"(": ")", "[": "]", "{": "}"}[tok])
            return f
        if kind == "cmd":
            self.take()
            if tok == r"\frac" and self.peek() == ("sym", "{") and self.peek(1) in (("cmd", r"\partial"),
                                                                                   ("name", "d")) \
                    and self._is_derivative():
                return self._partial()
            if tok == r"\frac":
                a = self.group()
                b = self.group()
                return lambda v, d: a(v, d) / b(v, d)
            if tok == r"\sqrt":
                a = self.group()
                return lambda v, d: self.ops.sqrt(a(v, d))
            if tok in (r"\ln", r"\log", r"\exp", r"\sigma", r"\tanh"):
                if tok in (r"\ln", r"\log") and self.peek()[1] == "_":
                    raise NotNumeric("a logarithm with a base")
                a = self.power() if self.peek()[1] not in ("(", "[", "{") else self.atom()
                o = self.ops
                fn = {r"\ln": o.log, r"\log": o.log, r"\exp": o.exp, r"\tanh": o.tanh, r"\sigma": o.sigma}[tok]
                return lambda v, d: fn(a(v, d))
            if tok in _GREEK or tok.startswith("\\"):
                return self._name(tok)
        if kind == "name":
            self.take()
            if tok == "e" and self.peek()[1] == "^":
                return lambda v, d: self.ops.e
            return self._name(tok)
        raise NotNumeric(f"unexpected {tok!r}")

    def _name(self, base: str):
        sub = ""
        if self.peek()[1] == "_":
            self.take()
            if self.peek()[1] == "{":
                self.take()
                parts = []
                while self.peek()[1] != "}":
                    if self.peek()[0] == "end":
                        raise NotNumeric("unclosed subscript")
                    parts.append(self.take()[1])
                self.take("}")
                sub = "".join(parts)
            else:
                sub = self.take()[1]
        primes = base.count("'")
        base = base.replace("'", "").strip()
        display = base + ("_" + sub if sub else "")
        name = name_key(display)
        if self.peek()[1] == "^" and self.peek(1)[1] in ("T", "{"):
            raise NotNumeric("a superscript on a name (layer index or transpose)")
        if primes or (self.peek()[1] == "(" and name not in self.env and self.ops.symbolic
                      and self.ops.is_function(name)):
            self.take("(")
            arg = self.expr()
            self.take(")")
            return lambda v, d: self.ops.apply(name, display, primes, arg(v, d))
        if name in self.env:
            val = self.env[name]
            val = float(val) if not self.ops.symbolic else self.ops.number(repr(float(val)))
            return lambda v, d: val
        sym = self.ops.name(name, display)
        return lambda v, d: sym

    def _is_derivative(self) -> bool:
        """After ``\\frac``: ``{\\partial …}{\\partial x}`` or ``{d…}{dx}``."""
        depth, j = 0, self.i
        while j < len(self.toks):
            t = self.toks[j][1]
            depth += t == "{"
            depth -= t == "}"
            j += 1
            if depth == 0:
                break
        return j + 1 < len(self.toks) and self.toks[j][1] == "{" and self.toks[j + 1][1] in (r"\partial", "d")

    def _partial(self):
        r"""``\frac{\partial X}{\partial y} body`` or ``\frac{\partial}{\partial y} body``."""
        self.take("{")
        self.take()  # \partial or d
        num = None
        if self.peek()[1] != "}":
            num = self.expr()
        self.take("}")
        self.take("{")
        self.take()
        kind, tok = self.take()
        if kind not in ("name", "cmd") or self.peek()[1] != "}":
            raise NotNumeric("a derivative with respect to something other than one symbol")
        self.take("}")
        key = name_key(tok)
        if num is None:
            body = self.power()
            return lambda v, d: self.ops.derivative(None, key, tok, body(v, d))
        return lambda v, d: self.ops.derivative(num(v, d), key, tok, None)


def name_key(s: str) -> str:
    """A canonical key for a name: ``\\gamma_{1}`` and ``\\gamma_1`` agree."""
    s = re.sub(r"\\(?:mathrm|text|mathit|operatorname)\s*\{([^{}]*)\}", r"\1", s)
    return re.sub(r"[\s{}]", "", s)


def _pow(a, b):
    r = a ** b
    if isinstance(r, complex):
        raise ValueError("complex power")
    return r


def _sigmoid(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def parse(latex: str, env: Optional[dict] = None, ops=None) -> Parsed:
    """Read ``latex`` as arithmetic (or, with symbolic ``ops``, as plain
    algebra). Raises :class:`NotNumeric`."""
    if len(latex) > 2000:
        raise NotNumeric("too long for arithmetic")
    p = _Parser(latex, env or {}, ops)
    if not p.toks:
        raise NotNumeric("empty")
    fn = p.parse()
    if not p.numbers and not any(k == "name" or k == "cmd" for k, _ in p.toks):
        raise NotNumeric("no numbers")
    return Parsed(fn, p.numbers, p.minuses, p.leading_minus, latex)


def is_literal(parsed: Parsed) -> bool:
    """The expression is one printed number, possibly negated: "0.5945", "-39"."""
    toks = [t for t in _Parser._tokenize(parsed.text)]
    return len(parsed.numbers) == 1 and [t for k, t in toks if k != "num"] in ([], ["-"], ["+"])


def carried_error(parsed: Parsed, carried: dict[float, float], values=None) -> float:
    """First-order bound on the error of ``parsed`` from rounded numbers it uses
    (``carried`` maps a printed value to its rounding tolerance)."""
    vals = [n.value for n in parsed.numbers] if values is None else list(values)
    base = parsed.value(vals)
    total = 0.0
    for i, n in enumerate(parsed.numbers):
        tol = carried.get(round(abs(n.value), 12))
        if not tol:
            continue
        h = tol
        up = list(vals)
        up[i] += h
        try:
            total += abs(parsed.value(up) - base)
        except NotNumeric:
            total += float("inf")
    return total


def fmt(x: float) -> str:
    if x == 0:
        return "0"
    if abs(x) < 1e-4 or abs(x) >= 1e7:
        return f"{x:.4g}"
    return f"{x:.6g}"
