"""The four fundamental equations of backpropagation (NNDL ch. 2), in
component, matrix and Σ'(z) form, the unrolled product, the quadratic-cost
output error, and mini-batch backprop.

Each claim: its statement in LaTeX, a proof, a symbolic check (a SymPy
network at concrete non-square sizes, δ taken by its definition ∂C/∂z and
compared componentwise, with C an undefined function of a^L where the claim
holds for any cost), and a numeric check (the claim's own formula in numpy
against central differences of the core's cost, over stacks of random
networks with non-square layers). The functions take ``variant``: the same
code checks the false variants.
"""

from functools import lru_cache

import numpy as np

from symcheck.claims import Setting, Step, Variant
from symcheck.claims.kit import ShapeMismatch, Side, T, diag, einsum, had, mm, network_claim, take
from symcheck.core.activations import sigmoid, sigmoid_prime

S = (2, 3, 2)          # symbolic sizes n_1-n_2-n_3: w^2 is 3×2, w^3 is 2×3
DEEP = (1, 2, 3, 2)    # for the unrolled product: w^3 is 3×2, w^4 is 2×3


# The book's network: sigmoid neurons throughout; BP1-BP4 hold for any cost.
SIGMOID_ANY_COST = Setting(activation="sigmoid", output="sigmoid")


def _sym():
    from symcheck.claims.kit import symnet as ns  # lazily: imports SymPy
    return ns


# ============================================================== BP1 (component)
def bp1_build(variant):
    from symcheck.symbolic import sigmoid as sigmoid_of

    ns = _sym()
    net = ns.symnet(S)
    L = net.L
    g, s = net.grad_a(L), net.sp(L, L)
    rhs = {
        None: lambda: [g[j] * s[j] for j in range(len(g))],
        "sign": lambda: [-g[j] * s[j] for j in range(len(g))],
        "no-sigma-prime": lambda: list(g),
        "sigma-for-sigma-prime": lambda: [g[j] * sigmoid_of(net.zfree[L][j]) for j in range(len(g))],
    }[variant]()
    return net.delta(L, L), ns.Matrix(rhs)


def bp1_eval(batch, variant):
    L = batch.L
    g, z = batch.fd_grad_a(), batch.z(L)
    rhs = {
        None: lambda: g * sigmoid_prime(z),
        "sign": lambda: -g * sigmoid_prime(z),
        "no-sigma-prime": lambda: g,
        "sigma-for-sigma-prime": lambda: g * sigmoid(z),
    }[variant]()
    yield Side(f"δ^{L}", L, batch.fd_delta(L), rhs)


_BP1_STEPS = (
    Step(r"\delta^L_j = \frac{\partial C}{\partial z^L_j}", "definition of the error δ"),
    Step(r"= \sum_k \frac{\partial C}{\partial a^L_k}\frac{\partial a^L_k}{\partial z^L_j}", "chain rule"),
    Step(r"= \frac{\partial C}{\partial a^L_j}\frac{\partial a^L_j}{\partial z^L_j}",
         "a^L_k = σ(z^L_k) depends on z^L_j only for k = j"),
    Step(r"= \frac{\partial C}{\partial a^L_j}\,\sigma'(z^L_j)", "a^L_j = σ(z^L_j)"),
)


BP1 = network_claim(
    id="bp1", title="BP1: the output error, component form", source="NNDL ch. 2, eq. (BP1)",
    latex=r"\delta^L_j = \frac{\partial C}{\partial a^L_j}\sigma'(z^L_j)",
    build=bp1_build, evaluate=bp1_eval, where="at 2-3-2, any C",
    variants=(Variant("sign", "sign flipped", r"\delta^L_j = -\frac{\partial C}{\partial a^L_j}\sigma'(z^L_j)"),
              Variant("no-sigma-prime", "factor σ'(z^L_j) dropped", r"\delta^L_j = \frac{\partial C}{\partial a^L_j}"),
              Variant("sigma-for-sigma-prime", "σ in place of σ'", r"\delta^L_j = \frac{\partial C}{\partial a^L_j}\sigma(z^L_j)")),
    proof=_BP1_STEPS,
    setting=SIGMOID_ANY_COST)


# ============================================================== BP1 (matrix, ⊙)
def bp1m_build(variant):
    ns = _sym()
    net = ns.symnet(S)
    L = net.L
    g, s = net.grad_a(L), net.sp(L, L)
    rhs = {
        None: lambda: ns.hadamard(g, s),
        "sign": lambda: -ns.hadamard(g, s),
        "wrong-layer": lambda: ns.hadamard(g, net.sp(L - 1, L - 1)),
        "matrix-product": lambda: ns.matmul(g, s.T),
    }[variant]()
    return net.delta(L, L), rhs


