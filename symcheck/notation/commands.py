"""The reader's commands as a table: ``\\name`` -> the rule that reads it.

A rule is a function ``rule(r, t)`` registered with :func:`command`; the
reader has already taken the command token ``t`` and ``r`` is the reader
(a :class:`.reader.Reader`), positioned just after it. The rule reads its
arguments with the reader's public methods (``r.argument()``,
``r.group_expr()``, ``r.postfix()`` ...) and returns a SymPy object. The
larger constructs register their rules beside their code (fractions, sums,
∇, integrals and products in :mod:`.structures`).

Imports SymPy: import lazily.
"""

from __future__ import annotations

from typing import Callable

import sympy as sp

from ..symbolic import relu
from . import vocab as V
from .build import FUNCS, GREEK, power
from .base import ShapeError
from .preprocess import DECO_CMDS
from .vectors import InnerProduct, OuterProduct

#: command name (without the backslash) -> rule(reader, token)
COMMANDS: dict[str, Callable] = {}


def command(*names: str):
    """Register the decorated rule for each of ``names``."""

    def register(rule):
        for n in names:
            COMMANDS[n] = rule
        return rule

    return register


# --- constants, decorations, Greek letters ------------------------------------------------------
@command("infty")
def _infinity(r, t):
    return sp.oo


@command("pi")
def _pi(r, t):
    return sp.pi


@command("imaginaryunit")
def _imaginary(r, t):
    return sp.I


@command("exponentialE")
def _euler_e(r, t):
    return r.exp_or_e()


@command(*DECO_CMDS)
def _decorated(r, t):
    return r.decorated(t)


@command(*GREEK)
def _greek(r, t):
    return r.name_from(t)


# --- functions of one argument --------------------------------------------------------------------
_INVERSE = {"sin": sp.asin, "cos": sp.acos, "tan": sp.atan, "sinh": sp.asinh, "cosh": sp.acosh, "tanh": sp.atanh,
            "cot": sp.acot, "sec": sp.asec, "csc": sp.acsc, "coth": sp.acoth, "sech": sp.asech, "csch": sp.acsch}


@command(*FUNCS)
def function(r, t):
    """``\\ln x``, ``\\sin^2 x``, ``\\sin^{-1}(x)`` (= arcsin), ``\\log_b x``, ``\\tanh'(z)``."""
    c = t.text
    base = None
    if c in ("log", "ln", "In", "lg") and r.is_("char", "_"):
        r.next()
        base = r.group_expr()
    if c == "In":
        r.st.note("In read as ln (OCR look-alike)")
    elif c == "lg":
        r.st.note("\\lg read as the logarithm to base 10")
        base = sp.Integer(10)
    elif c == "log" and base is None and r.st.choose(
            "log", "\\log", ("the natural logarithm", "the logarithm to base 10"), established=True) == 1:
        base = sp.Integer(10)
    elif c in ("log", "ln") and base is None:
        r.st.note(f"\\{c} read as the natural logarithm")
    primes = r.primes()
    exponent = None
    if r.is_("char", "^"):  # \ln^2 x, \sin^{-1} x
        r.next()
        exponent = r.group_expr()
    if exponent == -1 and c in _INVERSE:
        r.st.note(f"\\{c}^{{-1}} read as the inverse function arc{c}")
        fn, exponent = _INVERSE[c], None
    else:
        fn = FUNCS[c]
    arg = r.argument(function_words=True)
    if primes:  # \tanh'(z): the derivative of the function at the argument
        if c in ("ln", "log", "In", "lg", "sgn", "sign"):
            r.fail(f"a prime on \\{c}", t)
        u = sp.Dummy("u", real=True)
        out = sp.Subs(sp.Derivative(fn(u), (u, primes)), u, arg)
    elif base is not None:
        if base == sp.E:
            out = sp.log(arg)
        else:
            r.st.note(f"\\log_{{{sp.sstr(base)}}} read as the logarithm to base {sp.sstr(base)}")
            out = sp.log(arg) / sp.log(base)
    else:
        out = fn(arg)
    return power(out, exponent, r) if exponent is not None else out


@command("sqrt")
def _sqrt(r, t):
    if r.is_("char", "["):
        r.next()
        k = r.expr()
        r.expect("char", "]")
        return sp.Pow(r.argument(), 1 / k)
    return sp.sqrt(r.argument())


@command("diag")
def _diag(r, t):
    return V.Diag(r.argument())


@command("softmax")
def _softmax(r, t):
    return V.Softmax(r.argument())


@command("relu", "ReLU")
def _relu(r, t):
    return relu(r.argument())


@command("det")
def _det(r, t):
    arg = r.argument()
    if isinstance(arg, sp.MatrixBase) and arg.is_square:
        return arg.det()
    r.fail("\\det of something that is not a square matrix of entries", t)


