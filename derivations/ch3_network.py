"""Network claims of NNDL ch. 3: output errors that lose the σ'(z^L) factor
(cross-entropy with sigmoid outputs, quadratic cost with linear outputs,
log-likelihood with softmax outputs), and the L2 and L1 regularised
gradient-descent updates.

Symbolic checks at concrete sizes; numeric checks against central
differences of the core's cost over random networks.
"""

import numpy as np

from symcheck.claims import Setting, Step, Variant
from symcheck.claims.kit import H, Side, network_claim
from symcheck.core.activations import sigmoid_prime, softmax_prime

S = (2, 3, 2)
N_SOFTMAX = 3


def _sym():
    from symcheck.claims.kit import symnet as ns  # lazily: imports SymPy
    return ns


# ============================================================== cross-entropy
def ce_build(variant):
    ns = _sym()
    net = ns.symnet(S, cost="cross-entropy")
    L = net.L
    diff = net.a(L, L) - net.y
    rhs = {
        None: lambda: diff,
        "quadratic-form": lambda: ns.hadamard(diff, net.sp(L, L)),
        "y-minus-a": lambda: -diff,
    }[variant]()
    return net.delta(L, L), rhs


def _output_eval(extra):
    def evaluate(batch, variant):
        L = batch.L
        diff = batch.a(L) - batch.y
        rhs = {None: lambda: diff, **{k: (lambda f=f: f(batch, diff)) for k, f in extra.items()}}[variant]()
        yield Side(f"δ^{L}", L, batch.fd_delta(L), rhs)
    return evaluate


CE_OUTPUT = network_claim(
    id="ce-output-error", title="Cross-entropy with sigmoid outputs: the output error has no σ'",
    source="NNDL ch. 3, eq. (66)",
    latex=r"\delta^L = a^L - y",
    build=ce_build,
    evaluate=_output_eval({"quadratic-form": lambda b, d: d * sigmoid_prime(b.z(b.L)), "y-minus-a": lambda b, d: -d}),
    where="at 2-3-2, cross-entropy",
    variants=(Variant("quadratic-form", "σ'(z^L) kept (the quadratic-cost form)", r"\delta^L = (a^L - y) \odot \sigma'(z^L)"),
              Variant("y-minus-a", "sign flipped", r"\delta^L = y - a^L")),
    proof=(Step(r"C = -\sum_j \left[y_j \ln a^L_j + (1-y_j)\ln(1-a^L_j)\right]", "cross-entropy cost"),
           Step(r"\frac{\partial C}{\partial a^L_j} = \frac{a^L_j - y_j}{a^L_j(1-a^L_j)}", "differentiate"),
           Step(r"\delta^L_j = \frac{\partial C}{\partial a^L_j}\sigma'(z^L_j)", "BP1"),
           Step(r"= \frac{a^L_j - y_j}{\sigma(z^L_j)(1-\sigma(z^L_j))}\,\sigma(z^L_j)(1-\sigma(z^L_j)) = a^L_j - y_j",
          "σ' = σ(1-σ) (claim sigma-prime)")),
    setting=Setting(cost="cross-entropy", output="sigmoid"),
    assumptions={"C": "cross-entropy", "σ": "sigmoid output layer", "y": "in [0, 1]"},
    chapter=3)


# ============================================================== linear output + quadratic
def linq_build(variant):
    ns = _sym()
    net = ns.symnet(S, act="linear", cost="quadratic")
    L = net.L
    diff = net.a(L, L) - net.y
    rhs = {
        None: lambda: diff,
        "sigma-prime-kept": lambda: ns.hadamard(diff, ns.sigma_prime_of(net.zfree[L])),
        "y-minus-a": lambda: -diff,
    }[variant]()
    return net.delta(L, L), rhs


LINEAR_OUTPUT = network_claim(
    id="linear-output-quadratic", title="Linear output layer with the quadratic cost: δ^L = a^L - y",
    source="NNDL ch. 3, 'Using the quadratic cost when we have linear neurons in the output layer'",
    latex=r"\delta^L = a^L - y",
    build=linq_build,
    evaluate=_output_eval({"sigma-prime-kept": lambda b, d: d * sigmoid_prime(b.z(b.L)), "y-minus-a": lambda b, d: -d}),
    where="at 2-3-2, linear output",
    variants=(Variant("sigma-prime-kept", "the sigmoid's σ'(z^L) kept", r"\delta^L = (a^L - y) \odot \sigma'(z^L)"),
              Variant("y-minus-a", "sign flipped", r"\delta^L = y - a^L")),
    proof=(Step(r"a^L = z^L", "linear output neurons"),
           Step(r"C = \tfrac12 \|y - a^L\|^2,\ \nabla_a C = a^L - y", "quadratic cost"),
           Step(r"\delta^L = (a^L - y) \odot \mathbf{1} = a^L - y", "BP1 with σ' = 1")),
    setting=Setting(cost="quadratic", output="linear"),
    assumptions={"C": "quadratic cost", "σ": "linear output layer, a^L = z^L"},
    chapter=3)


