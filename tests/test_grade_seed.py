"""The real OCR'd homework in ../shared (skipped when absent): the errors the
issue names are found, and the two correct derivations are marked correct
step by step."""

import pytest

from symcheck.grade import grade_file

SEED = "seeds/000_c92ebc24de319a39.txt"


@pytest.fixture(scope="module")
def seed(request):
    from pathlib import Path

    shared = Path(__file__).resolve().parents[2] / "shared"
    path = shared / SEED
    if not path.is_file():
        pytest.skip("../shared is not present")
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines, grade_file(path)


def _line(lines, snippet, start=0):
    return next(i for i, t in enumerate(lines, 1) if i > start and snippet in t)


def _verdicts(report, line):
    return [s.verdict for s in report.steps if s.line == line]


@pytest.mark.parametrize("snippet,check,words", [
    pytest.param(r"\partial w_j^l} = \delta_j^l", "library", "BP3 with w in place of b", id="bp3-w-for-b"),
    pytest.param(r"= .5963", "arithmetic", "not .5963", id="sigma-minus-39"),
    pytest.param(r"1.403 + -2.2764 = 1.6794", "arithmetic", "not 1.6794", id="sum-of-costs"),
    pytest.param(r"= \sum_{k=1}^n x_k y_k", "semantics", "number", id="hadamard-vs-dot"),
    pytest.param(r"C = \frac{1}{n} \sum", "library", "cross-entropy", id="cost-lost-its-minus"),
])
def test_named_errors_are_found(seed, snippet, check, words):
    lines, report = seed
    wrong = [v for v in _verdicts(report, _line(lines, snippet)) if v.verdict == "incorrect"]
    assert wrong and wrong[-1].check == check and words in wrong[-1].reason + wrong[-1].hint


def test_hints_of_the_seed(seed):
    lines, report = seed
    hints = {s.line: s.verdict.hint for s in report.steps if s.verdict.verdict == "incorrect"}
    assert "0.6 in place of 6" in hints[_line(lines, "= 1.136")]
    assert "leading minus" in hints[_line(lines, "= 0.3825")]
    assert "lost its minus sign" in hints[_line(lines, r"C = \frac{1}{n} \sum")]
    assert "dot product" in hints[_line(lines, r"= \sum_{k=1}^n x_k y_k")]


def test_output_error_derivation_is_correct_step_by_step(seed):
    lines, report = seed
    start = _line(lines, r"\frac{\partial C}{\partial \alpha} = -\frac{1}{n}")
    end = _line(lines, r"= \alpha - y")
    steps = [s for s in report.steps if start <= s.line <= end]
    assert len(steps) >= 8
    assert all(s.verdict.verdict == "correct" for s in steps), [(s.line, s.verdict.reason) for s in steps]


def test_cross_entropy_minimum_proof_is_correct(seed):
    lines, report = seed
    for snippet in (r"C'(\alpha) = -\frac{\gamma}{\alpha}", r"\Rightarrow \frac{1-\gamma}{1-\alpha}",
                    r"\gamma - \alpha \gamma = \alpha - \alpha \gamma", r"\Rightarrow \gamma = \alpha",
                    r"C''(\alpha) = \frac{\gamma}", r"C''(\alpha) \geq 0"):
        assert [v.verdict for v in _verdicts(report, _line(lines, snippet))] == ["correct"], snippet


def test_no_prose_or_definition_is_accused(seed):
    _, report = seed
    for s in report.steps:
        if s.verdict.verdict == "incorrect":
            assert s.verdict.counterexample or s.verdict.check.startswith("exact")
