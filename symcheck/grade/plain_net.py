"""A network written in plain, unlayered letters (PRML/Bishop style), mapped onto the book's layers.

Many write-ups name each layer with a letter of its own rather than a layer number: inputs x_i, hidden
pre-activations b_j = Σ_i w_ji x_i, hidden units z_j = h(b_j), output pre-activations a_k = Σ_j v_kj z_j,
outputs y_k = exp(a_k)/Σ_j exp(a_j), targets t_k and a per-sample cost E_n = −Σ_k t_k log y_k. What each
letter is comes from the definitions the file states, never from the letters themselves:

- an equation ``X = F`` whose left side is a plain name, anywhere in the file;
- a derivative expanded in place: a row that writes ``∂/∂V F`` where the row before it (or the other side of
  the same equation) wrote ``∂X/∂V`` for the one derivative by V there states X = F
  (``∂b_j/∂w_ji`` … then ``∂/∂w_ji Σ_i w_ji x_i``).

F is recognised as a weighted sum of another layer's units (``Σ_i W_{pi} Q_i``, or its terms written out for
one component, ``a_0 = v_00 z_0 + v_01 z_1 + …``; the weight's first index is the unit's own), an activation
of a pre-activation (``h(b_j)``, ``σ(b_j)``, ``tanh(b_j)``), a softmax (``exp(a_k)/Σ_j exp(a_j)``, or over a
normaliser the prose defines as a sum of exponentials, ``u = exp(a_0) + …``) or a cost of outputs and
targets (``−Σ_k t_k log y_k`` over a softmax output: the log-likelihood cost; ``½Σ_k (y_k − t_k)²``: the
quadratic cost). From the cost back to the inputs these make a chain of layers; the mapping
(:class:`PlainNet`) gives each letter its layered name: outputs a^L, their pre-activations z^L, the weights
into them w^L, the units before a^{L−1}, … and the targets y, the cost C. Letters given two roles, or a
chain that does not reach a weighted sum into the output, establish nothing.
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

    def describe(self) -> str:
        e, sub = self.cost_name
        parts = [f"{e}_{sub}" if sub else e] + [f"{k[0]}" for k, _ in self.names]
        named = [f"{k[0]} as {v}" for k, v in self.names]
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


def _pair(term):
    """A product of two names, as (key of the one with 2 indices, key of the one with 1)."""
    if not isinstance(term, sp.Mul) or len(term.args) != 2:
        return None
    keys = [name_key(a) for a in term.args]
    if any(k is None for k in keys):
        return None
    two = [k for k in keys if len(k[1]) == 2]
    one = [k for k in keys if len(k[1]) == 1]
    if len(two) != 1 or len(one) != 1:
        return None
    return two[0], one[0]


def _weighted(x: tuple, f) -> Optional[tuple]:
    """('pre', W, Q) when F = Σ_i W_{pi} Q_i (+ one bias term) for X = X_p."""
    terms = list(f.args) if isinstance(f, sp.Add) else [f]
    p = x[1]
    if len(p) != 1:
        return None
    sums = [t for t in terms if _sum_parts(t) is not None]
    rest = [t for t in terms if _sum_parts(t) is None]
    found = set()
    if sums:
        if len(sums) != 1:
            return None
        body, i = _sum_parts(sums[0])
        pq = _pair(body)
        if pq is None or pq[0][1] != (p[0], str(i)) or pq[1][1] != (str(i),):
            return None
        found.add((pq[0][0], pq[1][0]))
        extra = rest
    else:
        extra, seen = [], set()
        for t in rest:
            pq = _pair(t)
            if pq is None or pq[0][1][0] != p[0] or pq[0][1][1] != pq[1][1][0]:
                extra.append(t)
                continue
            found.add((pq[0][0], pq[1][0]))
            seen.add(pq[1][1][0])
        if len(seen) < 2:
            return None
    if len(found) != 1 or len(extra) > 1:
        return None
    if extra and (name_key(extra[0]) is None or name_key(extra[0])[1] not in (p, ())):
        return None
    w, q = found.pop()
    return ("pre", w, q) if w != q and x[0] not in (w, q) else None


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
        return "cost", "log-likelihood", t, y
    if parts is not None and coeff == sp.Rational(1, 2) and isinstance(parts[0], sp.Pow) and parts[0].exp == 2:
        inner = parts[0].base
        if isinstance(inner, sp.Add) and len(inner.args) == 2:
            keys = [(name_key(a), 1) if name_key(a) else (name_key(-a), -1) for a in inner.args]
            if all(k[0] is not None and len(k[0][1]) == 1 for k in keys):
                y = [k[0][0] for k in keys if k[1] == 1]
                t = [k[0][0] for k in keys if k[1] == -1]
                if len(y) == 1 and len(t) == 1:
                    return "cost", "quadratic", t[0], y[0]
    return None


def classify(x, f, prose: str = "") -> Optional[tuple]:
    """The role ``X = F`` gives X, as (key of X, role), or None."""
    key = name_key(x)
    if key is None or not _compound(f):
        return None
    try:
        role = _weighted(key, f) or _activation(key, f) or _softmax(key, f, prose) or _cost(f)
    except (TypeError, ValueError, AttributeError):
        return None
    return (key, role) if role is not None else None


def _derivatives(e) -> dict:
    """Variable key -> the expressions differentiated by it in ``e``."""
    out: dict = {}
    for d in sp.preorder_traversal(e):
        if isinstance(d, sp.Derivative) and len(d.variables) == 1:
            v = name_key(d.variables[0])
            if v is not None:
                out.setdefault(v, []).append(d.expr)
    return out


def _compound(f) -> bool:
    """Not a name: an expression, or a function with a bare letter applied to arguments (h(b_j))."""
    if isinstance(f, sp.core.function.AppliedUndef):
        return re.fullmatch(r"[A-Za-z]", str(f.func)) is not None
    return name_key(f) is None


def _factor_with(f, v):
    if not isinstance(f, sp.Mul):
        return f
    having = [a for a in f.args if any(name_key(s) == v for s in sp.preorder_traversal(a))]
    others = [a for a in f.args if a not in having]
    return having[0] if len(having) == 1 and all(name_key(a) is not None for a in others) else f


def _expanded_in_place(before, after) -> list:
    """(X, F) for each variable V that ``before`` differentiates once, a name X, and ``after`` once, F."""
    out = []
    b, a = _derivatives(before), _derivatives(after)
    for v, fs in a.items():  # ∂/∂b_j h(b_j) · x_i read reaching over the product: the factor with b_j
        a[v] = [_factor_with(f, v) for f in fs]
    for v, xs in b.items():
        fs = a.get(v, [])
        if len(xs) == 1 and len(fs) == 1 and name_key(xs[0]) is not None and _compound(fs[0]):
            out.append((xs[0], fs[0]))
    return out


def _read(text: str):
    from ..notation.api import read

    try:
        parts = read(text).parts
    except Exception:  # noqa: BLE001 -- a side the reader cannot read states nothing here
        return None
    return parts[0] if len(parts) == 1 and isinstance(parts[0], sp.Basic) else None


def statements(steps, prose: str = "") -> list:
    """(key, role, line) for every definition the file states (see the module's docstring)."""
    found = []
    previous = None
    for step in steps:
        if step.relation != "=" or getattr(step, "skip", None) is not None:
            previous = None
            continue
        rhs = _read(step.rhs)
        if rhs is None:
            previous = None
            continue
        if not step.link:
            previous = _read(step.lhs)
            if previous is not None and name_key(previous) is not None:
                got = classify(previous, rhs, prose)
                if got is not None:
                    found.append((*got, step.line))
        if previous is not None:
            for x, f in _expanded_in_place(previous, rhs):
                got = classify(x, f, prose)
                if got is not None:
                    found.append((*got, step.line))
        previous = rhs
    return found


def _assemble(roles: dict, cost_key: tuple, lines: tuple) -> Optional[PlainNet]:
    kind, t, y = roles[cost_key][1:]
    out = roles.get((y, 1))
    if out is None:
        return None
    if kind == "log-likelihood" and out[0] != "softmax":
        return None
    output = "softmax" if out[0] == "softmax" else out[1]
    if out[0] == "act" and not (output in ("sigmoid", "tanh")):
        return None
    pre_out = out[-1]
    names = {(y, 1): "a^{L}", (t, 1): "y", (pre_out, 1): "z^{L}"}
    activation = None
    pre = roles.get((pre_out, 1))
    depth = 0
    while pre is not None and pre[0] == "pre" and depth < 2:
        w, q = pre[1], pre[2]
        names[(w, 2)] = f"w^{{{LAYERS[depth]}}}"
        names[(q, 1)] = f"a^{{{LAYERS[depth + 1]}}}"
        act = roles.get((q, 1))
        if act is None or act[0] != "act" or depth == 1:
            break
        if act[1] != "sigmoid":
            activation = act[1]
        names[(act[2], 1)] = f"z^{{{LAYERS[depth + 1]}}}"
        pre = roles.get((act[2], 1))
        depth += 1
    if (pre_out, 1) not in roles or roles[(pre_out, 1)][0] != "pre":
        return None
    letters = [k[0] for k in names] + [cost_key[0]] + ([activation] if activation else [])
    if len(set(letters)) != len(letters):
        return None
    return PlainNet(tuple(sorted(names.items())), (cost_key[0], "".join(cost_key[1])), kind, output,
                    activation, lines)


def established(steps, prose: str = "") -> Optional[PlainNet]:
    """The mapping the file's own definitions establish, or None. A letter stated with two different
    roles establishes nothing."""
    roles: dict = {}
    lines: dict = {}
    for key, role, line in statements(steps, prose):
        k = (key[0], len(key[1])) if role[0] != "cost" else key
        if k in roles and roles[k] != role:
            roles[k] = ("conflict",)
        roles.setdefault(k, role)
        lines.setdefault(k, line)
    costs = [k for k, r in roles.items() if r[0] == "cost"]
    if len(costs) != 1:
        return None
    net = _assemble(roles, costs[0], ())
    if net is None:
        return None
    used = {k for k in roles if k == costs[0] or (k[0], k[1]) in dict(net.names)}
    mapped = {k[0] for k, _ in net.names} | {net.cost_name[0], net.activation}
    said = "\n".join(dict.fromkeys(getattr(s, "intro", "") or "" for s in steps))  # the prose as written (letters keep their case)
    return PlainNet(net.names, net.cost_name, net.cost, net.output, net.activation,
                    tuple(sorted(lines[k] for k in used)), _output_size(steps, said, net, mapped),
                    _normaliser(said, mapped) if net.output == "softmax" else None)


_BOUND = re.compile(r"\\sum\s*_\s*\{\s*([a-z])\s*=\s*(?:0\s*\}\s*\^\s*\{\s*([A-Z])\s*-\s*1\s*\}|1\s*\}\s*\^\s*\{?\s*([A-Z])\b)")
_DEFINED_AS_EXPONENTIALS = re.compile(r"(?<![A-Za-z])([A-Za-z])\s*=\s*((?:\\?exp|e\^)[^。.;:\n]*)")


def _output_size(steps, prose: str, net: PlainNet, mapped: set) -> Optional[tuple]:
    """(K, n) when a sum over the output layer runs to K (``\\sum_{k=0}^{K-1} y_k``) and the prose
    or a step sets K = n."""
    outs = [k[0] for k, v in net.names if v in ("a^{L}", "y", "z^{L}")]
    bounds = set()
    for step in steps:
        text = f"{step.lhs} {step.rhs}"
        for m in _BOUND.finditer(text):
            k, bound = m.group(1), m.group(2) or m.group(3)
            if bound not in mapped and any(re.search(rf"(?<![\\A-Za-z]){o}\s*_\s*(?:\{{\s*{k}\s*\}}|{k}(?![A-Za-z0-9]))", text)
                                           for o in outs):
                bounds.add(bound)
    if len(bounds) != 1:
        return None
    bound = bounds.pop()
    told = {int(n) for n in re.findall(rf"(?<![A-Za-z]){bound}\s*=\s*(\d+)(?![\d.])", prose + " " + " ".join(
        f"{s.lhs}={s.rhs}" for s in steps if s.relation == "="))}
    return (bound, told.pop()) if len(told) == 1 and 2 <= min(told) <= 8 else None


def _normaliser(prose: str, mapped: set) -> Optional[tuple]:
    """(u, n) when the prose sets an unmapped letter u to n exponentials (n None: written with a sum or
    an ellipsis, the whole layer)."""
    found = {}
    for m in _DEFINED_AS_EXPONENTIALS.finditer(prose):
        if m.group(1) in mapped:
            continue
        body = m.group(2)
        n = None if re.search(r"\\sum|\\[lc]?dots|…|\.\.\.", body) else len(re.findall(r"exp|e\^", body))
        found.setdefault(m.group(1), set()).add(n)
    if len(found) != 1:
        return None
    letter, counts = found.popitem()
    return (letter, counts.pop()) if len(counts) == 1 else None
