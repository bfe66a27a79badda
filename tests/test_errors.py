"""Typed errors and the enums decisions read."""

from __future__ import annotations

import pickle

import pytest

from symcheck.errors import (BadFile, BudgetSpent, CheckTimeout, ExitCode, FailureKind, LimitExceeded, OutputError,
                             ParseError, ParseErrorKind)


@pytest.mark.parametrize("error", [
    pytest.param(ParseError("unexpected '}'", "x}", 1, kind=ParseErrorKind.UNSUPPORTED), id="parse"),
    pytest.param(LimitExceeded("nesting depth", 60, 50), id="limit"),
    pytest.param(BadFile("a.md", "binary", "binary file"), id="bad-file"),
    pytest.param(OutputError("/x/r.json", "the folder /x does not exist"), id="output"),
])
def test_typed_errors_survive_pickling_whole(error):
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error) and str(again) == str(error) and vars(again) == vars(error)


def test_kinds_are_enums_that_compare_as_their_codes():
    assert ParseError("x").kind is ParseErrorKind.SYNTAX
    assert BadFile("a", "not-utf8", "d").kind is FailureKind.NOT_UTF8 and FailureKind.NOT_UTF8 == "not-utf8"
    assert {k for k in FailureKind if k.transient} == {FailureKind.TIMEOUT, FailureKind.WORKER_DIED}
    with pytest.raises(ValueError):
        BadFile("a", "no-such-kind", "d")


def test_exit_codes_and_budget():
    assert [int(c) for c in ExitCode] == [0, 1, 2, 3, 4, 130]
    assert issubclass(BudgetSpent, CheckTimeout) and not issubclass(CheckTimeout, Exception)
