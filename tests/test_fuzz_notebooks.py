"""Fuzz: notebooks with lone surrogates, NUL characters and odd cells always get
a report or a typed refusal, every format renders them, and no "internal error"
is left (issue 16, items 4 and 13)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symcheck.grade.batch import grade_one
from symcheck.grade.formats import to_gradescope, to_json, to_markdown
from symcheck.limits import Limits

LIMITS = Limits(step_seconds=1.0, file_seconds=20.0)

_math = st.sampled_from(["$$x = x + 1$$", "$$2+2=5$$", "$1+1=2$", "$$\\sigma'(z) = \\sigma(z)(1-\\sigma(z))$$",
                         "$$\\exp(\\exp(\\exp(\\exp(100)))) = 0$$", "Problem 1", "$$y\ud800 = y$$", "$$a\x00 = a$$"])
_text = st.one_of(_math, st.text(st.characters(blacklist_categories=()), max_size=30),
                  st.lists(_math, max_size=3).map("\n\n".join))
_source = st.one_of(_text, st.lists(_text, max_size=3), st.integers(), st.none(),
                    st.lists(st.one_of(st.integers(), _text), min_size=1, max_size=3),
                    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))
_cell = st.one_of(
    st.fixed_dictionaries({"cell_type": st.sampled_from(["markdown", "code", "raw", "", "Markdown"]),
                           "source": _source}),
    st.fixed_dictionaries({"source": _source}),
    st.integers(), st.none(), st.text(max_size=5), st.lists(st.integers(), max_size=2),
    st.fixed_dictionaries({"cell_type": st.one_of(st.integers(), st.none(), st.lists(st.text(max_size=2)))}),
)
_notebook = st.one_of(
    st.fixed_dictionaries({"cells": st.lists(_cell, max_size=4)}),
    st.fixed_dictionaries({"cells": st.one_of(st.integers(), st.text(max_size=4), st.none())}),
    st.lists(_cell, max_size=2),
)


def _render_everywhere(report) -> None:
    """Every format's text can be written: JSON keeps surrogates as escapes, the others replace them."""
    from symcheck.cli.grade_terminal import text_report
    from symcheck.outputs import json_text, visible

    for text in (to_json([report]), to_gradescope(report)):
        assert json.loads(json_text(text).encode("utf-8")) == json.loads(text)
    for text in (to_markdown([report]), text_report([report], [], 0.0, all_steps=True)):
        visible(text).encode("utf-8")


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(nb=_notebook)
def test_odd_notebooks_get_a_report_or_a_typed_refusal(tmp_path_factory, nb):
    path = tmp_path_factory.mktemp("nb") / "hw.ipynb"
    path.write_text(json.dumps(nb, ensure_ascii=True), encoding="utf-8")  # valid JSON, escapes included
    status, value = grade_one(None, str(path), None, LIMITS)
    if status == "ok":
        assert "internal error" not in json.dumps(value.to_json())
        _render_everywhere(value)
    else:
        assert value.kind.value != "internal", value
        assert "internal error" not in value.reason


@pytest.mark.parametrize("nb", [
    pytest.param({"cells": [{"cell_type": "markdown", "source": "$$y\ud800 = y + 1$$"}]}, id="surrogate"),
    pytest.param({"cells": [{"cell_type": "markdown", "source": ["$$a\x00", " = a$$"]}]}, id="nul"),
    pytest.param({"cells": [{"cell_type": "markdown", "source": [1, 2, 3]}]}, id="source-ints"),
    pytest.param({"cells": [{"cell_type": 7, "source": "$$1=2$$"}, None, "x"]}, id="odd-cells"),
])
def test_named_notebooks(tmp_path, nb):
    path = tmp_path / "hw.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    status, value = grade_one(None, str(path), None, LIMITS)
    text = json.dumps(value.to_json() if status == "ok" else list(value))
    assert "internal error" not in text
