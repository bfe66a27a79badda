"""Instantiate a step written in indexed scalars: concrete sizes and indices, the
write-up's own definitions, random functions for what it leaves undefined.

An :class:`Instance` turns a part of a reading (``y_j``, ``a^{(L)}_j``, ``E_n(w)``,
``\\sum_{n=0}^{N-1}``, ``\\sum_j`` without limits, ``δ_{ik}``, ``∂L/∂a_j``,
``f'(z_j)``) into a SymPy expression in scalars:

- an index or a size takes the value the instance gives it; a sum is written out;
- an indexed name becomes one scalar per index value (``y_2``, ``a^L_2``);
- a name or component the write-up defined (``L = -\\sum_j y_j \\log a_j``,
  ``a_j = f(z_j)``; :class:`Definitions`) is replaced by its definition, as late as
  possible: a derivative ∂X/∂Y expands X through the definitions except Y itself,
  then differentiates with respect to Y, so ``∂L/∂a_j`` holds the other
  components fixed and ``∂L/∂z_j`` goes through ``a = f(z)``;
- an undefined function becomes a random smooth function
  (:func:`symcheck.notation.interpret.random_function`), the same one at every
  use, applied elementwise as written (``g(u_i)``); where the reader marks the
  dependence of an undefined name on a derivative's variable (``∂I/∂Q_k`` read
  ``∂I(Q_k)/∂Q_k``) it is a function of the whole family Q_0, …, Q_n.

A derivative of something that, once expanded, does not contain the variable nor a member
of its family (``∂h_c/∂t_d`` holds every t_k) is not modelled (:class:`NotModelled`). The
undefined functions it applies are collected in ``used`` (a family ``E_n`` as
``E[]``, apart from a plain ``E``); :func:`base_name` names the family of a scalar.
"""

from __future__ import annotations

import itertools
import re
from typing import Optional

import sympy as sp
from sympy.core.function import AppliedUndef

from .dependences import at_own_variable
from .forward import chain_function, value_and_slope
from .vector_definitions import held_families

_INDEXED_NAME = re.compile(r"^(.+)\[(\w+)\]$")
MAX_DEPTH = 6            # definitions expanded inside definitions, at most
MAX_SUM = 8              # terms of one written-out sum, at most
GENERAL_LAYER = "l"


def named_function(name: str) -> sp.Lambda:
    """The activation ``name`` ("sigmoid", "tanh", "identity") as a Lambda of one variable."""
    x = sp.Symbol("x_1", real=True)
    body = {"sigmoid": 1 / (1 + sp.exp(-x)), "tanh": sp.tanh(x), "identity": x}[name]
    return sp.Lambda((x,), body)


class NotModelled(Exception):
    """The step uses something this instantiation does not model."""


class Unrelated(NotModelled):
    """A derivative of something that, as given, does not depend on the variable (under
    another reading of a definition: that reading does not fit the step)."""


def indexed_function(name: str):
    """``("E", "n")`` for the name ``E[n]`` of an indexed function, else None."""
    m = _INDEXED_NAME.match(name)
    return (m.group(1), m.group(2)) if m else None


def base_of(sym, chain: dict) -> str:
    """The chained name ``sym`` is a member of (``Q`` for ``Q_2``, ``C`` for ``C``)."""
    return sym.name if sym.name in chain else sym.name.rsplit("_", 1)[0]


def held_symbol(name: str) -> sp.Symbol:
    """The variable a defined name ``name`` is held as while a derivative by it is taken."""
    return sp.Symbol(name, real=True)


def base_name(sym) -> str:
    """The name an instantiated scalar belongs to: ``y`` for ``y_2``, ``a^L`` for ``a^L_1``;
    "" for δ_{ik} read as a name (a reading of a symbol both sides may carry, not a name)."""
    if sym.assumptions0.get("kronecker"):
        return ""
    return sym.name.rsplit("_", 1)[0] if "_" in sym.name else sym.name


