"""The command line as a whole: exit codes in one place and documented, writeup's output path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from symcheck.cli import main
from symcheck.errors import ExitCode

DOCS = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def test_exit_codes_documented_are_the_exit_codes_of_the_code():
    table = DOCS.read_text(encoding="utf-8").split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    documented = {int(m) for m in re.findall(r"^\| (\d+) \|", table, flags=re.M)}
    assert documented == {int(c) for c in ExitCode}


def test_batch_exit_codes_are_the_cli_ones():
    import symcheck.cli as cli
    from symcheck.grade.batch import BatchResult

    assert BatchResult((), ()).exit_code is ExitCode.USAGE
    assert (cli.EXIT_OK, cli.EXIT_PARTIAL, cli.EXIT_OUTPUT) == (ExitCode.OK, ExitCode.PARTIAL, ExitCode.OUTPUT)


@pytest.mark.parametrize("out", [
    pytest.param("{tmp}/missing/dir/w.tex", id="missing-folder"),
    pytest.param("{tmp}", id="a-folder"),
])
def test_writeup_output_checked_before_verifying(tmp_path, capsys, monkeypatch, out):
    import symcheck.claims as claims

    def refuse(*a, **k):
        raise AssertionError("verified before checking the output path")

    monkeypatch.setattr(claims, "verify", refuse)
    assert main(["writeup", "sigma-prime", "-o", out.replace("{tmp}", str(tmp_path))]) == 2
    err = capsys.readouterr().err
    assert "cannot write" in err and "Traceback" not in err


def test_no_command_prints_help_on_stderr(capsys):
    assert main([]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "usage" in err
