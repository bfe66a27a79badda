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
  network quantity only when they carry layer scripts, and the reading says so.

Precedence, loosest first: relation; ``+ -``; ``⊙``; ``· × /`` and
juxtaposition; unary minus; scripts and application.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

import sympy as sp

from ..errors import ParseError
from ..symbolic import sigmoid
from . import vocab as V
from .build import (ATOM_CMDS, BATCH, FUNCS, GREEK, INDEX_LETTERS, LAYERED, LOOKALIKE, RELATIONS, UNSUPPORTED,
                    _E_LAYER, _MARKS, _add, _check_value, _divide, _is_number_tokens, _is_transpose,
                    _layer_tokens, _mul, _neg, _number, _pow, _text, _unroll, index_symbol, sym)
from .preprocess import DECO_CMDS, Tok
from .structures import StructuresMixin


@dataclass
class _State:
    source: str
    vectors: frozenset = frozenset()
    notes: list = field(default_factory=list)
    prose: list = field(default_factory=list)

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


class Reader(StructuresMixin):
    def __init__(self, toks: list[Tok], state: _State):
        self.toks, self.i, self.st = toks, 0, state

    # --- token helpers ------------------------------------------------------
    @property
    def tok(self) -> Tok:
        return self.toks[self.i]

    def peek(self, k: int = 1) -> Tok:
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def next(self) -> Tok:
        t = self.toks[self.i]
        if t.kind != "eof":
            self.i += 1
        return t

    def is_(self, kind: str, text: Optional[str] = None, tok: Optional[Tok] = None) -> bool:
        t = tok or self.tok
        return t.kind == kind and (text is None or t.text == text)

    def fail(self, reason: str, tok: Optional[Tok] = None):
        t = tok or self.tok
        raise ParseError(reason, self.st.source, t.pos)

    def expect(self, kind: str, text: str, what: str = "") -> Tok:
        if not self.is_(kind, text):
            self.fail(f"expected {what or text!r} here")
        return self.next()

    def group_tokens(self) -> list[Tok]:
        """The tokens of one TeX argument: a braced group, or a single token."""
        t = self.tok
        if self.is_("char", "{"):
            self.next()
            depth, start = 1, self.i
            while True:
                t = self.tok
                if t.kind == "eof":
                    self.fail("unbalanced braces: a '{' is never closed")
                if self.is_("char", "{"):
                    depth += 1
                elif self.is_("char", "}"):
                    depth -= 1
                    if depth == 0:
                        body = self.toks[start:self.i]
                        self.next()
                        return body + [Tok("eof", "", t.pos)]
                self.next()
        if t.kind in ("eof",) or self.is_("char", "}"):
            self.fail("a script or argument is missing")
        self.next()
        if t.kind == "cmd" and t.text in DECO_CMDS and self.is_("char", "{"):
            inner = self.group_tokens()  # _\tilde{y}: the command with its argument
            return [t, Tok("char", "{", t.pos)] + inner[:-1] + [Tok("char", "}", t.pos), Tok("eof", "", t.pos)]
        if t.kind == "num" and len(t.text) > 1 and t.text.isdigit():
            # \frac12, x^23: TeX takes one digit
            first = Tok("num", t.text[0], t.pos)
            self.toks.insert(self.i, Tok("num", t.text[1:], t.pos + 1))
            return [first, Tok("eof", "", t.pos)]
        return [t, Tok("eof", "", t.pos)]

    def sub(self, toks: list[Tok]) -> "Reader":
        return Reader(toks, self.st)

    # --- statements -----------------------------------------------------------
    def statement(self):
        parts, rels, leading = [], [], ""
        if self.is_("newline") or self.is_("text"):
            self._skip_separators()
        if self._relation_here():
            leading = self._relation()
        if self.tok.kind == "eof":
            if self.st.prose:
                return parts, rels, leading  # prose only: nothing mathematical to read
            self.fail("nothing to read")
        parts.append(self._defined_name() or self.expr())
        while True:
            if self.tok.kind == "eof":
                break
            if self._relation_here():
                rels.append(self._relation())
                while self.is_("newline"):
                    self.next()
                parts.append(self.expr())
                continue
            if self.is_("char", ",") or self.is_("char", ";") or self.is_("newline") or self.is_("text") \
                    or self.is_("char", "."):
                had_text = self._skip_separators()
                if self.tok.kind == "eof":
                    break
                if self._relation_here():  # a continuation line "\\ = ..."
                    continue
                if self._binop_here() and not had_text:
                    rhs = self.expr_continuation(parts.pop())
                    parts.append(rhs)
                    continue
                rels.append(";")
                parts.append(self.expr())
                continue
            self.fail(f"unexpected {self._show(self.tok)} here")
        return parts, rels, leading

    def _defined_name(self):
        """``zh_2 = ...``: letters written together with a subscript, alone on the left
        of a definition, are one name (z_{h1} written as zh_1), not a product."""
        t0, t1, t2 = self.tok, self.peek(), self.peek(2)
        if t0.kind == "letter" and len(t0.text) == 1 and self.is_("char", "(", t1) and t2.kind == "letter" \
                and self.is_("char", ")", self.peek(3)) and self.is_("char", "=", self.peek(4)) and t0.text not in "σ":
            # s(z) = ...: a function defined on the left
            self.next()
            self.st.note(f"{t0.text}(...) on the left of a definition read as a function")
            return self._undefined_function(t0.text, t0, 0, None)
        if not (t0.kind == t1.kind == "letter" and len(t0.text) == len(t1.text) == 1 and t1.pos == t0.pos + 1
                and t2.kind == "char" and t2.text == "_" and t0.text not in "ef"):
            return None
        save = self.i
        self.i += 2
        self.next()
        sub = self.group_tokens()
        if not (self.is_("char", "=") and all(t.kind in ("letter", "num", "eof") for t in sub)):
            self.i = save
            return None
        name = f"{t0.text}{t1.text}_{_text(sub)}"
        self.st.note(f"{t0.text}{t1.text}_{_text(sub)} on the left of a definition read as one name")
        return sym(name)

    def _skip_separators(self) -> bool:
        had_text = False
        while self.is_("char", ",") or self.is_("char", ";") or self.is_("newline") or self.is_("text") \
                or self.is_("char", "."):
            if self.is_("text") and re.fullmatch(r"[A-Za-z]{2,}", self.tok.text) and self.is_("char", "(", self.peek()):
                break  # \text{step}(x): a function, read by primary()
            t = self.next()
            if t.kind == "text":
                had_text = True
                if t.text:
                    self.st.prose.append(t.text)
                    self.st.note("\\text{...} prose dropped")
        return had_text

    def _binop_here(self) -> bool:
        return self.is_("char", "+") or self.is_("char", "-") or self.is_("cmd", "cdot") or self.is_("cmd", "times")

    def expr_continuation(self, left):
        """A row that starts with + or - continues the expression before it."""
        return left + self.expr()

    def _relation_here(self) -> bool:
        t = self.tok
        if t.kind == "char" and t.text in "=<>":
            return True
        if t.kind == "char" and t.text == ":" and self.is_("char", "=", self.peek()):
            return True
        return t.kind == "cmd" and t.text in RELATIONS

    def _relation(self) -> str:
        t = self.next()
        if t.kind == "char" and t.text == ":":
            self.next()
            return "="
        if t.kind == "char" and t.text in "<>" and self.is_("char", "="):
            self.next()
            return t.text + "="
        if t.kind == "char" and t.text == "=" and self.is_("char", "="):
            self.next()
        return RELATIONS[t.text]

    def _show(self, t: Tok) -> str:
        if t.kind == "cmd":
            return f"\\{t.text}"
        if t.kind in ("begin", "end"):
            return f"\\{t.kind}{{{t.text}}}"
        return repr(t.text) if t.text else "the end"

    # --- expressions ----------------------------------------------------------
    def expr(self):
        left = self.hadamard()
        while self.is_("char", "+") or self.is_("char", "-"):
            op = self.next().text
            right = self.hadamard()
            left = _add(left, right if op == "+" else _neg(right), self)
        return _check_value(left, self)

    def hadamard(self):
        left = self.product()
        while self.is_("cmd", "odot"):
            self.next()
            right = self.product()
            left = V.Had(_check_value(left, self), _check_value(right, self))
        return left

    def product(self):
        left = self.unary()
        while True:
            t = self.tok
            if self.is_("char", ".") and self.peek().kind in ("letter", "cmd", "num") and \
                    not (self.peek().kind == "cmd" and self.peek().text in RELATIONS):
                self.next()
                self.st.note("'.' between two factors read as a product")
                left = _mul(left, self.unary(), self)
            elif self.is_("cmd", "cdot") or self.is_("cmd", "times") or self.is_("char", "*"):
                self.next()
                left = _mul(left, self.unary(), self)
            elif self.is_("char", "/") or self.is_("cmd", "div"):
                self.next()
                right = self.unary()
                left = _divide(left, right, self, t)
            elif self.is_("cmd", "cdots") or self.is_("cmd", "ldots"):
                dots = self.next()
                right = self.product()
                return _unroll(left, right, self, dots)
            elif self._starts_atom():
                left = _mul(left, self.postfix(), self)
            else:
                return left

    def _starts_atom(self) -> bool:
        t = self.tok
        if t.kind in ("num", "letter", "begin"):
            return True
        if t.kind == "char":
            return t.text in "([{‖|" and not (t.text in "|‖" and self._closing_bar())
        if t.kind == "cmd":
            return t.text in ATOM_CMDS or t.text in UNSUPPORTED
        return False

    def _closing_bar(self) -> bool:
        return getattr(self, "_in_bars", 0) > 0

    def unary(self):
        if self.is_("char", "-"):
            self.next()
            return _neg(self.unary())
        if self.is_("char", "+"):
            self.next()
            return self.unary()
        return self.postfix()

    def postfix(self):
        base = self.primary()
        while True:
            if self.is_("char", "^"):
                self.next()
                base = self._superscript_on(base)
            elif self.is_("prime"):
                self.fail("a prime (') on an expression that is not a function")
            elif self.is_("char", "!"):
                self.fail("factorials are not supported")
            elif self.is_("char", "_"):
                self.fail("a subscript on an expression that is not a name")
            else:
                return base

    def _superscript_on(self, base):
        toks = self.group_tokens()
        if _is_transpose(toks):
            self.st.note("^T read as a transpose")
            return V.T(base)
        if toks[0].kind == "char" and toks[0].text == "-" and len(toks) == 2:  # x^-1
            return sp.Pow(base, _neg(self.postfix()))
        exp = self.sub(toks).expr_all()
        return _pow(base, exp, self)

    def expr_all(self):
        e = self.expr()
        if self.tok.kind != "eof":
            self.fail(f"unexpected {self._show(self.tok)} here")
        return e

    # --- atoms ------------------------------------------------------------------
    def primary(self):
        t = self.tok
        if t.kind == "num":
            self.next()
            return _number(t.text)
        if t.kind == "letter":
            return self.name()
        if t.kind == "text":
            self.next()
            if re.fullmatch(r"[A-Za-z]{2,}", t.text) and self.is_("char", "("):
                self.st.note(f"\\text{{{t.text}}}(...) read as a function")
                return self._undefined_function(t.text, t, 0, None)
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
                return self.sub(self.group_tokens()).expr_all()
            if t.text == "|":
                return self.bars("|", sp.Abs)
            if t.text == "‖":
                return self.bars("‖", V.Norm)
            self.fail(f"unexpected {self._show(t)} here")
        if t.kind == "cmd":
            return self.command()
        if t.kind == "eof":
            self.fail("the expression ends too early")
        self.fail(f"unexpected {self._show(t)} here")

    def bracketed(self):
        open_ = self.next()
        close = ")" if open_.text == "(" else "]"
        items = [self.expr()]
        while self.is_("char", ","):
            self.next()
            items.append(self.expr())
        if not (self.is_("char", ")") or self.is_("char", "]")):
            self.fail(f"expected {close!r} to close the {open_.text!r} at column {open_.pos + 1}")
        end = self.next()
        if len(items) == 1:
            return items[0]
        if len(items) == 2 and all(i.is_commutative for i in items):
            return sp.Interval(items[0], items[1], open_.text == "(", end.text == ")")
        self.fail("a tuple of more than two items", open_)

    def bars(self, bar: str, fn):
        self.next()
        self._in_bars = getattr(self, "_in_bars", 0) + 1
        inner = self.expr()
        self._in_bars -= 1
        if not (self.is_("char", bar)):
            self.fail(f"expected a closing {bar}")
        self.next()
        if fn is sp.Abs and not inner.is_commutative:
            return V.Norm(inner)
        return fn(inner)

    def command(self):
        t = self.tok
        c = t.text
        if c in UNSUPPORTED:
            self.fail(f"{UNSUPPORTED[c]} cannot be read")
        if c in RELATIONS:
            self.fail("a relation where an expression was expected")
        if c == "frac":
            self.next()
            return self.fraction(t)
        if c == "sqrt":
            self.next()
            if self.is_("char", "["):
                self.next()
                k = self.expr()
                self.expect("char", "]")
                return sp.Pow(self._argument(), 1 / k)
            return sp.sqrt(self._argument())
        if c == "sum":
            self.next()
            return self.summation()
        if c == "partial":
            self.next()
            return self._partial_mark()
        if c == "nabla":
            self.next()
            return self.nabla()
        if c == "infty":
            self.next()
            return sp.oo
        if c == "pi":
            self.next()
            return sp.pi
        if c in ("diag",):
            self.next()
            arg = self._argument()
            return V.Diag(arg)
        if c in ("max", "min"):
            self.next()
            arg = self._argument(allow_tuple=True)
            args = arg if isinstance(arg, tuple) else (arg,)
            return (sp.Max if c == "max" else sp.Min)(*args)
        if c == "softmax":
            self.next()
            return V.Softmax(self._argument())
        if c in ("relu", "ReLU"):
            self.next()
            from ..symbolic import relu
            return relu(self._argument())
        if c in FUNCS:
            self.next()
            return self.function(c, t)
        if c in DECO_CMDS:
            self.next()
            return self.decorated(t)
        if c in GREEK:
            return self.name()
        if c == "binom":
            self.next()
            top = self.sub(self.group_tokens()).expr_all()
            bot = self.sub(self.group_tokens()).expr_all()
            return sp.binomial(top, bot)
        self.fail(f"unknown command \\{c}")

    def _argument(self, allow_tuple: bool = False):
        """The argument of a function: (…), {…}, or the next factor (\\ln a)."""
        if self.is_("char", "("):
            self.next()
            items = [self.expr()]
            while allow_tuple and self.is_("char", ","):
                self.next()
                items.append(self.expr())
            self.expect("char", ")", "')'")
            return tuple(items) if len(items) > 1 else items[0]
        if self.is_("char", "{"):
            return self.sub(self.group_tokens()).expr_all()
        if self.is_("char", "["):
            self.next()
            e = self.expr()
            self.expect("char", "]", "']'")
            return e
        return self.postfix()

    def function(self, c: str, t: Tok):
        power = None
        if c in ("log", "ln", "In"):
            if self.is_("char", "_"):
                self.next()
                base = self.sub(self.group_tokens()).expr_all()
                if base not in (sp.E,):
                    self.fail("a logarithm with a base other than e")
            if c == "In":
                self.st.note("In read as ln (OCR look-alike)")
            else:
                self.st.note(f"\\{c} read as the natural logarithm")
        primes = 0
        while self.is_("prime") or (self.is_("char", "^") and self.is_("cmd", "prime", self.peek())):
            if self.is_("prime"):
                self.next()
            else:
                self.next()
                self.next()
            primes += 1
        if self.is_("char", "^"):  # \ln^2 x
            self.next()
            power = self.sub(self.group_tokens()).expr_all()
        arg = self._argument()
        if primes:  # \tanh'(z): the derivative of the function at the argument
            if c in ("ln", "log", "In", "sgn", "sign"):
                self.fail(f"a prime on \\{c}", t)
            u = sp.Dummy("u", real=True)
            out = sp.Subs(sp.Derivative(FUNCS[c](u), (u, primes)), u, arg)
        else:
            out = FUNCS[c](arg)
        return _pow(out, power, self) if power is not None else out

    # --- names and their scripts ----------------------------------------------------
    def decorated(self, t: Tok):
        toks = self.group_tokens()
        inner = self.sub(toks)
        if len(toks) == 2 and toks[0].kind in ("letter", "cmd") and (toks[0].kind == "letter" or toks[0].text in GREEK):
            if t.text in _MARKS:  # \tilde{w} is another variable than w
                self.st.note(f"\\{t.text}{{{toks[0].text}}} read as the name {toks[0].text}{_MARKS[t.text]}")
                return self._name_from(Tok("letter", toks[0].text + _MARKS[t.text], toks[0].pos))
            self.st.note(f"\\{t.text}{{...}} read as a vector/matrix name")
            return self._name_from(toks[0], decorated=True)
        return inner.expr_all()

    def name(self):
        t = self.next()
        if t.kind == "letter" and t.text in ("l", "I") and self.is_("letter", "n") and (
                self.is_("char", "(", self.peek()) or self.peek().kind in ("letter", "cmd")) and t.text == "l":
            self.next()
            self.st.note("bare ln read as the natural logarithm")
            return sp.log(self._argument())
        if t.kind == "letter" and t.text == "I" and self.is_("letter", "n") and self.is_("char", "(", self.peek()):
            self.next()
            self.st.note("In read as ln (OCR look-alike)")
            return sp.log(self._argument())
        return self._name_from(t)

    def _name_from(self, t: Tok, decorated: bool = False):
        base = t.text
        sub_t = sup_t = None
        primes = 0
        while True:
            if self.is_("char", "_") and sub_t is None:
                self.next()
                sub_t = self.group_tokens()
            elif self.is_("char", "^") and sup_t is None and not (base == "e" and t.kind == "letter"):
                self.next()
                if self.is_("cmd", "prime"):
                    self.next()
                    primes += 1
                    continue
                if self.is_("char", "{") and self.is_("cmd", "prime", self.peek()):
                    toks = self.group_tokens()
                    primes += sum(1 for x in toks if x.kind == "cmd" and x.text == "prime")
                    continue
                sup_t = self.group_tokens()
            elif self.is_("prime"):
                while self.is_("prime"):
                    self.next()
                    primes += 1
            else:
                break
        if base == "e" and t.kind == "letter" and not sub_t and not primes:
            return self._exp_or_e()
        return self.resolve(base, t, sub_t, sup_t, primes, decorated)

    def _exp_or_e(self):
        if not self.is_("char", "^"):
            return sp.E
        self.next()
        if self.is_("char", "-") and not self.is_("char", "{", self.peek()):
            self.next()
            self.st.note("e^-z read as e^{-z}")
            return sp.exp(_neg(self.postfix()))
        if self.is_("char", "("):
            self.st.note("e^(...) read as e^{...}")
            return sp.exp(self.bracketed())
        exp = self.sub(self.group_tokens()).expr_all()
        if self.is_("char", "_"):
            # e^z_j: the subscript belongs to the exponent
            self.next()
            sub = self.group_tokens()
            if isinstance(exp, sp.Symbol):
                self.st.note("e^z_j read as e^{z_j}")
                exp = self.resolve(exp.name, None, sub, None, 0, False)
            else:
                self.fail("a subscript after e^{...}")
        return sp.exp(exp)

    def resolve(self, base: str, t: Optional[Tok], sub_t, sup_t, primes: int, decorated: bool):
        where = t or self.tok
        # --- functions: σ, Σ', f, C ---------------------------------------------
        if base == "sigma":
            return self._sigma(where, sub_t, sup_t, primes)
        if base == "Sigma":
            if primes:
                arg = self._call_argument(where, "Σ'")
                self.st.note("Σ'(z) read as diag(σ'(z))")
                return V.SigmaPrimeDiag(arg)
            if sub_t is not None or sup_t is not None:
                self.st.note("\\Sigma read as a sum")
                return self.summation(sub_t, sup_t)
        if base in ("f", "g", "h") and (primes or self.is_("char", "(")):
            if sub_t is not None:
                base = f"{base}_{_text(sub_t)}"
            return self._undefined_function(base, where, primes, sup_t)
        if base == "C" and self.is_("char", "(") and sub_t is None and sup_t is None:
            return self._undefined_function(base, where, primes, None)
        if len(base) > 1 and base not in GREEK and self.is_("char", "(") and sub_t is None and sup_t is None:
            self.st.note(f"\\operatorname{{{base}}} read as a function")  # \operatorname{Var}(z)
            return self._undefined_function(base, where, primes, None)
        if primes:
            if base in ("C", "sigma", "f") or sup_t is not None:
                self.fail(f"{base}' without an argument", where)
            self.st.note(f"{base}{chr(39) * primes} read as a new variable (not a derivative)")
            return self._plain(base + "'" * primes, sub_t, where)
        # --- layered quantities ---------------------------------------------------
        lname = LAYERED.get(base) or (LOOKALIKE.get(base) if (sub_t or sup_t) else None)
        if base in BATCH and decorated and sub_t is not None and sup_t is None:
            layer, transpose = _layer_tokens(sub_t)
            if layer is not None and not _is_number_tokens(sub_t):
                self.st.note(f"{base}_{{{sp.sstr(layer)}}} read as the mini-batch matrix of layer {sp.sstr(layer)}")
                return V.Q(V.name(BATCH[base]), layer)
        if base in BATCH and sup_t is not None and sub_t is None:
            layer, transpose = _layer_tokens(sup_t)
            if layer is not None and not _is_number_tokens(sup_t):
                self.st.note(f"{base}^{{{sp.sstr(layer)}}} read as the mini-batch matrix of layer {sp.sstr(layer)}"
                             " (one column per example)")
                out = V.Q(V.name(BATCH[base]), layer)
                return V.T(out) if transpose else out
        if lname:
            got = self._layered(base, lname, sub_t, sup_t, decorated, where)
            if got is not None:
                return got
        if base in ("x", "y") and sup_t is not None and _is_transpose(sup_t):
            self.st.note("^T read as a transpose")
            return V.T(self._plain(base, sub_t, where))
        # --- plain symbols ------------------------------------------------------------
        out = self._plain(base, sub_t, where)
        if sup_t is not None:
            if _is_transpose(sup_t):
                self.st.note("^T read as a transpose")
                return V.T(out)
            layer, _ = _layer_tokens(sup_t)
            if layer is not None and layer.free_symbols & {V.l, V.L} and isinstance(out, sp.Indexed):
                # x_j^l: a layer on a component of a quantity that has no layers, or a power?
                self.fail(f"superscript {_text(sup_t)} on {base}_{_text(sub_t)}: a layer or a power?", where)
            if sup_t[0].kind == "char" and sup_t[0].text == "-" and len(sup_t) == 2:
                return sp.Pow(out, _neg(self.postfix()))
            return _pow(out, self.sub(sup_t).expr_all(), self)
        return out

    def _plain(self, base: str, sub_t, where: Tok):
        if sub_t is None:
            return sym(base, self.st.vectors)
        text = _text(sub_t)
        if re.fullmatch(r"[a-z]", text) and text in INDEX_LETTERS:
            return sp.Indexed(sp.IndexedBase(base, real=True), index_symbol(text))
        if re.fullmatch(r"\d+", text) and base in ("x", "y") and False:
            return sp.Indexed(sp.IndexedBase(base, real=True), int(text))
        if re.fullmatch(r"[A-Za-z0-9]+", text):
            return sym(f"{base}_{text}")
        if re.fullmatch(r"[a-z]\s*[+-]\s*\d", text.replace(" ", "")):
            return sp.Indexed(sp.IndexedBase(base, real=True), self.sub(sub_t).expr_all())
        if text in GREEK:
            return sym(f"{base}_{text}")
        body = [x for x in sub_t if x.kind != "eof"]
        if len(body) == 4 and body[0].kind == "cmd" and body[0].text in DECO_CMDS and body[2].kind == "letter":
            # y_{\tilde{y}}: a decorated index
            return sp.Indexed(sp.IndexedBase(base, real=True), index_symbol(body[2].text + "_" + body[0].text))
        self.fail(f"cannot read the subscript {text!r} of {base}", where)

    def _layered(self, base, lname, sub_t, sup_t, decorated, where):
        layer = transpose = None
        indices = None
        power = None
        ocr = base in LOOKALIKE and base not in LAYERED
        if sup_t is not None:
            if _is_transpose(sup_t):
                transpose = True
            else:
                layer, transpose = _layer_tokens(sup_t)
                if layer is not None and _is_number_tokens(sup_t) and sub_t is None:
                    layer = None  # a^2 alone: a power
                if layer is None:
                    power = sup_t
        if layer is not None:
            if sub_t is not None:
                indices = self._indices(sub_t, where)
        elif sub_t is not None:
            sl, st = _layer_tokens(sub_t)
            text = _text(sub_t)
            if sl is not None and (sl.free_symbols & {V.l, V.L}) and not _is_number_tokens(sub_t):
                layer = sl
                transpose = transpose or st
                self.st.note(f"{base}_{{{text}}} read with the layer as a subscript")
            elif (decorated or base == "W") and sl is not None and not _is_number_tokens(sub_t):
                layer = sl
                transpose = transpose or st
                self.st.note(f"{base}_{{{text}}} read with the layer as a subscript")
            elif re.fullmatch(r"[a-z]{2}[el]", text) and lname == "w":
                layer = V.l
                indices = (index_symbol(text[0]), index_symbol(text[1]))
                self.st.note(f"w_{{{text}}} read as w^l_{{{text[:2]}}} (OCR: last letter is the layer)")
            else:
                if ocr:
                    return None
                return None  # a plain indexed symbol (no layer)
        if layer is None:
            if ocr or power is not None or transpose is None:
                return None
            # w^T with no layer: a transposed plain name
            return None
        if layer.has(_E_LAYER):
            layer = layer.subs(_E_LAYER, V.l)
            self.st.note("e read as the layer l (OCR look-alike)")
        if ocr:
            shown = {"alpha": "α", "omega": "ω", "S": "S", "W": "W"}[base]
            self.st.note(f"{shown} read as {lname if lname != 'delta' else 'δ'} (OCR look-alike)"
                         if base != "W" else "W read as w")
        self.st.note(f"{'δ' if lname == 'delta' else lname}^{{{sp.sstr(layer)}}} read as a layer index")
        if indices:
            out = V.Comp(V.name(lname), layer, *indices)
        else:
            out = V.Q(V.name(lname), layer)
        if transpose:
            self.st.note("^T read as a transpose")
            out = V.T(out)
        if power is not None:
            return _pow(out, self.sub(power).expr_all(), self)
        return out

    def _indices(self, sub_t, where):
        toks = [t for t in sub_t if t.kind != "eof" and not (t.kind == "char" and t.text == ",")]
        out = []
        i = 0
        while i < len(toks):
            t = toks[i]
            if t.kind == "letter" and len(t.text) == 1:
                if i + 2 < len(toks) and toks[i + 1].kind == "char" and toks[i + 1].text in "+-" and toks[i + 2].kind == "num":
                    k = index_symbol(t.text)
                    out.append(k + int(toks[i + 2].text) * (1 if toks[i + 1].text == "+" else -1))
                    i += 3
                    continue
                out.append(index_symbol(t.text))
            elif t.kind == "num" and t.text.isdigit():
                out.extend(sp.Integer(d) for d in t.text)
            elif t.kind == "cmd" and t.text in DECO_CMDS and i + 1 < len(toks):
                # a_{\tilde{y}}: a decorated index letter
                j = i + 1
                if toks[j].kind == "char" and toks[j].text == "{" and j + 2 < len(toks) and toks[j + 1].kind == "letter":
                    out.append(index_symbol(toks[j + 1].text + "_" + t.text))
                    i = j + 3
                    continue
                if toks[j].kind == "letter":
                    out.append(index_symbol(toks[j].text + "_" + t.text))
                    i = j + 1
                    continue
                self.fail(f"cannot read the index \\{t.text}", where)
            else:
                self.fail(f"cannot read the index {t.text!r}", where)
            i += 1
        if not 1 <= len(out) <= 2:
            self.fail("a component needs one or two indices", where)
        return tuple(out)

    def _sigma(self, where, sub_t, sup_t, primes):
        if sup_t is not None and not self.is_("char", "("):
            self.fail(f"σ^{{{_text(sup_t)}}} without an argument: a layer on σ? (OCR for a^{_text(sup_t)}?)", where)
        if sub_t is not None and not self.is_("char", "("):
            self.fail(f"σ_{_text(sub_t)} without an argument", where)
        if not self.is_("char", "(") and not self.is_("char", "["):
            if primes:
                self.fail("σ' without an argument", where)
            return sym("sigma")
        arg = self._call_argument(where, "σ")
        if sup_t is not None:
            self.fail("a superscript on σ before its argument", where)
        if primes:
            return V.SigmaD(arg, primes)
        return sigmoid(arg)

    def _call_argument(self, where, what):
        if self.is_("char", "("):
            self.next()
            e = self.expr()
            self.expect("char", ")", "')'")
            return e
        if self.is_("char", "["):
            self.next()
            e = self.expr()
            self.expect("char", "]", "']'")
            return e
        self.fail(f"{what} without an argument in parentheses", where)

    def _undefined_function(self, base, where, primes, sup_t):
        if sup_t is not None:
            self.fail(f"a superscript on the function {base}", where)
        arg = self._call_argument(where, base)
        fn = sp.Function(base, real=True)
        if base[0] in ("f", "g", "h") and (len(base) == 1 or base[1] == "_"):
            self.st.note(f"{base} read as a function (an activation other than σ)")
        if primes:
            if arg.is_Symbol:
                return sp.Derivative(fn(arg), (arg, primes))
            xi = sp.Dummy("xi")
            return sp.Subs(sp.Derivative(fn(xi), (xi, primes)), xi, arg)
        return fn(arg)
