"""symcheck.grade.key: the answer key checks itself (fields, claim ids and
families, problem ids against the submissions), before any grading."""

from pathlib import Path

import pytest

from symcheck.cli import main
from symcheck.grade.key import (AnswerKey, KeyError_, KeyProblem, check_claims, check_problems, check_submissions,
                                claim_families, establishes, load_key, parse_key)
from symcheck.grade.report import StepResult
from symcheck.verdict import Verdict

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _key(**problem):
    return {"problem": [{"id": "Problem 1", "points": 1, **problem}]}


@pytest.mark.parametrize("data,words", [
    pytest.param(_key(points=float("nan")), "finite", id="points-nan"),
    pytest.param(_key(points=float("inf")), "finite", id="points-inf"),
    pytest.param(_key(points=-1), "≥ 0", id="points-negative"),
    pytest.param(_key(points=True), "finite number", id="points-bool"),
    pytest.param(_key(claims=[""]), "empty", id="claims-empty-string"),
    pytest.param(_key(claims=["  "]), "empty", id="claims-blank"),
    pytest.param(_key(claims=["claim:"]), "empty", id="claims-empty-id"),
    pytest.param(_key(scoring="per-stp"), "per-step", id="unknown-rule-names-nearest"),
    pytest.param({"scoring": "first", "problem": [{"id": "P"}]}, "first-error", id="unknown-key-rule"),
    pytest.param({"problem": [{"id": "P 1"}, {"id": "p.1"}]}, "twice", id="duplicate-problem"),
    pytest.param({"problem": [{"id": " "}]}, "no id", id="blank-id"),
])
def test_bad_fields_are_refused(data, words):
    with pytest.raises(KeyError_, match=words):
        parse_key(data)


FAMILIES = {"bp1": "bp1", "bp1-matrix": "bp1", "bp1-diag": "bp1", "bp2": "bp2", "bp3": "bp3"}


@pytest.mark.parametrize("claim,ok,nearest", [
    pytest.param("claim:bp1", True, "", id="claim-id"),
    pytest.param("claim:bp1-diag", True, "", id="a-form"),
    pytest.param("claim:bp11", False, "'bp1'", id="typo-names-nearest"),
    pytest.param("claim:BP-3", False, "'bp3'", id="case-and-dash-names-nearest"),
    pytest.param(r"\delta^L = a^L - y", True, "", id="latex-claims-are-not-ids"),
])
def test_claim_ids_are_checked_against_the_library(claim, ok, nearest):
    key = AnswerKey("", (KeyProblem("P", 1.0, (claim,)),))
    if ok:
        check_claims(key, FAMILIES)
    else:
        with pytest.raises(KeyError_, match="unknown claim") as exc:
            check_claims(key, FAMILIES)
        assert nearest in str(exc.value)


def test_load_key_checks_claims_against_the_installed_library(tmp_path):
    bad = tmp_path / "k.toml"
    bad.write_text('[[problem]]\nid = "P"\nclaims = ["claim:sigma-prim"]\n', encoding="utf-8")
    with pytest.raises(KeyError_, match="'sigma-prime'"):
        load_key(bad)
    assert "bp1" in claim_families() and load_key(EXAMPLES / "key.toml").problems


def _stated(claim):
    return StepResult(1, 1, "x", Verdict.correct("library", "states it", claim=claim))


@pytest.mark.parametrize("stated,wanted,met", [
    pytest.param("bp1-matrix", "claim:bp1", True, id="matrix-form-meets-family"),
    pytest.param("bp1-diag", "claim:bp1", True, id="diag-form-meets-family"),
    pytest.param("bp1", "claim:bp1", True, id="the-claim-itself"),
    pytest.param("bp2", "claim:bp1", False, id="other-family"),
    pytest.param("bp1", "claim:bp1-matrix", False, id="a-form-is-not-met-by-another-form"),
])
def test_claim_families(stated, wanted, met):
    assert establishes(_stated(stated), wanted, FAMILIES) is met


def test_claim_ids_may_be_spaced():
    assert parse_key(_key(claims=["claim: bp1 "])).problems[0].claims == ("claim:bp1",)


def test_empty_latex_claim_is_never_established():
    assert not establishes(StepResult(1, 1, "x = 1", Verdict.correct("exact", "ok")), "  ", {})


@pytest.mark.parametrize("key_id,have,nearest", [
    pytest.param("Problem 3 Q9", ["Problem 3 Q2", "Problem 3 Q3"], "'Problem 3 Q", id="typo"),
    pytest.param("Problme 2", ["Problem 2", "Problem 3"], "'Problem 2'", id="misspelt"),
])
def test_problem_ids_that_match_nothing_name_the_nearest(key_id, have, nearest):
    key = AnswerKey("", (KeyProblem(key_id, 1.0),))
    with pytest.raises(KeyError_, match="matches no problem") as exc:
        check_problems(key, have)
    assert nearest in str(exc.value)
    check_problems(AnswerKey("", (KeyProblem(have[0].lower().replace(" ", "."), 1.0),)), have)  # id forms agree


def test_submissions_without_problems_are_named_as_such():
    with pytest.raises(KeyError_, match="no problem headings"):
        check_problems(AnswerKey("", (KeyProblem("Problem 1", 1.0),)), ["(preamble)"])


def test_check_submissions_reads_folders_without_grading(tmp_path):
    (tmp_path / "a.md").write_text("# Problem 1\n\n$$1 + 1 = 2$$\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Problem 2\n\n$$2 + 2 = 4$$\n", encoding="utf-8")
    check_submissions(AnswerKey("", (KeyProblem("Problem 1", 1.0), KeyProblem("Problem 2", 1.0))), [tmp_path])
    with pytest.raises(KeyError_, match="'Problem 2'"):
        check_submissions(AnswerKey("", (KeyProblem("Problem 22", 1.0),)), [tmp_path])


@pytest.mark.parametrize("toml,words", [
    pytest.param('[[problem]]\nid = "Problem 1"\nclaims = ["claim:bp11"]\n', "nearest: 'bp1'", id="claim"),
    pytest.param('[[problem]]\nid = "Problme 1"\n', "nearest: 'Problem 1'", id="problem"),
    pytest.param('[[problem]]\nid = "Problem 1"\npoints = nan\n', "finite", id="nan-points"),
])
def test_cli_refuses_a_bad_key_before_grading(tmp_path, capsys, monkeypatch, toml, words):
    sub = tmp_path / "hw.md"
    sub.write_text("# Problem 1\n\n$$1 + 1 = 2$$\n", encoding="utf-8")
    key = tmp_path / "key.toml"
    key.write_text(toml, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def no_grading(*a, **k):
        raise AssertionError("graded before the key was checked")

    monkeypatch.setattr("symcheck.cli.grade_cmd._grade_all", no_grading)
    assert main(["grade", str(sub), "--key", str(key), "--format", "json"]) == 2
    out = capsys.readouterr()
    assert words in (out.out + out.err).replace("\n", " ")
    assert not (tmp_path / "scores.csv").exists()