def bp1m_eval(batch, variant):
    L = batch.L
    g = batch.fd_grad_a()
    rhs = {
        None: lambda: had(g, sigmoid_prime(batch.z(L))),
        "sign": lambda: -had(g, sigmoid_prime(batch.z(L))),
        "wrong-layer": lambda: had(g, sigmoid_prime(batch.z(L - 1)), "∇_a C ⊙ σ'(z^{L-1})"),
        "matrix-product": lambda: mm(g, T(sigmoid_prime(batch.z(L))), "∇_a C σ'(z^L)^T"),
    }[variant]()
    yield Side(f"δ^{L}", L, batch.fd_delta(L), rhs)


BP1_MATRIX = network_claim(
    id="bp1-matrix", title="BP1: the output error, matrix form", source="NNDL ch. 2, eq. (BP1a)",
    latex=r"\delta^L = \nabla_a C \odot \sigma'(z^L)",
    build=bp1m_build, evaluate=bp1m_eval, where="at 2-3-2, any C",
    variants=(Variant("sign", "sign flipped", r"\delta^L = -\nabla_a C \odot \sigma'(z^L)"),
              Variant("wrong-layer", "σ'(z^{L-1}) for σ'(z^L)", r"\delta^L = \nabla_a C \odot \sigma'(z^{L-1})"),
              Variant("matrix-product", "outer product ∇_a C σ'(z^L)^T for ⊙", r"\delta^L = \nabla_a C\,\sigma'(z^L)^T")),
    proof=_BP1_STEPS + (Step(r"\delta^L = \nabla_a C \odot \sigma'(z^L)", "componentwise product, all j at once"),),
    setting=SIGMOID_ANY_COST, family="bp1")


# ============================================================== BP1 (Σ' form)
def bp1s_build(variant):
    ns = _sym()
    net = ns.symnet(S)
    L = net.L
    g = net.grad_a(L)
    rhs = {
        None: lambda: ns.matmul(ns.diag(net.sp(L, L)), g),
        "sigma-for-sigma-prime": lambda: ns.matmul(ns.diag(net.a(L, L)), g),
        "transposed-gradient": lambda: ns.matmul(g.T, ns.diag(net.sp(L, L))),
        "wrong-layer": lambda: ns.matmul(ns.diag(net.sp(L - 1, L - 1)), g),
    }[variant]()
    return net.delta(L, L), rhs


def bp1s_eval(batch, variant):
    L = batch.L
    g, z = batch.fd_grad_a(), batch.z(L)
    rhs = {
        None: lambda: mm(diag(sigmoid_prime(z)), g),
        "sigma-for-sigma-prime": lambda: mm(diag(sigmoid(z)), g),
        "transposed-gradient": lambda: mm(T(g), diag(sigmoid_prime(z)), "(∇_a C)^T Σ'(z^L)"),
        "wrong-layer": lambda: mm(diag(sigmoid_prime(batch.z(L - 1))), g, "Σ'(z^{L-1}) ∇_a C"),
    }[variant]()
    yield Side(f"δ^{L}", L, batch.fd_delta(L), rhs)


BP1_SIGMA = network_claim(
    id="bp1-diag", title="BP1 with Σ'(z) = diag(σ'(z))",
    source="NNDL ch. 2, problem 'Alternate presentation of the equations of backpropagation', eq. (33)",
    latex=r"\delta^L = \Sigma'(z^L) \nabla_a C",
    build=bp1s_build, evaluate=bp1s_eval, where="at 2-3-2, any C",
    variants=(Variant("sigma-for-sigma-prime", "diag(σ(z^L)) for Σ'(z^L)", r"\delta^L = \mathrm{diag}(\sigma(z^L)) \nabla_a C"),
              Variant("transposed-gradient", "(∇_a C)^T Σ'(z^L): order and transpose wrong", r"\delta^L = (\nabla_a C)^T \Sigma'(z^L)"),
              Variant("wrong-layer", "Σ'(z^{L-1}) for Σ'(z^L)", r"\delta^L = \Sigma'(z^{L-1}) \nabla_a C")),
    proof=_BP1_STEPS + (Step(r"\delta^L = \Sigma'(z^L)\nabla_a C", "diag(s) t = s ⊙ t (claim hadamard-diag)"),),
    setting=SIGMOID_ANY_COST, family="bp1")


