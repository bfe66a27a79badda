"""Grading reports as self-contained HTML pages (``symcheck grade --format html``).

- ``submission_page(report) -> str``: one page per submission: every step in
  source order with its line number, rendered as MathML (or its escaped source
  when it cannot be read); the verdict in the margin (✓ ✗ ? with the cause);
  reason, hint and counterexample beside the step, unfolding on click
  (``<details>``); problem summaries and scores (with a key).
- ``index_page(entries, failures) -> str``: a batch's index, one row per file
  (steps, correct, incorrect, unchecked, score, link), sortable by any column
  with a small inline script.
- ``report_fragment(report) -> str``: the page's body for Jupyter
  (``SubmissionReport._repr_html_``).
- ``write_html(reports, failures, out) -> list[Path]``: one file, or a folder of
  pages plus ``index.html``.

Offline by design: a ``Content-Security-Policy`` meta tag forbids every request
(``default-src 'none'``; inline style, and on the index only the one script
whose hash it names); the pages reference no URL; every piece of submission
text is escaped (:func:`symcheck.mathml.escape`), math goes through the
whitelisting renderer of :mod:`symcheck.mathml`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from urllib.parse import quote

from ..errors import SymcheckError
from ..mathml import escape, render

MARKS = {"correct": "✓", "incorrect": "✗", "unchecked": "?"}


class ReportWriteError(SymcheckError):
    """An HTML report could not be written (a missing or unwritable folder, a file where a folder is needed)."""

CSS = """
.symcheck-report{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1f;max-width:72rem}
.symcheck-report h1{font-size:1.35rem;margin:.2rem 0}
.symcheck-report h2{font-size:1.1rem;margin:1.4rem 0 .3rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
.symcheck-report .score{float:right;font-weight:600}
.symcheck-report .totals{color:#444;margin:.2rem 0 .8rem}
.symcheck-report .summary{color:#333;margin:.2rem 0 .6rem}
.symcheck-report table.steps{border-collapse:collapse;width:100%}
.symcheck-report table.steps td{vertical-align:top;padding:.3rem .5rem;border-top:1px solid #eee}
.symcheck-report td.line{color:#888;text-align:right;width:3.5rem;font-variant-numeric:tabular-nums}
.symcheck-report td.math{width:50%;overflow-x:auto}
.symcheck-report td.math math{font-size:1.25em}
.symcheck-report td.margin{width:45%}
.symcheck-report .mark{display:inline-block;width:1.4em;font-weight:700;text-align:center}
.symcheck-report .v-correct .mark{color:#1a7f37}
.symcheck-report .v-incorrect .mark{color:#cf222e}
.symcheck-report .v-unchecked .mark{color:#9a6700}
.symcheck-report .v-incorrect td{background:#fff5f5}
.symcheck-report .prose td.math{color:#888}
.symcheck-report .tag{font-size:.8em;padding:0 .35em;border-radius:.3em;margin-left:.3em;white-space:nowrap}
.symcheck-report .first{background:#cf222e;color:#fff}
.symcheck-report .follows{background:#ddf4ff;color:#0550ae}
.symcheck-report .cause{color:#9a6700}
.symcheck-report details{display:inline}
.symcheck-report details[open]{display:block;margin-top:.2rem}
.symcheck-report summary{cursor:pointer;color:#0550ae}
.symcheck-report .why{margin:.25rem 0 .1rem 1.4em;font-size:.93em}
.symcheck-report .why p{margin:.15rem 0}
.symcheck-report code.tex{font:13px ui-monospace,SFMono-Regular,Menlo,monospace;white-space:pre-wrap;
 word-break:break-word; background:#f6f8fa;padding:.05rem .25rem;border-radius:.2rem}
.symcheck-report .failures{color:#cf222e}
.symcheck-report table.index{border-collapse:collapse}
.symcheck-report table.index th,.symcheck-report table.index td{padding:.3rem .7rem;border-bottom:1px solid #eee;
 text-align:right}
.symcheck-report table.index th{cursor:pointer;user-select:none;background:#f6f8fa}
.symcheck-report table.index td:first-child,.symcheck-report table.index th:first-child{text-align:left}
"""

SORT_SCRIPT = """
document.querySelectorAll('table.index th').forEach(function (th, col) {
  th.addEventListener('click', function () {
    var body = th.closest('table').tBodies[0];
    var asc = th.getAttribute('aria-sort') !== 'ascending';
    th.closest('tr').querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[col].getAttribute('data-sort'), y = b.cells[col].getAttribute('data-sort');
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
"""


def _csp(script: str = "") -> str:
    src = "'none'"
    if script:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
        src = f"'sha256-{digest}'"
    return (f"default-src 'none'; script-src {src}; style-src 'unsafe-inline'; img-src 'none'; "
            "font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; "
            "base-uri 'none'; form-action 'none'")


def _page(title: str, body: str, script: str = "") -> str:
    tail = f"<script>{script}</script>\n" if script else ""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head>\n<meta charset=\"utf-8\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_csp(script)}\">\n"
            "<meta name=\"referrer\" content=\"no-referrer\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n"
            f"<body>\n{body}\n{tail}</body></html>\n")


def _fmt(x) -> str:
    return f"{x:g}" if isinstance(x, (int, float)) else "-"


def _totals(report) -> str:
    c = report.counts
    score = f"; score {_fmt(report.score)} / {_fmt(report.points)}" if report.score is not None else ""
    return (f"{len(report.steps)} steps: {c['correct']} correct, {c['incorrect']} incorrect, "
            f"{c['unchecked']} unchecked{score}.")


def _counterexample(ce) -> str:
    if not ce:
        return ""
    data = ce
    if isinstance(data, dict):
        items = "; ".join(f"{escape(k)} = {escape(json.dumps(v, ensure_ascii=False))}" for k, v in data.items())
    else:
        items = escape(json.dumps(data, ensure_ascii=False))
    return f"<p><strong>Counterexample:</strong> {items}</p>"


def _short(v, width: int = 70) -> str:
    """The unfolding line: the hint, else the start of the reason."""
    text = v.hint if v.verdict == "incorrect" and v.hint else v.reason
    if v.cause == "prose" or not text:
        return "why"
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def _step_row(s, rendered) -> str:
    v = s.verdict
    classes = [f"v-{v.verdict}"] + (["prose"] if v.cause == "prose" else [])
    tags = ""
    if v.cause:
        tags += f' <span class="cause">{escape(v.cause)}</span>'
    if s.first_error:
        tags += ' <span class="tag first">◀ first</span>'
    if s.follows_from is not None:
        tags += f' <span class="tag follows">follows from line {int(s.follows_from)}</span>'
    if s.kind == "display":
        tags += f' <span class="tag display">the display of lines {int(s.line)}–{int(s.end_line)} as a whole</span>'
    elif s.kind == "chain":
        tags += f' <span class="tag display">the conclusion of the chain of lines {int(s.line)}–{int(s.end_line)}</span>'
    elif s.kind == "case":
        tags += ' <span class="tag display">a case of the step above</span>'
    why = [f"<p>{escape(v.reason)}</p>"]
    if v.hint:
        why.append(f"<p><strong>Hint:</strong> {escape(v.hint)}</p>")
    why.append(_counterexample(v.to_json()["counterexample"]))
    extra = []
    if v.check:
        extra.append(f"check: {escape(v.check)}")
    if v.claim:
        extra.append(f"claim: {escape(v.claim)}")
    if extra:
        why.append(f"<p>{'; '.join(extra)}</p>")
    if rendered.ok:
        why.append(f"<p>source: <code class=\"tex\">{escape(s.latex, quote=False)}</code></p>")
    where = escape(s.location) if s.location else str(int(s.line))
    return (f'<tr class="{" ".join(classes)}" data-line="{int(s.line)}" '
            f'data-rendered="{"mathml" if rendered.ok else "source"}">'
            f'<td class="line">{where}</td><td class="math">{rendered.html}</td>'
            f'<td class="margin"><span class="mark" title="{v.verdict}">{MARKS[v.verdict]}</span> '
            f'{escape(v.verdict)}{tags} <details><summary>{escape(_short(v))}</summary>'
            f'<div class="why">{"".join(why)}</div>'
            f"</details></td></tr>")


def report_fragment(report) -> str:
    """One submission as an HTML fragment (no ``<html>`` frame): used inside the page and by Jupyter."""
    out = ['<div class="symcheck-report">',
           f"<h1>{escape(report.file)}</h1>", f'<p class="totals">{escape(_totals(report))}</p>']
    if report.error:
        out.append(f'<p class="failures">not graded: {escape(report.error)}</p>')
    if not report.steps and not report.error:
        out.append('<p class="summary">No mathematics with a relation was found in this file: nothing to grade.</p>')
    by_id = {p.id: p for p in report.problems}
    problem = object()
    open_table = False
    for s in report.items():  # steps, and each display as a whole after its rows
        if s.problem != problem:
            problem = s.problem
            if open_table:
                out.append("</tbody></table>")
            p = by_id.get(problem)
            score = (f'<span class="score">{_fmt(p.score)} / {_fmt(p.points)}</span>'
                     if p is not None and p.points is not None else "")
            out.append(f"<h2>{escape(problem)}{score}</h2>")
            if p is not None:
                out.append(f'<p class="summary">{escape(p.summary)}</p>')
            out.append('<table class="steps"><tbody>')
            open_table = True
        out.append(_step_row(s, render(s.latex)))
    if open_table:
        out.append("</tbody></table>")
    shown = {s.problem for s in report.steps}
    for p in report.problems:  # key problems the submission lacks
        if p.id not in shown:
            out.append(f'<h2>{escape(p.id)}<span class="score">{_fmt(p.score)} / {_fmt(p.points)}</span></h2>'
                       f'<p class="summary">{escape(p.summary)}</p>')
    out.append("</div>")
    return "\n".join(out)


def jupyter_html(report) -> str:
    """The fragment with its style, for notebooks."""
    return f"<style>{CSS}</style>\n{report_fragment(report)}"


def submission_page(report) -> str:
    return _page(f"symcheck: {report.file}", report_fragment(report))


def index_page(entries, failures=()) -> str:
    """``entries``: (report, relative link) pairs; ``failures``: (file, reason) pairs."""
    rows = []
    for r, link in entries:
        c = r.counts
        score = f"{_fmt(r.score)} / {_fmt(r.points)}" if r.score is not None else "-"
        sort_score = f"{r.score:g}" if r.score is not None else "-1"
        cells = [(escape(r.file), escape(r.file)), (str(len(r.steps)), str(len(r.steps)))]
        cells += [(str(c[k]), str(c[k])) for k in ("correct", "incorrect", "unchecked")]
        cells += [(sort_score, escape(score)), (escape(link), f'<a href="{escape(quote(link))}">report</a>')]
        rows.append("<tr>" + "".join(f'<td data-sort="{k}">{v}</td>' for k, v in cells) + "</tr>")
    for f, why in failures:
        rows.append("<tr>" + f'<td data-sort="{escape(f)}">{escape(f)}</td>'
                    + "".join('<td data-sort="-1">-</td>' for _ in range(5))
                    + f'<td data-sort="~" class="failures">not graded: {escape(why)}</td></tr>')
    head = "".join(f'<th scope="col">{h}</th>' for h in ("file", "steps", "correct", "incorrect", "unchecked",
                                                          "score", "link"))
    body = ('<div class="symcheck-report"><h1>symcheck grade</h1>'
            f'<p class="totals">{len(entries)} graded, {len(failures)} not graded. '
            "Click a column to sort.</p>"
            f'<table class="index"><thead><tr>{head}</tr></thead><tbody>\n' + "\n".join(rows)
            + "\n</tbody></table></div>")
    return _page("symcheck grade: index", body, SORT_SCRIPT)


def page_names(files) -> list[str]:
    """A distinct, safe page name for each file: ``dir/hw 1.md`` → ``dir_hw_1.md.html``."""
    names, seen = [], set()
    for f in files:
        base = re.sub(r"[^A-Za-z0-9._-]+", "_", str(f).replace("\\", "/").strip("/")).strip("._") or "report"
        base = base[-120:]
        name, n = f"{base}.html", 2
        while name.lower() in seen or name.lower() == "index.html":
            name, n = f"{base}-{n}.html", n + 1
        seen.add(name.lower())
        names.append(name)
    return names


def _write(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_html(reports, failures=(), out=None) -> list[Path]:
    """Write the pages; returns the paths written (the index first, for a folder).

    ``out`` ending in ``.html``/``.htm`` with one report: that one page.
    Otherwise ``out`` is a folder (made if missing; default ``report/``, or
    ``report.html`` for one report): a page per report plus ``index.html``.
    Each file is written whole or not at all (a temporary file, then a rename).
    Raises :class:`ReportWriteError` when a page cannot be written."""
    try:
        return _write_all(list(reports), list(failures), out)
    except OSError as exc:
        raise ReportWriteError(f"{exc.filename or out}: cannot write the HTML report: "
                               f"{exc.strerror or exc}") from None


def _write_all(reports, failures, out) -> list[Path]:
    single = len(reports) == 1 and not failures
    if out is None:
        out = "report.html" if single else "report"
    out = Path(out)
    if out.suffix.lower() in (".html", ".htm") and single:
        _write(out, submission_page(reports[0]))
        return [out]
    if out.suffix.lower() in (".html", ".htm"):
        out = out.with_suffix("")  # a batch needs a folder: report.html → report/
    out.mkdir(parents=True, exist_ok=True)
    names = page_names(r.file for r in reports)
    written = [out / "index.html"]
    for r, name in zip(reports, names):
        _write(out / name, submission_page(r))
        written.append(out / name)
    _write(out / "index.html", index_page(list(zip(reports, names)), failures))
    return written
