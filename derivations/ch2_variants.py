"""Variations on backpropagation (NNDL ch. 2 exercises): the Hadamard product
as a diagonal matrix, a single modified neuron, and linear neurons.

Symbolic checks at concrete sizes (the modified neuron's f is an undefined
SymPy function, so the proof holds for any differentiable f); numeric checks
against central differences of the cost over random networks.
"""

import numpy as np

from symcheck.claims import Claim, NumericOutcome, Setting, Step, Variant
from symcheck.claims.kit import NEURON_FUNCTIONS, Side, T, close, had, mm, network_claim
from symcheck.core.activations import sigmoid_prime

S = (2, 3, 2)
LINEAR = Setting(activation="linear", output="linear")   # σ(z) = z in every layer, any cost


def _sym():
    from symcheck.claims.kit import symnet as ns  # lazily: imports SymPy
    return ns


def _proofs():
    from symcheck.claims.kit import componentwise  # lazily: imports SymPy
    return componentwise


# ============================================================== s ⊙ t = diag(s) t
N_SYM = 3


def hadamard_build(variant):
    import sympy as sp

    ns = _sym()
    s = sp.Matrix([sp.Symbol(f"s_{j + 1}", real=True) for j in range(N_SYM)])
    t = sp.Matrix([sp.Symbol(f"t_{j + 1}", real=True) for j in range(N_SYM)])
    rhs = {
        None: lambda: ns.matmul(ns.diag(s), t),
        "inner-product": lambda: ns.matmul(s.T, t)[0, 0] * sp.ones(N_SYM, 1),
        "dropped-t": lambda: ns.matmul(ns.diag(s), sp.ones(N_SYM, 1)),
        "sign": lambda: -ns.matmul(ns.diag(s), t),
    }[variant]()
    return ns.hadamard(s, t), rhs


def hadamard_numeric(variant, rng, trials):
    """Random vectors s, t of random lengths 1..6, one vectorised call per length."""
    worst = 0.0
    for n in range(1, 7):
        s = rng.standard_normal((trials, n, 1))
        t = rng.standard_normal((trials, n, 1))
        D = s * np.eye(n)
        rhs = {
            None: lambda: D @ t,
            "inner-product": lambda: (T(s) @ t) * np.ones((trials, n, 1)),
            "dropped-t": lambda: D @ np.ones((trials, n, 1)),
            "sign": lambda: -(D @ t),
        }[variant]()
        lhs = s * t
        bad = ~close(lhs, rhs)
        worst = max(worst, float(np.max(np.abs(lhs - rhs) / np.maximum(np.maximum(np.abs(lhs), np.abs(rhs)), 1e-8))))
        if bad.any():
            i, j, _ = np.unravel_index(int(np.argmax(np.where(bad, np.abs(lhs - rhs), -1.0))), bad.shape)
            return NumericOutcome(False, trials, worst, {
                "point": {"s": s[i, :, 0].tolist(), "t": t[i, :, 0].tolist()}, "component": int(j) + 1,
                "lhs": float(lhs[i, j, 0]), "rhs": float(rhs[i, j, 0])})
    return NumericOutcome(True, trials, worst)


HADAMARD_DIAG = Claim(
    id="hadamard-diag", title="The Hadamard product as multiplication by a diagonal matrix",
    source="NNDL ch. 2, problem 'Alternate presentation of the equations of backpropagation' (Σ'(z) = diag(σ'(z)))",
    chapter=2, latex=r"s \odot t = \mathrm{diag}(s)\, t",
    statement=lambda variant=None: _proofs().statement_of(hadamard_build)(variant),
    assumptions={"s": "real vector", "t": "real vector of the same length"},
    proof=(Step(r"(\mathrm{diag}(s)\,t)_j = \sum_k \mathrm{diag}(s)_{jk} t_k", "matrix product"),
           Step(r"= \sum_k [j = k]\, s_j t_k", "definition of diag(s)"),
           Step(r"= s_j t_j = (s \odot t)_j", "definition of ⊙")),
    symbolic=lambda variant: _proofs().symbolic_check(hadamard_build, f"at length {N_SYM}")(variant),
    numeric=hadamard_numeric,
    setting=Setting(),  # an identity between vectors: it holds in any network
    variants=(Variant("inner-product", "the inner product s^T t (times a vector of ones)", r"s \odot t = (s^T t)\,\mathbf{1}"),
              Variant("dropped-t", "diag(s) 1 = s: t dropped", r"s \odot t = \mathrm{diag}(s)\,\mathbf{1}"),
              Variant("sign", "sign flipped", r"s \odot t = -\mathrm{diag}(s)\, t")),
)


