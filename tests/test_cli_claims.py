"""``symcheck all``, ``list`` and ``show`` driven through ``main(argv)``."""

import json

import pytest

from symcheck.cli import main
from tests.test_claims_runner import write_claim


def run_json(capsys, argv):
    code = main(argv)
    return code, json.loads(capsys.readouterr().out)


def test_all_json_shape(capsys):
    code, data = run_json(capsys, ["all", "--json", "-k", "sigma-prime", "--networks", "8"])
    assert code == 0
    (claim,) = data["claims"]
    assert set(claim) == {"id", "status", "symbolic_method", "numeric", "false_variants", "seconds"}
    assert set(claim["numeric"]) == {"networks", "max_rel_error"}
    assert claim["numeric"]["networks"] == 8
    assert set(claim["false_variants"]) == {"total", "rejected"}
    assert claim["status"] in {"verified", "numeric-only", "refuted", "error"}
    assert {"total", "verified", "numeric_only", "refuted", "error", "seconds"} <= set(data["summary"])


@pytest.mark.parametrize("lhs, rhs, code, status", [
    pytest.param("(x + 1)**2", "x**2 + 2*x + 1", 0, "verified", id="true"),
    pytest.param("(x + 1)**2", "x**2 + 2*x + 2", 1, "refuted", id="false"),
])
def test_all_exit_code_follows_the_claims(tmp_path, capsys, lhs, rhs, code, status):
    write_claim(tmp_path, "user-claim", lhs, rhs)
    got, data = run_json(capsys, ["all", "--json", "--path", str(tmp_path)])
    assert got == code
    assert data["claims"][0]["status"] == status


def test_all_table(tmp_path, capsys):
    write_claim(tmp_path, "user-claim", "(x + 1)**2", "x**2 + 2*x")
    assert main(["all", "--path", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "refuted" in out and "counterexample" in out


def test_all_usage_errors(tmp_path, capsys):
    assert main(["all", "--path", str(tmp_path / "nope")]) == 2
    assert "no such" in capsys.readouterr().err  # messages go to stderr
    assert main(["all", "-k", "no-claim-matches-this"]) == 2
    assert main(["all", "--networks", "0"]) == 2
    assert main(["frobnicate"]) == 2


def test_list_and_show(capsys):
    assert main(["list"]) == 0
    assert "sigma-prime" in capsys.readouterr().out
    assert main(["show", "sigma-prime"]) == 0
    out = capsys.readouterr().out
    assert "proof:" in out and "rejected" in out and "chain rule" in out
    assert main(["show", "no-such-claim"]) == 2


def test_docs_claims_md_lists_every_claim(capsys):
    """docs/claims.md is the output of `symcheck list --markdown`, and stays in sync."""
    from pathlib import Path

    from symcheck.claims import discover

    assert main(["list", "--markdown"]) == 0
    generated = capsys.readouterr().out
    doc = (Path(__file__).resolve().parents[1] / "docs" / "claims.md").read_text(encoding="utf-8")
    assert doc == generated, "regenerate with: symcheck list --markdown > docs/claims.md"
    for c in discover():
        assert f"`{c.id}`" in doc and c.latex in doc and c.source in doc
