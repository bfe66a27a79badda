"""The numeric meaning of a reading: evaluation with numpy at random points or
on random networks.

:class:`Env` evaluates an expression to an array of shape (count, r, c): one
value per random point or network (``count`` of them), a scalar being
(count, 1, 1), a vector of layer l (count, n_l, 1), w^l (count, n_l, n_{l-1}).
A notation node answers for itself (``_numpy(env)`` on the classes of
:mod:`.vocab`); SymPy's own classes are evaluated by the rules registered
below with :func:`numpy_rule`, and elementwise functions by the table
:data:`NUMPY_FUNCS`. What cannot be evaluated raises :class:`Unsupported`
(the message says why); sizes that do not fit raise :class:`ShapeError`.
Imports SymPy and numpy: import lazily.
"""

from __future__ import annotations

import functools

import numpy as np
import sympy as sp

from ..symbolic import relu, sigmoid
from . import vocab as V
from .base import ShapeError, Unsupported
from .conditions import aim_targets
from .example_sums import EXAMPLES, one_example, over_examples
from .regularised import cost_with_penalty, with_penalty

__all__ = ["Env", "Unsupported", "ShapeError", "numpy_rule", "NUMPY_FUNCS", "free_index_symbols", "times",
           "N0", "EXAMPLES", "MAX_TERMS", "DEFAULT_DOMAIN", "UNIT_DOMAIN"]

N0 = 3                    # the size given to a vector of unknown / symbolic size
MAX_TERMS = 1000          # a written-out sum longer than this is not evaluated
DEFAULT_DOMAIN = (-2.0, 2.0)
UNIT_DOMAIN = (0.05, 0.95)