# ============================================================== a modified neuron
MODIFIED = (2, 0)   # symbolic: neuron 1 of layer 2 uses f; a second net modifies neuron 1 of layer L


def modified_build(variant):
    ns = _sym()
    lhs, rhs = [], []
    for where in [MODIFIED, (len(S), 0)]:
        net = ns.symnet(S, modified=where)
        l = where[0]
        s = net.sp(l, l)
        if variant == "sigma-prime-kept":
            s = ns.sigma_prime_of(net.zfree[l])
        elif variant == "f-for-f-prime":
            s = ns.Matrix([net.sigma(l, j, u) if j == where[1] else s[j] for j, u in enumerate(net.zfree[l])])
        g = net.grad_a(l) if l == net.L else ns.matmul(net.w[l + 1].T, net.delta(l + 1, l))
        lhs += list(net.delta(l, l))
        rhs += list(ns.hadamard(g, s))
    return ns.Matrix(lhs), ns.Matrix(rhs)


def _place_neuron(rng, sizes):
    l = int(rng.integers(2, len(sizes) + 1))
    return (l, int(rng.integers(0, sizes[l - 1])), str(rng.choice(sorted(NEURON_FUNCTIONS))))


def modified_eval(batch, variant):
    L, (lm, jm, name) = batch.L, batch.modified
    for l in range(2, L + 1):
        z = batch.z(l)
        s = batch.fprime(l, z, modified_neuron=(variant != "sigma-prime-kept"))
        if variant == "f-for-f-prime" and l == lm:
            s[..., jm, :] = NEURON_FUNCTIONS[name][0](z[..., jm, :])
        g = batch.fd_grad_a() if l == L else mm(T(batch.w(l + 1)), batch.fd_delta(l + 1))
        yield Side(f"δ^{l}", l, batch.fd_delta(l), had(g, s))


MODIFIED_NEURON = network_claim(
    id="modified-neuron", title="Backpropagation with a single modified neuron",
    source="NNDL ch. 2, exercise 'Backpropagation with a single modified neuron'",
    latex=r"\delta^l_j = \sum_k w^{l+1}_{kj}\delta^{l+1}_k f'(z^l_j)",
    build=modified_build, evaluate=modified_eval,
    where="at 2-3-2, f in (2,1) and (3,1), any f, C",
    variants=(Variant("sigma-prime-kept", "σ'(z^l_j) kept for the modified neuron",
             r"\delta^l_j = \sum_k w^{l+1}_{kj}\delta^{l+1}_k \sigma'(z^l_j)"),
              Variant("f-for-f-prime", "f(z^l_j) in place of f'(z^l_j)",
             r"\delta^l_j = \sum_k w^{l+1}_{kj}\delta^{l+1}_k f(z^l_j)")),
    proof=(Step(r"a^l_j = f(z^l_j)", "the modified neuron j of layer l"),
           Step(r"\delta^l_j = \sum_k \frac{\partial C}{\partial z^{l+1}_k}\frac{\partial z^{l+1}_k}{\partial z^l_j}", "chain rule (as for BP2)"),
           Step(r"\frac{\partial z^{l+1}_k}{\partial z^l_j} = w^{l+1}_{kj} f'(z^l_j)", "z^{l+1}_k = Σ_j w^{l+1}_{kj} a^l_j + b^{l+1}_k"),
           Step(r"\delta^l_j = \sum_k w^{l+1}_{kj}\delta^{l+1}_k f'(z^l_j)", "substitute; for l = L, δ^L_j = ∂C/∂a^L_j f'(z^L_j) as in BP1"),
           Step(r"\text{other neurons: BP1, BP2 with } \sigma' \text{ unchanged}", "only a^l_j depends on f")),
    setting=Setting(activation="sigmoid", output="sigmoid", neuron="modified"),
    assumptions={"f": "any differentiable function, in neuron j of layer l only", "σ": "the sigmoid elsewhere",
                 "C": "any differentiable cost of a^L"},
    modified=_place_neuron)


