"""Submissions are untrusted: nothing evaluates their text, and nothing they
contain can run in a generated LaTeX document."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("symcheck", "derivations")

# Calls that evaluate a string as code, by name (bare or as an attribute).
ALWAYS_FORBIDDEN = {"eval", "exec", "__import__", "parse_expr", "system", "popen", "execfile", "parse_latex_lark"}
BUILTIN_ONLY = {"compile"}             # re.compile is fine; the builtin is not
LITERAL_ONLY = {"sympify", "S"}        # sympify("1/2") is fine; sympify(text) is not

# (file, enclosing function, called name) -> why it is safe. Keep this tiny.
ALLOWED = {
    ("symcheck/symbolic.py", "prove_zero", "sympify"):
        "the argument is a SymPy expression (or number) built by code: prove_zero is called by checks "
        "on parsed expressions, never on submission text; sympify only turns Python numbers into SymPy.",
    ("symcheck/claims/kit/exact.py", "exact_refutation", "sympify"):
        "lhs/rhs are SymPy expressions (or numbers) written by claim authors in derivations/, the trusted "
        "library (symcheck.claims.kit is their toolkit); submissions never reach the claim checks.",
}


def _modules():
    for pkg in PACKAGES:
        yield from sorted((ROOT / pkg).rglob("*.py"))


def _name(func) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _findings(path: Path, root: Path = ROOT):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    rel = path.relative_to(root).as_posix()
    parents = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node

    def enclosing(node) -> str:
        while node in parents:
            node = parents[node]
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return node.name
        return "<module>"

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and "sympy_parser" in node.module:
            if any(a.name == "parse_expr" for a in node.names):
                yield rel, "<import>", "parse_expr", node.lineno
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        bad = False
        if name in ALWAYS_FORBIDDEN:
            bad = _is_os(node.func) if name in ("system", "popen") else True
        elif name in BUILTIN_ONLY:
            bad = isinstance(node.func, ast.Name)
        elif name in LITERAL_ONLY:
            bad = not all(isinstance(a, ast.Constant) for a in node.args) and not _strict(node)
        elif name in {"run", "call", "check_call", "check_output", "Popen"} and _is_subprocess(node.func):
            bad = any(k.arg == "shell" and not (isinstance(k.value, ast.Constant) and k.value.value is False)
                      for k in node.keywords)
        if bad:
            yield rel, enclosing(node), name, node.lineno


def _strict(call) -> bool:
    """``sympify(x, strict=True)`` refuses strings (SympifyError): it cannot evaluate text."""
    return any(k.arg == "strict" and isinstance(k.value, ast.Constant) and k.value.value is True
               for k in call.keywords)


def _is_os(func) -> bool:
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "os"


def _is_subprocess(func) -> bool:
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "subprocess"


def test_no_code_execution_calls_in_the_package():
    found = [f for m in _modules() for f in _findings(m)]
    bad = [f"{rel}:{line} {name}() in {fn}" for rel, fn, name, line in found if (rel, fn, name) not in ALLOWED]
    assert not bad, "calls that may evaluate submission text:\n" + "\n".join(bad)


def test_allow_list_is_not_stale():
    found = {(rel, fn, name) for m in _modules() for rel, fn, name, _ in _findings(m)}
    stale = set(ALLOWED) - found
    assert not stale, f"remove allow-list entries that no longer match anything: {stale}"


SCANNER_CASES = [
    pytest.param("eval(text)", True, id="eval"),
    pytest.param("builtins.exec(code)", True, id="exec-attr"),
    pytest.param("compile(src, 'f', 'exec')", True, id="compile"),
    pytest.param("re.compile(r'x')", False, id="re-compile"),
    pytest.param("sp.sympify(student)", True, id="sympify-var"),
    pytest.param("sp.sympify('1/2')", False, id="sympify-literal"),
    pytest.param("sp.sympify(expr, strict=True)", False, id="sympify-strict"),
    pytest.param("sp.sympify(expr, strict=flag)", True, id="sympify-strict-variable"),
    pytest.param("S(text)", True, id="S-var"),
    pytest.param("S(1)", False, id="S-literal"),
    pytest.param("from sympy.parsing.sympy_parser import parse_expr", True, id="import-parse-expr"),
    pytest.param("os.system(cmd)", True, id="os-system"),
    pytest.param("subprocess.run(cmd, shell=True)", True, id="shell-true"),
    pytest.param("subprocess.run(['pdflatex', f])", False, id="shell-false"),
    pytest.param("__import__(name)", True, id="dunder-import"),
]


@pytest.mark.parametrize("code, flagged", SCANNER_CASES)
def test_scanner_catches_what_it_should(tmp_path, code, flagged):
    (tmp_path / "mod.py").write_text(code + "\n")
    assert bool(list(_findings(tmp_path / "mod.py", tmp_path))) == flagged


# --- LaTeX injection --------------------------------------------------------------
HOSTILE = [
    pytest.param(r"\input{/etc/passwd}", id="input"),
    pytest.param(r"\include{/etc/hostname}", id="include"),
    pytest.param(r"\immediate\write18{touch /tmp/symcheck-pwned}", id="write18"),
    pytest.param(r"\openout5=/tmp/symcheck-pwned.tex \write5{x}\closeout5", id="openout"),
    pytest.param(r"\def\x{\input{/etc/passwd}}\x", id="def"),
    pytest.param(r"\newcommand{\y}{\input{/etc/passwd}}\y", id="newcommand"),
    pytest.param(r"\catcode`\$=11 \catcode`\^=7", id="catcode"),
    pytest.param(r"\csname input\endcsname{/etc/passwd}", id="csname"),
    pytest.param(r"^^5cinput^^7b/etc/passwd^^7d", id="caret-escape"),
    pytest.param(r"\end{document}", id="end-document"),
    pytest.param(r"}}}\input{/etc/passwd}{{{", id="unbalanced-braces"),
    pytest.param(r"$ \] \input{/etc/passwd} \[ $", id="leave-math"),
    pytest.param(r"% \input{/etc/passwd}" + "\n" + r"\left( x", id="comment-and-left"),
    pytest.param(r"\begin{verbatim}\end{verbatim}\verb|x|", id="verbatim"),
    pytest.param(r"\frac{\partial C}{\partial w}=a\odot\sigma'(z) \begin{bmatrix}1&2\\3&4\end{bmatrix}", id="benign"),
]
_DANGEROUS_RE = re.compile(r"\\(input|include|write|openout|def|edef|gdef|newcommand|renewcommand|catcode|"
                           r"csname|immediate|closeout|read|openin|verb|end\s*\{document\}|makeatletter|let)(?![A-Za-z])")


@pytest.fixture(scope="module")
def escape():
    return pytest.importorskip("symcheck.writeup.escape")


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_latex_leaves_no_command(escape, text):
    out = escape.escape_latex(text)
    assert not _DANGEROUS_RE.search(out)
    assert "^^" not in out and "%" not in out.replace(r"\%", "") and "$" not in out.replace(r"\$", "")
    assert out.count("{") - out.count(r"\{") == out.count("}") - out.count(r"\}")


@pytest.mark.parametrize("text", HOSTILE)
def test_safe_math_rejects_or_returns_inert(escape, text):
    out = escape.safe_math(text)
    if out is not None:
        assert not _DANGEROUS_RE.search(out)
        assert "^^" not in out and "%" not in out.replace(r"\%", "")


def test_safe_math_keeps_ordinary_math(escape):
    assert escape.safe_math(r"\frac{\partial C}{\partial w}=a\odot\sigma'(z)") is not None


def _math(escape, text: str) -> str:
    """What a feedback document does with a student's math: typeset it when
    the allow-list accepts it, show it as escaped monospace otherwise."""
    ok = escape.safe_math(text)
    return r"\(" + ok + r"\)" if ok is not None else escape.verbatim_text(text)


@pytest.mark.skipif(not shutil.which("pdflatex"), reason="pdflatex not installed")
def test_escaped_output_compiles_and_reads_nothing(escape, tmp_path):
    body = [escape.escape_latex(p.values[0]) + "\n\n" + _math(escape, p.values[0]) + "\n" for p in HOSTILE]
    doc = ("\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{amsmath,amssymb}\n"
           "\\begin{document}\n" + "\n\n".join(body) + "\n\\end{document}\n")
    (tmp_path / "doc.tex").write_text(doc, encoding="utf-8")
    proc = subprocess.run(["pdflatex", "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error",
                           "doc.tex"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    log = (tmp_path / "doc.log").read_text(errors="replace")
    assert proc.returncode == 0, log[-3000:]
    assert "(/etc/passwd" not in log and "(/etc/hostname" not in log  # TeX logs every file it opens
    assert not Path("/tmp/symcheck-pwned").exists() and not Path("/tmp/symcheck-pwned.tex").exists()
    assert not (tmp_path / "symcheck-pwned.tex").exists()


# --- through the grader, when it is there ------------------------------------------
def test_grader_treats_tex_primitives_as_text(tmp_path):
    grade = pytest.importorskip("symcheck.grade")
    if not hasattr(grade, "grade_file"):
        pytest.skip("symcheck.grade.grade_file not there yet")
    import json

    sub = tmp_path / "hw.md"
    sub.write_text("Problem 1\n\n$$\\input{/etc/passwd} = 1$$\n\n$$\\write18{touch /tmp/symcheck-pwned}$$\n\n"
                   "$$\\def\\x{2} \\x = 2$$\n\n$$\\newcommand{\\y}{3} \\y = 3$$\n\n$$\\catcode`\\^=11 x^2 = x^2$$\n")
    options = grade.GradeOptions() if hasattr(grade, "GradeOptions") else None
    report = grade.grade_file(str(sub), options)
    text = json.dumps(report.to_json())
    assert "root:" not in text  # nothing was read from /etc/passwd
    assert not Path("/tmp/symcheck-pwned").exists()
    latex = {s.line: s.latex for s in report.steps}
    assert "\\input{/etc/passwd}" in latex[3]  # kept as written: text, not an instruction
    by_line = {s.line: s.verdict.verdict for s in report.steps}
    # \def / \newcommand are expanded by the bounded textual expander (grade/macros.py): nothing runs
    assert latex[7] == "2 = 2" and latex[9] == "3 = 3"
