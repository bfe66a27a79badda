"""Map notation under random interpretations: does ``lhs = rhs`` hold for any maps?

Every function the two sides name (after the write-up's definitions are put in, :mod:`.map_defs`) is a random
smooth map with rational coefficients (a quadratic in each output); a name of the σ family (``\\sigma_l``) is
one random function of one variable applied in every component, as write-ups in this notation state; a run
``F_L ∘ … ∘ F_{l+2}`` is one more random map; every other name is a random matrix or vector. Sizes come from
how the sides use them (unification): ``g(x)`` makes x the input of g, ``∇f(x)`` is out × in (numerator layout)
or in × out (denominator layout), ``grad f(x)`` is the in × 1 gradient of a real-valued f, ``A • B`` needs the
columns of A to be the rows of B. A size left free takes distinct values ≥ 2 (a reading that forces the input
of a map to size 1 is refused, so a check never degenerates to scalars). Derivatives are exact (SymPy's
``diff`` of the composed expression, never the chain rule), values rational, comparisons exact.

The answer per layout: "holds" (equal at every trial), "differs" (with the values), or "ill-formed".
"""

from __future__ import annotations

import random

import sympy as sp

from .map_defs import Lambda
from .maps import Apply, Atom, GradOf, Jac, MapsUnread, Prod, Range, Sum, Tr, Word

__all__ = ["compare", "NUMERATOR", "DENOMINATOR", "LAYOUT_NAMES"]

NUMERATOR, DENOMINATOR = 0, 1
LAYOUT_NAMES = {NUMERATOR: "∇f(x) as the Jacobian (rows: the outputs)",
                DENOMINATOR: "∇f(x) as its transpose (rows: the inputs)"}
_COMPONENTWISE = ("sigma",)
_MAX_SIZE_CLASSES = 12


class _Illformed(Exception):
    pass


class _Dims:
    """Union-find over size variables; a class may be fixed to 1 (a real value)."""

    def __init__(self):
        self.parent: list = []
        self.one: set = set()
        self.inputs: set = set()

    def new(self, is_input: bool = False) -> int:
        self.parent.append(len(self.parent))
        if is_input:
            self.inputs.add(len(self.parent) - 1)
        return len(self.parent) - 1

    def find(self, a: int) -> int:
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a == b:
            return
        self.parent[a] = b
        if a in self.one:
            self.one.add(b)
        if a in self.inputs:
            self.inputs.add(b)
        if b in self.one and b in self.inputs:
            raise _Illformed("the input of a map forced to size 1")

    def fix_one(self, a: int) -> None:
        a = self.find(a)
        if a in self.inputs:
            raise _Illformed("the input of a map forced to size 1")
        self.one.add(a)