# ============================================================== softmax + log-likelihood
def softmax_build(variant):
    """For each one-hot y = e_i: C = -ln a^L_i, a^L = softmax(z^L)."""
    import sympy as sp

    z = [sp.Symbol(f"z^L_{j + 1}", real=True) for j in range(N_SOFTMAX)]
    e = [sp.exp(u) for u in z]
    a = [u / sum(e) for u in e]
    lhs, rhs = [], []
    for i in range(N_SOFTMAX):
        y = [int(j == i) for j in range(N_SOFTMAX)]
        C = -sp.log(a[i])
        lhs += [sp.diff(C, u) for u in z]
        rhs += {
            None: lambda: [a[j] - y[j] for j in range(N_SOFTMAX)],
            "y-minus-a": lambda: [y[j] - a[j] for j in range(N_SOFTMAX)],
            "diagonal-jacobian": lambda: [(a[j] - y[j]) * a[j] * (1 - a[j]) for j in range(N_SOFTMAX)],
        }[variant]()
    return sp.Matrix(lhs), sp.Matrix(rhs)


SOFTMAX_LL = network_claim(
    id="softmax-log-likelihood", title="Softmax output with the log-likelihood cost: δ^L = a^L - y",
    source="NNDL ch. 3, softmax section, eqs. (81)-(82)",
    latex=r"\delta^L = a^L - y",
    build=softmax_build,
    evaluate=_output_eval({"y-minus-a": lambda b, d: -d,
                  "diagonal-jacobian": lambda b, d: d * softmax_prime(b.z(b.L))}),
    where=f"at n_L={N_SOFTMAX}, every one-hot y",
    variants=(Variant("y-minus-a", "sign flipped", r"\delta^L = y - a^L"),
              Variant("diagonal-jacobian", "an extra factor a^L_j(1-a^L_j), the diagonal of the softmax Jacobian",
             r"\delta^L = (a^L - y) \odot a^L \odot (1 - a^L)")),
    proof=(Step(r"C = -\ln a^L_y = -z^L_y + \ln \sum_k e^{z^L_k}", "log-likelihood of softmax outputs"),
           Step(r"\frac{\partial C}{\partial z^L_j} = -[j = y] + \frac{e^{z^L_j}}{\sum_k e^{z^L_k}}", "differentiate"),
           Step(r"\delta^L_j = a^L_j - y_j", "definition of softmax; y one-hot")),
    setting=Setting(cost="log-likelihood", output="softmax"),
    assumptions={"C": "log-likelihood -ln a^L_y", "a^L": "softmax(z^L)", "y": "one-hot"},
    chapter=3, methods=("cancel",))


# ============================================================== regularised updates
def _update_build(kind):
    def build(variant):
        import sympy as sp

        from symcheck.symbolic import eta, lam, n

        ws = [sp.Symbol(f"w_{k}", real=True) for k in (1, 2)]
        b = sp.Symbol("b", real=True)
        C0 = sp.Function("C_0")(*ws, b)
        pen = sum(v ** 2 for v in ws) * lam / (2 * n) if kind == "L2" else sum(sp.Abs(v) for v in ws) * lam / n
        C = C0 + pen
        lhs = [v - eta * sp.diff(C, v) for v in ws] + [b - eta * sp.diff(C, b)]
        g0 = [sp.diff(C0, v) for v in ws]
        shrink = {"L2": lambda v: (1 - eta * lam / n) * v, "L1": lambda v: v - eta * lam / n * sp.sign(v)}[kind]
        wrong = {
            "no-n": {"L2": lambda v: (1 - eta * lam) * v, "L1": lambda v: v - eta * lam * sp.sign(v)}[kind],
            "sign": {"L2": lambda v: (1 + eta * lam / n) * v, "L1": lambda v: v + eta * lam / n * sp.sign(v)}[kind],
            "l2-shrink": lambda v: (1 - eta * lam / n) * v,
        }
        rule = shrink if variant in (None, "bias-decay") else wrong[variant]
        rhs = [rule(v) - eta * g for v, g in zip(ws, g0)]
        rb = (1 - eta * lam / n) * b if variant == "bias-decay" else b
        rhs.append(rb - eta * sp.diff(C0, b))
        return sp.Matrix(lhs), sp.Matrix(rhs)
    return build


def _update_eval(kind):
    def evaluate(batch, variant):
        eta = float(np.random.default_rng(batch.seed).uniform(0.05, 1.0))
        lam, n = batch.lmbda, batch.n
        gw, gb = batch.fd_params()               # ∂C/∂w, ∂C/∂b of the regularised cost
        gw0, gb0 = batch.fd_params(reg="none")   # ∂C_0/∂w, ∂C_0/∂b
        shrink = {"L2": lambda w: (1 - eta * lam / n) * w, "L1": lambda w: w - eta * lam / n * np.sign(w)}[kind]
        wrong = {
            "no-n": {"L2": lambda w: (1 - eta * lam) * w, "L1": lambda w: w - eta * lam * np.sign(w)}[kind],
            "sign": {"L2": lambda w: (1 + eta * lam / n) * w, "L1": lambda w: w + eta * lam / n * np.sign(w)}[kind],
            "l2-shrink": lambda w: (1 - eta * lam / n) * w,
        }
        rule = shrink if variant in (None, "bias-decay") else wrong[variant]
        for l in range(2, batch.L + 1):
            w, b = batch.w(l), batch.b(l)
            truth, formula = w - eta * gw[l - 2], rule(w) - eta * gw0[l - 2]
            if kind == "L1":   # |w| has a kink at 0: central differences need |w| > H there
                formula = np.where(np.abs(w) > 10 * H, formula, truth)
            yield Side(f"w^{l} after one step", l, truth, formula)
            rb = (1 - eta * lam / n) * b if variant == "bias-decay" else b
            yield Side(f"b^{l} after one step", l, b - eta * gb[l - 2], rb - eta * gb0[l - 2])
    return evaluate


