"""Size labels under a brace (symcheck.notation.annotations): checked against the shape
of what they label, in either order and either numbering of the weights."""

import pytest

from symcheck.notation import Context, check_reading, read
from symcheck.notation.annotations import label_mismatch, size_labels

GOOD = (r"\underbrace{z^l}_{n_l\times 1} = \underbrace{W^l}_{n_l \times n_{l-1}\,} "
        r"\underbrace{a^{l-1}}_{n_{l-1}\times 1} + \underbrace{b^l}_{n_l\times 1}")


def test_size_labels_are_read():
    assert [c for c, _ in size_labels(GOOD)] == ["z^l", "W^l", "a^{l-1}", "b^l"]


@pytest.mark.parametrize("latex,bad", [
    pytest.param(GOOD, None, id="book-shapes"),
    pytest.param(GOOD.replace(r"n_{l-1}\,", r"n_{l-2}\,"), "W^l", id="weight-label-wrong-layer"),
    pytest.param(r"\underbrace{a^{l-1}}_{n_l\times 1}", "a^{l-1}", id="vector-label-wrong-layer"),
    pytest.param(r"\underbrace{a^{l-1}}_{1 \times n_{l-1}}", None, id="row-vector-convention"),
    pytest.param(r"\underbrace{W^l}_{n_{l+1}\times n_l}", None, id="weights-numbered-by-layer-they-leave"),
    pytest.param(r"\underbrace{W^l}_{n_{l-1}\times n_l}", None, id="weights-the-other-way"),
    pytest.param(r"\underbrace{x}_{\text{input}}", None, id="words-are-commentary"),
    pytest.param(r"\underbrace{W^l}_{m \times n}", None, id="other-size-letters-not-read"),
])
def test_label_mismatch(latex, bad):
    found = label_mismatch(latex)
    assert (found["content"] if found else None) == bad


@pytest.mark.parametrize("latex,verdict", [
    pytest.param(GOOD, "correct", id="right-labels"),
    pytest.param(GOOD.replace(r"n_{l-1}\,", r"n_{l-2}\,"), "incorrect", id="wrong-label"),
])
def test_labels_in_check(latex, verdict):
    v = check_reading(read(latex), Context())
    assert v.verdict == verdict, v.reason