# ============================================================== BP2 (component)
def bp2_build(variant):
    ns = _sym()
    net = ns.symnet(S)
    l = 2
    w, d, s = net.w[l + 1], net.delta(l + 1, l), net.sp(l, l)
    n_l, n_next = net.sizes[l - 1], net.sizes[l]
    term = {
        None: lambda j: sum(w[k, j] * d[k] for k in range(n_next)) * s[j],
        "swapped-indices": lambda j: sum(w[j, k] * d[k] for k in range(n_next)) * s[j],
        "wrong-layer-sigma": lambda j: sum(w[k, j] * d[k] for k in range(n_next)) * net.sp(l + 1, l)[j],
        "sign": lambda j: -sum(w[k, j] * d[k] for k in range(n_next)) * s[j],
    }[variant]
    return net.delta(l, l), ns.Matrix([term(j) for j in range(n_l)])


def bp2_eval(batch, variant):
    for l in range(2, batch.L):
        w, d, s = batch.w(l + 1), batch.fd_delta(l + 1), sigmoid_prime(batch.z(l))
        n_l = s.shape[-2]
        rhs = {
            None: lambda: einsum("nkj,nkc->njc", w, d) * s,
            "swapped-indices": lambda: einsum("njk,nkc->njc", w, d, what="Σ_k w^{l+1}_{jk} δ^{l+1}_k") * s,
            "wrong-layer-sigma": lambda: einsum("nkj,nkc->njc", w, d)
            * take(sigmoid_prime(batch.z(l + 1)), n_l, f"σ'(z^{l + 1}_j), j = 1..{n_l}"),
            "sign": lambda: -einsum("nkj,nkc->njc", w, d) * s,
        }[variant]()
        yield Side(f"δ^{l}", l, batch.fd_delta(l), rhs)


_BP2_STEPS = (
    Step(r"\delta^l_j = \frac{\partial C}{\partial z^l_j}", "definition of the error δ"),
    Step(r"= \sum_k \frac{\partial C}{\partial z^{l+1}_k}\frac{\partial z^{l+1}_k}{\partial z^l_j}", "chain rule"),
    Step(r"= \sum_k \frac{\partial z^{l+1}_k}{\partial z^l_j}\,\delta^{l+1}_k", "definition of δ^{l+1}"),
    Step(r"z^{l+1}_k = \sum_j w^{l+1}_{kj}\sigma(z^l_j) + b^{l+1}_k", "definition of z^{l+1}"),
    Step(r"\frac{\partial z^{l+1}_k}{\partial z^l_j} = w^{l+1}_{kj}\sigma'(z^l_j)", "differentiate"),
    Step(r"\delta^l_j = \sum_k w^{l+1}_{kj}\delta^{l+1}_k\,\sigma'(z^l_j)", "substitute"),
)

BP2 = network_claim(
    id="bp2", title="BP2: the error of layer l from layer l+1, component form", source="NNDL ch. 2, eq. (BP2), proof eq. (42)",
    latex=r"\delta^l_j = \sum_k w^{l+1}_{kj}\delta^{l+1}_k \sigma'(z^l_j)",
    build=bp2_build, evaluate=bp2_eval, where="at 2-3-2, l=2, any C",
    variants=(Variant("swapped-indices", "w^{l+1}_{jk} for w^{l+1}_{kj} (the transpose dropped)",
             r"\delta^l_j = \sum_k w^{l+1}_{jk}\delta^{l+1}_k \sigma'(z^l_j)"),
              Variant("wrong-layer-sigma", "σ'(z^{l+1}_j) for σ'(z^l_j)",
             r"\delta^l_j = \sum_k w^{l+1}_{kj}\delta^{l+1}_k \sigma'(z^{l+1}_j)"),
              Variant("sign", "sign flipped", r"\delta^l_j = -\sum_k w^{l+1}_{kj}\delta^{l+1}_k \sigma'(z^l_j)")),
    proof=_BP2_STEPS,
    setting=SIGMOID_ANY_COST)


# ============================================================== BP2 (matrix, ⊙)
def bp2m_build(variant):
    ns = _sym()
    net = ns.symnet(S)
    l = 2
    w, d, s = net.w[l + 1], net.delta(l + 1, l), net.sp(l, l)
    rhs = {
        None: lambda: ns.hadamard(ns.matmul(w.T, d), s),
        "no-transpose": lambda: ns.hadamard(ns.matmul(w, d), s),
        "wrong-layer-sigma": lambda: ns.hadamard(ns.matmul(w.T, d), net.sp(l + 1, l)),
        "wrong-layer-weights": lambda: ns.hadamard(ns.matmul(net.w[l].T, d), s),
    }[variant]()
    return net.delta(l, l), rhs


