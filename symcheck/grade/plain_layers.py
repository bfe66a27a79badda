"""The chain of layers a plain, unlayered write-up's definitions make (:mod:`.plain_net` has the roles).

The definitions are found in equations ``X = F`` with a plain name on the left, and in derivatives
expanded in place (a row writing ``∂/∂V F`` where the row before, or the other side, wrote ``∂X/∂V``).
From the cost back to the inputs they make a chain: outputs a^L, their pre-activations z^L, the weights
into them w^L, the units before a^{L−1}, …; targets y, the cost C. A single output unit with no index
(``z = Σ_j w_j x_j + b``, ``a = σ(z)``, a cross-entropy of a and y) is unit 1 of an output layer of one
neuron; which of w and x is the weight is what the write-up differentiates by. A softmax output whose
input no weighted sum defines yet maps the output layer alone (its input is z^L however it is computed). The number of outputs
the text states (``K = 3``, for K the bound of a sum over the output index) and a normaliser the prose
defines (``u = exp(a_0) + exp(a_1) + exp(a_2)``) are kept with the mapping.
"""

from __future__ import annotations

import re
from typing import Optional

import sympy as sp

from .plain_net import LAYERS, PlainNet, classify, compound, name_key


def _derivatives(e) -> dict:
    """Variable key -> the expressions differentiated by it in ``e``."""
    out: dict = {}
    for d in sp.preorder_traversal(e):
        if isinstance(d, sp.Derivative) and len(d.variables) == 1:
            v = name_key(d.variables[0])
            if v is not None:
                out.setdefault(v, []).append(d.expr)
    return out


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
        if len(xs) == 1 and len(fs) == 1 and name_key(xs[0]) is not None and compound(fs[0]):
            out.append((xs[0], fs[0]))
    return out


def read_side(text: str):
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
        rhs = read_side(step.rhs)
        if rhs is None:
            previous = None
            continue
        if not step.link:
            previous = read_side(step.lhs)
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


def _single(roles: dict, cost_key: tuple, weight_of) -> Optional[PlainNet]:
    """One output unit without an index: unit 1 of an output layer of one neuron."""
    kind, t, y = roles[cost_key][1:4]
    out = roles.get((y, 0))
    if out is None or out[0] != "act" or out[1] != "sigmoid" or kind != "cross-entropy":
        return None
    pre = roles.get((out[2], 0))
    if pre is None or pre[0] != "pre1":
        return None
    w = weight_of(pre[1])
    if w is None:
        return None
    q = next(a for a in pre[1] if a != w)
    names = {(y, 0): "a^{L}_{1}", (t, 0): "y_{1}", (out[2], 0): "z^{L}_{1}", (w, 1): "w^{L}_{1#}",
             (q, 1): "a^{L-1}"}
    if pre[2]:
        names[(pre[2], 0)] = "b^{L}_{1}"
    return PlainNet(tuple(sorted(names.items())), (cost_key[0], "".join(cost_key[1])), kind, "sigmoid", None, (),
                    output_size=("", 1))


def _assemble(roles: dict, cost_key: tuple, weight_of) -> Optional[PlainNet]:
    kind, t, y, arity = roles[cost_key][1:]
    if arity == 0:
        return _single(roles, cost_key, weight_of)
    out = roles.get((y, 1))
    if out is None or out[0] not in ("softmax", "act", "actw"):
        return None
    if kind == "log-likelihood" and out[0] != "softmax":
        return None
    output = "softmax" if out[0] == "softmax" else out[1]
    if output not in ("softmax", "sigmoid"):
        return None
    names = {(y, 1): "a^{L}", (t, 1): "y"}
    if out[0] == "actw":  # y_k = σ(Σ_j v_kj h_j): the weighted input has no letter of its own
        pre = ("pre",) + out[2:]
    else:
        names[(out[-1], 1)] = "z^{L}"
        pre = roles.get((out[-1], 1))
    if (pre is None or pre[0] != "pre") and out[0] == "softmax" and pre is None:
        # the softmax's input is the output layer's weighted input however it is computed: the output
        # layer alone (a step naming the hidden layer or its weights names what this does not map)
        return PlainNet(tuple(sorted(names.items())), (cost_key[0], "".join(cost_key[1])), kind, output, None, ())
    if pre is None or pre[0] != "pre":
        return None
    activation = None
    for depth in range(2):
        w, q, order, bias = pre[1:]
        names[(w, 2)] = f"w^{{{LAYERS[depth]}}}" + ("" if order == "dst" else "_{@}")  # w_{ij}: the book's w_{ji}
        names[(q, 1)] = f"a^{{{LAYERS[depth + 1]}}}"
        if bias:
            names[(bias, 1)] = f"b^{{{LAYERS[depth]}}}"
        act = roles.get((q, 1))
        if depth == 1 or act is None or act[0] not in ("act", "actw"):
            break
        activation = None if act[1] == "sigmoid" else act[1]
        if act[0] == "actw":
            pre = ("pre",) + act[2:]
        else:
            names[(act[2], 1)] = f"z^{{{LAYERS[depth + 1]}}}"
            pre = roles.get((act[2], 1))
        if pre is None or pre[0] != "pre":
            break
    return PlainNet(tuple(sorted(names.items())), (cost_key[0], "".join(cost_key[1])), kind, output, activation, ())


_DIFFERENTIATED = re.compile(r"\\partial\s*\{?\s*([A-Za-z])\s*_")


def _same(a: tuple, b: tuple) -> bool:
    """Two statements of one role (a bias written in one and not in the other is the same role)."""
    n = {"pre": 4, "pre1": 2, "actw": 5}.get(a[0], len(a))
    return a[:n] == b[:n]


def established(steps, prose: str = "") -> Optional[PlainNet]:
    """The mapping the file's own definitions establish, or None. A letter stated with two different
    roles establishes nothing."""
    roles: dict = {}
    lines: dict = {}
    for key, role, line in statements(steps, prose):
        k = (key[0], len(key[1])) if role[0] != "cost" else key
        if k in roles and not _same(roles[k], role):
            roles[k] = ("conflict",)
        elif k in roles and role[-1] and not roles[k][-1]:  # the statement that writes the bias
            roles[k] = role
        roles.setdefault(k, role)
        lines.setdefault(k, line)
    costs = [k for k, r in roles.items() if r[0] == "cost"]
    if len(costs) != 1:
        return None
    by = {m.group(1) for s in steps for m in _DIFFERENTIATED.finditer(f"{s.lhs} {s.rhs}")}

    def weight_of(pair):  # of w_j x_j, the weight is what the write-up differentiates by
        named = [a for a in pair if a in by]
        return named[0] if len(named) == 1 else None

    net = _assemble(roles, costs[0], weight_of)
    if net is None:
        return None
    letters = [k[0] for k, _ in net.names] + [net.cost_name[0]] + ([net.activation] if net.activation else [])
    if len(set(letters)) != len(letters):
        return None
    used = {k for k in roles if k == costs[0] or k in dict(net.names)}
    mapped = set(letters)
    said = "\n".join(dict.fromkeys(getattr(s, "intro", "") or "" for s in steps))  # the prose as written
    size = net.output_size or _output_size(steps, said, net, mapped)
    return PlainNet(net.names, net.cost_name, net.cost, net.output, net.activation,
                    tuple(sorted(lines[k] for k in used)), size,
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
