"""Codes, not messages (symcheck/verdict.py): check kinds, causes and note kinds are
enums; exactness is read from the kind; reasons are plain sentences."""

import pytest

from symcheck.verdict import CAUSES, Cause, CheckKind, Note, NoteKind, Verdict


@pytest.mark.parametrize("kind,exact", [(k, k in (CheckKind.EXACT, CheckKind.EXACT_SHAPE)) for k in CheckKind])
def test_exactness_is_read_from_the_kind(kind, exact):
    assert kind.is_exact is exact
    if exact:
        assert Verdict.incorrect(kind, "differs").is_exact
    else:
        with pytest.raises(ValueError):
            Verdict.incorrect(kind, "differs")  # no counterexample, not exact


def test_a_message_that_starts_with_exact_is_not_an_exact_check():
    with pytest.raises(ValueError):
        Verdict.incorrect("exactly-worded", "the sides differ")


def test_strings_are_read_as_kinds_and_written_back_as_values():
    v = Verdict.correct("arithmetic", "both sides are 2")
    assert v.check is CheckKind.ARITHMETIC and v.to_json()["check"] == "arithmetic"
    u = Verdict.unchecked("timeout", "too long")
    assert u.cause is Cause.TIMEOUT and u.to_json()["cause"] == "timeout"
    assert set(CAUSES) == {c.value for c in Cause}


@pytest.mark.parametrize("bad", [
    pytest.param(dict(verdict="correct", reason="r"), id="correct-without-check"),
    pytest.param(dict(verdict="unchecked", reason="r"), id="unchecked-without-cause"),
    pytest.param(dict(verdict="unchecked", reason="r", cause="because"), id="unknown-cause"),
    pytest.param(dict(verdict="maybe", reason="r"), id="unknown-verdict"),
])
def test_soundness_rules(bad):
    with pytest.raises(ValueError):
        Verdict(**bad)


def test_notes_carry_kinds():
    v = Verdict.unchecked(Cause.AMBIGUOUS, "not accused", notes=(Note(NoteKind.READER_FOUND, "it found x"),))
    assert v.notes[0].kind is NoteKind.READER_FOUND and str(v.notes[0]) == "it found x"


@pytest.mark.parametrize("latex", [
    pytest.param(r"\delta^L = \omega^{L+1 T} \delta^{L+1} \odot \sigma'(z^L)", id="layers-that-do-not-exist"),
    pytest.param(r"x \in (0, 1)", id="relation-not-checked"),
    pytest.param(r"0.5 = 0.64", id="arithmetic"),
])
def test_reasons_are_sentences_not_python_reprs(latex):
    from symcheck.notation import Context, check_reading, read

    reason = check_reading(read(latex), Context()).reason
    assert "('" not in reason and "{'" not in reason and "!r" not in reason and "'in'" not in reason
