"""The building blocks of a reading: the notation's tables (relations, Greek
letters, layered names, look-alikes), symbols with their assumptions, and the
helpers that build SymPy objects from tokens (numbers, layer expressions,
products, quotients and powers that refuse what has no meaning).

Imports SymPy: import lazily.
"""

from __future__ import annotations

import re
import sympy as sp

from ..errors import ParseError
from ..symbolic import a as _a, b as _b, c as _c, eps, eta, lam, n as _n, sigmoid, w as _w, x as _x, y as _y, z as _z
from . import vocab as V
from .preprocess import Tok

RELATIONS = {"=": "=", "<": "<", ">": ">", "ne": "!=", "le": "<=", "ge": ">=", "in": "in",
             "Rightarrow": "=>", "approx": "~", "to": "->", "equiv": "=", "coloneqq": "=", "mapsto": "->",
             "iff": "<=>", "Leftrightarrow": "<=>", "gets": "->", "leftarrow": "->"}
GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu",
         "nu", "xi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega", "Gamma", "Delta", "Theta",
         "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega", "ell"}
SHARED = {"z": _z, "x": _x, "y": _y, "a": _a, "b": _b, "w": _w, "c": _c, "eta": eta, "lambda": lam,
          "epsilon": eps, "n": _n}
LAYERED = {"a": "a", "z": "z", "w": "w", "b": "b", "delta": "delta"}
BATCH = {"A": "A", "Z": "Z", "Delta": "Delta"}  # mini-batch matrices: one column per example
LOOKALIKE = {"alpha": "a", "omega": "w", "S": "delta", "W": "w"}
INDEX_LETTERS = set("ijkmnpqrst")
FUNCS = {"ln": sp.log, "log": sp.log, "In": sp.log, "lg": sp.log, "exp": sp.exp, "tanh": sp.tanh, "sin": sp.sin,
         "cos": sp.cos, "tan": sp.tan, "cot": sp.cot, "sec": sp.sec, "csc": sp.csc, "sinh": sp.sinh,
         "cosh": sp.cosh, "coth": sp.coth, "sech": sp.sech, "csch": sp.csch, "arcsin": sp.asin, "arccos": sp.acos, "arctan": sp.atan,
         "arccot": sp.acot, "arcsec": sp.asec, "arccsc": sp.acsc, "arsinh": sp.asinh, "arcsinh": sp.asinh,
         "arcosh": sp.acosh, "arccosh": sp.acosh, "artanh": sp.atanh, "arctanh": sp.atanh, "sigmoid": sigmoid,
         "sgn": sp.sign, "sign": sp.sign}
UNSUPPORTED = {"int": "integrals", "otimes": "⊗ (Kronecker/outer product)",
               "ldots": "an ellipsis", "cdots": "an ellipsis", "vdots": "an ellipsis outside a matrix",
               "ddots": "an ellipsis outside a matrix", "pm": "±", "mp": "∓", "forall": "∀", "exists": "∃",
               "cup": "∪", "cap": "∩", "subset": "⊂", "sim": "~ (distributed as)", "propto": "∝",
               "cases": "cases"}


def sym(name: str, vectors=frozenset()) -> sp.Symbol:
    """The plain real symbol ``name`` (shared with :mod:`symcheck.symbolic`
    where it is declared there); a non-commutative symbol for a name used as
    a vector (an operand of ⊙ or ^T, or x and y next to layered quantities)."""
    if name in vectors:
        return sp.Symbol(name, commutative=False)
    return SHARED.get(name) or sp.Symbol(name, real=True)


def index_symbol(letter: str) -> sp.Symbol:
    return sp.Symbol(letter, integer=True, positive=True)


MARKS = {"tilde": "~", "widetilde": "~", "hat": "^", "widehat": "^", "bar": "‾", "overline": "‾"}


class PartialMark:
    """``\\partial X`` (or ``dX`` inside a \\frac) waiting for its denominator."""

    def __init__(self, expr, order: int = 1):
        self.expr, self.order = expr, order


# --- helpers -------------------------------------------------------------------------
def entry(v):
    """(base, index) of a matrix entry x_1 (a name) or x_n (an Indexed); (None, None) otherwise."""
    if isinstance(v, sp.Indexed) and len(v.indices) == 1:
        return v.base.label.name, v.indices[0]
    if isinstance(v, sp.Symbol):
        m = re.fullmatch(r"(.+)_(\d+)", v.name)
        if m:
            return m.group(1), int(m.group(2))
    return None, None