class Env:
    """Evaluates a reading to arrays of shape (count, r, c) (a scalar is (count, 1, 1)).

    ``scalars`` maps a symbol's name (or (name, example)) to its ``count``
    values, ``vectors`` a plain vector's name to (count, n, 1),
    ``index_values`` an index symbol (j, k) to the integer it is bound to;
    :meth:`network` attaches a stack of random networks.
    """

    def __init__(self, count, rng, ctx):
        from ..core import ACTIVATIONS

        self.count, self.rng, self.ctx = count, rng, ctx
        self.scalars: dict = {}
        self.vectors: dict = {}
        self.index_values: dict = {}
        self.net, self.binding = None, {}
        self.act = ACTIVATIONS[ctx.activation] if ctx.activation in ACTIVATIONS else ACTIVATIONS["sigmoid"]
        self.example, self.layered = None, False
        self.per_example = False  # a batch of examples stands for Σ_x: a^l, z^l, δ^l are one example's

    def network(self, stack, fw, grads, binding):
        self.net = (stack, fw, grads)
        self.binding = binding

    def act_for(self, arg, derivative: bool = False):
        """σ of the layer its argument belongs to (the output layer may differ)."""
        from ..core import ACTIVATIONS

        act = self.act
        if self.net and isinstance(arg, sp.Basic):
            layers = {self.layer(q.layer) for q in arg.atoms(V.Q, V.Comp) if q.qname not in ("x", "y")}
            L = len(self.net[0].sizes)
            if layers and max(layers) == L:
                act = ACTIVATIONS[self.net[0].activations[-1]]
            elif layers:
                act = ACTIVATIONS[self.net[0].activations[0]]
        if derivative and not act.elementwise:
            raise Unsupported("softmax is not elementwise: its derivative is a Jacobian, not σ'")
        return act

    # sizes -------------------------------------------------------------------
    def layer(self, expr) -> int:
        try:
            return int(sp.sympify(expr, strict=True).subs(self.binding))
        except (TypeError, AttributeError):
            raise Unsupported(f"the layer {expr} is not l or L") from None

    def size(self, layer: int) -> int:
        return self.net[0].sizes[layer - 1]

    def dims_of_index(self, e, k):
        """The sizes of the dimensions the index k runs over in e."""
        dims = []
        for c in e.atoms(V.Comp):
            for pos, i in enumerate(c.indices):
                if i == k:
                    lay = self.layer(c.layer) if c.qname not in ("x", "y") else None
                    if c.qname == "w" and pos == 1:
                        dims.append(self.size(lay - 1))
                    else:
                        dims.append(self.size(lay))
        for ix in e.atoms(sp.Indexed):
            if k in ix.indices:
                name = ix.base.label.name
                if self.net and name == "x":
                    dims.append(self.size(1))
                elif self.net and name == "y":
                    dims.append(self.size(len(self.net[0].sizes)))
                else:
                    dims.append(N0)
        return dims

    def index_ranges(self, *sides) -> dict:
        """``{k: n}``: each free index runs over 1..n (a ShapeError when its places disagree)."""
        free = set()
        for s in sides:
            if isinstance(s, sp.Basic):
                free |= free_index_symbols(s)
        out = {}
        for k in sorted(free, key=str):
            dims = [d for s in sides if isinstance(s, sp.Basic) for d in self.dims_of_index(s, k)]
            self.same_range(k, dims)
            out[k] = min(dims) if dims else N0
        return out

    def bind_indices(self, *sides, fixed=None):
        """Give each free index a value: ``fixed[k]`` when given, else a random one in its range."""
        for k, top in self.index_ranges(*sides).items():
            self.index_values[k] = (fixed or {}).get(k) or int(self.rng.integers(1, top + 1))
        self.index_values.update({k: v for k, v in (fixed or {}).items() if v is not None})  # also condition-only
        if getattr(self.ctx, "target_index", None) and self.net:  # C = -ln a^L_j: j is the true class
            aim_targets(self, self.ctx.target_index)

    @staticmethod
    def same_range(k, dims):
        """An index that runs over layers of different sizes is a finding (on this network)."""
        if len(set(dims)) > 1:
            raise ShapeError(f"the index {k} runs over {min(dims)} values in one place and {max(dims)} in another")

    # values ------------------------------------------------------------------
    def scalar(self, name):
        key = (name, self.example)
        if key not in self.scalars:
            lo, hi = self.ctx.domains.get(name, UNIT_DOMAIN if self.example is not None else DEFAULT_DOMAIN)
            self.scalars[key] = self.rng.uniform(lo, hi, size=self.count)
        return self.scalars[key]

    def vector(self, name, size=None):
        if self.net and self.layered and name in ("x", "y"):
            stack = self.net[0]
            return self.one_example(name, stack.x if name == "x" else stack.y)
        if name not in self.vectors:
            self.vectors[name] = self.rng.standard_normal((self.count, size or N0, 1))
        return self.vectors[name]

    def full(self, value):
        return np.full((self.count, 1, 1), float(value))

    @staticmethod
    def times(u, v):
        """The product of two values (see :func:`times`)."""
        return times(u, v)

    def ev(self, e):
        """The value of ``e``: (count, r, c)."""
        if isinstance(e, sp.MatrixBase):
            rows = [[self.ev(e[i, j])[:, 0, 0] for j in range(e.shape[1])] for i in range(e.shape[0])]
            return np.stack([np.stack(r, axis=-1) for r in rows], axis=-2)
        own = getattr(type(e), "_numpy", None)
        if own is not None:
            return own(e, self)
        return numpy_rule(e, self)

    def bound(self, b, summand, k) -> int:
        """The value of a limit of ``\\sum_{k=lo}^{hi}``."""
        if b.is_Integer:
            return int(b)
        if isinstance(b, sp.Symbol) and b.name in self.scalars and not self.net:
            return int(self.scalars[b.name][0])
        dims = self.dims_of_index(summand, k)
        if dims:
            return min(dims)
        raise Unsupported(f"the sum's limit {b} is a symbol")

    def sum_over(self, summand, k, values):
        total = None
        saved = self.index_values.get(k)
        for kv in values:
            self.index_values[k] = kv
            v = self.ev(summand)
            total = v if total is None else total + v
        if saved is None:
            self.index_values.pop(k, None)
        else:
            self.index_values[k] = saved
        if total is None:
            raise Unsupported("an empty sum")
        return total

    def over_examples(self, summand):
        """Σ over the training examples (see :func:`.example_sums.over_examples`)."""
        return over_examples(self, summand)

    def one_example(self, name, full):
        """The current example's column of ``full`` (see :func:`.example_sums.one_example`)."""
        return one_example(self, name, full)

    def component(self, full, indices):
        idx = [int(sp.sympify(i, strict=True).subs(self.index_values)) if not isinstance(i, int) else i
               for i in indices]
        if len(idx) == 1 and full.shape[-1] != 1:  # w^l_j: row j
            j = idx[0]
            if not 1 <= j <= full.shape[-2]:
                raise Unsupported(f"index {j} out of range")
            return full[:, j - 1:j, :]
        if len(idx) == 1:
            j = idx[0]
            if not 1 <= j <= full.shape[-2] or full.shape[-1] != 1:
                raise Unsupported(f"index {j} out of range")
            return full[:, j - 1:j, 0:1]
        j, k = idx
        if not (1 <= j <= full.shape[-2] and 1 <= k <= full.shape[-1]):
            raise Unsupported(f"index ({j}, {k}) out of range")
        return full[:, j - 1:j, k - 1:k]

    def quantity(self, name, layer):
        if not self.net:
            raise Unsupported("a layered quantity without a network")
        stack, (zs, acts), grads = self.net
        if name in ("a", "A"):  # lowercase a^l, z^l, δ^l inside Σ_x: one example's column
            return acts[layer - 1] if name == "A" else self.one_example(f"a^{layer}", acts[layer - 1])
        if layer < 2:
            raise Unsupported(f"{name}^{layer}: the input layer has no {name}")
        full = {"z": zs, "w": stack.weights, "b": stack.biases, "delta": grads.deltas, "Z": zs,
                "Delta": grads.deltas}[name][layer - 2]
        return self.one_example(f"{name}^{layer}", full) if name in ("z", "delta") else full

    def grad(self, target, cost: str = "C"):  # C with the penalty the write-up gave it (.regularised)
        return with_penalty(self, target, cost, self._grad(target))

    def _grad(self, target):
        if not self.net:
            raise Unsupported("a gradient of the cost without a network")
        if self.per_example and (self.example is not None or getattr(target, "qname", None) not in ("w", "b")):
            raise Unsupported("on a batch of examples only ∂C/∂w and ∂C/∂b of the average cost are checked")
        stack, (zs, acts), grads = self.net
        if isinstance(target, sp.Symbol) and not target.is_commutative and target.name == "x":
            return np.swapaxes(stack.weights[0], -1, -2) @ grads.deltas[0]
        if isinstance(target, V.Q):
            return self._grad_full(target.qname, self.layer(target.layer))
        if isinstance(target, V.Comp):
            full = self._grad_full(target.qname, self.layer(target.layer))
            return self.component(full, target.indices)
        raise Unsupported(f"∂C/∂{target}: not a layered quantity")

    def _grad_full(self, name, lay):
        stack, (zs, acts), grads = self.net
        L = len(stack.sizes)
        if name == "a":
            if lay == L:
                from ..core import COSTS

                return COSTS[self.ctx.cost].grad_a(acts[-1], stack.y)
            if lay >= 1:
                return np.swapaxes(stack.weights[lay - 1], -1, -2) @ grads.deltas[lay - 1]
        if lay < 2 or name not in ("z", "w", "b"):
            raise Unsupported(f"∂C/∂{name}^{lay} is not supported")
        return {"z": grads.deltas, "w": grads.nabla_w, "b": grads.nabla_b}[name][lay - 2]


