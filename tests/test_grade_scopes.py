"""Scopes of a write-up's definitions across its headings (symcheck/grade/scopes.py)."""

from types import SimpleNamespace

import pytest

from symcheck.grade.scopes import KEY, plain_title, same_scope, scope_ids


@pytest.mark.parametrize("title, plain", [
    pytest.param("Moving to Two Layers", True, id="a-section-of-a-derivation"),
    pytest.param("Step 1 - Forward Propagation", True, id="a-step-of-the-algorithm"),
    pytest.param("Cost Functions", True, id="the-generic-word-cost"),
    pytest.param("Problem 5", False, id="a-problem"),
    pytest.param("Exercise 2: the roles of y and a", False, id="an-exercise"),
    pytest.param("Sec. 2.1 Matrix Notation", False, id="a-numbered-section"),
    pytest.param("Softmax", False, id="a-setting-named"),
    pytest.param("The cross-entropy cost", False, id="a-cost-named"),
    pytest.param("代价函数log-likelihood", False, id="words-not-read"),
])
def test_plain_title(title, plain):
    assert plain_title(title) is plain


def _problems(*titles):
    out = []
    for t in titles:
        top = out[-1].id.split(".")[0] if out and t.endswith(".") else None
        out.append(SimpleNamespace(id=f"{top}.{t[:-1]}" if top else t, title=t))
    return out


@pytest.mark.parametrize("titles, same, other", [
    pytest.param(("Feed Forward", "Backwards Recursion", "Algorithm", "1."), [("Feed Forward", "Algorithm.1")], [],
                 id="plain-sections-and-a-numbered-step"),
    pytest.param(("Feed Forward", "Exercise 2", "Algorithm"), [], [("Feed Forward", "Exercise 2"),
                                                                   ("Exercise 2", "Algorithm")],
                 id="after-an-exercise-each-heading-is-its-own"),
    pytest.param(("Quadratic cost", "Another cost"), [], [("Quadratic cost", "Another cost")],
                 id="a-cost-named-then-another-section"),
])
def test_scope_ids(titles, same, other):
    ids = scope_ids(_problems(*titles))
    state = SimpleNamespace(quantities={KEY: (None, ids, 0, None)})
    for a, b in same:
        assert same_scope(state, a, b), ids
    for a, b in other:
        assert not same_scope(state, a, b), ids