# ============================================================== linear neurons
def linear1_build(variant):
    ns = _sym()
    net = ns.symnet(S, act="linear")
    L = net.L
    g = net.grad_a(L)
    rhs = {
        None: lambda: g,
        "sigma-prime-kept": lambda: ns.hadamard(g, ns.sigma_prime_of(net.zfree[L])),
        "sign": lambda: -g,
    }[variant]()
    return net.delta(L, L), rhs


def linear1_eval(batch, variant):
    L = batch.L
    g = batch.fd_grad_a()
    rhs = {None: lambda: g, "sigma-prime-kept": lambda: g * sigmoid_prime(batch.z(L)), "sign": lambda: -g}[variant]()
    yield Side(f"δ^{L}", L, batch.fd_delta(L), rhs)


LINEAR_BP1 = network_claim(
    id="linear-bp1", title="Linear neurons: the output error", source="NNDL ch. 2, exercise 'Backpropagation with linear neurons'",
    latex=r"\delta^L = \nabla_a C",
    build=linear1_build, evaluate=linear1_eval, where="at 2-3-2, σ(z)=z, any C",
    variants=(Variant("sigma-prime-kept", "the sigmoid's σ'(z^L) kept", r"\delta^L = \nabla_a C \odot \sigma'(z^L)"),
              Variant("sign", "sign flipped", r"\delta^L = -\nabla_a C")),
    proof=(Step(r"\sigma(z) = z,\ \sigma'(z) = 1", "linear neurons"),
           Step(r"\delta^L = \nabla_a C \odot \sigma'(z^L)", "BP1"),
           Step(r"= \nabla_a C \odot \mathbf{1} = \nabla_a C", "σ' = 1")),
    setting=LINEAR,
    assumptions={"σ": "σ(z) = z in every layer", "C": "any differentiable cost of a^L"})


def linear2_build(variant):
    ns = _sym()
    net = ns.symnet(S, act="linear")
    l = 2
    w, d = net.w[l + 1], net.delta(l + 1, l)
    rhs = {
        None: lambda: ns.matmul(w.T, d),
        "no-transpose": lambda: ns.matmul(w, d),
        "sigma-prime-kept": lambda: ns.hadamard(ns.matmul(w.T, d), ns.sigma_prime_of(net.zfree[l])),
        "wrong-layer-weights": lambda: ns.matmul(net.w[l].T, d),
    }[variant]()
    return net.delta(l, l), rhs


def linear2_eval(batch, variant):
    for l in range(2, batch.L):
        w, d = batch.w(l + 1), batch.fd_delta(l + 1)
        rhs = {
            None: lambda: mm(T(w), d),
            "no-transpose": lambda: mm(w, d, f"w^{l + 1} δ^{l + 1}"),
            "sigma-prime-kept": lambda: mm(T(w), d) * sigmoid_prime(batch.z(l)),
            "wrong-layer-weights": lambda: mm(T(batch.w(l)), d, f"(w^{l})^T δ^{l + 1}"),
        }[variant]()
        yield Side(f"δ^{l}", l, batch.fd_delta(l), rhs)


LINEAR_BP2 = network_claim(
    id="linear-bp2", title="Linear neurons: the error of layer l from layer l+1",
    source="NNDL ch. 2, exercise 'Backpropagation with linear neurons'",
    latex=r"\delta^l = (w^{l+1})^T \delta^{l+1}",
    build=linear2_build, evaluate=linear2_eval, where="at 2-3-2, l=2, σ(z)=z, any C",
    variants=(Variant("no-transpose", "transpose dropped", r"\delta^l = w^{l+1} \delta^{l+1}"),
              Variant("sigma-prime-kept", "the sigmoid's σ'(z^l) kept", r"\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l)"),
              Variant("wrong-layer-weights", "w^l for w^{l+1}", r"\delta^l = (w^l)^T \delta^{l+1}")),
    proof=(Step(r"\sigma(z) = z,\ \sigma'(z) = 1", "linear neurons"),
           Step(r"\delta^l = ((w^{l+1})^T\delta^{l+1}) \odot \sigma'(z^l)", "BP2"),
           Step(r"= (w^{l+1})^T\delta^{l+1}", "σ' = 1")),
    setting=LINEAR,
    assumptions={"σ": "σ(z) = z in every layer", "C": "any differentiable cost of a^L"})
