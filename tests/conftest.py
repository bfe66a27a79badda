import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SYMCHECK_SHARED") or ROOT.parent / "shared")  # the env var: a checkout elsewhere
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture
def shared_dir():
    """``../shared`` beside the checkout, or skip (a user's machine has none)."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


# Property tests draw the same examples on every run (the brief: same input,
# same report -- and a test run is no exception); no example database.
try:
    from hypothesis import settings

    settings.register_profile("deterministic", derandomize=True, database=None)
    settings.load_profile("deterministic")
except ImportError:  # hypothesis is a test extra; tests that need it import it themselves
    pass
