"""Derivatives through an affine map the write-up defines, in its row or column convention.

A write-up defines ``\\vec Q = W \\vec P + \\vec b`` (or ``Q = P W + b``): then
Q_k = Σ_m W_km P_m + b_k (or Σ_m P_m W_mk + b_k), and for a scalar I of Q
(the cost: C, J, E, I, L), with g = ∂I/∂Q,

    ∂I/∂P_i = Σ_k g_k W_ki,   ∂I/∂W_ij = g_i P_j,   ∂I/∂b_i = g_i     (W on the left)

whatever the file's conventions. A step ``\\frac{\\partial I}{\\partial P} = …`` whose
right side is made of ``\\frac{\\partial I}{\\partial Q}``, W, P, b, transposes, sums
and products is evaluated exactly, with random integer entries, under each reading
of the notation: vectors as columns or as rows (a file that says its vectors are
rows has established rows; otherwise columns), and a derivative by the matrix W
in the shape of W (gradient layout) or of Wᵀ (numerator layout).

- **correct**: it holds, at square and non-square sizes, under the established
  orientation and every layout (or the one the file states);
- **incorrect**: at n_Q = n_P = 3 (sizes the file always admits) every reading is
  ill-formed or gives other numbers; the counterexample names each reading;
- otherwise None (the readings disagree: left to the other checks, unchecked).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
import sympy as sp

from .dimensions import Name, group_end, read_name, tokens

__all__ = ["Affine", "affine_definition", "check_derivative", "COSTS"]

COSTS = {"C", "J", "E", "I", "L", "ell", "mathcal L"}


@dataclass(frozen=True)
class Affine:
    """``out = matrix · inp + bias`` (``left``), or ``out = inp · matrix + bias``."""

    out: str
    matrix: str
    inp: str
    bias: Optional[str]
    left: bool
    line: int = 0


class _Fail(Exception):
    """Not this step's business (something outside the model)."""


class _Ill(Exception):
    """Ill-formed under this reading."""


def _plain(name: Optional[Name]) -> Optional[str]:
    if name is None or not name.readable or name.primes or name.transpose:
        return None
    return f"{name.base}|{name.sub}|{name.sup}"


def _names(text: str):
    """The tokens of ``text`` split at + into lists of whole names."""
    toks = tokens(text)
    terms, cur, i = [], [], 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "char" and t.text == "+":
            terms.append(cur)
            cur, i = [], i + 1
            continue
        name, j = read_name(toks, i)
        if name is None:
            return None
        cur.append(name)
        i = j
    terms.append(cur)
    return terms


def affine_definition(lhs: str, rhs: str, line: int = 0) -> Optional[Affine]:
    r"""The affine map ``lhs = rhs`` defines (``Q = W P + b``, ``Q = P W + b``), or None.
    The matrix is the factor written as a capital letter (not marked as a vector by
    ``ec``, ``\mathbf`` …), the other factor is the input."""
    out = _names(lhs)
    terms = _names(rhs)
    if not out or len(out) != 1 or len(out[0]) != 1 or not terms or len(terms) > 2:
        return None
    product = terms[0]
    bias = terms[1] if len(terms) == 2 else None
    if len(product) != 2 or (bias is not None and len(bias) != 1):
        return None
    a, b = product
    caps = [n.base[:1].isupper() and n.base.isalpha() and not n.vector for n in (a, b)]
    if caps == [True, False]:
        matrix, inp, left = a, b, True
    elif caps == [False, True]:
        matrix, inp, left = b, a, False
    else:
        return None
    names = [_plain(out[0][0]), _plain(matrix), _plain(inp)] + ([_plain(bias[0])] if bias else [])
    if None in names or len(set(names)) != len(names):
        return None
    return Affine(names[0], names[1], names[2], names[3] if bias else None, left, line)


def _derivative_of(toks):
    """``(cost, variable)`` of ``\\frac{\\partial I}{\\partial X}`` filling ``toks``, else None."""
    if len(toks) < 3 or toks[0].kind != "cmd" or toks[0].text not in ("frac", "dfrac"):
        return None, 0
    j = group_end(toks, 1)
    k = group_end(toks, j)
    num, den = toks[2:j - 1], toks[j + 1:k - 1]
    if not num or not den or num[0].text != "partial" or den[0].text != "partial":
        return None, 0
    cost, a = read_name(num, 1)
    var, b = read_name(den, 1)
    if cost is None or var is None or a != len(num) or b != len(den) or cost.base not in COSTS:
        return None, 0
    return (cost.base, _plain(var)), k


