"""The larger constructs of the reader: fractions and derivatives, sums and
products, gradients ∇, and matrix environments (with \\vdots / \\ddots for
symbolic sizes). A mixin of :class:`.reader.Reader`; the commands that start
them are registered in the command table (:mod:`.commands`) here, beside
their code.
"""

from __future__ import annotations

import re

import sympy as sp
from sympy.core.function import AppliedUndef

from ..symbolic import a as _a
from . import vocab as V
from .case_rows import value_and_condition
from .cases import cases_from_cells
from .commands import command
from .derivatives import NUMERATOR, Jacobian
from .network_diff import operator_on, vector_derivative
from .cost_names import cost_gradient
from .build import (check_value, derivative_kind, divide, entry, free_indices, is_cost, layer_symbol,
                    number, PartialMark, strip_d, text_of, index_symbol, sym)
from .patterns import DOTS, PatternError, pattern_matrix
from .preprocess import Tok
from .vectors import Nabla
from .limits import network_limit, network_limit_of

#: ``\sum_w``, ``\sum_b``: Nielsen's sum over all the weights (biases), whose summand is a
#: real parameter (``\sum_w |w|`` keeps its absolute value), not a sum over an integer index
PARAMETER_SUMS = ("w", "b")
#: cost names that never carry a weight penalty (:mod:`.regularised`): C_0, the per-example C_x
UNREGULARISED = ("C_0", "C_x")


@command("frac", "cfrac")
def _fraction(r, t):
    return r.fraction(t)


@command("partial")
def _partial(r, t):
    return r.partial_mark()


@command("sum")
def _sum(r, t):
    return r.summation()


@command("prod")
def _prod(r, t):
    return r.summation(product=True)


@command("nabla")
def _nabla(r, t):
    return r.nabla()


@command("lim")
def _limit(r, t):
    return r.limit(t)


def bounded_doit(e, state, seconds: float = 0.5):
    """Carry out a Product, Integral or Limit symbolically within ``seconds``;
    the unevaluated object when that does not finish or does not close."""
    from ..errors import CheckTimeout
    from ..symbolic import time_limit

    for lim in getattr(e, "limits", ()):
        if len(lim) == 3 and lim[1].is_Integer and lim[2].is_Integer and abs(lim[2] - lim[1]) > 1000:
            state.note(f"a {type(e).__name__.lower()} of more than 1000 terms kept unevaluated")
            return e
    try:
        with time_limit(seconds):
            out = e.doit()
    except CheckTimeout:
        state.note(f"{type(e).__name__} not carried out within {seconds:g} s: kept unevaluated")
        return e
    except (ValueError, TypeError, NotImplementedError, ZeroDivisionError, AttributeError):
        return e
    if out.has(sp.Product, sp.Integral, sp.Limit) or out.has(sp.nan, sp.zoo):
        return e
    state.note(f"the {type(e).__name__.lower()} carried out symbolically")
    return out


