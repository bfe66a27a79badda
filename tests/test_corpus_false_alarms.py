"""No correct step of the labelled corpus is called incorrect (issue 13.5).

Reads ``../shared/corpus`` (or ``$SYMCHECK_SHARED/corpus``) and skips when it is
absent. For each file: no ``must_pass`` line may have an incorrect step
starting on it (the rule of ``../shared/tools/score_corpus.py``).

KNOWN lists the false alarms measured on this tree (``python3
benchmarks/accuracy.py``), by cause, none of them in segmentation. A file listed
there is ``xfail(strict=True)``: when the work on readings (issue 13.2) clears
it, the test passes unexpectedly and fails, and the entry must be removed. A
second test, never xfail, fails on any false alarm that is not in the list, so
a listed file cannot gain new ones unseen.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("SYMCHECK_SHARED") or ROOT.parent / "shared") / "corpus"

# file -> (must_pass lines with an incorrect step today, the cause); measured, not guessed
KNOWN: dict = {}  # physicsd00d's line 36 cleared: the error it carries forward (line 16) is now found, and its prose states a condition on k


def _files():
    if not CORPUS.is_dir():
        return [pytest.param(None, id="no-corpus")]
    return [pytest.param(t.name[:-len(".truth.json")], id=t.name[:-len(".truth.json")])
            for t in sorted(CORPUS.glob("*.truth.json"))]


@functools.lru_cache(maxsize=None)
def _false_alarms(name: str) -> frozenset:
    from symcheck.grade.check import Options
    from symcheck.grade.grader import grade_document
    from symcheck.grade.segment import kind_of, segment

    path = CORPUS / name
    truth = json.loads((CORPUS / (name + ".truth.json")).read_text(encoding="utf-8"))
    doc = segment(path.read_text(encoding="utf-8"), kind_of(path))
    report = grade_document(doc, str(path), Options())
    starts_bad = {s.line for s in report.items() if s.verdict.verdict == "incorrect"}  # steps and whole displays
    return frozenset(ln for ln in truth["must_pass"] if ln in starts_bad)


def _skip_without_corpus(name):
    if name is None:
        pytest.skip("../shared/corpus is not present")


@pytest.mark.parametrize("name", [
    pytest.param(p.values[0], id=p.id, marks=[pytest.mark.xfail(strict=True, reason=KNOWN[p.values[0]][1])])
    if p.values[0] in KNOWN else p for p in _files()])
def test_no_false_alarms(name):
    _skip_without_corpus(name)
    assert sorted(_false_alarms(name)) == []


@pytest.mark.parametrize("name", _files())
def test_no_false_alarm_outside_the_known_list(name):
    _skip_without_corpus(name)
    known = KNOWN.get(name, (set(), ""))[0]
    assert sorted(_false_alarms(name) - known) == []