E_LAYER = sp.Symbol("e_layer", integer=True)


def layer_symbol(letter: str):
    if letter in V.LAYER_SYMBOLS:
        return V.LAYER_SYMBOLS[letter]
    if letter == "e":
        return E_LAYER
    return sp.Symbol(letter, integer=True)


def text_of(toks) -> str:
    out = []
    for t in toks:
        if t.kind == "eof":
            continue
        out.append("\\" + t.text + " " if t.kind == "cmd" else t.text)
    return "".join(out).strip()


def is_transpose(toks) -> bool:
    body = [t for t in toks if t.kind != "eof"]
    return len(body) == 1 and ((body[0].kind == "letter" and body[0].text == "T") or
                               (body[0].kind == "cmd" and body[0].text == "T"))


def is_number_tokens(toks) -> bool:
    body = [t for t in toks if t.kind != "eof"]
    return len(body) == 1 and body[0].kind == "num"


LAYER_LETTERS = {"l", "L", "e", "k", "N", "m"}


def layer_tokens(toks):
    """A layer expression (l, L, l+1, L-1, 3, e-1), optionally followed by T: (layer, transpose)."""
    body = [t for t in toks if t.kind != "eof"]
    transpose = False
    if len(body) >= 2 and body[-1].kind == "letter" and body[-1].text == "T":
        body, transpose = body[:-1], True
    if not body:
        return None, transpose
    if len(body) == 1:
        t = body[0]
        if t.kind == "num" and t.text.isdigit():
            return sp.Integer(int(t.text)), transpose
        if t.kind == "letter" and t.text in LAYER_LETTERS:
            return layer_symbol(t.text), transpose
        return None, transpose
    if len(body) == 3 and body[0].kind == "letter" and body[0].text in LAYER_LETTERS and body[1].kind == "char" \
            and body[1].text in "+-" and body[2].kind == "num" and body[2].text.isdigit():
        k = int(body[2].text)
        return layer_symbol(body[0].text) + (k if body[1].text == "+" else -k), transpose
    return None, transpose


def number(text: str):
    if "." in text:
        whole, frac = text.split(".")
        return sp.Rational(int(whole or "0") * 10 ** len(frac) + int(frac or "0"), 10 ** len(frac))
    return sp.Integer(int(text))


def is_cost(e) -> bool:
    return isinstance(e, sp.Symbol) and e.name in ("C", "c", "C_x", "C_0")


def derivative_kind(num_t, den_t):
    def first(toks):
        body = [t for t in toks if t.kind != "eof"]
        return body[0] if body else None

    a, b = first(num_t), first(den_t)
    if a is None or b is None:
        return None
    for kind, test in (("partial", lambda t: t.kind == "cmd" and t.text == "partial"),
                       ("delta", lambda t: t.kind == "cmd" and t.text == "delta"),
                       ("d", lambda t: t.kind == "letter" and t.text == "d")):
        if test(a) and test(b):
            if kind == "delta":
                # \frac{\delta C}{\delta w}: only with a cost on top
                body = [t for t in num_t if t.kind != "eof"]
                if not (len(body) >= 2 and body[1].kind == "letter" and body[1].text in "Cc"):
                    return None
            if kind == "d":
                den = [t for t in den_t if t.kind != "eof"]
                if len(den) < 2:
                    return None
            return kind
    return None


def strip_d(toks, kind):
    body = [t for t in toks if t.kind != "eof"]
    return body[1:]


def free_indices(e):
    out = set()
    for ix in e.atoms(sp.Indexed):
        out |= {s for s in ix.indices if isinstance(s, sp.Symbol)}
    for c in e.atoms(V.Comp):
        out |= {s for s in c.indices if isinstance(s, sp.Symbol)}
    return out


