"""The claim model and runner: statuses, false variants, discovery, determinism."""

import textwrap

import pytest

from symcheck.claims import Claim, Variant, discover, verify
from symcheck.claims.kit import at_points, identity
from symcheck.errors import ClaimError

CLAIM_FILE = '''
from symcheck.claims import Claim, Variant
from symcheck.claims.kit import at_points, identity


def statement(variant=None):
    import sympy as sp
    x = sp.Symbol("x", real=True)
    rhs = {{None: {rhs}, "sign": -({rhs}), "plus-one": {rhs} + 1}}[variant]
    return sp.Eq({lhs}, rhs)


CLAIM = Claim(
    id="{id}", title="a test claim", source="test", latex="",
    statement=statement, symbolic=identity(statement),
    numeric=at_points(statement, {{"x": (-3.0, 3.0)}}),
    variants=(Variant("sign", "sign flipped"), Variant("plus-one", "off by one")),
)
'''


def write_claim(tmp_path, id, lhs, rhs, name="user_claims.py"):
    (tmp_path / name).write_text(CLAIM_FILE.format(id=id, lhs=lhs, rhs=rhs))
    return tmp_path


@pytest.mark.parametrize("lhs, rhs, status", [
    pytest.param("(x + 1)**2", "x**2 + 2*x + 1", "verified", id="true-identity"),
    pytest.param("(x + 1)**2", "x**2 + 2*x + 2", "refuted", id="false-identity"),
    pytest.param("sp.sin(x)**2 + sp.cos(x)**2", "sp.Integer(1)", "verified", id="needs-simplify"),
])
def test_status_of_a_user_claim(tmp_path, lhs, rhs, status):
    (claim,) = discover(write_claim(tmp_path, "c1", lhs, rhs))
    result = verify(claim, seed=1, networks=16)
    assert result.status == status
    if status == "refuted":
        ce = result.numeric.counterexample
        assert set(ce) == {"point", "lhs", "rhs"} and ce["lhs"] != pytest.approx(ce["rhs"])
    else:
        assert result.variants_rejected == 2 and result.passed


def test_a_check_that_cannot_fail_is_caught(tmp_path):
    """A numeric check that always agrees leaves the false variants unrejected."""
    from symcheck.claims.model import NumericOutcome, Outcome

    def statement(variant=None):
        import sympy as sp
        return sp.Eq(sp.Symbol("x"), sp.Symbol("x"))

    claim = Claim(id="lazy", title="", source="", latex="", statement=statement,
                  symbolic=lambda v: Outcome(None, "inconclusive"),
                  numeric=lambda v, rng, n: NumericOutcome(True, n, 0.0),
                  variants=(Variant("sign", "sign flipped"),))
    result = verify(claim)
    assert result.status == "numeric-only"
    assert result.variants_rejected == 0 and not result.passed


def test_an_unsound_symbolic_check_is_an_error():
    from symcheck.claims.model import NumericOutcome, Outcome

    claim = Claim(id="unsound", title="", source="", latex="", statement=lambda v: None,
                  symbolic=lambda v: Outcome(True, "trust me"),
                  numeric=lambda v, rng, n: NumericOutcome(v is None, n, 0.0, None if v is None else {"x": 1}),
                  variants=(Variant("sign", "sign flipped"),))
    result = verify(claim)
    assert result.status == "error" and "proved false variant" in result.error


def test_a_check_that_raises_is_an_error_not_a_crash():
    def boom(*a):
        raise RuntimeError("broken check")

    claim = Claim(id="boom", title="", source="", latex="", statement=boom, symbolic=boom, numeric=boom,
                  variants=(Variant("v", "v"),))
    result = verify(claim)
    assert result.status == "error" and "broken check" in result.error


def test_claims_need_false_variants():
    with pytest.raises(ValueError, match="no false variants"):
        Claim(id="x", title="", source="", latex="", statement=None, symbolic=None, numeric=None)


def test_verification_is_deterministic(tmp_path):
    (claim,) = discover(write_claim(tmp_path, "c1", "(x + 1)**2", "x**2 + 2*x"))
    a, b = verify(claim, seed=7), verify(claim, seed=7)
    assert a.numeric.counterexample == b.numeric.counterexample
    c = verify(claim, seed=8)
    assert c.numeric.counterexample != a.numeric.counterexample


def test_discovery_order_pattern_and_errors(tmp_path):
    write_claim(tmp_path, "b-claim", "x", "x", name="b.py")
    write_claim(tmp_path, "a-claim", "x", "x", name="a.py")
    (tmp_path / "_helpers.py").write_text("raise RuntimeError('not a claim file')\n")
    assert [c.id for c in discover(tmp_path)] == ["a-claim", "b-claim"]
    assert [c.id for c in discover(tmp_path, "b-cl")] == ["b-claim"]
    assert [c.id for c in discover(tmp_path, "a-*")] == ["a-claim"]
    write_claim(tmp_path, "a-claim", "x", "x", name="c.py")
    with pytest.raises(ClaimError, match="defined in"):
        discover(tmp_path)
    (tmp_path / "c.py").write_text("import nonexistent_module_xyz\n")
    with pytest.raises(ClaimError, match="c.py"):
        discover(tmp_path)
    with pytest.raises(ClaimError, match="no such"):
        discover(tmp_path / "missing")


def test_the_library_is_discovered():
    claims = discover()
    ids = [c.id for c in claims]
    assert "sigma-prime" in ids and len(ids) == len(set(ids))


def test_a_check_that_raises_logs_its_traceback(caplog):
    def boom(*a):
        raise RuntimeError("broken check")

    claim = Claim(id="boom", title="", source="", latex="", statement=boom, symbolic=boom, numeric=boom,
                  variants=(Variant("v", "v"),))
    with caplog.at_level("WARNING", logger="symcheck.claims.runner"):
        verify(claim)
    (record,) = [r for r in caplog.records if r.name == "symcheck.claims.runner"]
    assert record.exc_info and "broken check" in str(record.exc_info[1])


def test_a_broken_claim_file_logs_its_traceback(tmp_path, caplog):
    (tmp_path / "bad.py").write_text("raise RuntimeError('not loadable')\n")
    with caplog.at_level("DEBUG", logger="symcheck.claims.discover"), pytest.raises(ClaimError, match="bad.py"):
        discover(tmp_path)
    assert any(r.exc_info and "not loadable" in str(r.exc_info[1]) for r in caplog.records)
