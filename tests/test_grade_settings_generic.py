"""A definition with an activation left open (``a^l = g(z^l)``) narrows no setting (symcheck.grade.settings)."""

import pytest

from symcheck.grade import settings
from symcheck.grade.segment import segment
from symcheck.grade.state import Options, State


@pytest.mark.parametrize("latex, defined", [
    pytest.param(r"a^l = g^l(z^l)", set(), id="layer-labelled-generic"),
    pytest.param(r"a^l = f(z^l)", set(), id="plain-generic"),
    pytest.param(r"a^l = \tanh(z^l)", {("activation", ("tanh",))}, id="a-named-activation-narrows"),
])
def test_a_generic_activation_defines_no_setting(latex, defined):
    step = segment(f"$${latex}$$\n", "md").steps[0]
    assert {(u.key, u.values) for u in settings.setting_updates(step, State(), Options())} == defined
