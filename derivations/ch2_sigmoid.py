"""The derivative of the sigmoid (NNDL ch. 2) — a template for scalar claims:
statement, proof and numeric check side by side (docs/writing-claims.md)."""

from symcheck.claims import Setting, Variant
from symcheck.claims.kit import proof_chain, scalar_claim


def statement(variant=None):
    import sympy as sp

    from symcheck.symbolic import sigmoid, z

    sigma = sigmoid(z)
    lhs = sp.Derivative(sigma.rewrite(sp.exp), z)  # differentiate the definition, not fdiff
    rhs = {
        None: sigma * (1 - sigma),
        "sign": -sigma * (1 - sigma),
        "dropped-factor": sigma,
        "wrong-argument": sigmoid(-z) ** 2,
    }[variant]
    return sp.Eq(lhs, rhs)


def proof_step(k):
    """The expression of step k of the proof."""
    import sympy as sp

    from symcheck.symbolic import sigmoid, z

    e = sp.exp(-z)
    return [
        lambda: sp.diff(1 / (1 + e), z),
        lambda: e / (1 + e) ** 2,
        lambda: (1 / (1 + e)) * (e / (1 + e)),
        lambda: (1 / (1 + e)) * (1 - 1 / (1 + e)),
        lambda: sigmoid(z) * (1 - sigmoid(z)),
    ][k]()


SIGMA_PRIME = scalar_claim(
    id="sigma-prime",
    title="Derivative of the sigmoid",
    source="NNDL ch. 2, proof of the four fundamental equations (σ' = σ(1-σ))",
    chapter=2,
    latex=r"\sigma'(z) = \sigma(z)\,(1-\sigma(z))",
    statement=statement,
    setting=Setting(),  # an identity between functions: it holds in any network
    assumptions={"z": "real"},
    proof=proof_chain(
        (r"\sigma'(z) = \frac{d}{dz}\,\frac{1}{1+e^{-z}}", "definition of σ"),
        (r"= \frac{e^{-z}}{(1+e^{-z})^2}", "chain rule"),
        (r"= \frac{1}{1+e^{-z}}\cdot\frac{e^{-z}}{1+e^{-z}}", "algebra"),
        (r"= \frac{1}{1+e^{-z}}\left(1-\frac{1}{1+e^{-z}}\right)", "algebra"),
        (r"= \sigma(z)(1-\sigma(z))", "definition of σ"),
        expr=proof_step),
    domain={"z": (-8.0, 8.0)},
    variants=(
        Variant("sign", "sign flipped", r"\sigma'(z) = -\sigma(z)(1-\sigma(z))"),
        Variant("dropped-factor", "factor (1-σ) dropped", r"\sigma'(z) = \sigma(z)"),
        Variant("wrong-argument", "σ(-z)² in place of σ(z)(1-σ(z)) — equal only at z=0", r"\sigma'(z) = \sigma(-z)^2"),
    ),
)
