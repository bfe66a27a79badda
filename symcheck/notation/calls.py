"""Functions applied to arguments: σ and its derivatives (σ'(z), σ''(z)), an
undefined function f(z), f'(z), \\operatorname{Var}(z), and the argument lists
``(a, b)`` / ``{(a, b)}`` they take. A mixin of :class:`.reader.Reader` (through
:class:`.names.NamesMixin`).
"""

from __future__ import annotations

import sympy as sp

from ..symbolic import sigmoid
from . import vocab as V
from ..errors import ParseError
from .build import sym, text_of
from .cost_names import COST_NAMES, applied_cost


class CallsMixin:
    def cost_applied(self, base: str, sub_t) -> bool:
        """``J(\\theta)``, ``L(W, b)``, ``E_n(\\mathbf w, \\mathbf v)``, ``C(w, b)``: is this a cost
        name applied to a tuple of the network's parameters (:mod:`.cost_names`)? When it is,
        the arguments are consumed (the name alone is the cost, as the write-up writes it
        elsewhere); otherwise the cursor and the reading state are left as they were."""
        if not (base == "C" or base in COST_NAMES) or not self.opens_call():
            return False
        sub = None if sub_t is None else text_of(sub_t).strip()
        at, notes, ambiguities = self.i, len(self.st.notes), len(self.st.ambiguities)
        try:
            args = self.call_arguments(self.tok, base)
        except (ParseError, RecursionError):
            args = ()
        if applied_cost(base, sub, args, self.st):
            return True
        self.i = at
        del self.st.notes[notes:], self.st.ambiguities[ambiguities:]
        return False

    def _sigma(self, where, sub_t, sup_t, primes):
        if sup_t is not None and not self.is_("char", "("):
            self.fail(f"σ^{{{text_of(sup_t)}}} without an argument: a layer on σ? (OCR for a^{text_of(sup_t)}?)", where)
        if sub_t is not None and not self.is_("char", "("):
            self.fail(f"σ_{text_of(sub_t)} without an argument", where)
        if not self.is_("char", "(") and not self.is_("char", "["):
            if primes:
                self.fail("σ' without an argument", where)
            return sym("sigma")
        arg = self.call_argument(where, "σ")
        if sup_t is not None:
            self.fail("a superscript on σ before its argument", where)
        if primes:
            return V.SigmaD(arg, primes)
        return sigmoid(arg)

    def opens_call(self) -> bool:
        """An argument list follows: ``(`` or ``{(``."""
        return self.is_("char", "(") or (self.is_("char", "{") and self.is_("char", "(", self.peek()))

    def enclosed(self):
        """``(expr)`` or ``[expr]`` at the cursor, read; None when neither opens here."""
        for open_, close in (("(", ")"), ("[", "]")):
            if self.is_("char", open_):
                self.next()
                e = self.expr()
                self.expect("char", close, f"'{close}'")
                return e
        return None

    def call_argument(self, where, what):
        if self.is_("char", "{") and self.is_("char", "(", self.peek()):  # \operatorname{f}{(x)}
            self.next()
            e = self.call_argument(where, what)
            self.expect("char", "}", "'}'")
            return e
        e = self.enclosed()
        if e is None:
            self.fail(f"{what} without an argument in parentheses", where)
        return e

    def undefined_function(self, base, where, primes, sup_t):
        if sup_t is not None:
            self.fail(f"a superscript on the function {base}", where)
        args = self.call_arguments(where, base)
        fn = sp.Function(base, real=True)
        if base[0] in ("f", "g", "h") and (len(base) == 1 or base[1] == "_"):
            self.st.note(f"{base} read as a function (an activation other than σ)")
        if primes:
            if len(args) != 1:
                self.fail(f"a prime on the function {base} of several arguments", where)
            arg = args[0]
            if arg.is_Symbol:
                return sp.Derivative(fn(arg), (arg, primes))
            xi = sp.Dummy("xi")
            return sp.Subs(sp.Derivative(fn(xi), (xi, primes)), xi, arg)
        return fn(*args)

    def call_arguments(self, where, what) -> tuple:
        """``f(a, b)``, ``f{(a, b)}``: the comma-separated arguments of a function call."""
        braced = self.is_("char", "{") and self.is_("char", "(", self.peek())
        if braced:
            self.next()
        if not self.is_("char", "("):
            return (self.call_argument(where, what),)
        self.next()
        items = [self.expr()]
        while self.is_("char", ","):
            self.next()
            items.append(self.expr())
        self.expect("char", ")", "')'")
        if braced:
            self.expect("char", "}", "'}'")
        return tuple(items)
