"""Maps written as functions: compositions ``C \\circ F_L \\circ \\ldots \\circ F_{l+1} \\circ \\sigma_l``,
Jacobians ``\\nabla (h \\circ g)(x)``, gradients ``\\operatorname{grad} g(x)``, the matrix product ``\\bullet``.

A write-up in this notation treats layers as functions (``F_l := \\sigma_l \\circ f_{A_l, b_l}``) and the chain
rule as a product of Jacobians. This module reads such a side into a small tree (no SymPy evaluation, no
``eval``): :class:`Atom` (a name with its scripts), :class:`Range` (``F_a \\circ \\ldots \\circ F_b``, the
descending run of one family), :class:`Word` (a composition), :class:`Apply`, :class:`Jac` (∇ f at a point),
:class:`GradOf` (grad f at a point), :class:`Wrt` (∇_b E), :class:`Prod` (matrix product), :class:`Tr`
(transpose), :class:`Sum` (the nodes live in :mod:`.map_nodes`).

``\\circ`` between names of functions is composition here (the front end reads ``\\circ`` as ⊙ elsewhere).
What this reader cannot read raises :class:`MapsUnread`; the caller then leaves the step to the other checks.
"""

from __future__ import annotations

import re

import sympy as sp

from .map_nodes import Apply, Atom, GradOf, Jac, MapsUnread, Prod, Range, Sum, Tr, Word, Wrt
from .map_text import signature, split_definition, strip_quantifier, strip_signature

__all__ = ["MapsUnread", "Atom", "Range", "Word", "Apply", "Jac", "GradOf", "Prod", "Tr", "Sum", "Wrt", "read_side",
           "balanced", "has_map_notation", "signature", "split_definition"]

_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu",
          "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega", "Gamma", "Delta",
          "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega", "ell"}


def _toks(text: str):
    from ..errors import ParseError
    from .equality import tokens

    try:
        return [(t.kind, t.text, _raw(text, t.pos)) for t in tokens(text)]
    except ParseError as exc:
        raise MapsUnread(str(exc)) from None


def _raw(text: str, pos: int) -> str:
    """What the source has at a token: ``\\circ`` and ``\\odot`` are one token kind after preprocessing."""
    for word in ("\\circ", "∘", "\\operatorname{grad}", "\\operatorname{Grad}", "\\mathrm{grad}", "\\grad",
                 "\\bullet", "\\forall"):
        if text.startswith(word, pos):
            return word
    return ""


def has_map_notation(text: str) -> bool:
    """A composition of functions, ∇ or grad applied to a function at a point, or a matrix product ``\\bullet``."""
    return any(w in text for w in ("\\circ", "∘", "\\bullet", "operatorname{grad}", "mathrm{grad}", "\\grad"))