def bp2m_eval(batch, variant):
    for l in range(2, batch.L):
        w, d, z = batch.w(l + 1), batch.fd_delta(l + 1), batch.z(l)
        rhs = {
            None: lambda: had(mm(T(w), d), sigmoid_prime(z)),
            "no-transpose": lambda: had(mm(w, d, f"w^{l + 1} δ^{l + 1}"), sigmoid_prime(z)),
            "wrong-layer-sigma": lambda: had(mm(T(w), d), sigmoid_prime(batch.z(l + 1)),
                                             f"((w^{l + 1})^T δ^{l + 1}) ⊙ σ'(z^{l + 1})"),
            "wrong-layer-weights": lambda: had(mm(T(batch.w(l)), d, f"(w^{l})^T δ^{l + 1}"), sigmoid_prime(z)),
        }[variant]()
        yield Side(f"δ^{l}", l, batch.fd_delta(l), rhs)


_BP2_VARIANTS = (
    Variant("no-transpose", "transpose dropped: w^{l+1} δ^{l+1}", r"\delta^l = (w^{l+1}\delta^{l+1}) \odot \sigma'(z^l)"),
    Variant("wrong-layer-sigma", "σ'(z^{l+1}) for σ'(z^l)", r"\delta^l = ((w^{l+1})^T\delta^{l+1}) \odot \sigma'(z^{l+1})"),
    Variant("wrong-layer-weights", "w^l for w^{l+1}", r"\delta^l = ((w^l)^T\delta^{l+1}) \odot \sigma'(z^l)"),
)

BP2_MATRIX = network_claim(
    id="bp2-matrix", title="BP2: the error of layer l from layer l+1, matrix form", source="NNDL ch. 2, eq. (BP2)",
    latex=r"\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l)",
    build=bp2m_build, evaluate=bp2m_eval, where="at 2-3-2, l=2, any C",
    variants=_BP2_VARIANTS,
    proof=_BP2_STEPS + (Step(r"\delta^l = ((w^{l+1})^T\delta^{l+1}) \odot \sigma'(z^l)",
                       "Σ_k w_{kj} δ_k is component j of (w^{l+1})^T δ^{l+1}"),),
    setting=SIGMOID_ANY_COST, family="bp2")


# ============================================================== BP2 (Σ' form)
def bp2s_build(variant):
    ns = _sym()
    net = ns.symnet(S)
    l = 2
    w, d, s = net.w[l + 1], net.delta(l + 1, l), net.sp(l, l)
    rhs = {
        None: lambda: ns.matmul(ns.diag(s), ns.matmul(w.T, d)),
        "no-transpose": lambda: ns.matmul(ns.diag(s), ns.matmul(w, d)),
        "sigma-on-wrong-side": lambda: ns.matmul(w.T, ns.matmul(ns.diag(net.sp(l + 1, l)), d)),
        "wrong-layer-sigma": lambda: ns.matmul(ns.diag(net.sp(l + 1, l)), ns.matmul(w.T, d)),
    }[variant]()
    return net.delta(l, l), rhs


def bp2s_eval(batch, variant):
    for l in range(2, batch.L):
        w, d, z = batch.w(l + 1), batch.fd_delta(l + 1), batch.z(l)
        S_l, S_next = diag(sigmoid_prime(z)), diag(sigmoid_prime(batch.z(l + 1)))
        rhs = {
            None: lambda: mm(S_l, mm(T(w), d)),
            "no-transpose": lambda: mm(S_l, mm(w, d, f"w^{l + 1} δ^{l + 1}")),
            "sigma-on-wrong-side": lambda: mm(T(w), mm(S_next, d)),
            "wrong-layer-sigma": lambda: mm(S_next, mm(T(w), d), f"Σ'(z^{l + 1}) (w^{l + 1})^T δ^{l + 1}"),
        }[variant]()
        yield Side(f"δ^{l}", l, batch.fd_delta(l), rhs)


BP2_SIGMA = network_claim(
    id="bp2-diag", title="BP2 with Σ'(z) = diag(σ'(z))",
    source="NNDL ch. 2, problem 'Alternate presentation of the equations of backpropagation', eq. (34)",
    latex=r"\delta^l = \Sigma'(z^l) (w^{l+1})^T \delta^{l+1}",
    build=bp2s_build, evaluate=bp2s_eval, where="at 2-3-2, l=2, any C",
    variants=(Variant("no-transpose", "transpose dropped", r"\delta^l = \Sigma'(z^l) w^{l+1} \delta^{l+1}"),
              Variant("sigma-on-wrong-side", "(w^{l+1})^T Σ'(z^{l+1}) δ^{l+1}: Σ' of the wrong layer, on the wrong side",
             r"\delta^l = (w^{l+1})^T \Sigma'(z^{l+1}) \delta^{l+1}"),
              Variant("wrong-layer-sigma", "Σ'(z^{l+1}) for Σ'(z^l)", r"\delta^l = \Sigma'(z^{l+1}) (w^{l+1})^T \delta^{l+1}")),
    proof=_BP2_STEPS + (Step(r"\delta^l = \Sigma'(z^l)(w^{l+1})^T\delta^{l+1}", "s ⊙ t = diag(s) t (claim hadamard-diag)"),),
    setting=SIGMOID_ANY_COST, family="bp2")