def times(u, v):
    """The product of two values: scalar times anything, else a matrix product."""
    if u.shape[1:] == (1, 1) or v.shape[1:] == (1, 1):
        return u * v
    if u.shape[-1] != v.shape[-2]:
        raise ShapeError(f"a {u.shape[-2]}×{u.shape[-1]} matrix times a {v.shape[-2]}×{v.shape[-1]} one")
    return u @ v


def free_index_symbols(e, bound=frozenset()):
    """Index symbols (j, k) of components, Kronecker deltas and indexed names outside every sum that binds
    them: in ``e^{z_k} / Σ_{k≠j} e^{z_k}`` the first k is free, the sum's is not."""
    if isinstance(e, (V.Comp, sp.Indexed, sp.KroneckerDelta)):
        idx = e.args if isinstance(e, sp.KroneckerDelta) else e.indices
        return set().union(*(sp.sympify(i, strict=True).free_symbols for i in idx)) - bound
    if isinstance(e, sp.Sum):
        return free_index_symbols(e.function, bound | {lim[0] for lim in e.limits})
    if isinstance(e, V.IndexSum) or getattr(e, "binds_index", 0):
        return free_index_symbols(e.args[0], bound | {e.args[1]})
    return set().union(set(), *(free_index_symbols(a, bound) for a in getattr(e, "args", ())))


# --- SymPy's own classes ----------------------------------------------------------------
@functools.singledispatch
def numpy_rule(e, env: Env):
    """The value of a SymPy object that is not a notation node (dispatch on its class)."""
    fn = NUMPY_FUNCS.get(type(e))
    if fn is not None:
        return fn(*[env.ev(a) for a in e.args])
    raise Unsupported(f"cannot evaluate {type(e).__name__}")


@numpy_rule.register(sp.Number)
@numpy_rule.register(sp.NumberSymbol)
def _(e, env):
    return env.full(float(e))


@numpy_rule.register
def _(e: sp.Symbol, env):
    if e in env.index_values:
        return env.full(env.index_values[e])
    if not e.is_commutative:
        return env.vector(e.name)
    if env.net and e.name in ("C", "C_x"):
        from ..core import COSTS

        stack, fw, _ = env.net
        per = COSTS[env.ctx.cost].value(fw[1][-1], stack.y)
        if env.per_example and e.name == "C_x":  # C_x: the current example's cost
            return env.one_example("C_x", per[:, None, :])
        return cost_with_penalty(env, e.name, per.mean(axis=-1)[:, None, None])
    if env.net and env.layered and (e.name == "m" or (e.name == "n" and env.per_example)):
        return env.full(env.net[0].x.shape[-1])  # m, or n of 1/n Σ_x: the batch size
    if e.name in env.scalars and env.example is None:
        return env.scalars[e.name][:, None, None]
    return env.scalar(e.name)[:, None, None]