class Definitions:
    """What the write-up defined, as instantiable bodies, one reading chosen.
    ``table``: key -> (index variable names, body); keys are ``("name", n)``,
    ``("comp", qname, layer)`` and ``("indexed", base)``."""

    def __init__(self, table: dict, plain: dict, functions: Optional[dict] = None):
        self.table, self.functions = table, functions or {}  # state.functions: C(a) = …, C -> (a, body)
        self.plain = plain            # state.definitions: name -> expression

    def name(self, n: str):
        hit = self.table.get(("name", n))
        if hit is not None:
            return hit[1]
        return self.plain.get(n)

    def comp(self, qname: str, layer):
        """(index variables, body) defining the component qname^layer_j, or None."""
        hit = self.table.get(("comp", qname, str(layer)))
        if hit is not None:
            return hit
        hit = self.table.get(("comp", qname, GENERAL_LAYER))
        if hit is None:
            return None
        vars_, body = hit
        return vars_, body.xreplace({s: layer for s in body.atoms(sp.Symbol) if s.name == GENERAL_LAYER})

    def indexed(self, base: str):
        return self.table.get(("indexed", base))


class Instance:
    """One instantiation: index and size ``values``, the Kronecker reading, the random
    functions (shared by every part instantiated with it)."""

    def __init__(self, values: dict, size: int, kronecker: bool, rng, applied: dict, definitions: Definitions,
                 activation: Optional[str] = None, chain: Optional[dict] = None):
        self.values = dict(values)
        self.chain = chain or {}          # undefined name -> (its arity, the names it is a function of)
        self.composed: dict = {}          # an instantiated member of a chained name -> its random function
        self.ranges: dict = {}            # a chained name -> the index values of its members (None: any name)
        self.point: Optional[dict] = None  # evaluate at one random point (a scalar -> its rational value)
        self.derivatives: dict = {}       # at a point: derivatives already carried out
        self.size = size
        self.kronecker = kronecker
        self.rng = rng
        self.applied = applied            # indexed function family -> its arguments as written
        self.definitions = definitions
        self.activation = activation      # an undefined function of one variable read as this one (None: random)
        self.functions: dict = {}         # (name, arity) -> Lambda
        self.symbols: dict = {}           # an instantiated component or indexed name -> (definition, values)
        self.used: set = set()            # undefined functions the parts apply (a family E_n as E[])
        self.variables: set = set()       # the instantiated variables of derivatives
        self.defined: set = set()         # plain names whose definition was put in
        self.guesses: set = set()         # undefined names whose dependence on a variable the reader marked
        self.compared: tuple = ()         # the two sides' values where they were decided apart
        self.held: frozenset = frozenset()  # defined plain names a derivative is taken by: kept as variables
        self.depth = 0

    # --- the pieces ---
    def function(self, name: str, arity: int):
        from ..notation.interpret import random_function

        key = (name, arity)
        if key not in self.functions:
            if arity == 1 and self.activation:
                self.functions[key] = named_function(self.activation)
            elif self.chain and base_of(sp.Symbol(name), self.chain) in self.chain:
                self.functions[key] = chain_function(arity, self.rng)  # composed along a chain: kept small
            else:
                self.functions[key] = random_function(arity, self.rng)
        return self.functions[key]

    def value(self, e) -> int:
        v = self.of(e)
        if not (v.is_number and v.is_integer):
            raise NotModelled(f"an index {e} without a value")
        return int(v)

    def family(self, base: str) -> list:
        return [sp.Symbol(f"{base}_{v}", real=True) for v in range(0, self.size + 1)]

    def _with(self, bindings: dict) -> "Instance":
        other = Instance({**self.values, **bindings}, self.size, self.kronecker, self.rng, self.applied,
                         self.definitions, self.activation, self.chain)
        other.composed, other.ranges, other.point = self.composed, self.ranges, self.point
        other.derivatives = self.derivatives
        other.functions, other.symbols, other.used, other.depth = self.functions, self.symbols, self.used, self.depth
        other.variables, other.defined, other.guesses = self.variables, self.defined, self.guesses
        other.held = self.held
        return other

    def _deeper(self) -> "Instance":
        if self.depth >= MAX_DEPTH:
            raise NotModelled("definitions nested too deeply")
        other = self._with({})
        other.depth = self.depth + 1
        return other

    # --- expansion through the definitions ---
    def expand(self, expr, keep=frozenset(), family=frozenset()):
        """``expr`` with every defined component or indexed name (but those in ``keep`` and the members of
        the families ``family``, a derivative's variables) replaced by its instantiated definition, repeatedly."""
        for _ in range(MAX_DEPTH + len(self.chain)):
            subs = {}
            for s in expr.free_symbols:
                if family and base_name(s) in family:
                    continue  # ∂h_c/∂t_d: every t_k is a variable, expanded once the derivative is taken
                if self.chain and s not in self.composed and base_of(s, self.chain) in self.chain:
                    self._compose(s, s.name)
                if s in self.composed and s not in keep:
                    subs[s] = self.composed[s]
                    continue
                if s not in keep and self._definable(s) and s == held_symbol(s.name):
                    subs[s] = self._symbol(s)  # a defined name a chained function is applied to: its definition
                    continue
                hit, vals = self.symbols.get(s, (None, None))
                if hit is None or s in keep:
                    if self.point is not None and s not in keep and s not in self.composed and \
                            not isinstance(s, sp.Dummy):
                        subs[s] = self.at(s)  # a value at the point: held there, so the expression stays small
                    continue
                vars_, body = hit
                inst = self._deeper()._with(dict(zip(vars_, vals)))
                subs[s] = inst.of(body)
            if not subs:
                return expr
            expr = expr.xreplace(subs)
        raise NotModelled("definitions nested too deeply")

    def derivative(self, top, variables):
        """∂top/∂variables: expand ``top`` through the definitions except the variables. A
        variable the write-up defined (``∂C/∂a`` after ``a = g(z)``) is held as a variable while
        ``top`` is expanded, and its definition is put in once the derivative is taken (C' at
        a = g(z)): the dependence graph the definitions draw."""
        wrt, held, values = [], set(), {}
        for var, count in variables:
            if self._definable(var):
                v = held_symbol(var.name)
                held.add(var.name)
                values[v] = var
            else:
                v = self.of(var)
            if not isinstance(v, sp.Symbol):
                raise NotModelled("a derivative with respect to an expression")
            wrt.append((v, int(count)))
            self.variables.add(v)
        inner = self
        if held:
            inner = self._with({})
            inner.held = self.held | frozenset(held)
        marked = isinstance(top, AppliedUndef) and top.args and set(top.args) <= {var for var, _ in variables}
        first = inner._applied(top, marked=True) if marked else inner.of(top)
        key = (first, tuple(wrt))
        if self.point is not None and key in self.derivatives:
            return self.derivatives[key]
        keep = frozenset(v for v, _ in wrt)
        family = held_families(variables, self.definitions)
        expr = inner.expand(first, keep=keep, family=family)  # at a point: the other names already held at it
        if any(v not in expr.free_symbols for v in keep) and \
                not any(base_name(s) in family for s in expr.free_symbols):  # ∂t_c/∂t_d: t_c, not t_d
            raise Unrelated("a derivative of something that, as given, does not depend on the variable")
        at = {v: self.expand(self.of(values[v]) if v in values else v) for v in keep}
        if self.point is not None and len(wrt) == 1 and wrt[0][1] == 1:
            # only its value at the point is needed: forward differentiation, exact
            v = wrt[0][0]
            expr = value_and_slope(expr, v, at[v])[1]
            self.derivatives[key] = expr
            return expr
        for v, count in wrt:
            expr = sp.diff(expr, v, count)
        if self.point is not None or values:
            expr = expr.xreplace(at if self.point is not None else {v: at[v] for v in values})
        if self.point is not None:
            self.derivatives[key] = expr
        return expr

    def _definable(self, var) -> bool:
        """Is ``var`` a plain name the write-up defined (not an index, not already held)?"""
        return isinstance(var, sp.Symbol) and not isinstance(var, sp.Dummy) and var.name not in self.values \
            and var.name not in self.held and self.definitions.name(var.name) is not None

    def at(self, x):
        """The value of the scalar ``x`` at the instance's point (a random rational, drawn once)."""
        if x not in self.point:  # either sign: an identity holds for negative values too (d|w|/dw = 1 does not)
            self.point[x] = sp.Rational(int(self.rng.choice([-1, 1])) * int(self.rng.integers(20, 90)), 100)
        return self.point[x]

    # --- the walk ---
    def of(self, e):
        """``e`` instantiated (components and indexed names still symbols; see :meth:`expand`)."""
        from ..notation import vocab as V
        from ..symbolic import sigmoid

        if isinstance(e, sp.Symbol):
            return self._symbol(e)
        if e.is_Number or (not e.args and not isinstance(e, AppliedUndef)):
            return e
        if isinstance(e, sp.Indexed):
            return self._indexed(e)
        if isinstance(e, V.Comp):
            vals = tuple(self.value(i) for i in e.indices)
            sym = sp.Symbol(f"{e.qname}^{e.layer}_{','.join(map(str, vals))}", real=True)
            hit = self.definitions.comp(e.qname, e.layer)
            if hit is not None and len(hit[0]) != len(vals):
                hit = None
            self.symbols.setdefault(sym, (hit, vals))
            return sym
        if isinstance(e, sp.KroneckerDelta):
            a, b = (self.value(x) for x in e.args)
            if self.kronecker:
                return sp.Integer(int(a == b))
            return sp.Symbol(f"delta_{a}{b}", real=True, kronecker=True)
        if isinstance(e, sp.Sum):
            if len(e.limits) != 1:
                raise NotModelled("a sum over several indices")
            var, lo, hi = e.limits[0]
            lo, hi = self.value(lo), self.value(hi)
            if hi - lo > MAX_SUM:
                raise NotModelled("a sum too long")
            return sp.Add(*[self._with({var.name: v}).of(e.function) for v in range(lo, hi + 1)])
        if isinstance(e, V.IndexSum):
            return sp.Add(*[self._with({e.args[1].name: v}).of(e.args[0]) for v in range(1, self.size + 1)])
        if isinstance(e, sp.Derivative):
            return self.derivative(e.expr, e.variable_count)
        if isinstance(e, V.Grad):  # ∂C/∂X: the cost as the write-up defined it
            return self.derivative(sp.Symbol("C"), [(e.args[0], 1)])
        if isinstance(e, sp.Subs):
            return self._subs(e)
        if isinstance(e, V.SigmaD):
            t = sp.Dummy(real=True)
            return sp.diff(sigmoid(t), t, int(e.args[1])).xreplace({t: self.of(e.args[0])})
        if isinstance(e, AppliedUndef):
            if type(e).__name__ == "Partial":
                return self.derivative(e.args[0], [(e.args[1], 1)])
            return self._applied(e)
        return e.func(*[self.of(a) for a in e.args])

    def _symbol(self, e):
        if e.name in self.values:
            return sp.Integer(self.values[e.name])
        if isinstance(e, sp.Dummy):
            return e
        if e.name in self.held:
            return held_symbol(e.name)
        body = self.definitions.name(e.name)
        if body is not None:
            self.defined.add(e.name)
            return self._deeper().of(body)
        if e.name in self.chain:
            self._compose(e, e.name)
        return e

    def _indexed(self, e):
        vals = tuple(self.value(i) for i in e.indices)
        base = str(e.base.label)
        hit = self.definitions.indexed(base)
        if base in self.applied and hit is None:  # E_n written without its argument, applied elsewhere in the step
            self.used.add(f"{base}[]")
            args = [self.of(a) for a in self.applied[base]]
            return self.function(f"{base}_{''.join(map(str, vals))}", len(args))(*args)
        return self._indexed_symbol(base, vals, hit)

    def _indexed_symbol(self, base: str, vals: tuple, hit):
        sym = sp.Symbol(f"{base}_{''.join(map(str, vals))}", real=True)
        if hit is not None and len(hit[0]) != len(vals):
            hit = None
        self.symbols.setdefault(sym, (hit, vals))
        if hit is None and base in self.chain:
            self._compose(sym, sym.name)
        return sym

    def members(self, name: str) -> list:
        """The scalars of the chained name ``name``: itself when plain, every component when indexed."""
        arity = self.chain[name][0] if name in self.chain else 0
        if not arity:
            return [sp.Symbol(name, real=True)]
        span = self.ranges.get(name) if arity == 1 else None
        values = self.ranges.get(("spots", name)) or ([(v,) for v in span] if span else
                                                      itertools.product(self.ranges.get(None) or
                                                                        range(0, self.size + 1), repeat=arity))
        return [sp.Symbol(f"{name}_{''.join(map(str, v))}", real=True) for v in values]

    def _compose(self, sym, function_name: str):
        """``sym`` (a member of a chained name) as a random function of the members of the names
        the chain makes it a function of (none: a variable)."""
        args = [m for other in self.chain[base_of(sym, self.chain)][1] for m in self.members(other)]
        if args and sym not in self.composed:
            self.composed[sym] = self.function(function_name, len(args))(*args)

    def _subs(self, e):
        inner = e.expr
        if not isinstance(inner, sp.Derivative):
            raise NotModelled("a substitution")
        point = [self.of(p) for p in e.point]
        dummies = [sp.Dummy(real=True) for _ in e.variables]
        body = self.of(inner.expr.xreplace(dict(zip(e.variables, dummies))))
        for var, count in inner.variable_count:
            body = sp.diff(body, dummies[list(e.variables).index(var)], int(count))
        return body.xreplace(dict(zip(dummies, point)))

    def _applied(self, f, marked: bool = False):
        """``f`` applied; ``marked``: the reader's mark of dependence on a derivative's variables
        (``∂J/∂h_i`` read ``∂J(h_i)/∂h_i``), which a definition of J replaces. A defined name
        applied to something else (``h_i(1 - h_i)``: a product?) is not modelled."""
        name = type(f).__name__
        indexed = indexed_function(name)
        if indexed is not None:
            if indexed[1] not in self.values:
                raise NotModelled("an indexed function whose index has no value")
            hit = self.definitions.indexed(indexed[0])
            if hit is not None and not marked:
                raise NotModelled("a defined name applied to something: a product or an application?")
            if hit is not None:  # h_i(u) of an h_i the write-up defined: the reader's mark of dependence
                return self._indexed_symbol(indexed[0], (self.values[indexed[1]],), hit)
            self.used.add(f"{indexed[0]}[]")
            name = f"{indexed[0]}_{self.values[indexed[1]]}"
            if marked:
                self.guesses.add(indexed[0])
        else:
            body = self.definitions.name(name)
            if body is not None and not marked and not at_own_variable(self.definitions, f):  # C(a) after C(a) = …
                raise NotModelled("a defined name applied to something: a product or an application?")
            if body is not None:  # J(h_i) in ∂J/∂h_i: the reader's mark of dependence on a J the write-up defined
                self.defined.add(name)
                return self._deeper().of(body)
            self.used.add(name)
        if marked:
            self.guesses.add(name)
        args: list = []
        for a in f.args:
            if marked and isinstance(a, sp.Indexed):  # ∂I/∂Q_k, read I(Q_k): a function of the whole family Q
                args += [s for s in self.family(str(a.base.label)) if s not in args]
            else:
                args.append(self.of(a))
        return self.function(name, len(args))(*args)