@command("boxed", "fbox")
def _boxed(r, t):
    r.st.note(f"\\{t.text}{{...}} read as its content")
    return r.group_expr()


# --- functions of several arguments ----------------------------------------------------------------
@command("gcd", "lcm")
def _gcd_lcm(r, t):
    args = r.arguments()
    if len(args) < 2:
        r.fail(f"\\{t.text} of fewer than two numbers", t)
    if not all(isinstance(a, sp.Expr) and a.is_commutative and (a.is_Rational or not a.is_number) for a in args):
        r.fail(f"\\{t.text} of something other than rational numbers or polynomials", t)
    fn = sp.gcd if t.text == "gcd" else sp.lcm
    out = args[0]
    for a in args[1:]:
        out = fn(out, a)
    return out


@command("binom", "tbinom", "dbinom")
def _binom(r, t):
    top = r.group_expr()
    bot = r.group_expr()
    return sp.binomial(top, bot)


@command("abs", "lvert")
def _abs_open(r, t):
    """``\\lvert x \\rvert`` (and the alias ``\\abs{x}``)."""
    if t.text == "abs" and r.is_("char", "{"):
        return sp.Abs(r.group_expr())
    return r.delimited(("rvert", "abs"), sp.Abs, t)


@command("lfloor")
def _floor(r, t):
    return r.delimited(("rfloor",), sp.floor, t)


@command("lceil")
def _ceil(r, t):
    return r.delimited(("rceil",), sp.ceiling, t)


@command("floor", "ceil")
def _floor_ceil_word(r, t):
    return (sp.floor if t.text == "floor" else sp.ceiling)(r.argument())


# --- vectors of gradient descent (symcheck.notation.vectors) ------------------------------------
@command("langle")
def _inner_product(r, t):
    """``\\langle u, v \\rangle``: the inner (dot) product of two vectors (a scalar)."""
    u = r.expr()
    if not r.is_("char", ","):
        r.fail("expected ',' between the two vectors of \\langle … \\rangle", t)
    r.next()
    v = r.expr()
    r.expect("cmd", "rangle", "\\rangle")
    return InnerProduct(u, v)


@command("Delta")
def _delta_capital(r, t):
    """``\\Delta v`` (the step, a vector), ``\\Delta v_{old}`` and ``\\Delta C`` (the change of C) are one
    name each; ``\\Delta`` with a script (the mini-batch Δ^l), or before another letter, is the letter Δ."""
    from .vectors import CHANGE_LETTERS, STEP_LETTERS, increment

    nxt, after = r.tok, r.peek()
    if nxt.kind == "letter" and nxt.text in STEP_LETTERS + CHANGE_LETTERS and not (
            after.kind == "char" and after.text == "(") and not after.kind == "prime":
        if not (after.kind == "char" and after.text == "_"):
            r.next()
            return increment(nxt.text, r.st.vectors)
        name = r.name_from(r.next())
        if isinstance(name, sp.Symbol):  # Δv_{old}: the step at v_{old}
            return increment(name.name, r.st.vectors)
        return sp.Symbol("Delta", real=True) * name
    return r.name_from(t)


def _is_vector(e) -> bool:
    return isinstance(e, sp.Basic) and not isinstance(e, sp.MatrixBase) and not e.is_commutative


def dot_or_product(u, v, r):
    """``u \\cdot v`` (or ``u . v``) of two column vectors: the dot product, the established
    reading, or the elementwise product ⊙ (some write-ups write BP2 with a dot); both are
    recorded (:meth:`.cursor.State.choose`). None when u, v are not both column vectors
    (the reader's product)."""
    from . import shapes

    if not (_is_vector(u) and _is_vector(v)):
        return None
    try:
        s, t = shapes.infer(u), shapes.infer(v)
    except ShapeError:
        return None
    if s is None or t is None or s[1] != 1 or t[1] != 1:
        return None
    if r.st.choose("dot", "u · v of two vectors", ("the dot product uᵀv", "the elementwise product u ⊙ v"),
                   established=True) == 1:
        return V.Had(u, v)
    return InnerProduct(u, v)


OUTER_LETTERS = ("x", "y", "u", "v", "s", "t")   # plain letters that ⊗ reads as vectors


def outer(u, v):
    """``u \\otimes v``: the outer product u vᵀ of two vectors, or of two plain letters (the
    reading is repeated with them as vectors); None otherwise (⊗ of numbers or matrices is
    the Kronecker product, which is not read)."""
    if all(_is_vector(a) or (isinstance(a, sp.Symbol) and a.name in OUTER_LETTERS) for a in (u, v)):
        return OuterProduct(u, v)
    return None