# ============================================================== unrolled product
def unrolled_build(variant):
    ns = _sym()
    net = ns.symnet(DEEP)
    L, l = net.L, 2
    Sg = lambda m: ns.diag(net.sp(m, l))  # noqa: E731
    W = {m: (net.w[m] if variant == "no-transpose" else net.w[m].T) for m in range(l + 1, L + 1)}
    out = net.grad_a(l) if variant == "no-last-sigma" else ns.matmul(Sg(L), net.grad_a(l))
    for m in range(L, l, -1):   # Σ'(z^{m-1}) (w^m)^T [...]
        out = ns.matmul(Sg(m - 1), ns.matmul(W[m], out))
    if variant == "sign":
        out = -out
    return net.delta(l, l), out


def unrolled_eval(batch, variant):
    L = batch.L
    g = batch.fd_grad_a()
    Sg = lambda m: diag(sigmoid_prime(batch.z(m)))  # noqa: E731
    for l in range(2, L + 1):
        out = g if variant == "no-last-sigma" else mm(Sg(L), g)
        for m in range(L, l, -1):
            w = batch.w(m) if variant == "no-transpose" else T(batch.w(m))
            out = mm(Sg(m - 1), mm(w, out, f"w^{m} (...)"))
        if variant == "sign":
            out = -out
        yield Side(f"δ^{l}", l, batch.fd_delta(l), out)


UNROLLED = network_claim(
    id="bp-unrolled", title="Backpropagation unrolled: δ^l as a product of Σ' and transposed weights",
    source="NNDL ch. 2, problem 'Alternate presentation of the equations of backpropagation', eq. (35)",
    latex=r"\delta^l = \Sigma'(z^l)(w^{l+1})^T \cdots \Sigma'(z^{L-1})(w^L)^T \Sigma'(z^L) \nabla_a C",
    build=unrolled_build, evaluate=unrolled_eval, where=f"at {'-'.join(map(str, DEEP))}, l=2, any C",
    variants=(Variant("no-transpose", "every transpose dropped",
             r"\delta^l = \Sigma'(z^l)w^{l+1} \cdots \Sigma'(z^{L-1})w^L \Sigma'(z^L) \nabla_a C"),
              Variant("no-last-sigma", "the factor Σ'(z^L) dropped",
             r"\delta^l = \Sigma'(z^l)(w^{l+1})^T \cdots \Sigma'(z^{L-1})(w^L)^T \nabla_a C"),
              Variant("sign", "sign flipped",
             r"\delta^l = -\Sigma'(z^l)(w^{l+1})^T \cdots \Sigma'(z^{L-1})(w^L)^T \Sigma'(z^L) \nabla_a C")),
    proof=(Step(r"\delta^L = \Sigma'(z^L)\nabla_a C", "BP1 (Σ' form)"),
           Step(r"\delta^l = \Sigma'(z^l)(w^{l+1})^T\delta^{l+1}", "BP2 (Σ' form)"),
           Step(r"\delta^l = \Sigma'(z^l)(w^{l+1})^T \cdots \Sigma'(z^{L-1})(w^L)^T \Sigma'(z^L)\nabla_a C",
          "apply BP2 for l, l+1, ..., L-1, then BP1 (induction on L - l)")),
    setting=SIGMOID_ANY_COST, depths=(4, 5))


# ============================================================== quadratic cost δ^L
def quad_build(variant):
    ns = _sym()
    net = ns.symnet(S, cost="quadratic")
    L = net.L
    diff = net.a(L, L) - net.y
    rhs = {
        None: lambda: ns.hadamard(diff, net.sp(L, L)),
        "y-minus-a": lambda: ns.hadamard(-diff, net.sp(L, L)),
        "no-sigma-prime": lambda: diff,
        "wrong-activation": lambda: ns.hadamard(net.zfree[L] - net.y, net.sp(L, L)),
    }[variant]()
    return net.delta(L, L), rhs


def quad_eval(batch, variant):
    L = batch.L
    diff, s = batch.a(L) - batch.y, sigmoid_prime(batch.z(L))
    rhs = {
        None: lambda: had(diff, s),
        "y-minus-a": lambda: had(-diff, s),
        "no-sigma-prime": lambda: diff,
        "wrong-activation": lambda: had(batch.z(L) - batch.y, s),
    }[variant]()
    yield Side(f"δ^{L}", L, batch.fd_delta(L), rhs)


