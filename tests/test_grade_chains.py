"""symcheck.grade.chains: a chain's conclusion (``A = B = C`` claims ``A = C``), one report item of
kind "chain" on the line where A starts: correct by transitivity or by a direct check of the
conclusion, never accused on a link's account, incorrect (with a counterexample) only when the
direct check fails and no link is incorrect; not a step for counts and scores."""

import json

import pytest

from symcheck.grade import Options, formats, grade_text
from symcheck.grade.chains import CHAIN, chains_of, conclusion_relation, verdict
from symcheck.grade.report import StepResult, SubmissionReport
from symcheck.grade.segment import segment
from symcheck.verdict import Cause, CheckKind, Verdict


def _chain(body: str, options: Options = Options()):
    """The report of ``body`` under a heading, and its one chain's conclusion."""
    report = grade_text("# Problem 1\n\n" + body, options=options)
    chains = [s for s in report.items() if s.kind == CHAIN]
    assert len(chains) == 1, chains
    return report, chains[0]


@pytest.mark.parametrize("relations, expected", [
    pytest.param(["=", "="], "=", id="equalities"),
    pytest.param(["=", "<=", "="], "<=", id="an-equality-and-a-bound"),
    pytest.param(["<=", "<", "="], "<", id="one-strict-link-makes-it-strict"),
    pytest.param([">=", "=", ">="], ">=", id="downward"),
    pytest.param(["<=", ">="], None, id="directions-mixed"),
    pytest.param(["=", "~"], None, id="approximately-does-not-compose"),
    pytest.param(["=", "!="], None, id="not-equal-does-not-compose"),
    pytest.param(["=", "in"], None, id="membership"),
])
def test_the_relation_transitivity_gives(relations, expected):
    assert conclusion_relation(relations) == expected


@pytest.mark.parametrize("text, expected", [
    pytest.param("$$ f(x) = (x+1)^2 = x^2 + 2x + 1 $$\n", [(1, "f(x) = x^2 + 2x + 1")], id="two-links"),
    pytest.param("$$ f(x) = (x+1)^2 $$\n", [], id="one-link-is-no-chain"),
    pytest.param("$$ x \\leq y + 1 = z $$\n", [(1, "x \\leq z")], id="a-bound-then-an-equality"),
    pytest.param("$$ 0 < \\sigma(z) < 1 $$\n", [], id="numbers-bounding-a-middle"),
    pytest.param("$$ \\sigma(x) = \\frac{1}{1 + e^{-x}} \\iff x = -\\ln(1/\\sigma(x) - 1) $$\n", [],
                 id="statements-joined-by-iff"),
    pytest.param("$$ g_1 = 0.01, g_2 = 0.99 $$\n", [], id="separate-definitions"),
    pytest.param("$$\na\n  = b + c\n  = d\n$$\n", [(2, "a = d")], id="left-side-alone-on-its-line"),
    pytest.param("$$ a = b \\Rightarrow c = d = e $$\n", [(1, "c = e")], id="after-an-implication"),
])
def test_which_chains_are_concluded(text, expected):
    assert [(c.step.line, c.step.latex) for c in chains_of(segment(text).steps)] == expected


def test_correct_by_transitivity_when_every_link_checks():
    report, c = _chain("$$\n(a+b)^2\n  = a^2 + 2ab + b^2\n  = b^2 + 2ab + a^2\n$$\n")
    assert (c.line, c.end_line, c.latex) == (4, 6, "(a+b)^2 = b^2 + 2ab + a^2")
    assert c.verdict.verdict == "correct" and c.verdict.check is CheckKind.CHAIN
    assert "transitivity" in c.verdict.reason
    assert [s.line for s in report.steps] == [5, 6]  # each link on the row of its relation


def test_correct_by_a_direct_check_when_a_middle_link_cannot_be_read():
    report, c = _chain("$$\n(a+b)^2\n  = \\heartsuit(a)\n  = a^2 + 2ab + b^2\n$$\n")
    assert [s.verdict.cause for s in report.steps] == [Cause.UNPARSED, Cause.UNPARSED]
    assert c.verdict.verdict == "correct" and c.verdict.check is CheckKind.EXACT
    assert "checked directly" in c.verdict.reason


def test_unchecked_naming_the_wrong_link_never_accused_twice():
    report, c = _chain("$$ x = 2 + 3 = 6 = 6 $$\n")
    assert [s.verdict.verdict for s in report.steps] == ["unchecked", "incorrect", "correct"]
    assert c.verdict.verdict == "unchecked" and c.verdict.cause is Cause.ROWS
    assert "line 3" in c.verdict.reason
    assert report.counts["incorrect"] == 1  # the chain's item is not a step