class _Types:
    """The sizes of every name and node (pass 1)."""

    def __init__(self, layout: int, scalar_valued: set):
        self.d = _Dims()
        self.layout = layout
        self.maps: dict = {}       # key -> (in, out, componentwise)
        self.points: dict = {}     # key -> (rows, cols)
        self.scalar_valued = scalar_valued

    def map_of(self, fn):
        if isinstance(fn, Word) and not fn.items:  # an empty run (F_L ∘ … ∘ F_{L+1}): the identity
            c = self.d.new(True)
            return c, c
        if isinstance(fn, Word):
            first = self.map_of(fn.items[-1])
            i, o = first
            for f in reversed(fn.items[:-1]):
                fi, fo = self.map_of(f)
                self.d.union(fi, o)
                o = fo
            return first[0], o
        if isinstance(fn, Lambda):
            r, c = self.shape(fn.var)
            self.d.fix_one(c)
            self.d.inputs.add(self.d.find(r))
            br, bc = self.shape(fn.body)
            self.d.fix_one(bc)
            return r, br
        if not isinstance(fn, (Atom, Range)):
            raise MapsUnread(f"a {type(fn).__name__} where a map is expected")  # -(F ∘ G) is no map of its own
        key = str(fn)
        if key not in self.maps:
            i = self.d.new(True)
            cw = isinstance(fn, Atom) and fn.base in _COMPONENTWISE
            o = i if cw else self.d.new()
            if isinstance(fn, Atom) and (fn.base, len(fn.sub), len(fn.sup)) in self.scalar_valued:
                self.d.fix_one(o)
            self.maps[key] = (i, o, cw)
        i, o, _ = self.maps[key]
        return i, o

    def shape(self, node):
        if isinstance(node, Atom):
            key = str(node)
            if key not in self.points:
                self.points[key] = (self.d.new(), self.d.new())
            return self.points[key]
        if isinstance(node, (Word, Range)):
            raise MapsUnread("a function where a value is expected")
        if isinstance(node, Apply):
            if isinstance(node.fn, Lambda):
                return self._lambda(node.fn, node.arg)
            i, o = self.map_of(node.fn)
            r, c = self.shape(node.arg)
            self.d.union(r, i)
            self.d.fix_one(c)
            one = self.d.new()
            self.d.fix_one(one)
            return o, one
        if isinstance(node, (Jac, GradOf)):
            i, o = self.map_of(node.fn)
            r, c = self.shape(node.arg)
            self.d.union(r, i)
            self.d.fix_one(c)
            if isinstance(node, GradOf):
                self.d.fix_one(o)
                one = self.d.new()
                self.d.fix_one(one)
                return i, one
            return (o, i) if self.layout == NUMERATOR else (i, o)
        if isinstance(node, Tr):
            r, c = self.shape(node.arg)
            return c, r
        if isinstance(node, Sum):
            r, c = self.shape(node.terms[0])
            for t in node.terms[1:]:
                tr, tc = self.shape(t)
                self.d.union(r, tr)
                self.d.union(c, tc)
            return r, c
        if isinstance(node, Prod):
            r, c = self.shape(node.factors[0])
            for f in node.factors[1:]:
                fr, fc = self.shape(f)
                self.d.union(c, fr)
                c = fc
            return r, c
        raise MapsUnread(f"cannot size {type(node).__name__}")

    def _lambda(self, lam: Lambda, arg):
        i, o = self.map_of(lam)
        r, c = self.shape(arg)
        self.d.union(r, i)
        self.d.fix_one(c)
        one = self.d.new()
        self.d.fix_one(one)
        return o, one


class _World:
    """One random interpretation at concrete sizes (pass 2). Values are exact rational matrices; inside a map
    they carry their derivative with respect to the point a Jacobian is taken at (forward mode, exact), so no
    symbolic differentiation is needed."""

    def __init__(self, types: _Types, sizes: dict, rng: random.Random):
        self.t, self.sizes, self.rng = types, sizes, rng
        self.values: dict = {}
        self.funcs: dict = {}

    def size(self, cls: int) -> int:
        return self.sizes[self.t.d.find(cls)]

    def q(self):
        return sp.Rational(self.rng.randint(-9, 9), self.rng.randint(1, 5))

    def point(self, node: Atom):
        key = str(node)
        if key not in self.values:
            r, c = self.t.points[key]
            self.values[key] = (sp.Matrix(self.size(r), self.size(c), lambda i, j: self.q()), None)
        return self.values[key]

    def func(self, fn):
        """The map ``fn`` on (value, derivative) pairs."""
        if isinstance(fn, Word):
            parts = [self.func(f) for f in fn.items]

            def composed(v, d):
                for p in reversed(parts):
                    v, d = p(v, d)
                return v, d
            return composed
        if isinstance(fn, Lambda):
            def given(v, d, fn=fn):
                key, old = str(fn.var), self.values.get(str(fn.var))
                self.values[key] = (v, d)
                try:
                    return self.value(fn.body)
                finally:
                    if old is None:
                        self.values.pop(key, None)
                    else:
                        self.values[key] = old
            return given
        key = str(fn)
        if key not in self.funcs:
            i, o, cw = self.t.maps[key]
            self.funcs[key] = self._componentwise() if cw else self._quadratic(self.size(i), self.size(o))
        return self.funcs[key]

    def _componentwise(self):
        c = [self.q() for _ in range(4)]

        def s(v, d):
            val = v.applyfunc(lambda t: c[0] + c[1] * t + c[2] * t ** 2 + c[3] * t ** 3)
            if d is None:
                return val, None
            return val, sp.diag(*[c[1] + 2 * c[2] * t + 3 * c[3] * t ** 2 for t in v]) * d
        return s

    def _quadratic(self, n_in: int, n_out: int):
        coef = [([self.q() for _ in range(n_in + 1)], [self.q() for _ in range(n_in)],
                 [self.q() for _ in range(n_in)] if n_in > 1 else [0]) for _ in range(n_out)]

        def m(v, d):
            vals, rows = [], []
            for lin, sq, cross in coef:
                e = lin[0] + sum(lin[k + 1] * v[k] + sq[k] * v[k] ** 2 for k in range(n_in))
                if n_in > 1:
                    e += sum(cross[k] * v[k] * v[(k + 1) % n_in] for k in range(n_in))
                vals.append(e)
                if d is not None:
                    rows.append([lin[i + 1] + 2 * sq[i] * v[i] + (sum(
                        cross[k] * v[(k + 1) % n_in] * int(k == i) + cross[k] * v[k] * int((k + 1) % n_in == i)
                        for k in range(n_in)) if n_in > 1 else 0) for i in range(n_in)])
            return sp.Matrix(vals), (sp.Matrix(rows) * d if d is not None else None)
        return m

    def value(self, node):
        """(value, derivative or None) of ``node``."""
        if isinstance(node, Atom):
            return self.point(node)
        if isinstance(node, Apply):
            return self.func(node.fn)(*self.value(node.arg))
        if isinstance(node, (Jac, GradOf)):
            at, d = self.value(node.arg)
            if d is not None:
                raise MapsUnread("a derivative inside a map given by its values")
            out, jac = self.func(node.fn)(at, sp.eye(at.rows))
            jac = sp.zeros(out.rows, at.rows) if jac is None else jac  # a value that does not depend on it
            if isinstance(node, GradOf):
                return jac.T, None
            return (jac if self.t.layout == NUMERATOR else jac.T), None
        if isinstance(node, Tr):
            v, d = self.value(node.arg)
            if d is not None:
                raise MapsUnread("a transpose inside a map given by its values")
            return v.T, None
        if isinstance(node, Sum):
            v, d = None, None
            for t, sg in zip(node.terms, node.signs):
                tv, td = self.value(t)
                v = sg * tv if v is None else v + sg * tv
                if td is not None:
                    d = sg * td if d is None else d + sg * td
            return v, d
        if isinstance(node, Prod):
            v, d = self.value(node.factors[0])
            for f in node.factors[1:]:
                fv, fd = self.value(f)
                if d is not None:
                    raise MapsUnread("a product whose left factor varies")
                v, d = v * fv, (v * fd if fd is not None else None)
            return v, d
        raise MapsUnread(f"cannot evaluate {type(node).__name__}")


