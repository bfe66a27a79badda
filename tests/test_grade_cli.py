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
