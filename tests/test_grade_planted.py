"""Every planted error of examples/submissions is found on its line, with its
hint; no correct step is flagged."""

from pathlib import Path

import pytest

from symcheck.grade import grade_file

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "submissions"


def _line_of(path: Path, snippet: str) -> int:
    """The 1-based line of the example where ``snippet`` is written."""
    for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if snippet in text:
            return i
    raise AssertionError(f"{snippet!r} not in {path.name}")


@pytest.fixture(scope="module")
def planted():
    path = EXAMPLES / "planted_errors.md"
    return path, grade_file(path)


@pytest.fixture(scope="module")
def clean():
    return grade_file(EXAMPLES / "all_correct.md")


PLANTED = [
    pytest.param(r"= -\frac{1}{1+e^{-z}}", "link", "without the leading minus", id="sign"),
    pytest.param("= u^2 + v^2", "link", "", id="broken-chain"),
    pytest.param("f'(t) = t^2 e^{t}", "numeric", "", id="dropped-term"),
    pytest.param(r"\frac{d}{dz} e^{2z} = e^{2z}", "numeric", "factor of 2", id="dropped-factor"),
    pytest.param(r"a^{l-1}_j \delta^l_k", "library", "BP4 reads", id="wrong-index"),
    pytest.param(r"(w^{l+1}\delta^{l+1})", "library", "(w^{l+1})^T", id="missing-transpose"),
    pytest.param("= 0.26", "arithmetic", "", id="arithmetic"),
    pytest.param("= 0.6224", "arithmetic", "rounds to 0.6225", id="rounding"),
    pytest.param(r"x \odot y = \sum_k", "semantics", "dot product", id="shape"),
    pytest.param(r"\Rightarrow p = 3", "implication", "", id="wrong-implication"),
    pytest.param(r"= 2.5 \times 0.146 = 3.65", "arithmetic", "25 in place of 2.5", id="decimal-place"),
]


@pytest.mark.parametrize("snippet,check,hint", PLANTED)
def test_planted_error_is_found(planted, snippet, check, hint):
    path, report = planted
    line = _line_of(path, snippet)
    wrong = [s for s in report.steps if s.line == line and s.verdict.verdict == "incorrect"]
    assert wrong, f"no incorrect step on line {line}: {[s.verdict for s in report.steps if s.line == line]}"
    v = wrong[0].verdict
    assert v.check.startswith(check)
    assert v.counterexample or v.check.startswith("exact")
    assert hint in v.hint


def test_first_error_of_each_chain_is_marked(planted):
    path, report = planted
    firsts = [s for s in report.steps if s.first_error]
    assert firsts and all(s.verdict.verdict == "incorrect" for s in firsts)
    broken = _line_of(path, "= u^2 + v^2")
    assert any(s.line == broken for s in firsts)


def test_every_step_has_a_verdict_with_a_reason(planted):
    _, report = planted
    for s in report.steps:
        assert s.verdict.reason
        if s.verdict.verdict == "unchecked":
            assert s.verdict.cause in ("prose", "unparsed", "ambiguous", "timeout", "unsupported")


def test_correct_steps_of_the_planted_file_are_not_flagged(planted):
    path, report = planted
    for snippet in (r"= \frac{1}{1+e^{-z}} \cdot", "= u^3 + u^2 v", r"\partial b^l_j", "= 0.7", "= 1.45"):
        line = _line_of(path, snippet)
        verdicts = {s.verdict.verdict for s in report.steps if s.line == line and s.verdict.cause != "prose"}
        assert verdicts == {"correct"}, (snippet, verdicts)


def test_no_correct_step_is_flagged(clean):
    assert clean.counts["incorrect"] == 0
    assert clean.counts["correct"] >= 15


def test_definitions_are_used_in_later_steps(clean):
    path = EXAMPLES / "all_correct.md"
    line = _line_of(path, r"q = 3 \gamma_1 + 1 = 1.6")
    assert [s.verdict.verdict for s in clean.steps if s.line == line][-1] == "correct"


NOT_ACCUSED = [
    pytest.param("# P\n\n$$w \\cdot x + b = 0$$\n", id="condition-in-unknowns"),
    pytest.param("# P\n\n$$0.99 \\leq w \\cdot x \\leq 1.01$$\n", id="inequality-chain-of-a-condition"),
    pytest.param("# P\n\nSuppose we replace σ with $\\sigma(z) = z$ throughout.\n", id="setting-in-prose"),
    pytest.param("# P\n\n$$f(t) = t + 1$$\n\n$$\\Rightarrow \\sigma'(z) = 1$$\n", id="implication-of-unread-setting"),
    pytest.param("# Softmax\n\nWith the softmax,\n\n$$a^L_j = \\frac{e^{z^L_j}}{\\sum_k e^{z^L_k}}$$\n",
                 id="softmax-definition"),
    pytest.param("# P\n\n$$\\delta^L = a^L - y$$\n", id="claim-in-one-setting-variant-in-another"),
    pytest.param("# P\n\n$$z_{h1} = w_1 i_1 + b_1$$\n\n$$= 0.3(0.5) + 0.1$$\n", id="substituting-unknown-values"),
    pytest.param("# P\n\n$$\\frac{\\partial C}{\\partial z} = \\delta^l$$\n", id="derivative-wrt-plain-z"),
    pytest.param("# P\n\n$$\\frac{\\partial C}{\\partial z^l} = \\delta^{l+1}_k "
                 "\\frac{\\partial z^{l+1}_k}{\\partial z^l}$$\n", id="jacobian-row-with-implicit-sum"),
]


@pytest.mark.parametrize("text", NOT_ACCUSED)
def test_no_false_accusation(text):
    from symcheck.grade import grade_text

    report = grade_text(text)
    assert report.steps
    assert report.counts["incorrect"] == 0, [s.verdict for s in report.steps]


def test_inconsistent_substitutions_are_noted():
    from symcheck.grade import grade_text

    text = "# P\n\n$$z = w_1 x_1 + b$$\n\n$$= 0.5(0.2) + 0.1$$\n\n$$v = w_1 x_2$$\n\n$$= 0.7(0.3)$$\n"
    report = grade_text(text)
    last = [s for s in report.steps if s.line == 9][0].verdict
    assert last.verdict == "unchecked" and "w_1 is 0.7 here but 0.5 on line 5" in last.reason