class _Reader:
    def __init__(self, text: str):
        self.text = text
        self.t = _toks(text)
        self.i = 0

    # --- tokens ---------------------------------------------------------------------------
    def peek(self, k: int = 0):
        j = self.i + k
        return self.t[j] if j < len(self.t) else ("eof", "", "")

    def is_char(self, c: str, k: int = 0) -> bool:
        kind, text, _ = self.peek(k)
        return kind == "char" and text == c

    def take(self):
        tok = self.peek()
        self.i += 1
        return tok

    def expect(self, c: str):
        if not self.is_char(c):
            raise MapsUnread(f"expected {c!r}")
        self.i += 1

    def at_circ(self) -> bool:
        kind, text, raw = self.peek()
        return kind == "cmd" and raw in ("\\circ", "∘")

    def at_grad(self) -> bool:
        kind, text, raw = self.peek()
        return kind == "cmd" and "rad" in raw

    def at_nabla(self) -> bool:
        kind, text, raw = self.peek()
        return kind == "cmd" and text == "nabla" and "rad" not in raw

    def at_product(self) -> bool:
        kind, text, raw = self.peek()
        return kind == "cmd" and (raw == "\\bullet" or text == "cdot")

    def at_ellipsis(self) -> bool:
        kind, text, _ = self.peek()
        return kind == "cmd" and text in ("ldots", "cdots")

    # --- scripts ----------------------------------------------------------------------------
    def group(self) -> list:
        """The tokens of one script: ``{...}`` or one token."""
        if self.is_char("{"):
            self.i += 1
            depth, out = 1, []
            while True:
                tok = self.take()
                if tok[0] == "eof":
                    raise MapsUnread("unclosed brace")
                if tok[0] == "char" and tok[1] == "{":
                    depth += 1
                elif tok[0] == "char" and tok[1] == "}":
                    depth -= 1
                    if depth == 0:
                        return out
                out.append(tok)
        tok = self.take()
        if tok[0] not in ("letter", "num", "cmd"):
            raise MapsUnread("a script that is not a name")
        return [tok]

    def atom(self) -> Atom:
        kind, text, raw = self.take()
        if kind == "letter" and text != "_":
            base = text
        elif kind == "cmd" and text in _GREEK:
            base = text
        else:
            raise MapsUnread("expected a name")
        sub, sup = (), ()
        while self.is_char("_") or (self.is_char("^") and not self._transpose_ahead()):
            which = self.take()[1]
            items = _script_items(self.group())
            if which == "_":
                sub = items
            else:
                sup = items
        return Atom(base, sub, sup)

    def _transpose_ahead(self) -> bool:
        kind, text, _ = self.peek(1)
        if kind == "cmd" and text == "T" or (kind == "letter" and text == "T"):
            return True
        if self.is_char("{", 1):
            k2, t2, _ = self.peek(2)
            return (k2 in ("cmd", "letter") and t2 == "T") and self.is_char("}", 3)
        return False

    # --- expressions ------------------------------------------------------------------------
    def side(self):
        e = self.sum()
        if self.peek()[0] != "eof":
            raise MapsUnread(f"unexpected {self.peek()[1]!r}")
        return e

    def sum(self):
        terms, signs = [], []
        sign = 1
        if self.is_char("-"):
            self.i += 1
            sign = -1
        while True:
            terms.append(self.product())
            signs.append(sign)
            if self.is_char("+") or self.is_char("-"):
                sign = 1 if self.take()[1] == "+" else -1
                continue
            break
        return terms[0] if signs == [1] else Sum(tuple(terms), tuple(signs))

    def product(self):
        factors = [self.postfix()]
        while True:
            if self.at_product():
                self.i += 1
                factors.append(self.postfix())
            elif self.peek()[0] in ("letter", "cmd") or self.is_char("("):
                if self.peek()[0] == "cmd" and self.peek()[1] in ("to", "in", "mapsto"):
                    break
                factors.append(self.postfix())
            else:
                break
        return factors[0] if len(factors) == 1 else Prod(tuple(factors))

    def postfix(self):
        e = self.primary()
        while self.is_char("^") and self._transpose_ahead():
            self.i += 1
            self.group()
            e = Tr(e)
        return e

    def primary(self):
        if self.at_nabla() or self.at_grad():
            node = GradOf if self.at_grad() else Jac
            self.i += 1
            if self.is_char("_"):
                return self._wrt(node is GradOf)
            fn = self.function()
            return node(fn, self.argument())
        if self.is_char("("):
            self.i += 1
            inner = self.composition()
            self.expect(")")
            if self.is_char("(") and isinstance(inner, (Word, Atom)):
                return Apply(inner, self.argument())
            return inner
        first = self.atom()
        if self.at_circ():
            return self._word_from(first)
        if self.is_char("("):
            return Apply(first, self.argument())
        return first

    def _wrt(self, grad: bool) -> Wrt:
        """``\\nabla_b (E)(P)``, ``\\nabla_b E``: E as a function of the name in the subscript."""
        self.i += 1
        toks = self.group()
        var = _item(toks) if toks else None
        if not isinstance(var, (Atom, sp.Symbol)):
            raise MapsUnread("∇ with respect to something that is not a name")
        var = var if isinstance(var, Atom) else Atom(str(var))
        if self.is_char("("):
            body, at = self.argument(), var
            if self.is_char("("):  # (E)(P): E at P; (F)(x): the map F applied to x
                arg = self.argument()
                body, at = (Apply(body, arg), var) if isinstance(body, Word) else (body, arg)
        else:
            body, at = self.postfix(), var
        return Wrt(var, body, at, grad)

    def argument(self):
        self.expect("(")
        e = self.sum()
        self.expect(")")
        return e

    def function(self):
        """What ∇ or grad applies to: a name, or a bracketed composition."""
        if self.is_char("("):
            self.i += 1
            w = self.composition()
            self.expect(")")
            if not isinstance(w, (Word, Atom)):
                raise MapsUnread("∇ of something that is not a function")
            return w
        return self.atom()

    def composition(self):
        """A bracketed composition, or an expression."""
        start = self.i
        try:
            first = self.atom()
            if self.at_circ():
                return self._word_from(first)
        except MapsUnread:
            pass
        self.i = start
        return self.sum()

    def _word_from(self, first: Atom) -> Word:
        items: list = [first]
        while self.at_circ() or self.at_ellipsis():
            if self.at_circ():
                self.i += 1
            if self.at_ellipsis():
                self.i += 1
                items.append("...")
                if self.at_circ() or self.at_ellipsis():
                    continue
            items.append(self.atom())
        return Word(_ranges(items))


