"""One place per construct (issue 11 point 5) and a house you can read
(point 6): a toy construct added as one node and one reader rule; the
notation package's modules small, acyclic, without private imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import sympy as sp

from symcheck.notation import Context, api, check_reading, read, shape_of
from symcheck.notation import vocab as V
from symcheck.notation.commands import COMMANDS, command
from symcheck.notation.readings import check_alternatives
from symcheck.verdict import Verdict

PACKAGE = Path(__file__).resolve().parents[1] / "symcheck" / "notation"


class Twice(sp.Function):
    """The toy construct ``\\twice{u}`` = 2u: its shape and its numeric meaning live on it."""

    nargs = 1

    @property
    def is_commutative(self):
        return self.args[0].is_commutative

    def _shape(self, shapes):
        return shapes.infer(self.args[0])

    def _numpy(self, env):
        return 2 * env.ev(self.args[0])


@pytest.fixture
def twice():
    def rule(r, t):  # the reader rule: one argument
        return Twice(r.group_expr())

    command("twice")(rule)
    api.clear_cache()
    yield
    COMMANDS.pop("twice")
    api.clear_cache()


@pytest.mark.parametrize("latex,verdict", [
    pytest.param(r"\twice{x} = 2x", "correct", id="scalar: right"),
    pytest.param(r"\twice{x} = 3x", "incorrect", id="scalar: wrong"),
    pytest.param(r"\twice{a^l} = 2 a^l", "correct", id="network: right"),
    pytest.param(r"\twice{a^l} = a^l", "incorrect", id="network: wrong"),
    pytest.param(r"\twice{a^l} = z^{l+1}", "incorrect", id="network: shapes differ"),
])
def test_a_toy_construct_is_one_node_and_one_rule(twice, latex, verdict):
    assert check_reading(read(latex), Context()).verdict == verdict


def test_the_toy_construct_has_its_shape(twice):
    assert shape_of(read(r"\twice{a^l}").parts[0]) == "vector(n_l)"
    assert shape_of(read(r"\twice{x}").parts[0]) == "scalar"


def test_an_unregistered_command_is_refused():
    from symcheck.errors import ParseError

    with pytest.raises(ParseError, match="unknown command"):
        read(r"\twice{x}")


def test_every_node_keeps_its_shape_and_numeric_meaning_on_itself():
    nodes = [V.Q, V.Comp, V.Grad, V.T, V.Had, V.SigmaD, V.SigmaPrimeDiag, V.Diag, V.Norm, V.Softmax,
             V.LayerProduct, V.IndexSum, V.ExampleSum, V.SymVec, V.SymDiag]
    missing = [n.__name__ for n in nodes if "_shape" not in vars(n) or "_numpy" not in vars(n)]
    assert not missing


def test_commands_form_a_table():
    for name in ("frac", "sum", "prod", "nabla", "partial", "sqrt", "gcd", "lfloor", "ln", "alpha", "mathbf"):
        assert callable(COMMANDS[name]), name


# --- the rule over several readings ------------------------------------------------------------
_OK = Verdict.correct("exact", "holds")
_NO = Verdict.incorrect("exact", "fails")
_UN = Verdict.unchecked("unsupported", "cannot tell")


class _Alt:
    def __init__(self, chosen):
        self.chosen = chosen


@pytest.mark.parametrize("first,others,established,expected", [
    pytest.param(_OK, [_OK], False, "correct", id="all correct"),
    pytest.param(_NO, [_NO], False, "incorrect", id="all incorrect"),
    pytest.param(_OK, [_NO], False, "unchecked", id="disagree: ambiguous"),
    pytest.param(_NO, [_OK], True, "unchecked", id="fails under the established one only: ambiguous"),
    pytest.param(_OK, [_NO], True, "correct", id="holds under the established reading"),
    pytest.param(_UN, [_UN], False, "unchecked", id="all unchecked"),
    pytest.param(_OK, [_UN], False, "unchecked", id="correct and unchecked: not correct"),
    pytest.param(_NO, [_UN], False, "unchecked", id="incorrect and unchecked: not incorrect"),
])
def test_the_verdict_over_several_readings(first, others, established, expected):
    from symcheck.notation.reading import Reading

    alts = tuple(Reading("s", (), chosen=(f"r{k}",), established=False) for k in range(len(others)))
    reading = Reading("s", (), ambiguities=(("s", ("r", "r0")),), alternatives=alts, chosen=("r",),
                      established=established)
    answers = {("r",): first, **{a.chosen: v for a, v in zip(alts, others)}}
    got = check_alternatives(reading, None, lambda rd, ctx: answers[rd.chosen])
    assert got.verdict == expected
    if expected == "unchecked" and first.verdict != "unchecked":
        assert got.cause == "ambiguous"


# --- the house ----------------------------------------------------------------------------------
OWNED = ("preprocess", "cursor", "statements", "reader", "names", "structures", "commands", "build", "vocab",
         "base", "shapes", "evaluate", "readings", "reading", "api")


def _imports(path):
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level >= 1:
            out.append((node.module or "", [a.name for a in node.names], node.level))
    return out


@pytest.mark.parametrize("module", OWNED)
def test_modules_fit_in_one_sitting(module):
    lines = (PACKAGE / f"{module}.py").read_text(encoding="utf-8").count("\n")
    assert lines <= 420, f"{module}.py has {lines} lines"


@pytest.mark.parametrize("module", OWNED)
def test_no_private_names_imported_across_modules(module):
    bad = [(m, n) for m, names, _ in _imports(PACKAGE / f"{module}.py") for n in names if n.startswith("_")]
    assert not bad


def test_no_import_cycles_between_notation_modules():
    graph = {}
    for path in PACKAGE.glob("*.py"):
        deps = set()
        for mod, names, level in _imports(path):
            if level == 1:
                deps |= {mod.split(".")[0]} if mod else set(names)
        graph[path.stem] = deps

    def reach(start):
        seen, todo = set(), [start]
        while todo:
            for d in graph.get(todo.pop(), ()):
                if d not in seen:
                    seen.add(d)
                    todo.append(d)
        return seen

    assert not [m for m in graph if m in reach(m)]


def test_no_dead_scaffolding():
    for module in OWNED:
        assert " and False" not in (PACKAGE / f"{module}.py").read_text(encoding="utf-8"), module