@pytest.mark.parametrize("body, counterexample", [
    pytest.param("$$ 2 \\cdot 3 = \\heartsuit = 7 $$\n", {"lhs": 6.0, "rhs": 7.0}, id="equality"),
    pytest.param("$$\n\\frac{1}{2} + \\frac{1}{4}\n  = \\heartsuit\n  = \\frac{3}{8}\n$$\n", None, id="fractions"),
])
def test_incorrect_with_a_counterexample_when_the_direct_check_fails(body, counterexample):
    report, c = _chain(body)
    assert all(s.verdict.verdict == "unchecked" for s in report.steps)
    assert c.verdict.verdict == "incorrect" and c.verdict.counterexample
    if counterexample is not None:
        assert dict(c.verdict.counterexample) == counterexample
    assert "a link it could not check is wrong" in c.verdict.reason
    assert report.counts["incorrect"] == 0 and not any(p.counts["incorrect"] for p in report.problems)


def test_the_chain_never_confirms_itself():
    """``x + 1 = ? = 3``: an equation in unknowns is not "the same equation as" the chain's own statement."""
    _, c = _chain("$$\nx + 1\n  = \\heartsuit\n  = 3\n$$\n")
    assert c.verdict.verdict == "unchecked"


def test_a_definition_at_the_head_is_taken_as_given():
    _, c = _chain("$$ x = 2 \\cdot 3 + 1 = 6 + 1 = 7 $$\n")
    assert c.verdict.verdict == "correct" and "taken as given" in c.verdict.reason


def test_no_direct_check_when_switched_off():
    _, c = _chain("$$ 2 \\cdot 3 = \\heartsuit = 7 $$\n", Options(conclusions=False))
    assert c.verdict.verdict == "unchecked" and c.verdict.cause is Cause.UNPARSED


# --- the verdict from the links' results (each rule, with results made by hand) ---------
_C = segment("$$ a = b = c = d $$\n")
_CONCLUSION = chains_of(_C.steps)[0].step
_OK = Verdict.correct(CheckKind.EXACT, "equal")
_READ = Verdict.unchecked(Cause.UNPARSED, "cannot read")
_AMBIGUOUS = Verdict.unchecked(Cause.AMBIGUOUS, "several readings")
_WRONG = Verdict.incorrect(CheckKind.ARITHMETIC, "2 is not 3", {"lhs": 2, "rhs": 3})
_FALSE = Verdict.incorrect(CheckKind.NUMERIC, "differ", {"lhs": 1.0, "rhs": 2.0})
_SHAPE = Verdict.incorrect(CheckKind.EXACT_SHAPE, "a vector set equal to a number")
_EXACT = Verdict.incorrect(CheckKind.EXACT, "not equal: exact")


def _rows(*verdicts):
    return [StepResult(line=n, end_line=n, latex="", verdict=v) for n, v in enumerate(verdicts, 4)]


@pytest.mark.parametrize("rows, direct, expected, cause", [
    pytest.param((_OK, _OK, _OK), None, "correct", None, id="all-links-correct"),
    pytest.param((_OK, _WRONG, _READ), _FALSE, "unchecked", Cause.ROWS, id="a-wrong-link-is-marked-there"),
    pytest.param((_OK, _READ, _OK), None, "unchecked", Cause.UNPARSED, id="no-direct-check"),
    pytest.param((_OK, _READ, _OK), _OK, "correct", None, id="direct-check-holds"),
    pytest.param((_OK, _READ, _OK), _FALSE, "incorrect", None, id="direct-check-fails"),
    pytest.param((_OK, _AMBIGUOUS, _OK), _FALSE, "unchecked", Cause.AMBIGUOUS, id="a-link-with-several-readings"),
    pytest.param((_OK, _READ, _OK), _SHAPE, "unchecked", Cause.AMBIGUOUS, id="shapes-of-ends-read-apart"),
    pytest.param((_OK, _READ, _OK), _EXACT, "unchecked", Cause.UNSUPPORTED, id="no-counterexample-no-accusation"),
])
def test_the_verdict_rules(rows, direct, expected, cause):
    v = verdict(_CONCLUSION, _rows(*rows), direct)
    assert (v.verdict, v.cause) == (expected, cause)
    if expected == "incorrect":
        assert v.counterexample == direct.counterexample and "lines 5" not in v.reason and "line 5" in v.reason


def test_json_round_trip_of_the_chain_kind():
    report, c = _chain("$$ 2 \\cdot 3 = \\heartsuit = 7 $$\n")
    again = StepResult.from_json(json.loads(json.dumps(c.to_json())))
    assert again.kind == CHAIN and again == c
    data = json.loads(formats.to_json([report]))["submissions"][0]
    assert [s["kind"] for s in data["steps"]].count(CHAIN) == 1 and data["summary"]["steps"] == len(report.steps)
    back = SubmissionReport.from_json(report.to_json())
    assert back.chains == report.chains and back.steps == report.steps
    assert back.to_json() == report.to_json()


def test_shown_in_the_markdown_report():
    report, _ = _chain("$$ x = 2 + 3 = 6 = 6 $$\n")
    assert "(the conclusion of the chain of line" in formats.to_markdown([report])
