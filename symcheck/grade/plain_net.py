"""A network written in plain, unlayered letters (PRML/Bishop style): the roles its definitions give letters.

Many write-ups name each layer with a letter of its own rather than a layer number: inputs x_i, hidden
pre-activations b_j = Σ_i w_ji x_i, hidden units z_j = h(b_j), output pre-activations a_k = Σ_j v_kj z_j,
outputs y_k = exp(a_k)/Σ_j exp(a_j), targets t_k and a per-sample cost E_n = −Σ_k t_k log y_k. What each
letter is comes from the definitions the file states (:mod:`.plain_layers` finds them), never from the
letters themselves. :func:`classify` reads one definition ``X = F``; F is

- a weighted sum of another layer's units (``Σ_i W_{pi} Q_i`` with or without a bias term, or its terms
  written out for one unit, ``a_0 = v_00 z_0 + v_01 z_1 + …``): the weight indexed by its own unit first
  (the book's order) or by the unit it comes from first (``w_{ij}``: from i to j); for a unit with no index,
  ``z = Σ_j w_j x_j + b``, which of w and x is the weight is left to the caller;
- an activation of a pre-activation (``h(b_j)``, ``σ(b_j)``, ``tanh(b_j)``) or of a weighted sum written in
  place (``h_j = σ(Σ_i w_ij x_i)``);
- a softmax (``exp(a_k)/Σ_j exp(a_j)``, or over a normaliser the prose defines as exponentials,
  ``u = exp(a_0) + …``);
- a cost of outputs and targets: ``−Σ_k t_k log y_k`` (the log-likelihood cost over a softmax output),
  ``½Σ_k (y_k − t_k)²`` (quadratic), or for one output unit ``−[y ln a + (1 − y) ln(1 − a)]``, alone or
  averaged over the examples, ``−(1/n) Σ_x […]`` (cross-entropy).

:class:`PlainNet` is the mapping: each letter's layered name — outputs a^L, their pre-activations z^L, the
weights into them w^L, the units before a^{L−1}, … the targets y, the cost C.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

import sympy as sp

_NAME = re.compile(r"^([A-Za-z])(?:_\{?([A-Za-z0-9]{1,3})\}?)?$")
_CALLED = re.compile(r"^([A-Za-z])\[([A-Za-z0-9, ]{1,8})\]$")
LAYERS = ("L", "L-1", "L-2")


@dataclass(frozen=True)
class PlainNet:
    """Letters (letter, number of indices) -> the layered name (``a^{L}``) or ``y`` for the targets;
    the cost's letter and subscript; the cost, output and hidden activation of the random networks."""

    names: tuple          # ((letter, arity), layered LaTeX name), ...
    cost_name: tuple      # (letter, subscript text)
    cost: str             # "log-likelihood" / "quadratic"
    output: str           # "softmax" or an activation name
    activation: Optional[str]  # the hidden units' function letter when it is not σ; None: σ or no hidden layer
    lines: tuple          # the lines whose statements established the mapping
    output_size: Optional[tuple] = None   # (letter, n): the text states the number of outputs (K = 3)
    normaliser: Optional[tuple] = None    # (letter, n terms or None): the prose's u = exp(a_0) + …

    def layered(self) -> dict:
        return dict(self.names)

    def hidden(self) -> bool:
        """Some letter is a weight or a unit before the output layer (not the output layer alone)."""
        return any(v.startswith(("w^", "a^{L-")) for _, v in self.names)

    def describe(self) -> str:
        e, sub = self.cost_name
        parts = [f"{e}_{sub}" if sub else e] + [f"{k[0]}" for k, _ in self.names]
        named = [f"{k[0]} as {v.replace('#', '·').replace('_{@}', ' (indices the other way round)')}"
                 for k, v in self.names]
        where = ", ".join(str(n) for n in self.lines[:6])
        return (f"the write-up's own network, established by its definitions (lines {where}): "
                f"{', '.join(named)}, {parts[0]} as the cost C ({self.cost}, {self.output} output)")


