"""The checks as a pipeline (symcheck/grade/check.py): one Check protocol, one
tuple for the order, typed results; docs/grading.md's list generated from it;
every step classified from its one reading (symcheck/grade/reading.py)."""

import ast
from pathlib import Path
from types import SimpleNamespace

import pytest

from symcheck.grade.check import CHECKS, CHECKS_BEGIN, CHECKS_END, Options, Result, checks_markdown, check_step
from symcheck.grade.reading import StepKind, read_step
from symcheck.grade.state import State, Update

ROOT = Path(__file__).resolve().parents[1]


def test_every_kind_of_step_has_a_check_and_names_are_unique():
    handled = set().union(*(c.handles for c in CHECKS))
    assert handled == set(StepKind)
    names = [c.name for c in CHECKS]
    assert len(names) == len(set(names))


def test_the_order_lives_in_one_tuple_cheap_first():
    names = [c.name for c in CHECKS]
    assert names.index("arithmetic") < names.index("algebra") < names.index("library") < names.index("networks")
    assert isinstance(CHECKS, tuple)


def test_docs_list_of_checks_is_generated_from_the_tuple():
    text = (ROOT / "docs" / "grading.md").read_text(encoding="utf-8")
    start, end = text.index(CHECKS_BEGIN), text.index(CHECKS_END) + len(CHECKS_END)
    assert text[start:end] == checks_markdown()


def _step(lhs, rel, rhs, *, link=False, context="", inline=False, implication=False):
    return SimpleNamespace(relation=rel, lhs=lhs, rhs=rhs, link=link, context=context, inline=inline,
                           implication=implication, line=1, latex=f"{lhs} {rel} {rhs}")


@pytest.mark.parametrize("step,state,kind", [
    pytest.param(_step("0.5 + 0.25", "=", "0.75"), State(), StepKind.ARITHMETIC, id="arithmetic"),
    pytest.param(_step(r"3\gamma_1", "=", "0.03"), State(env={"gamma_1": 0.01}), StepKind.ARITHMETIC,
                 id="arithmetic-with-given-value"),
    pytest.param(_step(r"\gamma_1", "=", "0.01"), State(), StepKind.DEFINITION, id="given-value"),
    pytest.param(_step(r"C(\alpha)", "=", r"-\ln \alpha"), State(), StepKind.FUNCTION_DEFINITION,
                 id="function-definition"),
    pytest.param(_step("(x+1)^2", "=", "x^2+2x+1"), State(), StepKind.ALGEBRA, id="identity"),
    pytest.param(_step(r"\delta^L", "=", r"\nabla_a C \odot \sigma'(z^L)", context="thus"), State(),
                 StepKind.NETWORK, id="network"),
    pytest.param(_step(r"\delta^L", "=", r"\frac{\partial C}{\partial z^L}"), State(), StepKind.ERROR_DEFINITION,
                 id="error-definition"),
    pytest.param(_step("x", ">", "0", context="if"), State(), StepKind.ASSUMPTION, id="assumption"),
    pytest.param(_step("p^2", "=", "9", implication=True), State(), StepKind.IMPLICATION, id="implication"),
    pytest.param(_step("", "=", "0.3", link=True), State(prev_expr="0.1 + 0.2"), StepKind.ARITHMETIC,
                 id="chain-row-read-with-its-left-side"),
    pytest.param(_step("", "=", "0.3", link=True), State(), StepKind.DANGLING, id="chain-row-without-a-left-side"),
    pytest.param(_step("x", "", ""), State(), StepKind.EXPRESSION, id="expression"),
    pytest.param(_step(r"\frac{1}{", "=", "2"), State(), StepKind.UNREAD, id="unreadable"),
])
def test_classified_from_the_reading(step, state, kind):
    assert read_step(step, state).kind is kind


def test_result_updates_are_typed_never_dicts():
    state = State()
    for lhs, rhs in ((r"\gamma_1", "0.01"), ("x", "0.25 + 0.5"), ("y", "0.1 + 0.2")):
        result = check_step(_step(lhs, "=", rhs), state, Options())
        assert isinstance(result, Result)
        assert result.updates and all(isinstance(u, Update.__args__) for u in result.updates)


CHECKING = ("check.py", "numbers.py", "identities.py", "definitions.py", "network.py", "conventions.py",
            "substitution.py", "state.py", "reading.py", "grader.py")


@pytest.mark.parametrize("name", CHECKING)
def test_no_private_names_across_modules_and_no_regex_on_steps(name):
    """No `from x import _name`; no `re` in the modules that check steps (reading.py matches prose words only)."""
    tree = ast.parse((ROOT / "symcheck" / "grade" / name).read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module != "__future__":
            assert not [a.name for a in node.names if a.name.startswith("_") and not a.name.startswith("__")]
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert "re" not in imported or name in ("reading.py", "grader.py")


def test_a_row_after_a_wrong_row_is_checked_against_the_chain_before_it():
    from symcheck.grade import grade_text

    steps = grade_text("$$g = 2 + 2 = 5 = 4 = 6$$\n").steps
    verdicts = [(s.latex.strip(), s.verdict.verdict) for s in steps]
    assert verdicts[1] == ("= 5", "incorrect")
    assert verdicts[2] == ("= 4", "unchecked")          # wrong against 5, right against 2 + 2: not accused
    assert "line 1" in steps[2].verdict.reason
    assert verdicts[3] == ("= 6", "incorrect")          # wrong against 4 and against 2 + 2


@pytest.mark.parametrize("text", [
    pytest.param(r"$$ a = b \begin$$", id="begin-without-a-name"),
    pytest.param(r"$$\end = 2$$", id="end-without-a-name"),
    pytest.param(r"$$x = \text$$", id="text-without-an-argument"),
])
def test_what_cannot_be_tokenized_is_unparsed_never_an_internal_error(text):
    from symcheck.grade import grade_text

    (s,) = grade_text(text, kind="md").steps
    assert (s.verdict.verdict, s.verdict.cause) == ("unchecked", "unparsed"), s.verdict.reason
    assert "internal error" not in s.verdict.reason


@pytest.mark.parametrize("lhs,rhs,ratio", [
    pytest.param("0", "x", None, id="left-side-zero"),        # once a ZeroDivisionError (found by the soak)
    pytest.param("2*x", "x", 2, id="twice"),
    pytest.param("x", "3*x", 1 / 3, id="a third"),
    pytest.param("x", "x + 1", None, id="no-constant-ratio"),
])
def test_the_constant_ratio_hint_never_divides_by_zero(lhs, rhs, ratio):
    import sympy as sp

    from symcheck.grade.identities import _constant_ratio

    got = _constant_ratio(sp.sympify(lhs), sp.sympify(rhs), 0)
    assert got == ratio if ratio is None else abs(got - ratio) < 1e-12