def _lmbda(rng, sizes):
    return float(rng.uniform(0.5, 5.0))


def _n(rng, sizes):
    return int(rng.integers(2, 50))   # n ≥ 2, else the "1/n dropped" variant is true


L2_UPDATE = network_claim(
    id="l2-update", title="L2 regularisation: weight decay, biases unchanged",
    source="NNDL ch. 3, 'Regularization' (L2 update rule, eqs. (89)-(91))",
    latex=r"w \rightarrow \left(1 - \frac{\eta\lambda}{n}\right) w - \eta \frac{\partial C_0}{\partial w}",
    build=_update_build("L2"), evaluate=_update_eval("L2"),
    where="at 2 weights, 1 bias, any C_0",
    variants=(Variant("no-n", "1/n dropped: (1 - ηλ) w", r"w \rightarrow (1 - \eta\lambda) w - \eta \frac{\partial C_0}{\partial w}"),
              Variant("sign", "sign flipped: (1 + ηλ/n) w",
             r"w \rightarrow \left(1 + \frac{\eta\lambda}{n}\right) w - \eta \frac{\partial C_0}{\partial w}"),
              Variant("bias-decay", "the biases decay too", r"b \rightarrow \left(1 - \frac{\eta\lambda}{n}\right) b - \eta \frac{\partial C_0}{\partial b}")),
    proof=(Step(r"C = C_0 + \frac{\lambda}{2n}\sum_w w^2", "L2-regularised cost"),
           Step(r"\frac{\partial C}{\partial w} = \frac{\partial C_0}{\partial w} + \frac{\lambda}{n} w,\quad "
          r"\frac{\partial C}{\partial b} = \frac{\partial C_0}{\partial b}", "differentiate; the penalty has no b"),
           Step(r"w \rightarrow w - \eta\frac{\partial C}{\partial w} = \left(1 - \frac{\eta\lambda}{n}\right) w - \eta\frac{\partial C_0}{\partial w}",
          "gradient descent"),
           Step(r"b \rightarrow b - \eta\frac{\partial C_0}{\partial b}", "gradient descent")),
    setting=Setting(),
    assumptions={"η": "positive", "λ": "positive", "n": "positive integer (training-set size)",
                 "C_0": "any differentiable unregularised cost"},
    chapter=3, m=3, reg="L2", lmbda=_lmbda, n=_n)


L1_UPDATE = network_claim(
    id="l1-update", title="L1 regularisation: weights shrink by a constant amount",
    source="NNDL ch. 3, 'Other techniques for regularization: L1 regularization'",
    latex=r"w \rightarrow w - \frac{\eta\lambda}{n}\mathrm{sgn}(w) - \eta \frac{\partial C_0}{\partial w}",
    build=_update_build("L1"), evaluate=_update_eval("L1"),
    where="at 2 weights, 1 bias, any C_0",
    variants=(Variant("l2-shrink", "shrink proportional to w (the L2 rule)",
             r"w \rightarrow \left(1 - \frac{\eta\lambda}{n}\right) w - \eta \frac{\partial C_0}{\partial w}"),
              Variant("sign", "sign flipped: + (ηλ/n) sgn(w)",
             r"w \rightarrow w + \frac{\eta\lambda}{n}\mathrm{sgn}(w) - \eta \frac{\partial C_0}{\partial w}"),
              Variant("no-n", "1/n dropped", r"w \rightarrow w - \eta\lambda\,\mathrm{sgn}(w) - \eta \frac{\partial C_0}{\partial w}")),
    proof=(Step(r"C = C_0 + \frac{\lambda}{n}\sum_w |w|", "L1-regularised cost"),
           Step(r"\frac{\partial C}{\partial w} = \frac{\partial C_0}{\partial w} + \frac{\lambda}{n}\mathrm{sgn}(w)", "d|w|/dw = sgn(w), w ≠ 0"),
           Step(r"w \rightarrow w - \frac{\eta\lambda}{n}\mathrm{sgn}(w) - \eta\frac{\partial C_0}{\partial w}", "gradient descent")),
    setting=Setting(),
    assumptions={"η": "positive", "λ": "positive", "n": "positive integer (training-set size)",
                 "w": "nonzero (|w| is not differentiable at 0)", "C_0": "any differentiable unregularised cost"},
    chapter=3, m=3, reg="L1", lmbda=_lmbda, n=_n)
