"""A side that divides by an exact zero written as arithmetic (symcheck.grade.zero_division) is incorrect; a bare
1/0 written on purpose, or one in a limit, is not."""

import pytest

from symcheck.grade import grade_text


@pytest.mark.parametrize("text, verdict", [
    pytest.param("$$h(t) = \\frac{1}{1 - e^{0}}$$", "incorrect", id="a-denominator-that-is-zero"),
    pytest.param("$$h(t) = \\frac{1}{1 + e^{0}}$$", "correct-or-unchecked", id="a-denominator-that-is-not"),
    pytest.param("We would get $$h(t) = \\frac{1}{0}$$", "unchecked", id="a-bare-zero-on-purpose"),
    pytest.param("$$h(t) = \\frac{1}{1 - e^{0}} \\to \\infty$$", "correct-or-unchecked", id="a-limit"),
])
def test_division_by_zero(text, verdict):
    v = grade_text(text + "\n").steps[-1].verdict
    if verdict == "correct-or-unchecked":
        assert v.verdict != "incorrect", v.reason
    else:
        assert v.verdict == verdict, v.reason
    if verdict == "incorrect":
        assert v.counterexample["value"] == 0
