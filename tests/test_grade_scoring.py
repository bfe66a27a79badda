"""symcheck.grade.scoring: the first error of each problem, errors carried
forward, and the three scoring rules (hand-worked examples, and the seed's
Problem 2.2 and line 194 when ../shared is present)."""

import json

import pytest

from symcheck.grade import formats, grade_file, grade_text
from symcheck.grade.key import AnswerKey, KeyProblem, parse_key
from symcheck.grade.report import StepResult, SubmissionReport
from symcheck.grade.scoring import score_problem
from symcheck.verdict import Verdict

ECF = """# Problem 1

$$x = 0.25 + 0.5 = 0.85$$

$$y = 0.85 + 1.25 = 2.1$$

$$z = 0.85 + 2 = 2.75$$

$$w = 3 + 4 = 8$$

# Problem 2

$$u = 2 + 2 = 5$$

$$v = 3 \\times 3 = 10$$
"""


@pytest.fixture(scope="module")
def ecf():
    return grade_text(ECF)


def _step(report, line, verdict):
    return next(s for s in report.steps if s.line == line and s.verdict.verdict == verdict)


@pytest.mark.parametrize("line,verdict,first,follows", [
    pytest.param(3, "incorrect", True, None, id="first-error-of-problem-1"),
    pytest.param(5, "correct", False, 3, id="correct-step-using-the-wrong-value"),
    pytest.param(7, "incorrect", False, 3, id="wrong-only-by-the-carried-value"),
    pytest.param(9, "incorrect", False, None, id="a-new-error"),
    pytest.param(13, "incorrect", True, None, id="first-error-of-problem-2"),
    pytest.param(15, "incorrect", False, None, id="second-chain-not-marked-first"),
])
def test_errors_carried_forward_and_first_per_problem(ecf, line, verdict, first, follows):
    s = _step(ecf, line, verdict)
    assert (s.first_error, s.follows_from) == (first, follows)


def test_one_first_error_per_problem(ecf):
    firsts = [s.problem for s in ecf.steps if s.first_error]
    assert sorted(firsts) == ["Problem 1", "Problem 2"]


def test_summary_counts_new_errors_and_names_the_carried_one(ecf):
    p1 = next(p for p in ecf.problems if p.id == "Problem 1")
    assert p1.summary.startswith("2 of ")  # lines 3 and 9; line 7 is line 3's error carried forward
    assert "line 7 carries line 3's error forward" in p1.summary


def test_follows_from_is_in_the_json_and_round_trips(ecf):
    doc = json.loads(formats.to_json([ecf]))
    assert [s["follows_from"] for s in doc["submissions"][0]["steps"] if s["line"] == 7 and s["kind"] == "step"] \
        == [None, 3]
    assert "= 2.75$ | incorrect (follows from line 3)" in formats.to_markdown([ecf])
    again = SubmissionReport.from_json(ecf.to_json())
    assert json.dumps(again.to_json()) == json.dumps(ecf.to_json())


def _r(verdict, line, follows=None, claim=None, latex="x = 1"):
    v = {"correct": lambda: Verdict.correct("arithmetic", "ok", claim=claim),
         "incorrect": lambda: Verdict.incorrect("arithmetic", "no", {"lhs": 1.0, "rhs": 2.0}),
         "unchecked": lambda: Verdict.unchecked("prose", "text")}[verdict]()
    return StepResult(line, line, latex, v, problem="P", follows_from=follows)


# ✓ ✓ ✗(new) ✓(follows) ✗(carried) ✓ ?  — 4 correct, 1 new error, 1 carried error, 1 unchecked
WORKED = [_r("correct", 1), _r("correct", 2), _r("incorrect", 3), _r("correct", 4, follows=3),
          _r("incorrect", 5, follows=3), _r("correct", 6), _r("unchecked", 7)]


