"""symcheck.grade.scan_ocr: a file OCR'd from handwriting (Mathpix-style padding of
inline formulas) is read with the notation reader's ``ocr`` option; typed files never."""

from pathlib import Path

import pytest

from symcheck.grade import grade_text
from symcheck.grade.scan_ocr import looks_ocr
from symcheck.grade.segment import segment

SHARED = Path(__file__).resolve().parents[2] / "shared"
PADDED = "Let  $x$  be and  $y$  and  $z$  with  $w$  here.\n\n"
TYPED = "Let $x$ be and $y$ and $z$ with $w$ here.\n\n"
STEP = "$$\\alpha_1^2 = \\sigma(z_1^2)$$\n"


@pytest.mark.parametrize("text,ocr", [
    pytest.param(PADDED, True, id="mathpix-padding"),
    pytest.param("$x$  and  $y$  and  $z$  and  $w$\n", True, id="padding-at-line-edges"),
    pytest.param(TYPED, False, id="typed-markdown"),
    pytest.param("Let  $x$  be  $y$  here.\n", False, id="too-few-formulas"),
    pytest.param(PADDED + TYPED + TYPED, False, id="mostly-typed"),
    pytest.param("$$x = 1$$\n" * 10, False, id="displays-only"),
    pytest.param("", False, id="empty"),
])
def test_looks_ocr(text, ocr):
    assert looks_ocr(text) is ocr


@pytest.mark.parametrize("text,verdict", [
    pytest.param(PADDED + STEP, "correct", id="ocr-alpha-read-as-a"),
    pytest.param(TYPED + STEP, "unchecked", id="typed-alpha-is-alpha"),
])
def test_an_ocr_file_is_read_with_the_ocr_option(text, verdict):
    doc = segment(text)
    assert {s.ocr for s in doc.steps} == {verdict == "correct"}
    (step,) = grade_text(text).steps
    assert step.verdict.verdict == verdict


def test_the_seed_is_ocr_and_the_corpus_is_not():
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    corpus = sorted((SHARED / "corpus").glob("*.md"))
    assert seeds and corpus
    assert all(looks_ocr(p.read_text(encoding="utf-8")) for p in seeds)
    assert not any(looks_ocr(p.read_text(encoding="utf-8")) for p in corpus)