QUADRATIC = network_claim(
    id="bp1-quadratic", title="Output error for the quadratic cost", source="NNDL ch. 2, eq. (30)",
    latex=r"\delta^L = (a^L - y) \odot \sigma'(z^L)",
    build=quad_build, evaluate=quad_eval, where="at 2-3-2, quadratic C",
    variants=(Variant("y-minus-a", "sign flipped: (y - a^L)", r"\delta^L = (y - a^L) \odot \sigma'(z^L)"),
              Variant("no-sigma-prime", "σ'(z^L) dropped (the cross-entropy form)", r"\delta^L = a^L - y"),
              Variant("wrong-activation", "z^L for a^L", r"\delta^L = (z^L - y) \odot \sigma'(z^L)")),
    proof=(Step(r"C = \tfrac12 \sum_j (y_j - a^L_j)^2", "quadratic cost"),
           Step(r"\nabla_a C = a^L - y", "∂C/∂a^L_j = a^L_j - y_j"),
           Step(r"\delta^L = (a^L - y) \odot \sigma'(z^L)", "BP1")),
    setting=Setting(cost="quadratic", activation="sigmoid", output="sigmoid"),
    assumptions={"C": "quadratic cost ½‖y - a^L‖²", "σ": "the sigmoid"})


# ============================================================== BP3, BP4
def bp3_build(variant):
    ns = _sym()
    net = ns.symnet(S)
    out = []
    for l in range(2, net.L + 1):
        d = net.delta(l, 1)
        if variant == "w-for-b":   # ∂C/∂w^l_jk against δ^l_j, for every k
            n, p = net.w[l].shape
            out.append((list(net.dC_dw(l)), [d[j] for j in range(n) for _ in range(p)]))
            continue
        rhs = {
            None: lambda: d,
            "sign": lambda: -d,
            "extra-sigma-prime": lambda: ns.hadamard(d, net.sp(l, 1)),
            "times-activation": lambda: ns.hadamard(d, net.a(l, 1)),
        }[variant]()
        out.append((net.dC_db(l), rhs))
    return ns.Matrix([u for o in out for u in o[0]]), ns.Matrix([v for o in out for v in o[1]])


def bp3_eval(batch, variant):
    gw, gb = batch.fd_params()
    for l in range(2, batch.L + 1):
        d = batch.fd_delta(l)
        if variant == "w-for-b":   # ∂C/∂w^l_jk against δ^l_j, for every k
            yield Side(f"∂C/∂w^{l}", l, gw[l - 2], np.broadcast_to(d, gw[l - 2].shape))
            continue
        rhs = {
            None: lambda: d,
            "sign": lambda: -d,
            "extra-sigma-prime": lambda: d * sigmoid_prime(batch.z(l)),
            "times-activation": lambda: d * batch.a(l),
        }[variant]()
        yield Side(f"∂C/∂b^{l}", l, gb[l - 2], rhs)


BP3 = network_claim(
    id="bp3", title="BP3: the gradient with respect to a bias", source="NNDL ch. 2, eq. (BP3)",
    latex=r"\frac{\partial C}{\partial b^l_j} = \delta^l_j",
    build=bp3_build, evaluate=bp3_eval, where="at 2-3-2, all b, any C",
    variants=(Variant("sign", "sign flipped", r"\frac{\partial C}{\partial b^l_j} = -\delta^l_j"),
              Variant("extra-sigma-prime", "an extra factor σ'(z^l_j)", r"\frac{\partial C}{\partial b^l_j} = \delta^l_j\sigma'(z^l_j)"),
              Variant("times-activation", "an extra factor a^l_j", r"\frac{\partial C}{\partial b^l_j} = a^l_j\delta^l_j"),
              Variant("w-for-b", "BP3 with w in place of b: ∂C/∂w^l_jk is not δ^l_j",
                      r"\frac{\partial C}{\partial w^l_j} = \delta^l_j",
                      hint=r"BP3 is about the bias: \frac{\partial C}{\partial b^l_j} = \delta^l_j; for weights, "
                           r"BP4 has a^{l-1}_k \delta^l_j")),
    proof=(Step(r"\frac{\partial C}{\partial b^l_j} = \sum_k \frac{\partial C}{\partial z^l_k}\frac{\partial z^l_k}{\partial b^l_j}", "chain rule"),
           Step(r"\frac{\partial z^l_k}{\partial b^l_j} = [k = j]", "z^l_k = Σ_i w^l_{ki} a^{l-1}_i + b^l_k"),
           Step(r"\frac{\partial C}{\partial b^l_j} = \delta^l_j", "definition of δ^l")),
    setting=SIGMOID_ANY_COST, m=1)


