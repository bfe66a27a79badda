"""symcheck.grade.html: self-contained pages (structure, escaping, CSP, index,
Jupyter). The browser tests are in test_grade_html_browser.py."""

import base64
import hashlib
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from symcheck.claims import discover
from symcheck.cli import main
from symcheck.grade import grade_text
from symcheck.grade.html import (SORT_SCRIPT, ReportWriteError, index_page, page_names, submission_page,
                                 write_html)
from symcheck.grade.key import AnswerKey, KeyProblem
from symcheck.grade.report import StepResult
from symcheck.mathml import escape
from symcheck.verdict import Verdict

HOSTILE = r"""# Problem 1

$$x = 0.25 + 0.5 = 0.85$$

$$z = 0.85 + 2 = 2.75$$

$$y = \text{<img src="http://evil.example/a.png">} + 1$$

$$</td><script>alert(1)</script> = 1$$

$$\frac{a}{b} = \frac{2a}{2b}$$

# Problem 2 <b onmouseover=alert(1)>

$$u = 2 + 2 = 5$$
"""


# steps as a reader could have produced them, with markup in every text field
PLANTED = (
    StepResult(20, 20, r'\text{<img src="http://evil.example/a.png">} = 1',
               Verdict.unchecked("unparsed", "cannot read <script>alert(1)</script>"), problem="Problem 2"),
    StepResult(21, 21, "</td><script>alert(1)</script> = 1",
               Verdict.incorrect("exact", "<b onmouseover=alert(1)>no</b>", {"<i>": "<img src=x>"},
                                 hint="<script>"), problem="Problem 2"),
)


@pytest.fixture(scope="module")
def report():
    key = AnswerKey("k", (KeyProblem("Problem 1", 4.0), KeyProblem("Problem 3", 2.0)), "error-carried-forward")
    r = grade_text(HOSTILE, file="<b>hw</b>.md", key=key)
    return replace(r, steps=r.steps + PLANTED)


class Rows(HTMLParser):
    """The step rows of a page: (data-line, data-rendered, math cell text, margin text); and every tag seen."""

    def __init__(self):
        super().__init__()
        self.rows, self.tags, self.attrs, self._cell, self._row = [], [], [], None, None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs
        a = dict(attrs)
        if tag == "tr" and "data-line" in a:
            self._row = [int(a["data-line"]), a["data-rendered"], "", ""]
            self.rows.append(self._row)
        if tag == "td" and self._row is not None:
            self._cell = {"math": 2, "margin": 3}.get(a.get("class"))

    def handle_endtag(self, tag):
        if tag == "td":
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._row[self._cell] += data


def _parse(page):
    p = Rows()
    p.feed(page)
    return p


def test_every_step_is_on_the_page_in_source_order(report):
    rows = _parse(submission_page(report)).rows
    assert [r[0] for r in rows] == [s.line for s in report.items()]  # steps, and chains' conclusions after them
    assert len(rows) == len(report.items()) > len(report.steps) > 8


def test_submission_text_is_never_markup(report):
    page = submission_page(report)
    p = _parse(page)
    assert "script" not in p.tags and "img" not in p.tags and "b" not in p.tags
    assert not any(k.startswith("on") for k, _ in p.attrs)
    assert "&lt;b&gt;hw&lt;/b&gt;.md" in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b onmouseover=alert(1)&gt;" in page and "&lt;img src=x&gt;" in page


def test_csp_forbids_every_request_and_no_url_is_referenced(report):
    for page in (submission_page(report), index_page([(report, "a.html")])):
        csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1)
        assert "default-src 'none'" in csp and "img-src 'none'" in csp and "connect-src 'none'" in csp
        assert page.index("Content-Security-Policy") < page.index("<style>")
        urls = [v for k, v in _parse(page).attrs if k in ("src", "href", "action", "data", "srcset")]
        assert all(v and ":" not in v and not v.startswith("//") for v in urls), urls
        assert not re.search(r"@import|url\(", page)


