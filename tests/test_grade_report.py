"""Report formats, the answer key and scores."""

import json
from pathlib import Path

import pytest

from symcheck.grade import Options, grade_file, grade_text
from symcheck.grade import formats
from symcheck.grade.key import KeyError_, load_key, parse_key

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
STEP_FIELDS = {"line", "end_line", "latex", "verdict", "cause", "reason", "hint", "counterexample", "claim"}


@pytest.fixture(scope="module")
def reports():
    key = load_key(EXAMPLES / "key.toml")
    return key, [grade_file(EXAMPLES / "submissions" / f, key=key) for f in ("all_correct.md", "planted_errors.md")]


def test_json_schema(reports):
    _, rs = reports
    doc = json.loads(formats.to_json(rs))
    assert [set(s) >= {"file", "steps", "problems", "summary"} for s in doc["submissions"]] == [True, True]
    for sub in doc["submissions"]:
        for step in sub["steps"]:
            assert STEP_FIELDS <= set(step)
            assert step["verdict"] in ("correct", "incorrect", "unchecked")
        assert set(sub["summary"]) >= {"steps", "correct", "incorrect", "unchecked", "score"}


def test_json_is_deterministic():
    path = EXAMPLES / "submissions" / "planted_errors.md"
    a = formats.to_json([grade_file(path, Options(seed=3))])
    b = formats.to_json([grade_file(path, Options(seed=3))])
    assert a == b


def test_scores_give_full_credit_to_a_correct_write_up(reports):
    key, (good, bad) = reports
    assert good.score == key.total
    assert bad.score < good.score
    by = {p.id: p for p in bad.problems}
    assert 0 < by["Problem 1"].score < by["Problem 1"].points  # partial credit up to the first error


def test_scores_csv_and_markdown_and_gradescope(reports):
    key, rs = reports
    rows = formats.scores_csv(rs, key).splitlines()
    assert rows[0].split(",") == ["file"] + [p.id for p in key.problems] + ["total", "max"]
    assert len(rows) == 3
    md = formats.to_markdown(rs)
    assert "| line | step | verdict | reason | hint |" in md
    gs = json.loads(formats.to_gradescope(rs[1]))
    assert {"tests", "score", "output"} <= set(gs)
    assert all({"name", "output", "score", "max_score"} <= set(t) for t in gs["tests"] if "max_score" in t)


def test_without_a_key_there_is_no_score():
    r = grade_text("# P1\n\n$$x = 1 + 1 = 2$$\n")
    assert r.score is None and all(p.score is None for p in r.problems)


@pytest.mark.parametrize("data", [
    pytest.param({}, id="no-problems"),
    pytest.param({"problem": [{"points": 1}]}, id="no-id"),
    pytest.param({"problem": [{"id": "P", "points": -1}]}, id="negative-points"),
    pytest.param({"problem": [{"id": "P", "claims": "x"}]}, id="claims-not-a-list"),
])
def test_bad_keys_are_refused(data):
    with pytest.raises(KeyError_):
        parse_key(data)


def test_problem_summaries_name_the_first_error(reports):
    _, (_, bad) = reports
    p1 = next(p for p in bad.problems if p.id == "Problem 1")
    assert "first error is on line" in p1.summary