def bp4_build(variant):
    ns = _sym()
    net = ns.symnet(S)
    lhs, rhs = [], []
    for l in range(2, net.L + 1):
        d, a = net.delta(l, 1), net.a(l - 1, 1)
        n, p = net.w[l].shape
        term = {
            None: lambda j, k: a[k] * d[j],
            "wrong-layer-activation": lambda j, k: net.a(l, 1)[k] * d[j],
            "swapped-indices": lambda j, k: a[j] * d[k],
            "sign": lambda j, k: -a[k] * d[j],
        }[variant]
        lhs += list(net.dC_dw(l))
        rhs += [term(j, k) for j in range(n) for k in range(p)]
    return ns.Matrix(lhs), ns.Matrix(rhs)


def bp4_eval(batch, variant):
    gw, _ = batch.fd_params()
    for l in range(2, batch.L + 1):
        d, a = batch.fd_delta(l), batch.a(l - 1)
        p = a.shape[-2]
        rhs = {
            None: lambda: einsum("njc,nkc->njk", d, a),
            "wrong-layer-activation": lambda: einsum("njc,nkc->njk", d,
                                                   take(batch.a(l), p, f"a^{l}_k, k = 1..{p}")),
            "swapped-indices": lambda: einsum("nkc,njc->njk", d, a, what="a^{l-1}_j δ^l_k"),
            "sign": lambda: -einsum("njc,nkc->njk", d, a),
        }[variant]()
        if rhs.shape != gw[l - 2].shape:
            raise ShapeMismatch(f"∂C/∂w^{l} is {gw[l - 2].shape[1:]}, the formula gives {rhs.shape[1:]}")
        yield Side(f"∂C/∂w^{l}", l, gw[l - 2], rhs)


