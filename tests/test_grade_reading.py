"""symcheck.grade.reading: the words around a step that say what kind of step it is."""

import pytest

from symcheck.grade import grade_text
from symcheck.grade.reading import ASSUME_WORDS, SETTING_WORDS, has_word


@pytest.mark.parametrize("context,words,expected", [
    pytest.param("let x be", SETTING_WORDS, True, id="let"),
    pytest.param("let's consider", SETTING_WORDS, True, id="lets-consider-still-considers"),
    pytest.param("let's first derive equation (81):", SETTING_WORDS, False, id="lets-derive-is-no-setting"),
    pytest.param("let us show that", SETTING_WORDS, False, id="let-us-show-is-no-setting"),
    pytest.param("gradient with respect to", SETTING_WORDS, False, id="with-respect-to-is-no-setting"),
    pytest.param("the derivative with respect to", ASSUME_WORDS, False, id="with-respect-to-is-no-assumption"),
    pytest.param("with c > 0", SETTING_WORDS, True, id="with"),
    pytest.param("outlet", SETTING_WORDS, False, id="whole-words-only"),
])
def test_has_word(context, words, expected):
    assert has_word(context, words) is expected


@pytest.mark.parametrize("text,verdict", [
    pytest.param("Let's first check: $2 + 2 = 4$.\n", "correct", id="lets-check-is-a-claim"),
    pytest.param("The sum with respect to order: $$2 + 3 = 5$$ here\n", "correct", id="with-respect-to-is-a-claim"),
    pytest.param("Let's consider $x = 2 + 2$ here.\n", "unchecked", id="lets-consider-is-a-setting-or-definition"),
])
def test_the_words_before_a_step(text, verdict):
    (step,) = grade_text(text).steps
    assert step.verdict.verdict == verdict, step.verdict.reason
