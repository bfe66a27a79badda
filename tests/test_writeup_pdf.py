"""Compile what symcheck.writeup generates, and read the logs and the PDFs.

Skipped when TeX Live (pdflatex, latexmk) or poppler (pdftoppm, pdftotext)
is not installed; ``.ci/run`` installs them, so these run in CI.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from symcheck.claims import discover, verify
from symcheck.cli import main
from symcheck.errors import CompileError
from symcheck.grade.report import ProblemResult, StepResult, SubmissionReport
from symcheck.verdict import Verdict
from symcheck.writeup import compile_pdf, feedback_latex, feedback_latex_many, log_problems, safe_math, writeup_latex
from symcheck.writeup.document import END_DOCUMENT, begin_document
from symcheck.writeup.feedback import step_body

pytestmark = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdflatex", "latexmk", "pdftoppm", "pdftotext")),
    reason="TeX Live / poppler not installed (apt-get install texlive-latex-recommended latexmk poppler-utils)")

ROOT = Path(__file__).resolve().parents[1]
PWNED = Path("/tmp/symcheck-writeup-pwned")


def compile_clean(tex: str, path: Path) -> tuple[Path, str]:
    """Compile; on failure, name the section (the claim or submission) of the error."""
    path.write_text(tex, encoding="ascii")
    try:
        pdf = compile_pdf(path, timeout=300)
    except CompileError as exc:
        m = re.search(r"\(l\.(\d+)\)", str(exc))
        where = section_of(tex, int(m.group(1))) if m else "?"
        pytest.fail(f"{exc}\n  in {where}")
    return pdf, path.with_suffix(".log").read_text(encoding="latin-1")


def section_of(tex: str, line: int) -> str:
    """The ``\\section``/``\\section*`` heading in force at a line of the source."""
    heading = "(preamble)"
    for i, text in enumerate(tex.splitlines(), 1):
        if i > line:
            break
        if text.startswith("\\section"):
            heading = text
    return heading


def problems_with_sections(tex: str, log: str) -> list[str]:
    out = []
    for p in log_problems(log):
        m = re.search(r"lines? (\d+)", p)
        out.append(p + (f"  <- {section_of(tex, int(m.group(1)))}" if m else ""))
    return out


def page1_ink(pdf: Path, tmp_path: Path) -> float:
    """The fraction of page 1's pixels darker than mid-grey, rendered at 50 dpi
    (a blank page has none)."""
    subprocess.run(["pdftoppm", "-r", "50", "-gray", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(tmp_path / "page")], check=True, timeout=60)
    data = (tmp_path / "page.pgm").read_bytes()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    pixels = np.frombuffer(data[m.end():m.end() + w * h], dtype=np.uint8)
    assert pixels.size == w * h
    return float((pixels < 128).mean())


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout


# --- proof write-ups ---------------------------------------------------------------


@pytest.fixture(scope="module")
def all_claims_writeup(tmp_path_factory):
    results = [verify(c, seed=0, networks=16) for c in discover()]
    tex = writeup_latex(results, seed=0, networks=16)
    pdf, log = compile_clean(tex, tmp_path_factory.mktemp("writeup") / "all.tex")
    return results, tex, pdf, log


def test_every_claim_writeup_compiles_cleanly(all_claims_writeup):
    results, tex, pdf, log = all_claims_writeup
    assert pdf.exists()
    assert problems_with_sections(tex, log) == []
    text = pdf_text(pdf)
    for r in results:  # every claim is in the PDF
        assert r.claim.id in text


def test_writeup_page1_is_not_blank(all_claims_writeup, tmp_path):
    assert page1_ink(all_claims_writeup[2], tmp_path) > 0.005


def test_cli_writeup_pdf(tmp_path, capsys):
    out = tmp_path / "sigma.tex"
    assert main(["writeup", "sigma-prime", "--networks", "8", "-o", str(out), "--pdf"]) == 0
    assert out.with_suffix(".pdf").exists()
    assert "Derivative of the sigmoid" in pdf_text(out.with_suffix(".pdf"))


# --- feedback ----------------------------------------------------------------------

HOSTILE_MATH = [
    r"\input{/etc/passwd}",
    r"\include{/etc/passwd}",
    rf"\write18{{touch {PWNED}}}",
    rf"\immediate\write18{{touch {PWNED}}}",
    rf"\immediate\openout1={PWNED}.tex \immediate\write1{{x}}",
    r"\def\x{\x}\x",
    r"\csname input\endcsname{/etc/passwd}",
    r"^^5cinput^^7b/etc/passwd^^7d",
    r"\catcode`\^=11 x^2",
    r"\end{document}",
    r"\begin{verbatim}",
    r"{{{ \left( \frac{a}",
    r"a^b^c_d_e",
    r"x % }",
    "$$ x $",
    r"\\\\ & # ~ \verb|x|",
    "x\n\n\ny",
    r"\sigma'(z) = \sigma(z)(1-\sigma(z))",
]


def hostile_report() -> SubmissionReport:
    steps = []
    for i, latex in enumerate(HOSTILE_MATH, 1):
        verdict = (Verdict.incorrect("link", latex, counterexample={"note": latex, "lhs": 1.0}, hint=latex)
                   if i % 2 else Verdict.unchecked("unparsed", latex))
        steps.append(StepResult(i, i, latex, verdict, problem=latex[:20]))
    problems = (ProblemResult(r"\input{/etc/passwd}", r"\write18{touch x}", 1, {"correct": 0}, r"\def\y{}", 1, 2),)
    return SubmissionReport(r"\input{/etc/passwd}_%$.md", tuple(steps), problems, seed=0)


def test_hostile_submission_compiles_and_stays_inert(tmp_path):
    PWNED.unlink(missing_ok=True)
    pdf, log = compile_clean(feedback_latex(hostile_report()), tmp_path / "feedback.tex")
    text = pdf_text(pdf)
    passwd = Path("/etc/passwd").read_text(errors="replace").splitlines()
    assert passwd and passwd[0] not in text and "root:x:" not in text
    assert "(/etc/passwd" not in log  # TeX logs every file it opens
    assert not PWNED.exists() and not Path(f"{PWNED}.tex").exists()
    assert "input{/etc/passwd}" in text.replace("\n", "")  # shown as written
    assert problems_with_sections(feedback_latex(hostile_report()), log) == []


def test_report_feedback_compiles_with_marks(tmp_path):
    steps = (
        StepResult(3, 3, r"\sigma'(z) = \sigma(z)(1-\sigma(z))", Verdict.correct("link", "follows"), "Problem 1"),
        StepResult(4, 4, r"\delta^L = \nabla_a C \odot \sigma(z^L)",
                   Verdict.incorrect("link", "does not follow", counterexample={"point": {"z": 0.5}},
                                     hint="use σ'(z^L)"), "Problem 1", True),
        StepResult(5, 5, "so it goes backwards", Verdict.unchecked("prose", "prose"), "Problem 1"),
    )
    report = SubmissionReport("hw.md", steps, (ProblemResult("Problem 1", "BP1", 3, {}, "One error.", 3.0, 5.0),))
    pdf, log = compile_clean(feedback_latex_many([report, report]), tmp_path / "fb.tex")
    assert log_problems(log) == []
    text = pdf_text(pdf)
    assert "Score: 3 / 5" in text and "Likely fix" in text
    assert page1_ink(pdf, tmp_path) > 0.002


def _examples() -> list[Path]:
    folder = ROOT / "examples" / "submissions"
    return sorted(p for p in folder.iterdir() if p.suffix in (".md", ".tex", ".txt", ".ipynb")) \
        if folder.is_dir() else []


def test_example_submissions_feedback_compiles(tmp_path):
    grade = pytest.importorskip("symcheck.grade")
    examples = _examples()
    if not examples or not hasattr(grade, "grade_file"):
        pytest.skip("no example submissions (examples/submissions) or no grader yet")
    key = None
    if (ROOT / "examples" / "key.toml").exists():
        from symcheck.grade.key import load_key

        key = load_key(ROOT / "examples" / "key.toml")
    options = grade.Options(key=key)
    reports = [grade.grade_file(str(p), options, key=key) for p in examples]
    tex = feedback_latex_many(reports)
    pdf, log = compile_clean(tex, tmp_path / "examples.tex")
    assert problems_with_sections(tex, log) == []
    assert page1_ink(pdf, tmp_path) > 0.002
    text = pdf_text(pdf)
    for r in reports:
        assert f"{len(r.steps)} steps:" in text


def test_every_math_safe_math_accepts_compiles(tmp_path):
    """Seeded random token soup: whatever safe_math accepts must compile."""
    vocab = ["x", "y", "1", "2", "+", "=", "(", ")", "[", "]", "{", "}", "^", "_", "'", "&", r"\\", " ",
             r"\frac", r"\sqrt", r"\left(", r"\right)", r"\left.", r"\right|", r"\sigma", r"\odot", r"\text{ab}",
             r"\begin{pmatrix}", r"\end{pmatrix}", r"\begin{cases}", r"\end{cases}", r"\hat", r"\sum", r"\big(",
             r"\operatorname{diag}", r"\mathbb", "|", ",", r"\,"]
    rng = np.random.default_rng(7)
    accepted = set()
    for _ in range(20000):
        s = "".join(rng.choice(vocab, size=int(rng.integers(1, 9))))
        m = safe_math(s)
        if m is not None:
            accepted.add(m)
    assert len(accepted) > 200
    body = "\n\n".join(f"{step_body(m)} and ${m}$ and \\fitinline{{{m}}}" for m in sorted(accepted))
    tex = begin_document("soup") + body + "\n" + END_DOCUMENT
    compile_clean(tex, tmp_path / "soup.tex")


# --- compile errors ----------------------------------------------------------------


def test_compile_error_reports_the_first_error(tmp_path):
    tex = tmp_path / "bad.tex"
    tex.write_text("\\documentclass{article}\n\\begin{document}\n\\undefinedmacro\n\\end{document}\n")
    with pytest.raises(CompileError) as err:
        compile_pdf(tex)
    assert "Undefined control sequence" in str(err.value)
    assert not tex.with_suffix(".pdf").exists()


def test_compile_is_bounded_in_time(tmp_path):
    tex = tmp_path / "loop.tex"
    tex.write_text("\\documentclass{article}\n\\begin{document}\n\\def\\x{\\x}\\x\n\\end{document}\n")
    with pytest.raises(CompileError, match="did not finish"):
        compile_pdf(tex, timeout=3)


# --- the compiler's own sandbox (defence in depth, for raw TeX) ---------------------

RAW_ATTACKS = [
    pytest.param(rf"\immediate\write18{{touch {PWNED}}}", id="write18"),
    pytest.param(rf"\immediate\openout5={PWNED}.tex \immediate\write5{{x}}\immediate\closeout5", id="openout"),
    pytest.param(r"\newread\r \immediate\openin\r=/etc/passwd \ifeof\r NOREAD\else\immediate\read\r to\x "
                 r"\texttt{\detokenize\expandafter{\x}}\fi", id="openin"),
    pytest.param(r"\input{/etc/passwd}", id="input"),
]


@pytest.mark.parametrize("attack", RAW_ATTACKS)
def test_compile_pdf_refuses_shell_and_files_outside_its_directory(attack, tmp_path):
    PWNED.unlink(missing_ok=True)
    tex = tmp_path / "raw.tex"
    tex.write_text("\\documentclass{article}\n\\begin{document}\nstart\n" + attack + "\n\\end{document}\n")
    try:
        text = pdf_text(compile_pdf(tex, timeout=60))
    except CompileError:
        text = ""
    assert "root:" not in text
    assert not PWNED.exists() and not Path(f"{PWNED}.tex").exists()
    log = tex.with_suffix(".log").read_text(encoding="latin-1")
    assert "(/etc/passwd" not in log and "...executed" not in log  # pdftex: "runsystem(...)...disabled."


def test_grader_feedback_for_hostile_submission(tmp_path):
    grade = pytest.importorskip("symcheck.grade")
    if not hasattr(grade, "grade_text"):
        pytest.skip("grader not there yet")
    PWNED.unlink(missing_ok=True)
    text = ("# Problem 1\n\n$$\\input{/etc/passwd} = 1$$\n\n"
            f"$$\\write18{{touch {PWNED}}} = 2$$\n\n$$\\def\\x{{2}} \\x = 2$$\n\n"
            "$$\\sigma'(z) = \\sigma(z)(1-\\sigma(z))$$\n")
    report = grade.grade_text(text, "md", "hostile.md")
    pdf, log = compile_clean(feedback_latex(report), tmp_path / "hostile.tex")
    assert "root:" not in pdf_text(pdf) and not PWNED.exists()
    assert "(/etc/passwd" not in log


def test_pdflatex_alone_is_enough(tmp_path, monkeypatch):
    which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == "latexmk" else which(name, *a, **k))
    pdf, log = compile_clean(feedback_latex(hostile_report()), tmp_path / "fb.tex")
    assert "pdfTeX" in log.splitlines()[0] and "Latexmk" not in log
    assert page1_ink(pdf, tmp_path) > 0.002