BP4 = network_claim(
    id="bp4", title="BP4: the gradient with respect to a weight", source="NNDL ch. 2, eq. (BP4)",
    latex=r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j",
    build=bp4_build, evaluate=bp4_eval, where="at 2-3-2, all w, any C",
    variants=(Variant("wrong-layer-activation", "a^l for a^{l-1}", r"\frac{\partial C}{\partial w^l_{jk}} = a^l_k \delta^l_j"),
              Variant("swapped-indices", "a^{l-1}_j δ^l_k: indices swapped", r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_j \delta^l_k"),
              Variant("sign", "sign flipped", r"\frac{\partial C}{\partial w^l_{jk}} = -a^{l-1}_k \delta^l_j")),
    proof=(Step(r"\frac{\partial C}{\partial w^l_{jk}} = \sum_i \frac{\partial C}{\partial z^l_i}\frac{\partial z^l_i}{\partial w^l_{jk}}", "chain rule"),
           Step(r"\frac{\partial z^l_i}{\partial w^l_{jk}} = [i = j]\,a^{l-1}_k", "z^l_i = Σ_k w^l_{ik} a^{l-1}_k + b^l_i"),
           Step(r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j", "definition of δ^l")),
    setting=SIGMOID_ANY_COST, m=1)


# ============================================================== mini-batch
MB = 2   # examples in the symbolic mini-batch
S_MB = S        # its sizes: the BP3/BP4 network (shares their cached derivatives)
MB_COST = "generic"


@lru_cache(maxsize=None)
def _minibatch_parts():
    """∂C/∂w^l, ∂C/∂b^l of the mini-batch cost, and per layer the matrices
    Δ^l, A^{l-1}, A^l whose columns are the examples."""
    import sympy as sp

    ns = _sym()
    net = ns.symnet(S_MB, cost=MB_COST)
    names = list(net.x) + list(net.y)
    # example 0 is the network's own x, y; example c > 0 renames them x', y', ...
    xs = [dict(zip(names, [sp.Symbol(f"{v.name}{chr(39) * c}", real=True) for v in names])) for c in range(MB)]
    col = lambda e, c: e.xreplace(xs[c]) if c else e  # noqa: E731  -- example c of the mini-batch
    # C = (1/m) Σ_c C_{x_c}: its derivative is the mean of the per-example
    # derivatives (sympy.diff of C_x, cached), each at its own example.
    mean = lambda e: sum((col(e, c) for c in range(MB)), sp.zeros(*e.shape)) / MB  # noqa: E731
    cols = lambda e: sp.Matrix.hstack(*[col(e, c) for c in range(MB)])  # noqa: E731
    lhs, mats = [], {}
    for l in range(2, net.L + 1):
        lhs += list(mean(net.dC_dw(l))) + list(mean(net.dC_db(l)))
        mats[l] = (cols(net.delta(l, 1)), cols(net.a(l - 1, 1)), cols(net.a(l, 1)))
    return sp.Matrix(lhs), mats


def minibatch_build(variant):
    import sympy as sp

    ns = _sym()
    lhs, mats = _minibatch_parts()
    rhs = []
    for l, (Delta, A, A_next) in mats.items():
        gw = {
            None: lambda: ns.matmul(Delta, A.T) / MB,
            "no-mean": lambda: ns.matmul(Delta, A.T),
            "no-transpose": lambda: ns.matmul(Delta, A) / MB,
            "wrong-layer-activation": lambda: ns.matmul(Delta, A_next.T) / MB,
        }[variant]()
        gb = ns.matmul(Delta, sp.ones(MB, 1)) / (1 if variant == "no-mean" else MB)
        rhs += list(gw) + list(gb)
    return lhs, sp.Matrix(rhs)


def minibatch_eval(batch, variant):
    from symcheck.core.network import per_example_backprop

    m, L = batch.x.shape[-1], batch.L
    g = batch.fd_grad_a()
    Delta = {L: g * sigmoid_prime(batch.z(L))}
    for l in range(L - 1, 1, -1):
        Delta[l] = mm(T(batch.w(l + 1)), Delta[l + 1]) * sigmoid_prime(batch.z(l))
    gw_fd, gb_fd = batch.fd_params()
    loops = [per_example_backprop(*_one(batch, k)) for k in range(batch.count)]
    for l in range(2, L + 1):
        A = batch.a(l - 1)
        gw = {
            None: lambda: mm(Delta[l], T(A)) / m,
            "no-mean": lambda: mm(Delta[l], T(A)),
            "no-transpose": lambda: mm(Delta[l], A, f"Δ^{l} A^{l - 1} ({m} examples)") / m,
            "wrong-layer-activation": lambda: mm(Delta[l], T(batch.a(l))) / m,
        }[variant]()
        if gw.shape != gw_fd[l - 2].shape:
            raise ShapeMismatch(f"∂C/∂w^{l} is {gw_fd[l - 2].shape[1:]}, the formula gives {gw.shape[1:]}")
        gb = Delta[l].sum(axis=-1, keepdims=True) / (1 if variant == "no-mean" else m)
        loop_w = np.stack([r.nabla_w[l - 2] for r in loops])
        loop_b = np.stack([r.nabla_b[l - 2] for r in loops])
        yield Side(f"∂C/∂w^{l} (finite differences)", l, gw_fd[l - 2], gw)
        yield Side(f"∂C/∂b^{l} (finite differences)", l, gb_fd[l - 2], gb)
        yield Side(f"∂C/∂w^{l} (per-example loop)", l, loop_w, gw)
        yield Side(f"∂C/∂b^{l} (per-example loop)", l, loop_b, gb)


def _one(batch, k):
    from symcheck.core.network import Network

    net = Network([w[k] for w in batch.weights], [b[k] for b in batch.biases], batch.activations, batch.cost)
    return net, batch.x[k], batch.y[k]


MINIBATCH = network_claim(
    id="bp-minibatch", title="Mini-batch backprop in matrix form equals the per-example loop",
    source="NNDL ch. 2, problem 'Fully matrix-based approach to backpropagation over a mini-batch'",
    latex=r"\frac{\partial C}{\partial w^l} = \frac{1}{m}\Delta^l (A^{l-1})^T",
    build=minibatch_build, evaluate=minibatch_eval, where=f"at {'-'.join(map(str, S_MB))}, m={MB}, all w, b, any C",
    variants=(Variant("no-mean", "the 1/m dropped", r"\frac{\partial C}{\partial w^l} = \Delta^l (A^{l-1})^T"),
              Variant("no-transpose", "A^{l-1} not transposed", r"\frac{\partial C}{\partial w^l} = \frac{1}{m}\Delta^l A^{l-1}"),
              Variant("wrong-layer-activation", "A^l for A^{l-1}", r"\frac{\partial C}{\partial w^l} = \frac{1}{m}\Delta^l (A^l)^T")),
    proof=(Step(r"C = \frac{1}{m}\sum_x C_x", "cost of a mini-batch: the mean over its examples"),
           Step(r"\Delta^L = \nabla_A C \odot \sigma'(Z^L),\ \Delta^l = ((w^{l+1})^T\Delta^{l+1}) \odot \sigma'(Z^l)",
          "BP1 and BP2 applied to every column x at once"),
           Step(r"\frac{\partial C}{\partial w^l} = \frac{1}{m}\sum_x \delta^{x,l}(a^{x,l-1})^T", "BP4, averaged over x"),
           Step(r"= \frac{1}{m}\Delta^l (A^{l-1})^T", "Σ_x u_x v_x^T = U V^T (outer products summed)"),
           Step(r"\frac{\partial C}{\partial b^l} = \frac{1}{m}\Delta^l \mathbf{1}", "BP3, averaged over x")),
    setting=SIGMOID_ANY_COST, m=6)
