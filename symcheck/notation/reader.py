"""Reading: LaTeX as students write it -> SymPy objects with the intended meaning.

A small recursive-descent reader over the tokens of :mod:`.preprocess`; it
constructs SymPy objects from the parse tree only (never ``sympify`` or
``parse_expr`` of the text). The notation rules (docs/notation.md):

- a superscript that is a layer (l, L, l+1, L-1, a number with a subscript)
  on a layered quantity (a, z, w, b, δ, Σ', ∇) is an index; otherwise a power;
- ``^T`` in every spelling is a transpose; ``⊙`` the Hadamard product;
- σ, σ', σ'' are the activation and its derivatives; Σ'(z) = diag(σ'(z));
- ∂C/∂X of a layered X is the gradient of the cost; ∂u/∂v of plain symbols
  stays an unevaluated derivative (never 0);
- Greek letters are symbols (γ is not Euler's constant), case is kept;
- OCR look-alikes (α for a, ω for w, S for δ, e for l) are read as the
  network quantity only when they carry layer scripts and the reading option
  ``"ocr"`` is set, and the reading says so.

Precedence, loosest first: relation; ``+ -``; ``⊙``; ``· × / \\bmod`` and
juxtaposition; unary minus; scripts, application and ``!``.

The house: :mod:`.cursor` (tokens), :mod:`.statements` (relations),
this module (expressions and atoms), :mod:`.names` (names and scripts),
:mod:`.structures` (fractions, sums, ∇, matrices), :mod:`.commands` (the table
of ``\\commands``).
"""

from __future__ import annotations

import re

import sympy as sp

from . import vocab as V
from .build import (FUNCS, RELATIONS, UNSUPPORTED, PartialMark, add, check_value, divide, is_transpose, layer_tokens,
                    mul, neg, number, power, sym, text_of, unroll)
from .commands import COMMANDS, dot_or_product, outer
from .cursor import Cursor, State, UnsupportedConstruct
from .entries import EntryError, component, indices_of
from .patterns import DOTS, PatternError, ellipsis_sum
from .names import NamesMixin
from .statements import StatementsMixin
from .structures import StructuresMixin

__all__ = ["Reader", "State"]

_OPEN_CLOSE = {"(": ")", "[": "]", "{": "}"}


