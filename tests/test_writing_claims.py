"""docs/writing-claims.md works as written: its example claims, put in a
folder of their own, are discovered, verified and their variants rejected."""

import re
from pathlib import Path

import pytest

from symcheck.claims import discover, verify

DOC = Path(__file__).resolve().parents[1] / "docs" / "writing-claims.md"
BLOCKS = re.findall(r"<!-- writing-claims:example -->\s*```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_doc_has_its_two_examples():
    assert len(BLOCKS) == 2


@pytest.fixture(scope="module")
def claims(tmp_path_factory):
    folder = tmp_path_factory.mktemp("my_claims")
    for k, code in enumerate(BLOCKS):
        (folder / f"example_{k}.py").write_text(code, encoding="utf-8")
    return {c.id: c for c in discover(folder)}


@pytest.mark.parametrize("claim_id", ["softplus-prime", "quadratic-delta-components"])
def test_example_is_verified_with_every_variant_rejected(claims, claim_id):
    r = verify(claims[claim_id], seed=0, networks=16)
    assert r.status == "verified" and r.passed, (r.symbolic, r.numeric, [(v.name, v.how) for v in r.variants])


def test_example_family_joins_the_library_form_it_names(claims):
    library = {c.id: c for c in discover()}
    mine = claims["quadratic-delta-components"]
    assert mine.family in library and library[mine.family].setting == mine.setting
    assert claims["softplus-prime"].family == "softplus-prime"
