"""symcheck.writeup without TeX: the LaTeX that write-ups and feedback
contain, determinism, the CLI, and the "no TeX" message. Escaping and safe
math: tests/test_writeup_escape.py; compiling: tests/test_writeup_pdf.py."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from symcheck.claims import discover, verify
from symcheck.cli import main
from symcheck.errors import ToolMissing
from symcheck.grade.report import ProblemResult, StepResult, SubmissionReport
from symcheck.verdict import Verdict
from symcheck.writeup import compile_pdf, escape_latex, feedback_latex, feedback_latex_many, writeup_latex
from symcheck.writeup.document import fmt_value, sci_latex
from symcheck.writeup.escape import prose
from symcheck.writeup.proofs import split_relation

SEED = 3


def nb(tex: str) -> str:
    """Without the optional line breaks the writer inserts."""
    return tex.replace("\\allowbreak{}", "")


@pytest.fixture(scope="module")
def sigma_result():
    [claim] = [c for c in discover() if c.id == "sigma-prime"]
    return verify(claim, seed=SEED, networks=16)


# --- proof write-ups ---------------------------------------------------------------


def test_writeup_states_theorem_proof_and_the_numbers_of_the_run(sigma_result):
    r = sigma_result
    tex = writeup_latex([r], seed=SEED, networks=16).replace("\\allowbreak{}", "")
    assert tex.startswith("\\documentclass") and tex.rstrip().endswith("\\end{document}")
    assert "\\usepackage{amsmath,amssymb,amsthm}" in tex and "\\date{}" in tex
    assert "\\begin{theorem}[\\texttt{sigma-{}prime}]" in tex
    assert nb(prose(r.claim.source)) in tex
    proof = tex[tex.index("\\begin{proof}"):tex.index("\\end{proof}")]
    assert proof.count("\\tag*{") == len(r.claim.proof)
    for step in r.claim.proof:
        assert nb(prose(step.why)) in proof
    verification = tex[tex.index("\\paragraph{Verification.}"):]
    assert f"{r.numeric.trials} random points (seed {SEED})" in verification
    assert sci_latex(r.numeric.max_rel_error) in verification
    assert nb(escape_latex(r.symbolic.method)) in verification
    assert f"False variants rejected: {r.variants_rejected} of {len(r.variants)}" in verification
    for v in r.variants:
        assert f"\\texttt{{{escape_latex(v.name)}}}" in verification
    assert tex.isascii()


def test_writeup_says_when_a_claim_is_not_verified(sigma_result):
    from dataclasses import replace

    bad = replace(sigma_result, status="refuted", variants=(replace(sigma_result.variants[0], rejected=False,
                                                                    how="no check rejected it"),
                                                            *sigma_result.variants[1:]))
    tex = writeup_latex([bad], seed=SEED)
    assert "\\textbf{Refuted}" in tex and "\\textbf{not rejected} (no check rejected it)" in tex


def test_writeup_is_deterministic():
    claims = discover(pattern="sigma")
    texts = [writeup_latex([verify(c, seed=SEED, networks=8) for c in claims], seed=SEED, networks=8)
             for _ in range(2)]
    assert texts[0] == texts[1]


def test_cli_writeup_same_seed_same_bytes(tmp_path, capsys):
    outs = [tmp_path / "a.tex", tmp_path / "b.tex"]
    for out in outs:
        assert main(["writeup", "-k", "sigma", "--seed", "5", "--networks", "8", "-o", str(out)]) == 0
    assert outs[0].read_bytes() == outs[1].read_bytes()
    assert b"seed 5" in outs[0].read_bytes()


def test_every_claim_writes_ascii_latex_with_balanced_braces():
    claims = discover()
    results = [verify(c, seed=0, networks=4, timeout=1.0) for c in claims]
    tex = writeup_latex(results, seed=0)
    assert tex.isascii()
    assert tex.count("\\section{") == len(claims)
    stripped = tex.replace("\\{", "").replace("\\}", "")
    assert stripped.count("{") == stripped.count("}")


@pytest.mark.parametrize("args", [
    pytest.param(["writeup", "-o", "x.tex"], id="nothing-selected"),
    pytest.param(["writeup", "sigma-prime", "--all", "-o", "x.tex"], id="ids-and-all"),
    pytest.param(["writeup", "no-such-claim", "-o", "x.tex"], id="unknown-id"),
])
def test_cli_writeup_usage_errors(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    assert not (tmp_path / "x.tex").exists()


@pytest.mark.parametrize("latex, lhs, rest", [
    pytest.param(r"\sigma'(z) = \frac{1}{2}", r"\sigma'(z)", r"= \frac{1}{2}", id="first-line"),
    pytest.param(r"= x + y", "", "= x + y", id="continuation"),
    pytest.param(r"\frac{a=b}{c} \le d", r"\frac{a=b}{c}", r"\le d", id="relation-in-braces"),
    pytest.param(r"\left( a = b \right) = c", r"\left( a = b \right)", "= c", id="relation-in-left-right"),
    pytest.param(r"x + y", "", "x + y", id="no-relation"),
])
def test_split_relation(latex, lhs, rest):
    assert split_relation(latex) == (lhs, rest)


@pytest.mark.parametrize("x, text", [
    pytest.param(2.8e-8, r"2.8\times 10^{-8}", id="small"),
    pytest.param(0.0, "0", id="zero"),
    pytest.param(float("inf"), r"\infty", id="inf"),
    pytest.param(None, r"\text{n/a}", id="none"),
])
def test_sci_latex(x, text):
    assert sci_latex(x) == text


@pytest.mark.parametrize("value, text", [
    pytest.param({"point": {"z": 0.123456789}, "lhs": 1.0, "rhs": -2.5}, "point = {z = 0.1235}, lhs = 1, rhs = -2.5",
                 id="nested-point"),
    pytest.param({"w": np.zeros((3, 4))}, "w = array of shape (3, 4)", id="large-array"),
    pytest.param({"v": np.array([1.5, 2.0])}, "v = [1.5, 2]", id="small-array"),
    pytest.param({"n": np.int64(7), "x": np.float64(1 / 3)}, "n = 7, x = 0.3333", id="numpy-scalars"),
])
def test_counterexample_values_have_fixed_precision(value, text):
    assert fmt_value(value) == text


# --- feedback ----------------------------------------------------------------------


def sample_report(file="hw_1.md", score=2.0) -> SubmissionReport:
    steps = (
        StepResult(3, 3, r"\sigma'(z) = \sigma(z)(1-\sigma(z))", Verdict.correct("link", "follows"), "Problem 1"),
        StepResult(4, 5, r"\delta^L = \nabla_a C \odot \sigma(z^L)",
                   Verdict.incorrect("link", "does not follow from line 3",
                                     counterexample={"point": {"z": 0.5}, "lhs": 0.235, "rhs": 0.622},
                                     hint="use σ'(z^L) in place of σ(z^L)", claim="bp1-matrix"),
                   "Problem 1", True),
        StepResult(6, 6, r"\input{/etc/passwd} = \write18{touch /tmp/pwned}",
                   Verdict.unchecked("unparsed", r"cannot read \input"), "Problem 1"),
        StepResult(7, 7, "so the error propagates backwards", Verdict.unchecked("prose", "prose"), "Problem 2"),
    )
    problems = (
        ProblemResult("Problem 1", "BP1 & #1", 3, {"correct": 1, "incorrect": 1, "unchecked": 1},
                      "One error, at line 4.", score, 5.0 if score is not None else None),
        ProblemResult("Problem 2", "", 7, {"correct": 0, "incorrect": 0, "unchecked": 1}, ""),
    )
    return SubmissionReport(file, steps, problems, seed=0)


def test_feedback_marks_every_step_and_explains_errors():
    tex = feedback_latex(sample_report()).replace("\\allowbreak{}", "")
    assert tex.count("\\item[\\steplabel{") == 4
    assert "\\item[\\steplabel{\\markok}{3}]" in tex
    assert "\\item[\\steplabel{\\markbad}{4--5}]" in tex
    assert tex.count("\\steplabel{\\markmaybe}") == 2
    incorrect = tex[tex.index("\\markbad}{4--5}"):tex.index("\\markmaybe}{6}")]
    assert "\\textbf{First error.}" in incorrect
    assert "\\textbf{Why:} does not follow from line 3" in incorrect
    assert "\\textbf{Counterexample:} point = \\{z = 0.5\\}, lhs = 0.235, rhs = 0.622" in incorrect
    assert "\\textbf{Likely fix:}" in incorrect and "bp1-{}matrix" in incorrect
    assert "\\subsection*{Problem 1 --- BP1 \\& \\#1}" in tex
    assert "\\textbf{Score: 2 / 5}" in tex
    assert tex.isascii()


def test_feedback_without_key_has_no_score():
    assert "Score" not in feedback_latex(sample_report(score=None))


def test_feedback_makes_submission_content_inert():
    tex = feedback_latex(sample_report(file=r"\input{/etc/passwd}.md"))
    assert "\\input{" not in tex and "\\write18{" not in tex
    assert "\\textbackslash{}input\\{/etc/passwd\\}" in tex.replace("\\allowbreak{}", "")


def test_feedback_for_ungradable_file_and_many_reports():
    broken = SubmissionReport("broken.md", error="not UTF-8 text")
    tex = feedback_latex_many([sample_report(), broken]).replace("\\allowbreak{}", "")
    assert "\\textbf{This file could not be graded:} not UTF-{}8 text" in tex
    assert tex.count("\\section*{") == 2 and "\\clearpage" in tex


# --- no TeX installed --------------------------------------------------------------


def test_compile_without_tex_names_the_package(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda *a, **k: None)
    tex = tmp_path / "doc.tex"
    tex.write_text("\\documentclass{article}\\begin{document}x\\end{document}\n")
    with pytest.raises(ToolMissing) as err:
        compile_pdf(tex)
    assert "texlive-latex-recommended" in str(err.value) and "latexmk" in str(err.value)


def test_cli_pdf_without_tex_still_writes_tex(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "w.tex"
    code = main(["writeup", "sigma-prime", "--networks", "4", "-o", str(out), "--pdf"])
    printed = capsys.readouterr().err  # messages go to stderr
    assert code == 2
    assert out.exists() and not out.with_suffix(".pdf").exists()
    assert "texlive-latex-recommended" in " ".join(printed.split())