class Reader(StatementsMixin, NamesMixin, StructuresMixin, Cursor):
    """Reads one statement: ``Reader(tokens, State(source)).statement()``."""

    # --- expressions ----------------------------------------------------------
    def expr(self):
        left = self.hadamard()
        terms, dots = [left], None  # a_1 + a_2 + \cdots + a_n: the terms around the ellipsis
        while self.is_("char", "+") or self.is_("char", "-"):
            op = self.next().text
            if op == "+" and dots is None and self.tok.kind == "cmd" and self.tok.text in DOTS:
                dots = (len(terms), self.next())
                self.expect("char", "+", "'+' after the ellipsis of a sum")
            right = self.hadamard()
            left = add(left, right if op == "+" else neg(right), self)
            terms.append(right if op == "+" else neg(right))
        return check_value(left if dots is None else self.ellipsis_sum(terms, *dots), self)

    def ellipsis_sum(self, terms, at, t):
        try:
            total = ellipsis_sum(terms, at)
        except PatternError as err:
            self.fail(f"a sum with an ellipsis: {err}", t)
        self.st.note(f"a sum with an ellipsis read as {total}")
        return total

    def hadamard(self):
        left = self.product()
        while self.is_("cmd", "odot"):
            self.next()
            if self.tok.kind == "cmd" and self.tok.text in DOTS:
                self.fail("an ellipsis in a chain of ∘ or ⊙ (a composition F_L ∘ … ∘ F_1, or a product of vectors) "
                          "cannot be read: how many factors, and which, is not written")
            right = self.product()
            left = V.Had(check_value(left, self), check_value(right, self))
        return left

    def product(self):
        left = self.unary()
        while True:
            t = self.tok
            if self.is_("char", ".") and self.peek().kind in ("letter", "cmd", "num") and \
                    not (self.peek().kind == "cmd" and self.peek().text in RELATIONS):
                self.next()
                self.st.note("'.' between two factors read as a product")
                right = self.unary()
                product = dot_or_product(left, right, self)  # between two vectors: their dot product
                left = mul(left, right, self) if product is None else product
            elif self.is_("cmd", "cdot") or self.is_("cmd", "times") or self.is_("char", "*"):
                dot = self.next().text == "cdot"
                right = self.unary()
                product = dot_or_product(left, right, self) if dot else None
                left = mul(left, right, self) if product is None else product
            elif self.is_("cmd", "otimes"):
                self.next()
                right = self.unary()
                left = outer(left, right)
                if left is None:
                    self.fail("⊗ of something other than two vectors (a Kronecker product) cannot be read", t)
            elif self.is_("char", "/") or self.is_("cmd", "div"):
                self.next()
                right = self.unary()
                if self.tok.kind in ("letter", "num") and self.tok.pos == self.toks[self.i - 1].pos + len(
                        self.toks[self.i - 1].text) and not isinstance(right, PartialMark) and self.st.choose(
                        "slash", "a/bc", ("a/b times c", "a/(bc): the juxtaposed factors divide")) == 1:
                    while self.tok.kind in ("letter", "num"):
                        right = mul(right, self.postfix(), self)
                if isinstance(left, PartialMark) and isinstance(right, PartialMark):
                    if right.order != 1:
                        self.fail("∂ with an order in the denominator", t)
                    left = self.derivative_of(left.expr, right.expr, left.order, t)
                else:
                    left = divide(left, right, self, t)
            elif self.is_("cmd", "bmod") or self.is_("cmd", "mod"):
                self.next()
                left = self.modulo(left, self.unary(), t)
            elif self.is_("cmd", "cdots") or self.is_("cmd", "ldots"):
                dots = self.next()
                right = self.product()
                return unroll(left, right, self, dots)
            elif self.starts_atom():
                left = mul(left, self.postfix(), self)
            else:
                return left

    def modulo(self, left, right, t):
        """``a \\bmod n``: the remainder of integers (SymPy's Mod)."""
        for side in (left, right):
            if not isinstance(side, sp.Expr) or not side.is_commutative:
                self.fail("\\bmod of something that is not a number", t)
        return sp.Mod(left, right)

    def starts_atom(self) -> bool:
        t = self.tok
        if t.kind in ("num", "letter", "begin"):
            return True
        if t.kind == "char":
            return t.text in "([{‖|" and not (t.text in "|‖" and self.in_bars > 0)
        if t.kind == "cmd":
            return t.text in COMMANDS or t.text in UNSUPPORTED
        if t.kind == "text":  # 2\text{softplus}(z): a function call, as at the start of an expression
            return bool(re.fullmatch(r"[A-Za-z]{2,}", t.text)) and self.is_("char", "(", self.peek())
        return False

    def unary(self):
        if self.is_("char", "-"):
            self.next()
            return neg(self.unary())
        if self.is_("char", "+"):
            self.next()
            return self.unary()
        return self.postfix()

    def postfix(self):
        base = self.primary()
        while True:
            if self.is_("char", "^"):
                self.next()
                base = self.superscript_on(base)
            elif self.is_("prime"):
                self.fail("a prime (') on an expression that is not a function")
            elif self.is_("char", "!"):
                t = self.next()
                if not (isinstance(base, sp.Expr) and base.is_commutative and
                        (base.is_Symbol or base.is_Integer and 0 <= base <= 1000 or not base.is_number)):
                    self.fail("a factorial of something that is not a natural number", t)
                base = sp.factorial(base)
            elif self.is_("cmd", "percent"):
                self.next()
                self.st.note("\\% read as a percentage (/100)")
                base = mul(base, sp.Rational(1, 100), self)
            elif self.is_("char", "_"):
                base = self.component_of(base)
            else:
                return base

    def component_of(self, base):
        """``(expr)_i``, ``[expr]_{ij}``: the i-th component (ij-th entry) of a vector (matrix) expression."""
        t = self.next()
        try:
            indices = indices_of(self.group_tokens())
            out = component(base, indices)
        except EntryError as err:
            self.fail(f"a subscript on an expression that is not a name: {err}", t)
        self.st.note(f"({base})_{{{''.join(map(str, indices))}}} read as " + (f"its component {out}" if out != base else
                     "the Euclidean norm" if isinstance(base, V.Norm) else "written in components (restated index)"))
        return out

    def superscript_on(self, base):
        toks = self.group_tokens()
        if is_transpose(toks):
            self.st.note("^T read as a transpose")
            return V.T(base)
        if toks[0].kind == "char" and toks[0].text == "-" and len(toks) == 2:  # x^-1
            return sp.Pow(base, neg(self.postfix()))
        exp = self.sub(toks).expr_all()
        return power(base, exp, self)

    def expr_all(self):
        e = self.expr()
        if self.tok.kind != "eof":
            self.fail(f"unexpected {self.show(self.tok)} here")
        return e

    # --- atoms ------------------------------------------------------------------
    def primary(self):
        t = self.tok
        if t.kind == "num":
            self.next()
            return self.numeral(t)
        if t.kind == "letter":
            return self.name()
        if t.kind == "text":
            self.next()
            if re.fullmatch(r"[A-Za-z]{2,}", t.text) and self.is_("char", "("):
                self.st.note(f"\\text{{{t.text}}}(...) read as a function")
                return self.undefined_function(t.text, t, 0, None)
            if self.i == 1 and re.fullmatch(r"[A-Za-z]{2,}", t.text) and self.is_("char", "="):
                self.st.note(f"\\text{{{t.text}}} before a relation read as the name {t.text}")
                return sym(t.text)  # \text{output} = …: a quantity named in a word, not prose
            if t.text:
                self.st.prose.append(t.text)
                self.st.note("\\text{...} prose dropped")
            return self.primary()
        if t.kind == "begin":
            return self.environment()
        if t.kind == "char":
            if t.text in "([":
                return self.bracketed()
            if t.text == "{":
                return self.braced()
            if t.text == "|":
                return self.bars("|", sp.Abs)
            if t.text == "‖":
                return self.bars("‖", V.Norm)
            self.fail(f"unexpected {self.show(t)} here")
        if t.kind == "cmd":
            return self.command()
        if t.kind == "eof":
            self.fail("the expression ends too early")
        self.fail(f"unexpected {self.show(t)} here")

    def braced(self):
        """A braced group: an expression, or ``{n \\choose k}`` (the binomial coefficient)."""
        toks = self.group_tokens()
        depth, at = 0, None
        for k, x in enumerate(toks):
            depth += (x.kind == "char" and x.text == "{") - (x.kind == "char" and x.text == "}")
            if depth == 0 and x.kind == "cmd" and x.text == "choose":
                at = k
        if at is None:
            return self.sub(toks).expr_all()
        top = self.sub(toks[:at] + [toks[-1]]).expr_all()
        return sp.binomial(top, self.sub(toks[at + 1:]).expr_all())

    def numeral(self, t):
        """A number as printed; ``2.5E2`` (scientific notation) is ambiguous, and a
        malformed number (``1.1.1``) is refused."""
        adjacent = self.tok.pos == t.pos + len(t.text)
        if adjacent and (self.tok.kind == "num" and self.tok.text.startswith(".") and "." in t.text or
                         self.is_("char", ".") and self.peek().kind == "num" and self.peek().pos == self.tok.pos + 1):
            self.fail(f"a malformed number {t.text}{self.tok.text}")
        if self.is_("letter", "E") and self.tok.pos == t.pos + len(t.text):
            nxt = self.peek()
            sign = 1
            k = 1
            if nxt.kind == "char" and nxt.text in "+-" and self.peek(2).kind == "num":
                sign, k = (-1 if nxt.text == "-" else 1), 2
            digits = self.peek(k)
            if digits.kind == "num" and digits.text.isdigit() and digits.pos == self.peek(k - 1).pos + len(
                    self.peek(k - 1).text):
                shown = f"{t.text}E{'-' if sign < 0 else ''}{digits.text}"
                if self.st.choose("E", shown, ("scientific notation", "a product with a symbol E")) == 0:
                    for _ in range(k + 1):
                        self.next()
                    self.st.note(f"{shown} read as scientific notation")
                    return number(t.text) * sp.Integer(10) ** (sign * int(digits.text))
        if t.text.isdigit() and self.is_("cmd", "frac") and self.mixed_fraction() is not None:
            whole, frac = number(t.text), self.mixed_fraction()
            shown = f"{t.text}\\frac{{{frac.p}}}{{{frac.q}}}"
            if self.st.choose("mixed", shown, ("a mixed number (whole + fraction)",
                                               "a product (whole · fraction)")) == 0:
                self.next()
                self.group_tokens()
                self.group_tokens()
                self.st.note(f"{shown} read as a mixed number")
                return whole + frac
        return number(t.text)

    def mixed_fraction(self):
        """p/q when ``\\frac{p}{q}`` with digits p < q follows (a mixed number's fraction), else None."""
        toks = self.toks[self.i + 1:self.i + 8]
        body = [x.text for x in toks]
        for form in (["{", "P", "}", "{", "Q", "}"], ["P", "Q"]):
            got = body[:len(form)]
            if len(got) == len(form) and all(f == g or f in "PQ" for f, g in zip(form, got)):
                nums = [x for x, f in zip(toks, form) if f in "PQ"]
                if all(x.kind == "num" and x.text.isdigit() for x in nums) and len(nums) == 2:
                    if form == ["P", "Q"] and (len(nums[0].text) != 1 or len(nums[1].text) != 1):
                        continue
                    p, q = int(nums[0].text), int(nums[1].text)
                    if 0 < p < q:
                        return sp.Rational(p, q)
        return None

    def bars(self, bar: str, fn):
        """``|x|`` (absolute value; the norm of a vector) and ``‖v‖``."""
        self.next()
        self.in_bars += 1
        inner = self.expr()
        self.in_bars -= 1
        if not (self.is_("char", bar)):
            self.fail(f"expected a closing {bar}")
        self.next()
        if isinstance(inner, sp.MatrixBase):
            if fn is sp.Abs and inner.is_square:
                self.st.note("|M| of a square matrix read as its determinant")
                return inner.det()
            self.fail("the norm of a matrix of entries (which norm?)")
        if fn is sp.Abs and not inner.is_commutative:
            return V.Norm(inner)
        return fn(inner)

    def delimited(self, closers, fn, t):
        """``\\lfloor x \\rfloor``: the expression up to one of the ``closers`` commands, then ``fn`` of it."""
        inner = self.expr()
        if not (self.tok.kind == "cmd" and self.tok.text in closers):
            self.fail(f"expected \\{closers[0]} to close the \\{t.text} at column {t.pos + 1}")
        self.next()
        return fn(inner)

    def command(self):
        t = self.tok
        c = t.text
        if c in UNSUPPORTED:
            raise UnsupportedConstruct(f"{UNSUPPORTED[c]} cannot be read", self.st.source, t.pos, c)
        if c in RELATIONS:
            self.fail("a relation where an expression was expected")
        rule = COMMANDS.get(c)
        if rule is None:
            self.fail(f"unknown command \\{c}")
        self.next()
        return rule(self, t)

    def undefined_function(self, base, where, primes, sup_t):
        """``g^l(z^l)``, ``f^{L-1}(z)``: a function labelled by a layer (l, L, l±1; a number may be a power) is
        the function ``g^l``, that layer's activation (:mod:`.generic_activation`). Others: as NamesMixin's."""
        if sup_t is not None and not is_transpose(sup_t):
            layer, transpose = layer_tokens(sup_t)
            label = text_of(sup_t).replace(" ", "")
            if layer is not None and not transpose and not layer.is_number and label[:1] in ("l", "L"):
                self.st.note(f"{base}^{{{label}}}(…) read as the function {base}^{label}, labelled by its layer")
                return super().undefined_function(f"{base}^{label}", where, primes, None)
        return super().undefined_function(base, where, primes, sup_t)

    # --- arguments of functions and commands ------------------------------------------
    def group_expr(self):
        """One TeX argument (a braced group or one token), read as an expression."""
        return self.sub(self.group_tokens()).expr_all()

    def argument(self, function_words: bool = False):
        """The argument of a function: (…), {…}, […], or without brackets the next
        factor (``\\sqrt 2``), or for a named function (``function_words``) the
        juxtaposed factors that follow (``\\ln xy`` is ln(xy)), up to an operator
        or another function."""
        if self.is_("char", "{"):
            inner = self.group_tokens()
            e = self.sub(inner).expr_all()
            if self.is_("char", "(") and len(inner) == 1:  # \sin{}(x)
                return self.argument()
            return e
        e = self.enclosed()  # (…) or […]
        if e is not None:
            return e
        e = self.postfix()
        if not function_words:
            return e
        while self.starts_atom() and not (self.tok.kind == "cmd" and (self.tok.text in FUNCS or self.tok.text in (
                "sum", "prod", "int", "frac", "partial", "nabla"))) and not self.is_("char", "("):
            e = mul(e, self.postfix(), self)
        return e

    def arguments(self) -> tuple:
        """The arguments of ``\\max(a, b, c)``: a parenthesised, comma-separated list, or one argument."""
        if self.opens_call():
            return self.call_arguments("", "")  # a parenthesised list: the arguments of a function call
        if self.is_("char", "{"):
            toks = self.group_tokens()
            inner = self.sub(toks)
            items = [inner.expr()]
            while inner.is_("char", ","):
                inner.next()
                items.append(inner.expr())
            if inner.tok.kind != "eof":
                inner.fail(f"unexpected {inner.show(inner.tok)} here")
            return tuple(items)
        return (self.argument(),)

    def primes(self) -> int:
        """The primes after a function name: ``'``, ``''``, ``^\\prime``."""
        n = 0
        while self.is_("prime") or (self.is_("char", "^") and self.is_("cmd", "prime", self.peek())):
            if not self.is_("prime"):
                self.next()
            self.next()
            n += 1
        return n


def read_statement(tokens, state: State):
    """(parts, relations, leading) of the tokens of one math string."""
    return Reader(list(tokens), state).statement()
