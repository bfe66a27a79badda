"""``symcheck grade``: formats, batch with a bad file, the scores CSV."""

import json
from pathlib import Path

from symcheck.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_grade_json_and_exit_code(capsys):
    code = main(["grade", str(EXAMPLES / "submissions" / "all_correct.md"), "--format", "json"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 0
    assert doc["submissions"][0]["summary"]["incorrect"] == 0


def test_batch_reports_a_bad_file_and_grades_the_rest(tmp_path, capsys, monkeypatch):
    (tmp_path / "good.md").write_text("# P1\n\n$$x = 2 + 2 = 5$$\n", encoding="utf-8")
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    (tmp_path / "binary.md").write_bytes(b"\x00\x01\x02")
    monkeypatch.chdir(tmp_path)
    code = main(["grade", str(tmp_path), "--format", "json", "--jobs", "2"])
    doc = json.loads(capsys.readouterr().out)
    assert code == 3
    assert [Path(s["file"]).name for s in doc["submissions"]] == ["good.md"]
    assert {Path(f["file"]).name for f in doc["failures"]} == {"empty.md", "binary.md"}


def test_rich_report_with_key_writes_scores(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = main(["grade", str(EXAMPLES / "submissions"), "--key", str(EXAMPLES / "key.toml")])
    out = capsys.readouterr().out
    assert code == 1
    assert "planted_errors.md" in out and "incorrect" in out
    assert (tmp_path / "scores.csv").read_text().startswith("file,Problem 1")


def test_gradescope_results(tmp_path):
    out = tmp_path / "results.json"
    main(["grade", str(EXAMPLES / "submissions" / "planted_errors.md"), "--format", "gradescope",
          "--key", str(EXAMPLES / "key.toml"), "-o", str(out)])
    doc = json.loads(out.read_text())
    assert doc["tests"] and "score" in doc


# --- a batch that tells you what happened (issue 15), hardening (issue 16) ------------------
import os  # noqa: E402

import pytest  # noqa: E402

SURROGATE_NB = '{"cells":[{"cell_type":"markdown","source":"$$y\\ud800 = y + 1$$\\n\\n$$2+2=5$$"}]}'


def _subs(tmp_path, n=3):
    subs = tmp_path / "subs"
    subs.mkdir()
    for i in range(n):
        (subs / f"s{i}.md").write_text(f"# P1\n\n$$x = {i} + 1 = {i + 1}$$\n\n$$2 + 2 = {4 + (i == 1)}$$\n")
    return subs


def _no_grading(monkeypatch):
    import symcheck.grade.batch as batch

    def refuse(*a, **k):
        raise AssertionError("grading started before the output paths were checked")

    monkeypatch.setattr(batch, "grade_paths", refuse)


@pytest.mark.parametrize("extra, fragment", [
    pytest.param(["-o", "{tmp}/missing/dir/r.json", "--format", "json"], "does not exist", id="missing-folder"),
    pytest.param(["-o", "{tmp}", "--format", "json"], "folder", id="onto-a-folder"),
    pytest.param(["-o", "{tmp}/missing/r.txt"], "does not exist", id="default-format"),
    pytest.param(["--resume", "{tmp}/subs/s0.md"], "not a folder", id="resume-at-a-file"),
    pytest.param(["--resume", "/proc/x"], "/proc/x", id="resume-in-proc"),
    pytest.param(["--format", "gradescope", "-o", "{tmp}/r.json"], "exactly one", id="gradescope-batch"),
])
def test_output_paths_are_checked_before_grading(tmp_path, capsys, monkeypatch, extra, fragment):
    subs = _subs(tmp_path)
    _no_grading(monkeypatch)
    code = main(["grade", str(subs)] + [a.replace("{tmp}", str(tmp_path)) for a in extra])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert fragment in err and "Traceback" not in err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_disk_full_is_exit_4_with_a_message(tmp_path, capsys):
    code = main(["grade", str(_subs(tmp_path, 1)), "--format", "json", "-o", "/dev/full"])
    err = capsys.readouterr().err
    assert code == 4 and "No space left" in err


def test_a_failed_run_never_truncates_an_existing_report(tmp_path, capsys, monkeypatch):
    out = tmp_path / "out.json"
    out.write_text('{"earlier": "report"}')

    def full(*a):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    code = main(["grade", str(_subs(tmp_path, 2)), "--format", "json", "-o", str(out)])
    assert code == 4 and "nothing was overwritten" in capsys.readouterr().err
    assert out.read_text() == '{"earlier": "report"}'


@pytest.mark.parametrize("fmt", ["json", "md", "rich", "gradescope", "latex"])
def test_a_lone_surrogate_reaches_every_format(tmp_path, capsys, fmt):
    nb = tmp_path / "nb.ipynb"
    nb.write_text(SURROGATE_NB, encoding="utf-8")
    out = tmp_path / ("out." + {"rich": "txt", "latex": "tex"}.get(fmt, fmt))
    (tmp_path / "earlier").write_text("x")
    code = main(["grade", str(nb), "--format", fmt, "-o", str(out)])
    assert code == 1, capsys.readouterr().err       # 2+2=5 is still found
    data = out.read_bytes().decode("utf-8")         # valid UTF-8
    if fmt == "json":
        steps = json.loads(data)["submissions"][0]["steps"]
        assert steps[0]["latex"] == "y\ud800 = y + 1"  # intact
    elif fmt == "gradescope":
        assert "y\ud800" in json.dumps(json.loads(data), ensure_ascii=False)
    elif fmt == "latex":
        assert "2+2=5" in data.replace(" ", "")
    else:
        assert "y\ufffd" in data                      # visibly replaced


def test_a_lone_surrogate_on_stdout(tmp_path, capsys):
    nb = tmp_path / "nb.ipynb"
    nb.write_text(SURROGATE_NB, encoding="utf-8")
    assert main(["grade", str(nb), "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert json.loads(out)["submissions"][0]["steps"][0]["latex"] == "y\ud800 = y + 1"


def test_batch_prints_a_line_per_file_and_a_table_not_every_step(tmp_path, capsys):
    subs = _subs(tmp_path, 3)
    (subs / "empty.md").write_text("")
    code = main(["grade", str(subs)])
    out, err = capsys.readouterr()
    assert code == 3
    lines = out.strip().splitlines()
    assert sum(".md:" in line for line in lines) == 4   # one line per file, the failure included
    assert "not graded" in out and "2 + 2" not in out   # no step table
    assert len(lines) < 20


def test_default_format_with_output_writes_the_text_report(tmp_path, capsys):
    subs = _subs(tmp_path, 2)
    out = tmp_path / "report.txt"
    assert main(["grade", str(subs), "-o", str(out)]) == 1
    text = out.read_text()
    assert "2 + 2 = 5" in text and "incorrect" in text and "\x1b[" not in text
    assert f"wrote {out}" in capsys.readouterr().err


def test_json_to_a_file_shows_a_closing_summary_on_stderr(tmp_path, capsys):
    out = tmp_path / "r.json"
    assert main(["grade", str(_subs(tmp_path, 2)), "--format", "json", "-o", str(out)]) == 1
    stdout, err = capsys.readouterr()
    assert stdout == ""
    assert "2 files, 2 graded" in err and str(out) in err
    assert len(json.loads(out.read_text())["submissions"]) == 2


def test_json_on_stdout_is_only_the_report(tmp_path, capsys):
    main(["grade", str(_subs(tmp_path, 2)), "--format", "json"])
    stdout, err = capsys.readouterr()
    json.loads(stdout)
    assert "graded" in err


@pytest.mark.parametrize("args", [
    pytest.param(["--step-seconds", "nan"], id="step-nan"),
    pytest.param(["--step-seconds", "inf"], id="step-inf"),
    pytest.param(["--step-seconds", "0"], id="step-zero"),
    pytest.param(["--file-seconds", "-1"], id="file-negative"),
    pytest.param(["--seed", "-1"], id="seed-negative"),
    pytest.param(["--trials", "1000000000"], id="trials-huge"),
    pytest.param(["--jobs", "0"], id="jobs-zero"),
    pytest.param(["--format", "pdf"], id="format"),
])
def test_bad_options_are_usage_errors(tmp_path, capsys, args):
    assert main(["grade", str(_subs(tmp_path, 1))] + args) == 2
    assert "error: argument" in capsys.readouterr().err


def test_slow_steps_stop_at_the_file_budget_and_none_is_lost(tmp_path, capsys):
    f = tmp_path / "slow.md"
    f.write_text("".join(f"$$\\binom{{10^{{12}}}}{{5 \\cdot 10^{{11}} + {k}}} = {k}$$\n\n" for k in range(40))
                 + "$$2 + 2 = 5$$\n")
    code = main(["grade", str(f), "--format", "json", "--file-seconds", "3", "--step-seconds", "1"])
    steps = json.loads(capsys.readouterr().out)["submissions"][0]["steps"]
    assert len(steps) == 41                                  # every step reported
    spent = [s for s in steps if "file time budget spent" in s["reason"]]
    assert spent and all(s["verdict"] == "unchecked" and s["cause"] == "timeout" for s in spent)
    assert code == 0                                         # the last step was never checked: not incorrect


@pytest.mark.parametrize("text, name, fragment", [
    pytest.param("$$\\exp(\\exp(\\exp(\\exp(100)))) = 0$$\n", "ov.md", "overflow", id="overflow"),
    pytest.param('{"cells":[{"cell_type":"markdown","source":[1,2,3]}]}', "nb.ipynb", "not a notebook",
                 id="notebook-source-not-text"),
])
def test_no_internal_error(tmp_path, capsys, text, name, fragment):
    f = tmp_path / name
    f.write_text(text)
    main(["grade", str(f), "--format", "json"])
    out = capsys.readouterr().out
    assert "internal error" not in out and fragment in out


def test_no_color_is_honoured(monkeypatch):
    from symcheck.cli.io import make_console

    monkeypatch.setenv("NO_COLOR", "1")
    assert make_console().no_color and make_console(stderr=True).no_color
    monkeypatch.delenv("NO_COLOR")
    assert not make_console().no_color


def test_a_slow_segmentation_cannot_hold_the_batch(tmp_path, capsys):
    """Issue 16 item 1: a file that is slow to segment is bounded by the file's budget and watchdog;
    the good files of the batch keep their results and the report is written."""
    subs = _subs(tmp_path, 2)
    (subs / "r.tex").write_text("\\[\n" * 300000)
    out = tmp_path / "out.json"
    code = main(["grade", str(subs), "--format", "json", "-o", str(out), "--file-seconds", "2",
                 "--step-seconds", "1"])
    doc = json.loads(out.read_text())
    assert {"s0.md", "s1.md"} <= {Path(s["file"]).name for s in doc["submissions"]}  # r.tex may be graded too
    slow = [f for f in doc.get("failures", []) if f["file"].endswith("r.tex")]
    assert code in (1, 3) and (slow or any(s["file"].endswith("r.tex") for s in doc["submissions"]))


def test_gradescope_for_a_file_that_cannot_be_graded_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "scan.md"
    bad.write_bytes(b"\x00\x01")
    out = tmp_path / "results.json"
    assert main(["grade", str(bad), "--format", "gradescope", "-o", str(out)]) == 2
    assert not out.exists() and "not graded" in capsys.readouterr().err
