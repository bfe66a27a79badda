"""Dimensions a write-up declares: ``A_l \\in \\mathbb{R}^{n_l \\times n_{l-1}}``,
``x \\in \\mathbb{R}^{n}``, ``\\sigma_l : \\mathbb{R} \\to \\mathbb{R}``, "$W^l$ is the
$n_l \\times n_{l-1}$ weight matrix", size equations ``n_0 = n_i``, and the
file's conventions ("we use row vectors", ∇ written as a row).

A shape here is a tuple of **size expressions**: ``(r, c)`` for a matrix, ``(n,)``
for a vector of ℝ^n (a column, or a row where the file says vectors are rows),
``()`` for a number. A size is a SymPy expression in size atoms: ``n_l`` is
``n(l)`` (a size letter with a subscript, the subscript a layer expression in
plain symbols), ``m`` a plain symbol, numbers are numbers. A name declared with
a one-letter script (``A_l``, ``W^l``) is a **family**: every member
``A_{l+1}``, ``A_L``, ``A_1`` has the shape with the letter replaced
(``n_{l+1} × n_l``); a name declared with a fixed script (``a_0``) is that
member only. Two members declared with the same pattern (``a_1 \\in
\\mathbb{R}^{n_1}``, ``a_2 \\in \\mathbb{R}^{n_2}``) declare the family.

Nothing here evaluates text: the tokens of :func:`.preprocess.tokenize` are
read by hand, and every script that is not a layer expression (letters, digits,
``+``, ``-``) makes the name unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional

import sympy as sp

from .preprocess import tokenize

__all__ = ["Name", "Entry", "Declarations", "tokens", "read_name", "read_space", "layer_expr", "size_of", "group_end",
           "space_at"]

#: decorations that leave a name the same name (bold and arrows mark vectors)
SAME_NAME = {"mathbf", "boldsymbol", "bm", "vec", "mathbfit", "overrightarrow", "pmb", "mathit", "mathrm"}
#: decorations that make another name (x̂ is not x)
OTHER_NAME = {"hat", "bar", "overline", "tilde", "widehat", "widetilde", "mathcal", "check", "dot"}
NOT_NAMES = {"nabla", "partial", "frac", "dfrac", "sum", "prod", "int", "cdot", "odot", "times", "in", "to", "T",
             "mathbb", "left", "right", "ldots", "cdots", "vdots", "dots", "infty", "lim", "text", "circ", "otimes",
             "mapsto", "le", "ge", "leq", "geq", "neq", "forall", "exists", "sqrt", "prime", "quad", "qquad"}
MAX_ENTRIES = 400


def tokens(text: str) -> list:
    """The tokens of ``text`` without the end marker; none when it cannot be tokenized (a
    declaration that cannot be read declares nothing)."""
    from ..errors import ParseError

    try:
        return [t for t in tokenize(text) if t.kind != "eof"]
    except (ParseError, RecursionError):
        return []


def sym(letter: str) -> sp.Symbol:
    """The plain symbol of a layer letter or a size letter (no assumptions, so that they match)."""
    return sp.Symbol(letter)


@dataclass(frozen=True)
class Name:
    """A name as written: ``base`` (``A``, ``epsilon``, ``hat y``), its scripts as layer
    expressions (None: no script; the string "bad": a script that is not a layer
    expression), and whether a superscript ``T`` transposes it."""

    base: str
    sub: object = None
    sup: object = None
    transpose: bool = False
    primes: int = 0
    vector: bool = field(default=False, compare=False)   # written as a vector (\vec, \mathbf, \boldsymbol)

    @property
    def key(self) -> tuple:
        return (self.base, self.sub is not None, self.sup is not None)

    @property
    def readable(self) -> bool:
        return self.sub != "bad" and self.sup != "bad"


def group_end(toks, i: int) -> int:
    """The index just after the brace group or single token starting at ``toks[i]``."""
    if i >= len(toks):
        return i
    if toks[i].kind == "char" and toks[i].text == "{":
        depth = 0
        for j in range(i, len(toks)):
            if toks[j].kind == "char" and toks[j].text == "{":
                depth += 1
            elif toks[j].kind == "char" and toks[j].text == "}":
                depth -= 1
                if depth == 0:
                    return j + 1
        return len(toks)
    return i + 1


def _inner(toks, i: int, j: int):
    """The tokens of the group ``toks[i:j]`` without its braces."""
    if j - i >= 2 and toks[i].text == "{" and toks[i].kind == "char":
        return toks[i + 1:j - 1]
    return toks[i:j]


def layer_expr(toks):
    """``l``, ``l-1``, ``L``, ``2``, ``(l)`` as a SymPy expression in plain symbols, or "bad"."""
    toks = [t for t in toks if t.kind != "eof"]
    if len(toks) >= 2 and toks[0].text == "(" and toks[-1].text == ")":
        toks = toks[1:-1]
    if not toks:
        return "bad"
    total, sign, expect_term = sp.Integer(0), 1, True
    for t in toks:
        if expect_term and t.kind == "char" and t.text in "+-":
            sign = -sign if t.text == "-" else sign
            continue
        if expect_term and t.kind == "num" and t.text.isdigit():
            total += sign * int(t.text)
        elif expect_term and t.kind == "letter" and len(t.text) == 1:
            total += sign * sym(t.text)
        elif not expect_term and t.kind == "char" and t.text in "+-":
            sign, expect_term = (-1 if t.text == "-" else 1), True
            continue
        else:
            return "bad"
        sign, expect_term = 1, False
    return "bad" if expect_term else total


def _is_transpose(toks) -> bool:
    letters = [t for t in toks if t.kind not in ("char",) or t.text not in "{}"]
    return len(letters) == 1 and letters[0].text == "T" and letters[0].kind in ("letter", "cmd")


def read_name(toks, i: int):
    """``(Name, j)`` for a name starting at ``toks[i]``, or ``(None, i)``."""
    t = toks[i] if i < len(toks) else None
    if t is None:
        return None, i
    prefix, vector = "", False
    while t.kind == "cmd" and (t.text in SAME_NAME or t.text in OTHER_NAME):
        vector = vector or t.text in ("vec", "mathbf", "boldsymbol", "bm", "overrightarrow", "pmb")
        if t.text in OTHER_NAME:
            prefix += t.text + " "
        i += 1
        t = toks[i] if i < len(toks) else None
        if t is None:
            return None, i
        if t.kind == "char" and t.text == "{":
            j = group_end(toks, i)
            inner = _inner(toks, i, j)
            if len(inner) != 1 or inner[0].kind not in ("letter", "cmd"):
                return None, i
            t, i = inner[0], j - 1
    if t.kind == "letter" or (t.kind == "cmd" and t.text not in NOT_NAMES and t.text.isalpha()):
        base = prefix + t.text
    else:
        return None, i
    i += 1
    sub = sup = None
    transpose, primes = False, 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "char" and t.text in "_^":
            j = group_end(toks, i + 1)
            inner = _inner(toks, i + 1, j)
            if t.text == "^" and _is_transpose(inner):
                transpose = True
            elif t.text == "^" and len(inner) == 1 and inner[0].text == "prime":
                primes += 1
            elif t.text == "_" and sub is None and not transpose:
                sub = layer_expr(inner)
            elif t.text == "^" and sup is None and not transpose:
                sup = layer_expr(inner)
            else:
                return Name(base, "bad", "bad"), j
            i = j
        elif t.kind == "char" and t.text == "'" or t.kind == "prime":
            primes += 1
            i += 1
        else:
            break
    return Name(base, sub, sup, transpose, primes, vector), i


def _is_reals(toks, i: int) -> int:
    """The index after a ℝ written at ``toks[i]`` (``\\mathbb{R}``, ``\\R``, ``ℝ``, ``\\mathbf{R}``), or -1."""
    t = toks[i] if i < len(toks) else None
    if t is None:
        return -1
    if (t.kind == "cmd" and t.text == "R") or (t.kind == "text" and t.text == "ℝ"):
        return i + 1
    if t.kind == "cmd" and t.text in ("mathbb", "mathbf", "Bbb", "mathbbm"):
        j = group_end(toks, i + 1)
        inner = _inner(toks, i + 1, j)
        if len(inner) == 1 and inner[0].text == "R":
            return j
    return -1


def size_of(toks):
    """A size written as ``n_l``, ``n_{l-1}``, ``(n_l+1)``, ``m``, ``3``, ``2n``: a SymPy expression, or None."""
    toks = [t for t in toks if t.kind != "eof"]
    total, sign, term, i = sp.Integer(0), 1, None, 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "char" and t.text in "+-":
            if term is not None:
                total, term = total + sign * term, None
            elif t.text == "+":
                i += 1
                continue
            sign = -1 if t.text == "-" else 1
            i += 1
            continue
        factor = None
        if t.kind == "num" and t.text.isdigit():
            factor, i = sp.Integer(int(t.text)), i + 1
        elif t.kind == "char" and t.text == "(":
            depth, j = 0, i
            while j < len(toks):
                depth += toks[j].text == "(" and toks[j].kind == "char"
                depth -= toks[j].text == ")" and toks[j].kind == "char"
                if depth == 0:
                    break
                j += 1
            factor, i = size_of(toks[i + 1:j]), j + 1
        elif t.kind == "letter" and len(t.text) == 1:
            if i + 1 < len(toks) and toks[i + 1].kind == "char" and toks[i + 1].text == "_":
                j = group_end(toks, i + 2)
                layer = layer_expr(_inner(toks, i + 2, j))
                if layer == "bad":
                    return None
                factor, i = sp.Function(t.text)(layer), j
            else:
                factor, i = sym(t.text), i + 1
        if factor is None:
            return None
        term = factor if term is None else term * factor
    if term is None:
        return None
    return sp.expand(total + sign * term)


def read_space(toks, i: int = 0):
    """``(shape, j)`` for a space ``\\mathbb{R}^{r \\times c}``, ``\\mathbb{R}^{n}``, ``\\mathbb{R}``
    at ``toks[i]``: shape ``(r, c)``, ``(n,)`` or ``()``; ``(None, i)`` if there is none."""
    j = _is_reals(toks, i)
    if j < 0:
        return None, i
    if j < len(toks) and toks[j].kind == "char" and toks[j].text == "^":
        k = group_end(toks, j + 1)
        inner = _inner(toks, j + 1, k)
        pieces, cur = [], []
        for t in inner:
            if t.kind == "cmd" and t.text == "times" or t.kind == "char" and t.text in ("×", "*"):
                pieces.append(cur)
                cur = []
            else:
                cur.append(t)
        pieces.append(cur)
        sizes = tuple(size_of(p) for p in pieces)
        if len(sizes) > 2 or any(s is None for s in sizes):
            return None, i
        return sizes, k
    return (), j


def space_at(text: str):
    """The shape of a whole text that is one space ``\\mathbb{R}^{...}``, else None."""
    toks = tokens(text)
    shape, j = read_space(toks, 0)
    return shape if shape is not None and j == len(toks) else None


@dataclass(frozen=True)
class Entry:
    """What one declaration says about a name: ``shape`` (sizes), or ``definition``
    (the text of the expression it was defined as), or a function's ``domain`` and
    ``codomain``. ``family`` holds the script letters that range over members."""

    name: Name
    line: int
    shape: Optional[tuple] = None
    definition: Optional[str] = None
    domain: Optional[tuple] = None
    codomain: Optional[tuple] = None
    family: tuple = ()


@dataclass(frozen=True)
class Declarations:
    """The dimensions a write-up has declared before a step (immutable; ``add`` returns a new one)."""

    entries: tuple = ()
    equal: tuple = ()          # (size atom, size) pairs from n_0 = n_i
    rows: bool = False          # the file says vectors are rows
    nabla_row: bool = False     # the file writes ∇ of a scalar function as a row (a Jacobian)
    maps: tuple = ()            # affine maps the file defines (notation.affine.Affine), latest last

    def add(self, entry: Entry) -> "Declarations":
        if len(self.entries) >= MAX_ENTRIES:
            return self
        entry = replace(entry, family=_family(entry.name))
        extra = ()
        if not entry.family and entry.shape is not None:
            extra = _pattern(self, entry)
        return replace(self, entries=self.entries + (entry,) + extra)

    def lookup(self, key: tuple):
        """The entries of ``key`` (``(base, has_sub, has_sup)``), latest first."""
        return [e for e in reversed(self.entries) if e.name.key == key]

    def size_equal(self, atom, value) -> "Declarations":
        return replace(self, equal=self.equal + ((atom, value),))

    @property
    def empty(self) -> bool:
        return not self.declares and not self.maps

    @property
    def declares(self) -> bool:
        """Does any entry give sizes (a shape or a function's spaces)? Definitions alone give none."""
        return any(e.shape is not None or e.domain is not None for e in self.entries[-1:]) or \
            any(e.shape is not None or e.domain is not None for e in self.entries)


def _family(name: Name) -> tuple:
    """The script letters of a declaration that range over members: lower-case letters
    (``A_l`` for every l); a capital (``a_L``, the output layer) is one member."""
    out = []
    for script in (name.sub, name.sup):
        if isinstance(script, sp.Symbol) and script.name.islower():
            out.append(script)
    return tuple(out)


def _abstract(entry: Entry):
    """``a_2 \\in \\mathbb{R}^{n_2}`` as the pattern ``a_k \\in \\mathbb{R}^{n_k}`` (None if its
    sizes do not follow its script)."""
    k = entry.name.sub if entry.name.sub is not None else entry.name.sup
    if not isinstance(k, sp.Integer) or entry.shape is None:
        return None
    var = sp.Symbol("_k")
    sizes = []
    for s in entry.shape:
        s = s if isinstance(s, sp.Basic) else sp.Integer(int(s))
        subs = {f: f.func(f.args[0] - k + var) for f in s.atoms(sp.core.function.AppliedUndef)
                if isinstance(f.args[0], sp.Integer)}
        if not subs:
            return None
        sizes.append(sp.expand(s.xreplace(subs)))
    return tuple(sizes), var


def _pattern(decls: Declarations, entry: Entry) -> tuple:
    """A family entry when ``entry`` and an earlier member follow one pattern, else ()."""
    if not any(isinstance(s, (sp.Integer,)) for s in (entry.name.sub, entry.name.sup)):
        return ()
    mine = _abstract(entry)
    if mine is None or any(e.family for e in decls.lookup(entry.name.key)):
        return ()
    for other in decls.lookup(entry.name.key):
        theirs = _abstract(other) if other.shape is not None else None
        if theirs is not None and theirs[0] == mine[0] and other.name != entry.name:
            letter = sym("l")
            shape = tuple(sp.expand(s.xreplace({mine[1]: letter})) for s in mine[0])
            sub = letter if entry.name.sub is not None else None
            sup = letter if entry.name.sup is not None else None
            fam = Name(entry.name.base, sub, sup)
            return (Entry(fam, entry.line, shape=shape, family=_family(fam)),)
    return ()
