"""The reader keeps a limit of network quantities unevaluated (symcheck.notation.limits)."""

import pytest

from symcheck.errors import ParseError
from symcheck.notation import read
from symcheck.notation.limits import NetworkLimit, has_network_limit


@pytest.mark.parametrize("latex", [
    pytest.param(r"\lim_{c \to \infty} e^{c(z_k^L - z_j^L)}", id="shows-the-variable"),
    pytest.param(r"\lim_{c \to +\infty} a_j^L", id="activation-a-definition-may-tie-to-c"),
    pytest.param(r"\lim_{c \to \infty} \sum_{k \neq j} e^{c z_k^L}", id="sum-over-the-layer"),
])
def test_kept_unevaluated(latex):
    expr = read(latex).parts[0]
    assert isinstance(expr, NetworkLimit) and has_network_limit(expr)


@pytest.mark.parametrize("latex", [
    pytest.param(r"\lim_{c \to \infty} z_j^L", id="weighted-input-without-the-variable"),
])
def test_refused_when_the_dependence_is_not_written(latex):
    with pytest.raises(ParseError, match="dependence on the variable"):
        read(latex)


def test_plain_limits_still_evaluated():
    assert not has_network_limit(read(r"\lim_{x \to 0} \frac{\sin x}{x}").parts[0])