def name_key(e) -> Optional[tuple]:
    """(letter, subscripts) of a plain name as the reader gives it: ``a_0``, ``v_kj`` (symbols), ``a[k]``,
    ``w[j, i]`` (indexed), ``E[n](…)``, ``y_0(…)`` (names applied to what they are differentiated by)."""
    if isinstance(e, sp.Indexed):
        idx = tuple(str(i) for i in e.indices)
        label = str(e.base.label)
        if len(label) == 1 and all(re.fullmatch(r"[A-Za-z0-9]", i) for i in idx):
            return label, idx
        return None
    if isinstance(e, sp.Symbol):
        text = e.name
    elif isinstance(e, sp.core.function.AppliedUndef):
        text = str(e.func)
        m = _CALLED.match(text)
        if m:
            return m.group(1), tuple(s.strip() for s in m.group(2).split(","))
    else:
        return None
    m = _NAME.match(text)
    if not m:
        return None
    return m.group(1), tuple(m.group(2) or "")


def _sum_parts(e):
    """(body, index) of a sum over one index, with or without limits; None otherwise."""
    if isinstance(e, sp.Sum) and len(e.limits) == 1:
        return e.function, e.limits[0][0]
    if type(e).__name__ == "IndexSum" and len(e.args) == 2:
        return e.args[0], e.args[1]
    return None


def _pair(term, weight: int = 2):
    """A product of two names, as (key of the weight, with ``weight`` indices, key of the unit, with 1);
    with ``weight`` 1 the two are alike, and the pair is returned in the order written."""
    if not isinstance(term, sp.Mul) or len(term.args) != 2:
        return None
    keys = [name_key(a) for a in term.args]
    if any(k is None for k in keys):
        return None
    if weight == 1:
        return tuple(keys) if all(len(k[1]) == 1 for k in keys) and keys[0][1] == keys[1][1] else None
    two = [k for k in keys if len(k[1]) == 2]
    one = [k for k in keys if len(k[1]) == 1]
    if len(two) != 1 or len(one) != 1:
        return None
    return two[0], one[0]


def _orders(weight: tuple, unit: str, index: str) -> set:
    """How a weight's two indices read: its unit's first ("dst", the book's w_{jk}: to j from k) or the
    unit it comes from first ("src", w_{ij}: from i to j)."""
    out = set()
    if weight == (unit, index):
        out.add("dst")
    if weight == (index, unit):
        out.add("src")
    return out


def _weighted(x: tuple, f) -> Optional[tuple]:
    """('pre', W, Q, order, bias) when F = Σ_i W_{pi} Q_i or Σ_i W_{ip} Q_i (+ one bias term) for X = X_p;
    for a single unit X (no index), F = Σ_i A_i B_i (+ b): ('pre1', {A, B}, bias), which of A, B is the
    weight left open."""
    terms = list(f.args) if isinstance(f, sp.Add) else [f]
    p = x[1]
    if len(p) > 1:
        return None
    sums = [t for t in terms if _sum_parts(t) is not None]
    rest = [t for t in terms if _sum_parts(t) is None]
    found = set()
    orders = {"dst", "src"}
    if sums:
        if len(sums) != 1:
            return None
        body, i = _sum_parts(sums[0])
        pq = _pair(body, len(p) + 1)
        if pq is None or pq[1][1] != (str(i),):
            return None
        orders &= _orders(pq[0][1], p[0], str(i)) if p else {"dst"}
        if p and not orders:
            return None
        found.add((pq[0][0], pq[1][0]))
        extra = rest
    elif p:
        extra, seen = [], set()
        for t in rest:
            pq = _pair(t)
            fits = _orders(pq[0][1], p[0], pq[1][1][0]) if pq is not None else set()
            if not fits:
                extra.append(t)
                continue
            orders &= fits
            found.add((pq[0][0], pq[1][0]))
            seen.add(pq[1][1][0])
        if len(seen) < 2:
            return None
    else:
        return None
    if len(found) != 1 or len(extra) > 1 or len(orders) != 1:
        return None
    bias = name_key(extra[0]) if extra else None
    if extra and (bias is None or bias[1] != p):
        return None
    w, q = found.pop()
    if w == q or x[0] in (w, q) or bias is not None and bias[0] in (w, q, x[0]):
        return None
    bias = bias[0] if bias else None
    return ("pre", w, q, orders.pop(), bias) if p else ("pre1", tuple(sorted((w, q))), bias)