@pytest.mark.parametrize("rule,claims,expected", [
    pytest.param("first-error", (), 10 * 2 / 6, id="first-error: 2 correct before the error of 6 checked"),
    pytest.param("per-step", (), 10 * 4 / 6, id="per-step: 4 correct of 6 checked"),
    pytest.param("error-carried-forward", (), 10 * 4 / 5, id="ecf: 4 correct of 5 (the carried error not counted)"),
    pytest.param("first-error", ("claim:c",), 10 * (0.5 * 0 + 0.5 * 2 / 6), id="first-error-claim-after-error"),
    pytest.param("error-carried-forward", ("claim:c",), 10 * (0.5 * 1 + 0.5 * 4 / 5), id="ecf-claim-after-error"),
])
def test_scoring_rules_worked_example(rule, claims, expected):
    steps = list(WORKED)
    steps[5] = _r("correct", 6, claim="c")  # the claim is stated after the first error
    score, points, extra = score_problem(KeyProblem("P", 10.0, claims), steps, rule, families={"c": "c"})
    assert points == 10.0 and score == pytest.approx(round(expected, 2))
    assert f"({rule})" in extra


def test_full_points_only_without_counted_errors():
    clean = [_r("correct", 1), _r("correct", 2, claim="c"), _r("unchecked", 3)]
    for rule in ("first-error", "per-step", "error-carried-forward"):
        assert score_problem(KeyProblem("P", 3.0, ("claim:c",)), clean, rule, families={})[0] == 3.0


def test_key_chooses_the_rule_per_key_and_per_problem():
    key = parse_key({"scoring": "per-step", "problem": [{"id": "Problem 1", "points": 4},
                                                       {"id": "Problem 2", "points": 4,
                                                        "scoring": "error-carried-forward"}]})
    assert key.rule(key.problems[0]) == "per-step"
    assert key.rule(key.problems[1]) == "error-carried-forward"
    r = grade_text(ECF, key=key)
    by = {p.id: p for p in r.problems}
    assert "(per-step)" in by["Problem 1"].summary and "(error-carried-forward)" in by["Problem 2"].summary


def test_ecf_does_not_penalise_a_carried_error_again(ecf):
    steps = [s for s in ecf.steps if s.problem == "Problem 1"]
    kp = KeyProblem("Problem 1", 6.0)
    per_step = score_problem(kp, steps, "per-step")[0]
    carried = score_problem(kp, steps, "error-carried-forward")[0]
    first = score_problem(kp, steps, "first-error")[0]
    assert first < per_step < carried


# --- the seed (../shared) -------------------------------------------------------

@pytest.fixture(scope="module")
def seed_path():
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_c92ebc24de319a39.txt"
    if not path.is_file():
        pytest.skip("../shared is not present")
    return path


def _seed_key(rule):
    return AnswerKey("seed", (KeyProblem("Problem 2.2", 3.0), KeyProblem("Problem 3 Q3", 6.0)), rule)


@pytest.fixture(scope="module")
def seed_reports(seed_path):
    report = grade_file(seed_path)
    return {rule: grade_file(seed_path, key=_seed_key(rule)) for rule in
            ("first-error", "per-step", "error-carried-forward")}, report


def _line(path, snippet):
    return next(i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if snippet in t)


def test_seed_problem_2_2_keeps_its_correct_final_step(seed_reports, seed_path):
    by_rule, report = seed_reports
    final = _line(seed_path, r"\delta_j^L = \alpha_j^L - y_j")
    assert [s.verdict.verdict for s in report.steps if s.line == final] == ["correct"]
    score = {rule: next(p.score for p in r.problems if p.id == "Problem 2.2") for rule, r in by_rule.items()}
    # first-error: only the definition of δ before the wrong cost (line 65) counts (it is the standard one, checked)
    assert 0 < score["first-error"] < score["per-step"]
    assert score["per-step"] > 2 and score["error-carried-forward"] > 2


def test_seed_line_194_follows_from_192(seed_reports, seed_path):
    by_rule, report = seed_reports
    slip = _line(seed_path, "= -2.2764")
    total = _line(seed_path, "1.403 + -2.2764 = 1.6794")
    wrong = [s for s in report.steps if s.line == total and s.verdict.verdict == "incorrect"]
    assert wrong and all(s.follows_from == slip and not s.first_error for s in wrong)
    q3 = {rule: next(p for p in r.problems if p.id == "Problem 3 Q3") for rule, r in by_rule.items()}
    assert q3["error-carried-forward"].score > q3["per-step"].score  # line 194 is not penalised again
    assert f"line {total} carries line {slip}'s error forward" in q3["error-carried-forward"].summary