def unroll(left, right, r, dots: Tok):
    """``B(l) ⋯ B(M) rest``: the left block, repeated up to the layer M where the
    right side starts repeating it, then the rest."""
    cl, left_nc = left.args_cnc() if isinstance(left, sp.Mul) else ([], [left])
    cr, right_nc = right.args_cnc() if isinstance(right, sp.Mul) else ([], [right])
    if isinstance(left, sp.Basic) and left.is_commutative or not left_nc:
        r.fail("an ellipsis in a product of scalars cannot be read", dots)
    first = left_nc[0].atoms(V.Q)
    var = {s for q in first for s in q.layer.free_symbols}
    if len(var) != 1 or len(right_nc) < len(left_nc):
        r.fail("a product with ⋯ whose repeating pattern cannot be read", dots)
    var = var.pop()
    q_left = sorted(first, key=sp.default_sort_key)[0]
    q_right = [q for q in right_nc[0].atoms(V.Q) if q.qname == q_left.qname]
    if not q_right:
        r.fail("a product with ⋯ whose repeating pattern cannot be read", dots)
    end = sp.expand(q_right[0].layer - q_left.layer + var)
    block = sp.Mul(*left_nc)
    if [f.xreplace({var: end}) for f in left_nc] != right_nc[:len(left_nc)]:
        r.fail("the factors after ⋯ do not repeat the factors before it", dots)
    k = sp.Dummy("k", integer=True)
    r.st.note(f"the product with ⋯ read as the block {sp.sstr(block)} for {var} = {var}, ..., {sp.sstr(end)}")
    out = V.LayerProduct(block.xreplace({var: k}), k, var, end)
    return sp.Mul(*cl, *cr, out, *right_nc[len(left_nc):])


def check_value(e, r):
    if isinstance(e, PartialMark):
        r.fail("a ∂ without a denominator ∂")
    return e


def operand(e, r):
    """An operand of + - × / ^: not a ∂ waiting for its denominator, not an interval (a, b)."""
    if isinstance(e, PartialMark):
        r.fail("a ∂ without a denominator ∂")
    if isinstance(e, sp.Set):
        r.fail("a pair (a, b) inside an expression")
    return e


def neg(e):
    if isinstance(e, (PartialMark, sp.Set)):
        raise ParseError("a minus sign before a ∂ or an interval")
    return sp.Mul(sp.Integer(-1), e)


def add(u, v, r):
    return sp.Add(operand(u, r), operand(v, r))


def mul(u, v, r):
    if isinstance(u, PartialMark) or isinstance(v, PartialMark):
        r.fail("a ∂ without a denominator ∂")
    operand(u, r), operand(v, r)
    if isinstance(u, sp.MatrixBase) or isinstance(v, sp.MatrixBase):
        if isinstance(u, sp.MatrixBase) and isinstance(v, sp.MatrixBase):
            if u.shape[1] != v.shape[0]:
                r.fail(f"a {u.shape[0]}×{u.shape[1]} matrix times a {v.shape[0]}×{v.shape[1]} matrix")
            return u * v
        if (v if isinstance(u, sp.MatrixBase) else u).is_commutative:
            return u * v
        r.fail("a concrete matrix times a symbolic vector is not supported")
    return sp.Mul(u, v)


def divide(u, v, r, t: Tok):
    if isinstance(u, PartialMark) and isinstance(v, PartialMark):
        if v.order != 1:
            r.fail("∂ with an order in the denominator", t)
        return r._derivative_of(u.expr, v.expr, u.order, t)
    if isinstance(u, PartialMark) or isinstance(v, PartialMark):
        r.fail("a ∂ without its matching ∂", t)
    operand(u, r), operand(v, r)
    if isinstance(v, sp.MatrixBase) or not v.is_commutative:
        r.fail("division by a vector or matrix", t)
    if v == 0:
        r.fail("division by zero", t)
    if isinstance(u, sp.MatrixBase):
        return u / v
    return sp.Mul(u, sp.Pow(v, -1))


def power(base, exp, r):
    if isinstance(base, PartialMark):
        r.fail("a power of ∂")
    operand(base, r), operand(exp, r)
    if isinstance(base, sp.MatrixBase):
        r.fail("a power of a matrix")
    if not base.is_commutative:
        if exp == 2 or exp == -1:
            r.fail("a power of a vector or matrix (write the components, or ‖v‖²)")
        r.fail("a power of a vector or matrix")
    if huge(exp):
        r.st.note("a huge exponent is kept unevaluated")
        return sp.Pow(base, exp, evaluate=False)
    if isinstance(base, sp.Number) and isinstance(exp, sp.Number) and abs(exp) > 64:
        return sp.Pow(base, exp, evaluate=False)
    return sp.Pow(base, exp)


def huge(exp) -> bool:
    if isinstance(exp, sp.Number):
        return abs(exp) > 10_000
    if isinstance(exp, sp.Pow):
        return True if all(isinstance(a, sp.Number) for a in exp.args) else any(huge(a) for a in exp.args)
    return any(huge(a) for a in exp.args) if isinstance(exp, sp.Basic) else False