def _script_items(toks) -> tuple:
    """The comma-separated items of a script: index expressions (l+1, L, 2) or names (A_{l+1})."""
    items, cur = [], []
    for tok in toks + [("char", ",", "")]:
        if tok[0] == "char" and tok[1] == "," and not _open(cur):
            items.append(_item(cur))
            cur = []
        else:
            cur.append(tok)
    return tuple(items)


def _open(toks) -> bool:
    return sum(1 for t in toks if t[1] == "{") > sum(1 for t in toks if t[1] == "}")


def _item(toks):
    if not toks:
        raise MapsUnread("an empty script")
    if all(t[0] in ("letter", "num") or (t[0] == "char" and t[1] in "+-") for t in toks):
        if all(t[0] != "letter" or len(t[1]) == 1 for t in toks) and toks[0][0] != "char":
            return _index_expr(toks)
    if toks[0][0] in ("letter", "cmd") and len(toks) >= 1:
        text = "".join(_latex_of(t) for t in toks)
        r = _Reader(text)
        a = r.atom()
        if r.peek()[0] == "eof":
            return a
    raise MapsUnread("a script this reader does not read")


def _latex_of(t) -> str:
    kind, text, _ = t
    return f"\\{text} " if kind == "cmd" else text


def _index_expr(toks):
    """``l+1``, ``L``, ``2``, ``l-1`` (juxtaposed letters are one index each: ``ij`` is refused)."""
    expr, sign, prev_term = sp.Integer(0), 1, False
    for kind, text, _ in toks:
        if kind == "char":
            sign = 1 if text == "+" else -1
            prev_term = False
            continue
        if prev_term:
            raise MapsUnread("two indices in one script")
        expr += sign * (sp.Integer(int(text)) if kind == "num" else sp.Symbol(text))
        prev_term = True
    return expr


def _ranges(items: list) -> tuple:
    """``F_L, ..., F_{l+1}`` -> Range(F, L, l+1); an ellipsis elsewhere is not read."""
    out: list = []
    k = 0
    while k < len(items):
        it = items[k]
        if it == "...":
            prev = out.pop() if out else None
            nxt = items[k + 1] if k + 1 < len(items) else None
            if not (isinstance(prev, Atom) and isinstance(nxt, Atom) and prev.base == nxt.base
                    and len(prev.sub) == 1 == len(nxt.sub) and prev.sup == nxt.sup == ()
                    and isinstance(prev.sub[0], sp.Expr) and isinstance(nxt.sub[0], sp.Expr)):
                raise MapsUnread("an ellipsis that is not a run of one family")
            out.append(Range(prev.base, prev.sub[0], nxt.sub[0]))
            k += 2
            continue
        out.append(it)
        k += 1
    return tuple(out)


def balanced(text: str) -> str:
    """``text`` with one closing bracket that closes nothing set aside (``\\nabla G(z))``: a typo), else as it is."""
    depth = 0
    for k, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            rest = text[:k] + text[k + 1:]
            return rest if rest.count("(") == rest.count(")") else text
    return text


def read_side(text: str):
    """The tree of one side (a composition, or an expression in maps). Raises :class:`MapsUnread`."""
    text = strip_quantifier(strip_signature(text))
    text = re.sub(r"(\\[,;:! ]|\\q?quad|\s|[.,;])+$", "", text)  # the sentence's punctuation after a formula
    text = balanced(text)
    r = _Reader(text)
    try:
        first = r.atom()
        if r.at_circ():
            w = r._word_from(first)
            if r.peek()[0] == "eof":
                return w
    except MapsUnread:
        pass
    return _Reader(text).side()
