"""Scalar algebra (symcheck.notation.scalar): a derivative of an expression that does
not mention its variable is never carried out to zero (∂C/∂w is not zero); one such
derivative on both sides is quantified over (the sides must agree whatever it is)."""

import pytest

from symcheck.notation import Context, check_reading, read
from symcheck.notation.dependence import independent_derivatives


@pytest.mark.parametrize("latex,verdict", [
    # wrong forms
    pytest.param(r"y \frac{\partial}{\partial t} \log(u) = -y \frac{\partial}{\partial t} \log(u)", "incorrect",
                 id="sign-flipped-beside-an-opaque-derivative"),
    pytest.param(r"y \frac{\partial}{\partial t} \log(u) = 2 y \frac{\partial}{\partial t} \log(u)", "incorrect",
                 id="factor-beside-an-opaque-derivative"),
    # right forms
    pytest.param(r"y \frac{\partial}{\partial t} \log(u) = y \frac{\partial}{\partial t} \log(u)", "correct",
                 id="same-expression-in-the-derivative"),
    pytest.param(r"\frac{\partial}{\partial w}(w x + b) = x", "correct", id="explicit-expression"),
    pytest.param(r"\frac{\partial}{\partial w} \frac{\lambda}{2n} = 0", "correct", id="hyperparameters-are-constants"),
    # never zero, never a guess: unchecked
    pytest.param(r"\frac{\partial}{\partial t} \log(u) = 0", "unchecked", id="never-read-as-zero"),
    # u next to ∂u/∂t is a function of t (notation/quantify.py): the chain rule, under random u(t)
    pytest.param(r"\frac{\partial}{\partial t}\log(u) = \frac{1}{u}\frac{\partial u}{\partial t}", "correct",
                 id="two-derivatives-related-by-the-chain-rule"),
    pytest.param(r"\frac{\partial}{\partial t}\log(u) = \frac{\partial u}{\partial t}", "incorrect",
                 id="chain-rule-missing-the-outer-derivative"),
    pytest.param(r"\delta^3 \frac{\partial u^2}{\partial v^2} = \delta^2 \frac{\partial u^2}{\partial v^2}",
                 "incorrect", id="power-opaque-derivative"),
    # a numbered denominator: z^2 is layer 2 (notation.layer_labels), or a power; neither reading proves it
    pytest.param(r"\delta^3 \frac{\partial z^2}{\partial w^2} = \delta^2 \frac{\partial z^2}{\partial w^2}",
                 "unchecked", id="numbered-layers-or-powers"),
])
def test_opaque_derivative(latex, verdict):
    v = check_reading(read(latex), Context())
    assert v.verdict == verdict, v.reason


@pytest.mark.parametrize("latex,count", [
    pytest.param(r"\frac{\partial u^2}{\partial v^2}", 1, id="independent"),
    pytest.param(r"\frac{\partial}{\partial \theta_k} \log(\hat{y}_i)", 1, id="indexed-variable"),
    pytest.param(r"\frac{\partial}{\partial \theta_k} e^{\theta_i}", 0, id="same-base-other-index"),
    pytest.param(r"\frac{\partial}{\partial w} (w x)", 0, id="mentions-the-variable"),
])
def test_independent_derivatives(latex, count):
    assert len(independent_derivatives(read(latex).parts[0])) == count


@pytest.mark.parametrize("latex,verdict,named", [
    # an undefined one-argument function often names the activation: a step right for one of them is
    # not accused (unchecked, the reading named); wrong under every reading tried, it is incorrect
    pytest.param(r"g'(u) = g(u)(1 - g(u))", "unchecked", "the sigmoid", id="sigma-prime-with-g"),
    pytest.param(r"h'(x) = 1 - h(x)^2", "unchecked", "tanh", id="tanh-prime-with-h"),
    pytest.param(r"\frac{d}{dx} f(x)^2 = 2 f(x)", "incorrect", "sigmoid or tanh", id="identity-is-no-reading"),
    pytest.param(r"g'(u) = g(u)(1 + g(u))", "incorrect", "sigmoid or tanh", id="sign-wrong-every-reading"),
    pytest.param(r"\frac{d}{dw}\left(f(w) + \frac{\lambda}{2n} w^2\right) = f'(w) + \frac{\lambda}{2n} w",
                 "incorrect", "sigmoid or tanh", id="regulariser-wrong-every-reading"),
    pytest.param(r"\frac{d}{dw}\left(f(w) + \frac{\lambda}{2n} w^2\right) = f'(w) + \frac{\lambda}{n} w",
                 "correct", "random interpretations", id="regulariser-right"),
])
def test_an_undefined_function_read_as_an_activation(latex, verdict, named):
    v = check_reading(read(latex), Context())
    assert v.verdict == verdict, v.reason
    assert named in v.reason