def compare(lhs, rhs, layout: int, scalar_valued=frozenset(), seed: int = 0, trials: int = 2):
    """("holds" | "differs" | "ill-formed", detail) for ``lhs = rhs`` under ``layout``."""
    functions = isinstance(lhs, (Word, Range)) or isinstance(rhs, (Word, Range))
    if functions:
        lhs, rhs = (Apply(s if not isinstance(s, Range) else Word((s,)), Atom("_point")) for s in (lhs, rhs))
    types = _Types(layout, set(scalar_valued))
    try:
        shape_l, shape_r = types.shape(lhs), types.shape(rhs)
        types.d.union(shape_l[0], shape_r[0])
        types.d.union(shape_l[1], shape_r[1])
    except _Illformed as exc:
        return "ill-formed", str(exc)
    roots = sorted({types.d.find(k) for k in range(len(types.d.parent))})
    free = [r for r in roots if r not in types.d.one]
    if len(free) > _MAX_SIZE_CLASSES:
        raise MapsUnread("too many sizes")
    rng = random.Random(seed)
    for trial in range(trials):
        pool = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
        if trial % 2:
            pool = pool[1:] + pool[:1]
        sizes = {r: 1 for r in roots if r in types.d.one}
        sizes.update({r: pool[k] for k, r in enumerate(free)})
        world = _World(types, sizes, rng)
        a, b = world.value(lhs)[0], world.value(rhs)[0]
        if a.shape != b.shape:
            return "ill-formed", f"sizes {a.shape} and {b.shape}"
        if any(x != 0 for x in (a - b)):
            return "differs", f"at sizes {sorted(set(sizes.values()))}: {_short(a)} against {_short(b)}"
    return "holds", ""


def _short(m) -> str:
    """A matrix in a few digits (its exact entries can be long)."""
    vals = [f"{float(x):.4g}" for x in list(m)[:4]]
    return f"{m.rows}×{m.cols} [{', '.join(vals)}{', …' if len(m) > 4 else ''}]"
