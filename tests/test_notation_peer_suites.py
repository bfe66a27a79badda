"""The peer-suites benchmark (benchmarks/peer_suites.py): its section of
docs/accuracy.md leaves other sections alone, no peer case crashes, and
malformed input is refused with a typed error."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from symcheck.errors import ParseError
from symcheck.notation import Context, check_reading, read

ROOT = Path(__file__).resolve().parents[1]
CASES = next((up / "shared" / "peer-suites" / "cases.tsv" for up in ROOT.parents[:2]
              if (up / "shared" / "peer-suites" / "cases.tsv").exists()), None)


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("peer_suites", ROOT / "benchmarks" / "peer_suites.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _row(i, a, b, expected, verdict, reason="r"):
    return {"id": str(i), "source": "S", "A": a, "B": b, "expected": expected, "verdict": verdict, "reason": reason,
            "check": ""}


def test_the_section_is_written_between_its_markers_only(bench, tmp_path):
    doc = tmp_path / "accuracy.md"
    doc.write_text("# Accuracy\n\n<!-- corpus:begin -->\nCORPUS\n<!-- corpus:end -->\n\n"
                   f"{bench.BEGIN}\nOLD\n{bench.END}\n\ntail\n", encoding="utf-8")
    rows = [_row(1, "1", "1", "1", "correct"), _row(2, "1", "2", "0", "correct"), _row(3, "x", "x", "1", "incorrect")]
    bench.write_section(doc, bench.summary(rows, 1.0, 2.0))
    text = doc.read_text(encoding="utf-8")
    assert "CORPUS" in text and "tail" in text and "OLD" not in text
    assert text.count(bench.BEGIN) == 1
    assert "Unsound (an unequal pair called correct): 1" in text and "False alarms" in text


@pytest.mark.parametrize("a,b,same", [
    pytest.param("a_b'", "a'_{b}", True, id="prime moved"),
    pytest.param("a_{b'}'", "a'_{b'}", True, id="primes moved"),
    pytest.param("a_b'", "a_b''", False, id="another prime"),
    pytest.param("a_b", "a_c", False, id="another subscript"),
])
def test_prime_naming_artifacts_are_recognised(bench, a, b, same):
    assert bench.prime_position_only(a, b) is same


def test_a_missing_file_is_created(bench, tmp_path):
    doc = tmp_path / "accuracy.md"
    bench.write_section(doc, bench.summary([_row(1, "1", "1", "1", "correct")], 1.0, 2.0))
    assert bench.BEGIN in doc.read_text(encoding="utf-8")


MALFORMED = ["", "=", "x ==", r"\frac{1}", r"\frac{1}{", "a^", "^^", r"\sqrt[", r"\left(", "1.1.1", r"\\\\", "{{{",
             "}", r"\begin{pmatrix}", r"\gcd(", r"\lfloor", "|", r"\binom{1}", "2.5E", "E2", r"\int", r"\lim_{x",
             r"\prod_{k=1}", "x!!", "0!^!", r"\$", r"\%", r"\boxed{", r"\textcolor{red}", r"\stackrel{a}",
             r"\underbrace{x}_", r"\operatorname{f}(", "10^{10^{10}}", "(-1)!", r"\log_0 2", "1/0", "0^0", "I^I"]


@pytest.mark.parametrize("latex", [pytest.param(m, id=repr(m)) for m in MALFORMED])
def test_malformed_input_is_refused_or_read_never_a_crash(latex):
    try:
        r = read(latex)
    except ParseError as exc:
        assert exc.reason
        return
    assert check_reading(r, Context()).verdict in ("correct", "incorrect", "unchecked")


@pytest.mark.skipif(CASES is None, reason="../shared/peer-suites is absent")
def test_no_peer_case_crashes(bench):
    cases = bench.load(CASES)[::10]  # every tenth case: a quick sample of all the kinds
    rows, _ = bench.run(cases, 2.0)
    crashed = [(r["id"], r["reason"]) for r in rows if r["verdict"] == "crash"]
    assert not crashed
    # an unequal pair called correct by a reading (the arithmetic comparison is the equality policy's)
    unsound = [r["id"] for r in rows if r["expected"] == "0" and r["verdict"] == "correct"
               and not bench.is_artifact(r) and r["check"] != "arithmetic"]
    assert not unsound
