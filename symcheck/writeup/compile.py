"""Compile a generated ``.tex`` to PDF with latexmk or pdflatex, safely.

The document is compiled in a fresh temporary directory, with shell escape
off, kpathsea in paranoid mode (no reading or writing outside the working
directory: ``openin_any=p``, ``openout_any=p``), non-interactive, stopping at
the first error, and under a timeout. The PDF and the log are copied next to
the ``.tex``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

from ..errors import CompileError, ToolMissing

INSTALL_HINT = ("install TeX Live: on Debian/Ubuntu `apt-get install texlive-latex-recommended latexmk` "
                "(packages texlive-latex-recommended and latexmk)")
TEX_FLAGS = ["-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error"]


def find_tex() -> tuple[str, str]:
    """``("latexmk", path)`` or ``("pdflatex", path)``; raises :class:`ToolMissing`."""
    for name in ("latexmk", "pdflatex"):
        path = shutil.which(name)
        if path and (name != "latexmk" or shutil.which("pdflatex")):
            return name, path
    raise ToolMissing("pdflatex", f"no LaTeX compiler found (looked for latexmk and pdflatex); {INSTALL_HINT}")


def _env() -> dict:
    env = dict(os.environ)
    env.update({
        "openin_any": "p", "openout_any": "p", "shell_escape": "f",
        "SOURCE_DATE_EPOCH": "0", "FORCE_SOURCE_DATE": "1",  # reproducible PDF metadata
    })
    return env


def _run(cmd: list[str], cwd: str, timeout: float) -> int:
    proc = subprocess.Popen(cmd, cwd=cwd, env=_env(), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise CompileError(f"LaTeX did not finish within {timeout:g} s") from None


def first_error(log: str) -> str:
    """The first ``! ...`` error of a TeX log (or a ``file:line: ...`` one), with its line number."""
    lines = log.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^(?:!|\S+:\d+:) (.*)", line)
        if m:
            where = next((ln for ln in lines[i + 1:i + 12] if re.match(r"^l\.\d+", ln)), "")
            return (m.group(1) + (f" ({where.split(' ', 1)[0]})" if where else "")).strip()
    return "unknown error (no '!' line in the log)"


def compile_pdf(tex_path, *, timeout: float = 120.0, engine: Optional[str] = None) -> Path:
    """Compile ``tex_path`` to ``tex_path.with_suffix('.pdf')``; returns that path.

    The log is kept as ``tex_path.with_suffix('.log')``. Raises
    :class:`~symcheck.errors.ToolMissing` (with the package to install) when
    neither latexmk nor pdflatex is installed, and
    :class:`~symcheck.errors.CompileError` with the log's first error when
    compilation fails.
    """
    tex_path = Path(tex_path)
    name, path = (engine, shutil.which(engine)) if engine else find_tex()
    if not path:
        raise ToolMissing(name, f"{name} is not installed; {INSTALL_HINT}")
    pdf_out, log_out = tex_path.with_suffix(".pdf"), tex_path.with_suffix(".log")
    with tempfile.TemporaryDirectory(prefix="symcheck-tex-") as tmp:
        src = Path(tmp) / "doc.tex"
        shutil.copyfile(tex_path, src)
        if name == "latexmk":
            cmds = [[path, "-norc", "-pdf", "-quiet", *TEX_FLAGS, "doc.tex"]]
        else:
            cmds = [[path, *TEX_FLAGS, "doc.tex"]] * 3
        rc = 0
        for cmd in cmds:
            rc = _run(cmd, tmp, timeout)
            log_file = Path(tmp) / "doc.log"
            log = log_file.read_text(encoding="latin-1") if log_file.exists() else ""
            if rc != 0 or "Rerun to get" not in log:
                break
        if log_file.exists():
            shutil.copyfile(log_file, log_out)
        pdf = Path(tmp) / "doc.pdf"
        if rc != 0 or not pdf.exists():
            raise CompileError(f"{tex_path}: LaTeX failed: {first_error(log)} (log: {log_out})",
                               log_out if log_file.exists() else None)
        shutil.copyfile(pdf, pdf_out)
    return pdf_out


def log_problems(log: str, max_overfull_pt: float = 1.0) -> list[str]:
    """Problems a clean document must not have: undefined control sequences,
    missing characters and overfull boxes wider than ``max_overfull_pt``."""
    problems = []
    for line in log.splitlines():
        if "Undefined control sequence" in line or line.startswith("Missing character"):
            problems.append(line.strip())
        m = re.match(r"Overfull \\[hv]box \(([\d.]+)pt too (wide|high)\)", line)
        if m and float(m.group(1)) > max_overfull_pt:
            problems.append(line.strip())
    return problems