def test_index_script_is_allowed_by_its_hash_only():
    page = index_page([])
    digest = base64.b64encode(hashlib.sha256(SORT_SCRIPT.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page and f"<script>{SORT_SCRIPT}</script>" in page
    assert "'unsafe-inline'" not in page.split("script-src")[1].split(";")[0]


def test_margin_marks_first_error_cause_and_carried_errors(report):
    rows = {(r[0], r[3].split()[1] if len(r[3].split()) > 1 else ""): r for r in _parse(submission_page(report)).rows}
    assert "◀ first" in rows[(3, "incorrect")][3]
    assert "follows from line 3" in rows[(5, "incorrect")][3]
    assert rows[(3, "incorrect")][3].startswith("✗")
    assert any(r[3].startswith("?") and "prose" in r[3] for r in rows.values())
    assert any(r[3].startswith("✓") for r in rows.values())


def test_rendered_steps_show_no_latex_and_unreadable_ones_show_source(report):
    rows = _parse(submission_page(report)).rows
    assert any(r[1] == "mathml" for r in rows) and any(r[1] == "source" for r in rows)
    for line, how, math, _ in rows:
        if how == "mathml":
            assert "\\" not in math, (line, math)
        else:
            assert math.strip()  # shown as source, never dropped


def test_problem_summaries_and_scores(report):
    page = submission_page(report)
    for p in report.problems:
        assert escape(p.summary) in page
    assert "Problem 3" in page and "0 / 2" in page  # a key problem the submission lacks still shows its score


def test_index_rows_and_links(report, tmp_path):
    other = grade_text("# P\n\n$$1 + 1 = 2$$\n", file="dir/hw 2.md")
    written = write_html([report, other], [("bad.md", "the file is empty")], tmp_path / "out")
    assert written[0] == tmp_path / "out" / "index.html"
    index = written[0].read_text(encoding="utf-8")
    for page in written[1:]:
        assert page.is_file() and f'href="{page.name}"' in index.replace("%20", " ")
    assert index.count("<tr>") == 1 + 3 and "not graded: the file is empty" in index


def test_single_page_and_default_names(report, tmp_path):
    assert write_html([report], (), tmp_path / "r.html") == [tmp_path / "r.html"]
    assert page_names(["a/b.md", "a_b.md", "index", "A/B.md"]) == ["a_b.md.html", "a_b.md-2.html", "index-2.html",
                                                                    "A_B.md-3.html"]


@pytest.mark.parametrize("where", [pytest.param("file-as-folder", id="a-file-where-a-folder-is-needed"),
                                   pytest.param("missing/deep/r.html", id="missing-folder")])
def test_unwritable_output_is_a_typed_error(report, tmp_path, where):
    (tmp_path / "file-as-folder").write_text("x", encoding="utf-8")
    reports = [report, report] if where == "file-as-folder" else [report]
    with pytest.raises(ReportWriteError, match="cannot write the HTML report"):
        write_html(reports, (), tmp_path / where)


def test_cli_format_html(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "hw.md").write_text("# P\n\n$$\\frac{1}{2} + \\frac{1}{2} = 1$$\n", encoding="utf-8")
    assert main(["grade", "hw.md", "--format", "html", "-o", "report.html"]) == 0
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "<mfrac>" in page and 'data-rendered="mathml"' in page


def test_a_file_without_steps_says_so():
    page = submission_page(grade_text("Just words, no mathematics.\n"))
    assert "nothing to grade" in page and 'data-line="' not in page


def test_jupyter_reprs(report):
    html = report._repr_html_()
    assert "<style>" in html and 'class="symcheck-report"' in html and "<html" not in html
    claim = next(c for c in discover() if c.id == "sigma-prime")
    assert "<math" in claim._repr_html_() and "sigma-prime" in claim._repr_html_()


@pytest.mark.parametrize("body, tag", [
    pytest.param("$$\n(a+b)^2\n  = \\heartsuit(a)\n  = a^2 + 2ab + b^2\n$$\n", "the conclusion of the chain of lines 4–6",
                 id="chain"),
    pytest.param("$$\na\n  = 2 + 1\n$$\n", "the display of lines 3–6 as a whole", id="display"),
])
def test_whole_items_are_tagged(body, tag):
    """A chain's conclusion and a whole display are rows of the page, each tagged with what it covers."""
    report = grade_text("# Problem 1\n\n" + body)
    page = submission_page(report)
    assert escape(tag) in page
    assert len(_parse(page).rows) == len(report.items()) > len(report.steps)