@numpy_rule.register
def _(e: sp.Add, env):
    out = None
    for t in e.args:
        v = env.ev(t)
        if out is None:
            out = v
        elif out.shape[1:] != v.shape[1:]:
            raise ShapeError("a scalar added to a vector" if (1, 1) in (out.shape[1:], v.shape[1:])
                             else f"adding shapes {out.shape[1:]} and {v.shape[1:]}")
        else:
            out = out + v
    return out


@numpy_rule.register
def _(e: sp.Mul, env):
    out = None
    for f in e.args:
        v = env.ev(f)
        out = v if out is None else times(out, v)
    return out


@numpy_rule.register
def _(e: sp.Pow, env):
    base, exp = env.ev(e.base), env.ev(e.exp)
    if base.shape[1:] != (1, 1):
        raise Unsupported("a power of a vector")
    return np.power(base, exp)


@numpy_rule.register
def _(e: sp.Indexed, env):
    name = e.base.label.name
    if len(e.indices) == 2 and name not in env.vectors and not (env.net and name in ("x", "y")):  # x_{i,j}
        env.vectors[name] = env.rng.standard_normal((env.count, N0, N0))
    if (env.net and name in ("x", "y")) or name in env.vectors or not env.net:
        return env.component(env.vector(name), e.indices)
    raise Unsupported(f"{name}_{e.indices[0]}: a component of a quantity without a layer")


@numpy_rule.register
def _(e: sigmoid, env):
    act = env.act_for(e.args[0])
    u = env.ev(e.args[0])
    if not act.elementwise and u.shape[-1] != 1:
        raise Unsupported("softmax of a component")
    return act.f(u)


@numpy_rule.register
def _(e: sp.Sum, env):
    (k, lo, hi), = e.limits
    lo_v, hi_v = env.bound(lo, e.function, k), env.bound(hi, e.function, k)
    if hi_v - lo_v >= MAX_TERMS:
        raise Unsupported(f"a sum of more than {MAX_TERMS} terms")
    return env.sum_over(e.function, k, range(lo_v, hi_v + 1))


@numpy_rule.register
def _(e: sp.Product, env):
    (k, lo, hi), = e.limits
    if not (lo.is_Integer and hi.is_Integer):
        raise Unsupported("a product with a symbolic number of factors")
    lo_v, hi_v = int(lo), int(hi)
    if hi_v - lo_v >= MAX_TERMS:
        raise Unsupported(f"a product of more than {MAX_TERMS} factors")
    out = env.full(1.0)
    saved = env.index_values.get(k)
    for kv in range(lo_v, hi_v + 1):
        env.index_values[k] = kv
        out = out * env.ev(e.function)
    env.index_values.pop(k, None) if saved is None else env.index_values.__setitem__(k, saved)
    return out


#: elementwise functions: SymPy class -> numpy function of the arguments' values
NUMPY_FUNCS = {sp.exp: np.exp, sp.log: np.log, sp.tanh: np.tanh, sp.sin: np.sin, sp.cos: np.cos, sp.tan: np.tan,
               sp.Abs: np.abs, sp.sinh: np.sinh, sp.cosh: np.cosh, sp.asin: np.arcsin, sp.acos: np.arccos,
               sp.atan: np.arctan, sp.asinh: np.arcsinh, sp.acosh: np.arccosh, sp.atanh: np.arctanh,
               sp.cot: lambda u: 1 / np.tan(u), sp.sec: lambda u: 1 / np.cos(u), sp.csc: lambda u: 1 / np.sin(u),
               sp.coth: lambda u: 1 / np.tanh(u), sp.sech: lambda u: 1 / np.cosh(u), sp.csch: lambda u: 1 / np.sinh(u),
               sp.floor: np.floor, sp.ceiling: np.ceil, sp.sign: np.sign, relu: lambda u: np.maximum(u, 0.0),
               sp.KroneckerDelta: lambda i, j: (i == j).astype(float),
               sp.Heaviside: lambda u, *h: np.heaviside(u, h[0] if h else 0.5),
               sp.Max: lambda *a: np.maximum.reduce(np.broadcast_arrays(*a)),
               sp.Min: lambda *a: np.minimum.reduce(np.broadcast_arrays(*a))}
