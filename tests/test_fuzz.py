"""Fuzzing: mutated write-ups and math strings always get a report (or a typed
refusal) within the limits; nothing crashes, nothing hangs.

Seeds are the project's ``examples/`` when present plus small fixtures
written here. Hypothesis runs derandomized with a bounded number of examples
so the test stays well under a minute; ``benchmarks/soak.py`` runs the long
version (≥ 10,000 inputs).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symcheck.errors import LimitExceeded, SymcheckError
from symcheck.limits import Limits, ProcessRunner, check_text

ROOT = Path(__file__).resolve().parents[1]

FIXTURES = [
    ("md", "# Problem 1\n\nShow that $\\sigma'(z) = \\sigma(z)(1-\\sigma(z))$.\n\n"
           "$$\\sigma'(z) = \\frac{e^{-z}}{(1+e^{-z})^2} = \\sigma(z)(1-\\sigma(z))$$\n"),
    ("md", "## Problem 2\n\n$$\\delta^L = \\nabla_a C \\odot \\sigma'(z^L)$$\n\n"
           "$$\\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j$$\n\n$$(x+1)^2 = x^2 + 2x + 1$$\n"),
    ("md", "Problem 3. Compute $z = 0.5 \\cdot 2 + 1 = 2$ and $\\sigma(2) \\approx 0.88$.\n\n"
           "$$C = \\frac{1}{2}(y - a)^2 = \\frac{1}{2}(1 - 0.88)^2 = 0.0072$$\n"),
    ("tex", "\\section*{Problem 1}\n\\begin{align*}\n\\frac{\\partial C}{\\partial w} &= (a-y)\\sigma'(z) x\\\\\n"
            "&= (a - y) a (1-a) x\n\\end{align*}\n"),
]
KINDS = {".md": "md", ".markdown": "md", ".txt": "md", ".tex": "tex"}


def _seeds():
    seeds = list(FIXTURES)
    ex = ROOT / "examples"
    if ex.is_dir():
        for f in sorted(ex.rglob("*")):
            if f.suffix in KINDS and f.is_file() and f.stat().st_size < 20_000:
                seeds.append((KINDS[f.suffix], f.read_text(encoding="utf-8", errors="replace")))
    return seeds


SEEDS = _seeds()
_TOKEN_RE = re.compile(r"\\[A-Za-z]+|\s+|\d+|.", re.S)

NASTY = [
    "{", "}", "$", "$$", "\\[", "\\]", "\\left(", "\\right)", "&", "\\\\", "^", "_", "^{100000000}",
    "10^{10^{10}}", "(x+1)^{99999}", "9" * 80, "1e308", "\\frac{", "\\begin{bmatrix}", "\\end{bmatrix}",
    "\\input{/etc/passwd}", "\\write18{ls}", "\\def\\x{y}", "\\catcode`\\^=11", "^^5c", "%", "#",
    "\\sigma", "\\partial", "\\odot", "=", "\\Rightarrow", "\x00", "\ufeff", "\u202e", "\U0001F600",
    "σ", "∂", "\\sqrt{-1}", "0/0", "\\infty", "\\sum_{j=1}^{n}", "\\\\" * 50, "\n", "\n\n",
]


@st.composite
def mutated(draw):
    kind, text = draw(st.sampled_from(SEEDS))
    tokens = _TOKEN_RE.findall(text)
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["delete", "insert", "swap", "unicode", "nest", "huge"]))
        i = draw(st.integers(0, max(len(tokens) - 1, 0)))
        if op == "delete" and tokens:
            del tokens[i]
        elif op == "insert":
            tokens.insert(i, draw(st.sampled_from(NASTY)))
        elif op == "swap" and len(tokens) > 1:
            j = draw(st.integers(0, len(tokens) - 1))
            tokens[i], tokens[j] = tokens[j], tokens[i]
        elif op == "unicode":
            tokens.insert(i, draw(st.text(min_size=1, max_size=12)))
        elif op == "nest":
            k = draw(st.integers(5, 120))
            opener = draw(st.sampled_from(["{", "(", "\\left(", "\\frac{1}{"]))
            tokens.insert(i, opener * k + "x" + draw(st.sampled_from(["}", ")", "\\right)", "}"])) * k)
        elif op == "huge":
            tokens.insert(i, draw(st.sampled_from(["$10^{10^{%d}}$", "$x^{%d}$", "$%d!$", "$(x+1)^{%d}$"]))
                          % draw(st.integers(0, 10 ** 12)))
    return kind, "".join(tokens)


def grade_text_in_worker(text: str, kind: str):
    """Runs in the worker: the real grading path, as JSON (plain data crosses processes)."""
    from symcheck.grade import GradeOptions, grade_text

    options = GradeOptions(step_seconds=1.0, symbolic_seconds=0.5)
    try:
        return grade_text(text, kind, "fuzz." + kind, options).to_json()
    except SymcheckError as exc:  # a typed refusal (e.g. too many steps) is an answer
        return {"refused": str(exc)}


@pytest.fixture(scope="module")
def runner():
    pytest.importorskip("symcheck.grade")
    from symcheck import grade

    if not hasattr(grade, "grade_text"):
        pytest.skip("the grader is not there yet")
    # the whole document gets a generous budget; hitting it means the grader hung
    with ProcessRunner(Limits(step_seconds=60.0, step_memory_mb=1536)) as r:
        yield r


@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
@given(case=mutated())
def test_mutated_writeups_always_get_a_report(runner, case):
    kind, text = case
    out = runner.run(grade_text_in_worker, text, kind)  # CheckTimeout / a crash here fails the test
    json.dumps(out)
    if "refused" in out:
        return
    lines = text.count("\n") + 1
    for step in out["steps"]:
        assert step["verdict"] in ("correct", "incorrect", "unchecked")
        assert 1 <= step["line"] <= step["end_line"] <= lines + 1


MATH = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(NASTY + ["x", "y", "1", "+", "-", "(", ")", " "]), max_size=80).map("".join),
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(latex=MATH)
def test_check_text_answers_or_refuses(latex):
    try:
        check_text(latex, Limits())
    except LimitExceeded as exc:
        assert exc.what and "over the limit" in str(exc)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(latex=MATH)
def test_escaping_is_balanced_and_inert(latex):
    escape = pytest.importorskip("symcheck.writeup.escape")
    dangerous = re.compile(r"\\(input|include|write|openout|def|newcommand|catcode|csname|immediate)(?![A-Za-z])")
    for out in (escape.escape_latex(latex), escape.safe_math(latex), escape.verbatim_text(latex)):
        if out is None:
            continue
        assert "^^" not in out.replace(" ", "")
        assert not dangerous.search(out)
        assert out.count("{") - out.count("\\{") == out.count("}") - out.count("\\}")