class _Eval:
    """The right side as an exact matrix, under one reading."""

    def __init__(self, toks, values: dict, cost: str, out: str):
        self.toks, self.values, self.cost, self.out, self.i = toks, values, cost, out, 0

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else None

    def expr(self):
        sign = 1
        if self.peek() is not None and self.peek().kind == "char" and self.peek().text in "+-":
            sign = -1 if self.peek().text == "-" else 1
            self.i += 1
        val = sign * self.term()
        while self.peek() is not None and self.peek().kind == "char" and self.peek().text in "+-":
            sign = -1 if self.peek().text == "-" else 1
            self.i += 1
            other = self.term()
            if val.shape != other.shape:
                raise _Ill
            val = val + sign * other
        return val

    def term(self):
        val = self.factor()
        while self.peek() is not None and not (self.peek().kind == "char" and self.peek().text in "+-)"):
            other = self.factor()
            if val.shape == (1, 1):
                val = val[0, 0] * other
            elif other.shape == (1, 1):
                val = val * other[0, 0]
            elif val.shape[1] != other.shape[0]:
                raise _Ill
            else:
                val = val * other
        return val

    def factor(self):
        t = self.peek()
        if t is None:
            raise _Fail
        if t.kind == "num" and t.text.isdigit():
            self.i += 1
            val = sp.Matrix([[int(t.text)]])
        elif t.kind == "char" and t.text == "(":
            self.i += 1
            val = self.expr()
            if self.peek() is None or self.peek().text != ")":
                raise _Fail
            self.i += 1
        elif t.kind == "cmd" and t.text in ("frac", "dfrac"):
            got, k = _derivative_of(self.toks[self.i:])
            if got is None or got[0] != self.cost or got[1] != self.out:
                raise _Fail
            self.i += k
            val = self.values[self.out]
        else:
            name, j = read_name(self.toks, self.i)
            if name is None:
                raise _Fail
            key = _plain(Name(name.base, name.sub, name.sup))
            if key not in self.values or key == self.out or name.primes:
                raise _Fail
            self.i = j
            val = self.values[key].T if name.transpose else self.values[key]
        while self.peek() is not None and self.peek().kind == "char" and self.peek().text == "^":
            j = group_end(self.toks, self.i + 1)
            inner = [x for x in self.toks[self.i + 1:j] if x.text not in "{}"]
            if len(inner) != 1 or inner[0].text != "T":
                raise _Fail
            self.i, val = j, val.T
        return val


def _truth(aff: Affine, var: str, W, P, g):
    """∂I/∂var as plain arrays: a vector (list) for P and b, the matrix ∂I/∂W_ij for W."""
    if var == aff.inp:
        return sp.Matrix(W.T * g) if aff.left else sp.Matrix(W * g)
    if var == aff.bias:
        return g
    if var == aff.matrix:
        return g * P.T if aff.left else P * g.T
    return None


def check_derivative(lhs: str, rhs: str, aff: Affine, rows: bool, layout: Optional[str] = None,
                     seed: int = 0):
    """``("correct", reason)``, ``("incorrect", reason, counterexample)`` or None (see the module)."""
    ltoks = tokens(lhs)
    got, k = _derivative_of(ltoks)
    if got is None or k != len(ltoks) or got[1] not in (aff.inp, aff.matrix, aff.bias):
        return None
    cost, var = got
    rtoks = tokens(rhs)
    if not rtoks or any(t.kind == "cmd" and t.text in ("odot", "cdot", "sum", "circ") for t in rtoks):
        return None
    rng = np.random.default_rng([seed, 1717])
    results = {}
    for n_out, n_in in ((3, 3), (2, 3)):
        def rand(r, c):
            return sp.Matrix(r, c, [int(v) for v in rng.integers(-4, 5, size=r * c)])
        W = rand(n_out, n_in) if aff.left else rand(n_in, n_out)
        P, g, b = rand(n_in, 1), rand(n_out, 1), rand(n_out, 1)
        truth = _truth(aff, var, W, P, g)
        for orient in ("column", "row"):
            vals = {aff.matrix: W, aff.out: g if orient == "column" else g.T,
                    aff.inp: P if orient == "column" else P.T}
            if aff.bias:
                vals[aff.bias] = b if orient == "column" else b.T
            try:
                value = _Eval(rtoks, vals, cost, aff.out)
                v = value.expr()
                if value.i != len(rtoks):
                    return None
                ill = False
            except _Fail:
                return None
            except _Ill:
                ill, v = True, None
            layouts = ("gradient", "numerator") if var == aff.matrix else ("-",)
            for lay in layouts:
                want = truth
                if var != aff.matrix and orient == "row":
                    want = truth.T
                if lay == "numerator":
                    want = truth.T
                ok = not ill and v.shape == want.shape and v == want
                results[(n_out, n_in, orient, lay)] = ("holds" if ok else "ill-formed" if ill else
                                                       "another shape" if v.shape != want.shape else "other numbers")
    square = {key: r for key, r in results.items() if key[:2] == (3, 3)}
    if all(r != "holds" for r in square.values()):
        return ("incorrect", "fails under every reading of the convention: " +
                "; ".join(f"{o} vectors{'' if l == '-' else ', ' + l + ' layout'}: {r}"
                          for (_, _, o, l), r in square.items()),
                {"sizes": {"n_out": 3, "n_in": 3}, "readings": {f"{o}/{l}": r for (_, _, o, l), r in square.items()},
                 "seed": seed})
    established = "row" if rows else "column"
    mine = [r for (_, _, o, l), r in results.items() if o == established and (layout is None or l in (layout, "-"))]
    if mine and all(r == "holds" for r in mine):
        return ("correct", f"holds exactly with random integer entries, {established} vectors"
                           f"{'' if var != aff.matrix else ', ' + (layout or 'either') + ' layout'}, at sizes 3×3 and 2×3")
    return None