_NOT_ACTIVATIONS = ("exp", "log")


def _activation(x: tuple, f) -> Optional[tuple]:
    """('act', function, P) when F = f(P_p) for X = X_p."""
    if not isinstance(f, sp.Function) or len(f.args) != 1 or f.func.__name__ in _NOT_ACTIVATIONS:
        return None
    p = name_key(f.args[0])
    if p is None or p[1] != x[1] or p[0] == x[0]:
        return None
    fname = f.func.__name__
    if fname in ("sigmoid", "tanh"):
        return "act", fname, p[0]
    if isinstance(f, sp.core.function.AppliedUndef) and re.fullmatch(r"[A-Za-z]", fname):
        return "act", fname, p[0]
    return None


def _activation_of_sum(x: tuple, f) -> Optional[tuple]:
    """('actw', function, W, Q, order, bias) when F = f(Σ_i W_{pi} Q_i (+ b_p)) for X = X_p: the weighted
    input written in place, without a letter of its own."""
    if not isinstance(f, sp.Function) or len(f.args) != 1 or f.func.__name__ in _NOT_ACTIVATIONS:
        return None
    fname = f.func.__name__
    if fname not in ("sigmoid", "tanh") and not (isinstance(f, sp.core.function.AppliedUndef) and
                                                 re.fullmatch(r"[A-Za-z]", fname)):
        return None
    pre = _weighted(x, f.args[0])
    return ("actw", fname) + pre[1:] if pre is not None and pre[0] == "pre" and fname != x[0] else None


def _softmax(x: tuple, f, prose: str) -> Optional[tuple]:
    """('softmax', P) when F = exp(P_p) / (a sum of exp(P_·), or a name the prose sets to exponentials)."""
    if not isinstance(f, sp.Mul):
        return None
    num = [a for a in f.args if isinstance(a, sp.exp)]
    den = [a.base for a in f.args if isinstance(a, sp.Pow) and a.exp == -1]
    if len(num) != 1 or len(den) != 1 or len(f.args) != 2:
        return None
    p = name_key(num[0].args[0])
    if p is None or p[1] != x[1] or p[0] == x[0]:
        return None
    d = den[0]
    parts = _sum_parts(d)
    terms = [parts[0]] if parts is not None else list(d.args) if isinstance(d, sp.Add) else []
    if terms and all(isinstance(t, sp.exp) and (name_key(t.args[0]) or ("",))[0] == p[0] for t in terms):
        return "softmax", p[0]
    if isinstance(d, sp.Symbol) and len(d.name) == 1 and re.search(
            rf"(?<![A-Za-z]){d.name}\s*=\s*(?:\\?exp|e\^)", prose):
        return "softmax", p[0]
    return None