def test_seed_first_error_marked_once_per_problem(seed_reports):
    _, report = seed_reports
    firsts = [s.problem for s in report.steps if s.first_error]
    assert len(firsts) == len(set(firsts)) > 0
    for pid in set(firsts):
        first_wrong = next(s for s in report.steps if s.problem == pid and s.verdict.verdict == "incorrect")
        assert first_wrong.first_error


# --- a display as a whole ------------------------------------------------------------
DISPLAYS = """# Problem 1

$$
a = 2 + 3 \\\\
= 5
$$

$$
b = 2 + 2 \\\\
= 5 \\\\
= 1 + 4
$$

$$
3 + 4 = 7 \\\\
f(x) = \\frac{q}{r}
$$

$$
1 + 1 = 2 \\\\
2 + 2 = 4
$$

$$
u = 2 \\\\
v = 3
$$

$$
\\delta^l_j = -\\frac{\\partial C}{\\partial z^l_j} \\\\
1 + 1 = 2
$$
"""


@pytest.fixture(scope="module")
def displays():
    return grade_text(DISPLAYS)


def _display(report, line):
    return next(s for s in report.displays if s.line == line)


# A row that gives rather than claims (a definition, recorded: cause prose) does not keep a display from being
# verified when every claim of it checks (a = 2 + 3 = 5 is right as a whole); a display with no claim is not.
@pytest.mark.parametrize("line,end,verdict,cause", [
    pytest.param(3, 6, "correct", None, id="a-definition-row-gives-its-claim-checks"),
    pytest.param(8, 12, "unchecked", "rows", id="an-incorrect-row-never-makes-it-incorrect"),
    pytest.param(14, 17, "correct", None, id="a-function-definition-gives-its-claim-checks"),
    pytest.param(19, 22, "correct", None, id="every-row-correct"),
    pytest.param(24, 27, "unchecked", "prose", id="only-definitions-nothing-claimed"),
    pytest.param(29, 32, "unchecked", "prose", id="a-definition-against-the-standard-is-not-given"),
])
def test_a_display_is_correct_when_every_claim_is(displays, line, end, verdict, cause):
    d = _display(displays, line)
    rows = [s for s in displays.steps if line < s.line < end]
    claims = [r for r in rows if not (r.verdict.verdict == "unchecked" and r.verdict.cause == "prose"
                                      and not r.verdict.notes)]
    assert (d.end_line, d.verdict.verdict, d.verdict.cause) == (end, verdict, cause)
    assert (d.verdict.verdict == "correct") == (bool(claims) and all(r.verdict.verdict == "correct" for r in claims))
    assert not d.first_error and d.follows_from is None
    if verdict == "correct":
        assert d.verdict.check == "display"


def test_displays_are_not_steps(displays):
    assert all(s.kind == "step" for s in displays.steps) and len(displays.displays) == 6
    assert displays.summary()["steps"] == len(displays.steps) == sum(displays.counts.values())
    (p,) = displays.problems
    assert p.counts == displays.counts
    assert [s.line for s in displays.steps if s.first_error] == [10]
    items = displays.items()  # each display right after its rows
    assert [(s.kind, s.line) for s in items if s.kind == "display"] == [("display", n) for n in (3, 8, 14, 19, 24, 29)]
    for i, s in enumerate(items):
        if s.kind == "display":
            assert items[i - 1].line < s.end_line and (i + 1 == len(items) or items[i + 1].line > s.end_line)


@pytest.mark.parametrize("rule", ["first-error", "per-step", "error-carried-forward"])
def test_a_display_changes_no_score(rule):
    """The whole-display items are left out of every rule: the score is that of the steps alone."""
    kp = KeyProblem("Problem 1", points=10.0)
    report = grade_text(DISPLAYS, key=AnswerKey(problems=(kp,), scoring=rule))
    only = report.steps
    assert any(s.verdict.verdict == "correct" for s in report.displays)
    (p,) = report.problems
    assert p.score == score_problem(kp, only, rule)[0] < 10.0
    assert p.counts == {v: sum(s.verdict.verdict == v for s in only) for v in ("correct", "incorrect", "unchecked")}


def test_a_display_round_trips_through_json(displays):
    data = displays.to_json()
    kinds = [s["kind"] for s in data["steps"]]
    assert kinds.count("display") == 6 and kinds.count("step") == len(displays.steps) == data["summary"]["steps"]
    back = SubmissionReport.from_json(data)
    assert back.to_json() == data and back.displays == displays.displays