class StructuresMixin:
    # --- fractions and derivatives ------------------------------------------------------
    def fraction(self, t: Tok):
        num_t = self.group_tokens()
        den_t = self.group_tokens()
        d = derivative_kind(num_t, den_t)
        if d:
            return self.derivative(d, num_t, den_t, t)
        num = self.sub(num_t).expr_all()
        den = self.sub(den_t).expr_all()
        if isinstance(num, PartialMark) or isinstance(den, PartialMark):
            self.fail("a ∂ without its matching ∂", t)
        return divide(num, den, self, t)

    def derivative(self, kind: str, num_t, den_t, t: Tok):
        # strip the d / ∂ / δ from both
        num_body = strip_d(num_t, kind)
        den_body = strip_d(den_t, kind)
        order = 1
        if num_body and num_body[0].kind == "char" and num_body[0].text == "^":
            order_t = num_body[1]
            order = int(order_t.text) if order_t.kind == "num" else 1
            num_body = num_body[2:]
        den_r = self.sub(den_body + [Tok("eof", "", t.pos)])
        wrt = den_r.expr_all()
        if isinstance(wrt, sp.Pow) and wrt.exp.is_Integer:  # ∂w^2 in the denominator
            wrt = wrt.base
        if kind == "delta":
            self.st.note("\\frac{\\delta C}{\\delta w} read as a partial derivative")
        if not num_body:
            if isinstance(wrt, (V.Q, V.Comp)):  # ∂/∂z^l (…): on network quantities (.derivatives)
                return operator_on(self, wrt, order, t)
            # d/dz (...) : an operator on the term that follows
            if not isinstance(wrt, (sp.Symbol, sp.Indexed)):
                self.fail("d/d of something that is not a plain variable", t)
            # d/dz applies to the whole term that follows (d/dz 2z is 2), up to + or -
            operand = check_value(self.product(), self) if self.starts_atom() else self.fail(
                "d/dz without an expression after it")
            return sp.Derivative(operand, (wrt, order))
        top = self.sub(num_body + [Tok("eof", "", t.pos)]).expr_all()
        return self.derivative_of(top, wrt, order, t)

    def derivative_of(self, top, wrt, order, t):
        if V.is_network(wrt) or isinstance(wrt, V.Comp):
            named = cost_gradient(top, wrt, self.st) if order == 1 else None  # ∂L/∂z^l, ∂E_n/∂w (.cost_names)
            if named is not None:
                return named
            if is_cost(top):
                if order != 1:
                    self.fail("second derivatives of the cost are not supported", t)
                if isinstance(top, sp.Symbol) and top.name == "c":
                    self.st.note("c read as the cost C")
                self.st.note("∂C/∂X read as the gradient of the cost")
                return V.Grad(wrt, top) if top.name in UNREGULARISED else V.Grad(wrt)
            if top.is_commutative:
                return sp.Function("Partial", real=True)(top, wrt)
            return vector_derivative(self, top, wrt, order, t)  # ∂a^l/∂z^l: a Jacobian (.derivatives)
        if isinstance(top, sp.Symbol) or isinstance(top, sp.Indexed) or isinstance(top, sp.core.function.AppliedUndef):
            if not (isinstance(wrt, sp.Symbol) or isinstance(wrt, sp.Indexed)):
                self.fail("a derivative with respect to an expression", t)
            # ∂C/∂α: C depends on α in a way the formula does not say; never 0
            if isinstance(top, sp.core.function.AppliedUndef):
                return sp.Derivative(top, (wrt, order))
            name = top.name if isinstance(top, sp.Symbol) else str(top)
            self.st.note(f"∂{name}/∂{wrt} kept as an unevaluated derivative of {name} as a function of {wrt}")
            return sp.Derivative(sp.Function(name, real=True)(wrt), (wrt, order))
        if not isinstance(wrt, sp.Symbol):
            self.fail("a derivative with respect to an expression", t)
        return sp.Derivative(top, (wrt, order))

    def partial_mark(self):
        order = 1
        if self.is_("char", "^"):
            self.next()
            o = self.group_tokens()
            order = int(o[0].text) if o[0].kind == "num" else 1
        return PartialMark(self.postfix(), order)

    # --- sums and gradients ----------------------------------------------------------------
    def summation(self, sub_t=None, sup_t=None, product: bool = False):
        """``\\sum`` (and ``\\prod`` when ``product``) with its limits and summand."""
        while True:
            if self.is_("char", "_") and sub_t is None:
                self.next()
                sub_t = self.group_tokens()
            elif self.is_("char", "^") and sup_t is None:
                self.next()
                sup_t = self.group_tokens()
            else:
                break
        index = lo = hi = exclude = None
        if product:
            return self._product_of(sub_t, sup_t)
        if sub_t is not None:
            body = [x for x in sub_t if x.kind != "eof"]
            if len(body) == 1 and body[0].kind == "letter" and body[0].text == "x" and sup_t is None:
                summand = check_value(self.product(), self)
                self.st.note("\\sum_x read as a sum over the training examples x")
                return V.ExampleSum(summand)
            if len(body) == 1 and body[0].kind == "letter" and body[0].text in PARAMETER_SUMS:
                index = sym(body[0].text)  # \sum_w: over the weights, real numbers (|w| is not w), not an index
            elif len(body) >= 1 and body[0].kind == "letter":
                index = index_symbol(body[0].text)
                if len(body) > 2 and body[1].kind == "char" and body[1].text == "=":
                    lo = self.sub(body[2:] + [Tok("eof", "", body[0].pos)]).expr_all()
                elif len(body) == 3 and body[1].kind == "cmd" and body[1].text == "ne" and body[2].kind in ("letter", "num"):
                    exclude = index_symbol(body[2].text) if body[2].kind == "letter" else number(body[2].text)
                elif len(body) > 1:
                    self.fail(f"cannot read the sum's subscript {text_of(sub_t)!r}", body[0])
            else:
                self.fail(f"cannot read the sum's subscript {text_of(sub_t)!r}")
        if sup_t is not None:
            hi = self.sub(sup_t).expr_all()
        summand = self.product()
        summand = check_value(summand, self)
        if index is not None:  # the index letter in the summand is the index (\sum_{j=1}^{n} j)
            summand = summand.xreplace({sym(index.name): index})
        if exclude is not None:
            self.st.note(f"a sum over {index} ≠ {exclude} read with the term {index} = {exclude} left out")
            summand = summand * (1 - sp.KroneckerDelta(index, exclude))
        if index is not None and lo is not None and hi is not None:
            if lo.is_infinite or hi.is_infinite:  # a series: carried out symbolically, within a bound
                return bounded_doit(sp.Sum(summand, (index, lo, hi)), self.st)
            return sp.Sum(summand, (index, lo, hi))
        if index is not None:
            if lo is not None or hi is not None:
                self.st.note("a sum with one limit read as a sum over the index's whole range")
            return V.IndexSum(summand, index)
        free = free_indices(summand)
        if len(free) == 1:
            k = next(iter(free))
            self.st.note(f"\\sum without limits read as a sum over {k}")
            return V.IndexSum(summand, k)
        self.st.note("\\sum without limits read as a sum over the training examples")
        return V.ExampleSum(summand)

    def _product_of(self, sub_t, sup_t):
        body = [x for x in sub_t if x.kind != "eof"] if sub_t is not None else []
        if not (sup_t is not None and len(body) > 2 and body[0].kind == "letter" and body[1].kind == "char"
                and body[1].text == "="):
            self.fail("a product \\prod needs its limits: \\prod_{k=1}^{n}")
        index = index_symbol(body[0].text)
        lo = self.sub(body[2:] + [Tok("eof", "", body[0].pos)]).expr_all()
        hi = self.sub(sup_t).expr_all()
        factor = check_value(self.product(), self)
        factor = factor.xreplace({sym(index.name): index})
        if isinstance(factor, sp.Expr) and not factor.is_commutative:
            self.fail("a product \\prod of vectors or matrices")
        return bounded_doit(sp.Product(factor, (index, lo, hi)), self.st)

    def limit(self, t):
        """``\\lim_{x \\to a} f`` (also ``a^+``, ``a^-``): the limit of the term that follows, carried out
        symbolically within a bound."""
        if not self.is_("char", "_"):
            self.fail("\\lim without its subscript x \\to a", t)
        self.next()
        body = [x for x in self.group_tokens() if x.kind != "eof"]
        arrow = next((k for k, x in enumerate(body) if x.kind == "cmd" and x.text in ("to", "Rightarrow")), None)
        if arrow != 1 or body[0].kind != "letter" or len(body) < 3:
            self.fail("\\lim whose subscript is not x \\to a", t)
        var = sym(body[0].text)
        target, direction = body[2:], "+-"
        if len(target) >= 3 and target[-2].kind == "char" and target[-2].text == "^":  # a^+, a^-
            direction, target = target[-1].text, target[:-2]
        elif len(target) >= 5 and target[-4].text == "^" and target[-3].text == "{" and target[-1].text == "}":
            direction, target = target[-2].text, target[:-4]
        if direction not in ("+", "-", "+-"):
            self.fail("\\lim with a direction other than + or -", t)
        point = self.sub(target + [Tok("eof", "", t.pos)]).expr_all()
        term = check_value(self.product(), self)
        if not (isinstance(term, sp.Expr) and term.is_commutative):
            self.fail("\\lim of a vector or matrix", t)
        if V.is_network(term) or term.atoms(sp.Indexed):
            if network_limit_of(term, var):  # evaluated on drawn inputs under the step's condition (.limits)
                return network_limit(term, var, point, direction)
            # a^L_j depends on c through the network even where the formula does not show it
            self.fail("\\lim of network quantities (their dependence on the variable is not written)", t)
        return bounded_doit(sp.Limit(term, var, point, direction), self.st)

    def nabla(self):
        sub_t = None
        if self.is_("char", "_"):
            self.next()
            sub_t = self.group_tokens()
        operand = self.postfix()
        if sub_t is None:
            self.st.note("∇ without a subscript kept as an undefined gradient")
            if isinstance(operand, V.T) and isinstance(operand.args[0], sp.Symbol):  # \nabla C^T
                return V.T(Nabla(operand.args[0]))
            return Nabla(operand) if isinstance(operand, (sp.Symbol, AppliedUndef)) else sp.Function(
                "nabla", real=True)(operand)
        wrt = self.sub(sub_t).expr_all()
        named = cost_gradient(operand, wrt, self.st)  # ∇_{a^L} L: a cost under another name (.cost_names)
        if named is not None:
            return named
        if not is_cost(operand):
            self.fail("∇_x of something that is not the cost C")
        if isinstance(operand, sp.Symbol) and operand.name == "c":
            self.st.note("c read as the cost C")
        if wrt == _a or (isinstance(wrt, sp.Symbol) and wrt.name == "alpha"):
            self.st.note("∇_a C read as the gradient with respect to the output activation a^L")
            return V.Grad(V.Q(V.name("a"), V.L))
        m = re.fullmatch(r"([azb])_([A-Za-z])", getattr(wrt, "name", ""))
        if m:  # \nabla_{a_N} C: in ∇'s subscript a vector, so the subscript is its layer (as \mathbf{a}_N)
            self.st.note(f"{wrt} in the subscript of ∇ read as the layer {m.group(2)}")
            wrt = V.Q(V.name(m.group(1)), layer_symbol(m.group(2)))
        if isinstance(wrt, V.Q):
            return V.Grad(wrt, operand) if getattr(operand, "name", "") in UNREGULARISED else V.Grad(wrt)
        self.fail(f"∇ with respect to {text_of(sub_t)!r} (no layer) cannot be read")

    # --- environments ---------------------------------------------------------------------
    def environment(self):
        t = self.next()
        env = t.text
        if env == "vmatrix":
            self.fail("determinants are not supported", t)
        if env == "array" and self.is_("char", "{"):
            self.group_tokens()  # the column spec
        rows, row, cell = [], [], []
        depth = 0
        while True:
            u = self.tok
            if u.kind == "eof":
                self.fail(f"\\begin{{{env}}} is never ended", t)
            if u.kind == "begin":
                depth += 1
            if u.kind == "end":
                if depth == 0:
                    self.next()
                    break
                depth -= 1
            if u.kind == "newline" and depth == 0:
                row.append(cell)
                rows.append(row)
                row, cell = [], []
                self.next()
                continue
            if u.kind == "char" and u.text == "&" and depth == 0:
                row.append(cell)
                cell = []
                self.next()
                continue
            cell.append(u)
            self.next()
        if cell or row:
            row.append(cell)
            rows.append(row)
        if env == "cases":
            return cases_from_cells(self, [value_and_condition(r) for r in rows], t)
        return self._matrix_from_cells(rows, t)

    def bracketed(self):
        open_ = self.next()
        close = ")" if open_.text == "(" else "]"
        items = [self.tuple_item()]
        while self.is_("char", ","):
            self.next()
            items.append(self.tuple_item())
        if not (self.is_("char", ")") or self.is_("char", "]")):
            self.fail(f"expected {close!r} to close the {open_.text!r} at column {open_.pos + 1}")
        end = self.next()
        if len(items) == 1 and not isinstance(items[0], str):
            return items[0]
        if open_.brace:
            self.fail("a set \\{…\\} of several items (not a vector)", open_)
        if any(isinstance(i, str) for i in items):  # (x_1, \ldots, x_n): the vector of a pattern
            return self._symbolic_size([[i] for i in items], open_)
        if len(items) == 2 and all(i.is_commutative for i in items):
            return sp.Interval(items[0], items[1], open_.text == "(", end.text == ")")
        if all(isinstance(i, sp.Number) for i in items):
            self.st.note(f"a tuple of {len(items)} numbers read as a column vector")
            return sp.ImmutableMatrix(items)
        self.fail("a tuple of more than two items that are not all numbers", open_)

    def tuple_item(self):
        if self.tok.kind == "cmd" and self.tok.text in DOTS and self.peek().text in (",", ")", "]"):
            return self.next().text
        return self.expr()

    def _matrix_from_cells(self, raw_rows, t):
        # split cells on & (the tokenizer drops '&', so cells are separated by position only in rows);
        # we rebuild columns by reading every row as a list of entries
        rows = [r for r in raw_rows if any(c for c in r)]
        values = []
        for r in rows:
            out = []
            for cell in r:
                if not cell:
                    out.append(None)
                elif len(cell) == 1 and cell[0].kind == "cmd" and cell[0].text in ("vdots", "cdots", "ddots", "ldots"):
                    out.append(cell[0].text)
                else:
                    out.append(self.sub(cell + [Tok("eof", "", cell[0].pos)]).expr_all())
            values.append(out)
        dots = any(isinstance(v, str) for r in values for v in r)
        if not dots:
            width = max(len(r) for r in values)
            if any(len(r) != width for r in values) or any(v is None for r in values for v in r):
                self.fail("a matrix with rows of different lengths", t)
            return sp.ImmutableMatrix(values)
        return self._symbolic_size(values, t)

    def _symbolic_size(self, values, t):
        entries = [entry(v) for r in values for v in r if v is not None and not isinstance(v, str) and v != 0]
        bases = {e[0] for e in entries}
        simple = len(bases) == 1 and None not in bases and entries[0][1] == 1 and \
            [e[1] for e in entries[:-1]] == list(range(1, len(entries)))
        if not simple:
            try:
                node = pattern_matrix(values)
            except PatternError as err:
                self.fail(str(err), t)
            self.st.note(f"a matrix with ellipses read as {node}")
            return node
        base = bases.pop()
        last = entries[-1][1]
        if any(isinstance(v, str) and v == "ddots" for r in values for v in r):
            self.st.note(f"a matrix with \\ddots read as diag({base}_1, ..., {base}_{last})")
            return V.SymDiag(sp.Symbol(base), last)
        if all(len(r) == 1 for r in values):
            self.st.note(f"a column with \\vdots read as the vector ({base}_1, ..., {base}_{last})")
            return V.SymVec(sp.Symbol(base), last)
        if len(values) == 1:
            self.st.note(f"a row with \\cdots read as the row vector ({base}_1, ..., {base}_{last})")
            return V.T(V.SymVec(sp.Symbol(base), last))
        self.fail("a matrix with ellipses of a shape that cannot be read", t)