def _cost(f) -> Optional[tuple]:
    """('cost', kind, T, Y): −Σ_k T_k log Y_k (log-likelihood) or ½Σ_k (Y_k − T_k)² (quadratic), a sum
    over one index or its terms written out (at least two)."""
    coeff, rest = f.as_coeff_Mul()
    parts = _sum_parts(rest)
    if parts is not None:
        terms = [parts[0]]
    else:
        terms, coeff = (list(f.args) if isinstance(f, sp.Add) else [f]), 1
    logs = set()
    for t in terms:
        c, m = t.as_coeff_Mul()
        c *= coeff
        args = m.args if isinstance(m, sp.Mul) else (m,)
        lg = [a for a in args if isinstance(a, sp.log)]
        nm = [a for a in args if not isinstance(a, sp.log)]
        if c != -1 or len(lg) != 1 or len(nm) != 1:
            logs = None
            break
        ty = name_key(nm[0]), name_key(lg[0].args[0])
        if None in ty or ty[0][1] != ty[1][1] or len(ty[0][1]) != 1:
            logs = None
            break
        logs.add((ty[0][0], ty[1][0], ty[0][1]))
    if logs and len({(t, y) for t, y, _ in logs}) == 1 and (parts is not None or len(logs) >= 2):
        t, y, _ = logs.pop()
        return "cost", "log-likelihood", t, y, 1
    if parts is not None and coeff == sp.Rational(1, 2) and isinstance(parts[0], sp.Pow) and parts[0].exp == 2:
        inner = parts[0].base
        if isinstance(inner, sp.Add) and len(inner.args) == 2:
            keys = [(name_key(a), 1) if name_key(a) else (name_key(-a), -1) for a in inner.args]
            if all(k[0] is not None and len(k[0][1]) == 1 for k in keys):
                y = [k[0][0] for k in keys if k[1] == 1]
                t = [k[0][0] for k in keys if k[1] == -1]
                if len(y) == 1 and len(t) == 1:
                    return "cost", "quadratic", t[0], y[0], 1
    return _single_cost(f)


def _single_cost(f) -> Optional[tuple]:
    """('cost', 'cross-entropy', T, Y, 0) for one output unit and its target, names without an index:
    −[T ln Y + (1 − T) ln(1 − Y)], for one example or averaged over the examples, −(1/n) Σ_x […]. (½(y − a)²
    does not say which of the two is the target.)"""
    factors = list(f.args) if isinstance(f, sp.Mul) else [sp.Integer(-1), -f] if isinstance(f, sp.Add) else [f]
    body = [a for a in factors if not a.is_number and not (isinstance(a, sp.Pow) and a.exp == -1 and
                                                            getattr(a.base, "name", "") == "n")]
    scale = sp.Mul(*[a for a in factors if a.is_number])
    averaged = len(body) < len(factors) - (1 if scale != 1 else 0)
    if len(body) != 1:
        return None
    inner = body[0]
    if type(inner).__name__ == "ExampleSum":
        if not averaged:
            return None
        inner = inner.args[0]
    elif averaged:
        return None
    if scale != -1 or not isinstance(inner, sp.Add) or len(inner.args) != 2:
        return None
    pairs = []
    for term in inner.args:
        logs = [a for a in sp.Mul.make_args(term) if isinstance(a, sp.log)]
        rest = [a for a in sp.Mul.make_args(term) if not isinstance(a, sp.log)]
        if len(logs) != 1 or len(rest) != 1:
            return None
        if sp.count_ops(rest[0]) > 8 or sp.count_ops(logs[0].args[0]) > 8:
            return None  # larger than 1 - y: not this form, and not worth expanding
        pairs.append((sp.expand(rest[0]), sp.expand(logs[0].args[0])))
    plain = [(t, y) for t, y in pairs if name_key(t) is not None and name_key(y) is not None]
    if len(plain) != 1:
        return None
    t, y = plain[0]
    if not (name_key(t)[1] == name_key(y)[1] == ()) or name_key(t) == name_key(y):
        return None
    if set(pairs) != {(t, y), (1 - t, 1 - y)}:
        return None
    return "cost", "cross-entropy", name_key(t)[0], name_key(y)[0], 0


def compound(f) -> bool:
    """Not a name: an expression, or a function with a bare letter applied to arguments (h(b_j))."""
    if isinstance(f, sp.core.function.AppliedUndef):
        return re.fullmatch(r"[A-Za-z]", str(f.func)) is not None
    return name_key(f) is None


def classify(x, f, prose: str = "") -> Optional[tuple]:
    """The role ``X = F`` gives X, as (key of X, role), or None."""
    key = name_key(x)
    if key is None or not compound(f):
        return None
    try:
        role = _weighted(key, f) or _activation(key, f) or _activation_of_sum(key, f) or _softmax(key, f, prose) \
            or _cost(f)
    except (TypeError, ValueError, AttributeError):
        return None
    return (key, role) if role is not None else None
