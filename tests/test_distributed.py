"""Grading on a Dask cluster (symcheck.grade.distributed) gives exactly the
reports of the local batch. Uses a LocalCluster of 2 worker processes on
this machine; skipped when dask[distributed] is not installed."""

import json
import os
from pathlib import Path

import pytest

from symcheck import __version__
from symcheck.grade import GradeOptions
from symcheck.grade.batch import grade_paths
from symcheck.grade.batch import FILES_PER_WORKER
from symcheck.grade.distributed import ClusterError, check_workers, chunks, grade_paths_dask
from symcheck.limits import Limits

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

try:
    import distributed  # noqa: F401

    HAS_DASK = True
except ImportError:
    HAS_DASK = False
needs_dask = pytest.mark.skipif(not HAS_DASK, reason="dask[distributed] is not installed (pip install 'symcheck[dask]')")

FIXTURES = {
    "neuron.md": "## Problem 1\n\nA neuron with $w = 2$, $b = -1$ and input $x = 3$:\n\n"
                 "$$z = wx + b = (2)(3) + (-1) = 5$$\n\n$$z = 2 \\cdot 3 - 1 = 6$$\n",
    "sigmoid.txt": "### Problem 2\n\n$$\\sigma'(z) = \\sigma(z)(1-\\sigma(z))$$\n\n"
                   "$$(x+3)^2 = x^2 + 6x + 9$$\n\n$$\\delta^L = \\nabla_a C \\odot \\sigma'(z^L)$$\n",
    "cost.tex": "\\section*{Problem 3}\n\\begin{align*}\nC &= \\frac{1}{2}(y - a)^2 \\\\\n"
                "\\frac{\\partial C}{\\partial a} &= (a - y)\n\\end{align*}\n",
    "empty.md": "   \n",
}


def options() -> GradeOptions:
    """The options ``symcheck grade`` builds by default."""
    return GradeOptions(seed=0, trials=8, step_seconds=3.0, limits=Limits(step_seconds=3.0))


def as_json(result) -> str:
    return json.dumps(result.to_json(), sort_keys=True, ensure_ascii=False)


@pytest.fixture(scope="module")
def client():
    from distributed import Client

    from symcheck.grade.distributed import local_cluster

    with local_cluster(n_workers=2) as cluster, Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def fixtures_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("submissions")
    for name, text in FIXTURES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "scan.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    return folder


@pytest.fixture(scope="module")
def local_runs():
    """The local batch's result per source, computed once (grading is the slow part)."""
    return {}


def example_paths() -> list:
    files = sorted(p for p in EXAMPLES.rglob("*") if p.is_file() and p.suffix in (".md", ".txt", ".tex", ".ipynb"))
    if not files:
        pytest.skip("examples/ has no submissions")
    return files


@needs_dask
@pytest.mark.parametrize("source", [pytest.param("examples", id="examples"), pytest.param("fixtures", id="fixtures")])
@pytest.mark.parametrize("send_files", [pytest.param(True, id="files-sent"), pytest.param(False, id="shared-paths")])
def test_reports_identical_to_local_run(client, fixtures_dir, local_runs, source, send_files):
    paths = example_paths() if source == "examples" else [fixtures_dir]
    if source not in local_runs:
        local_runs[source] = grade_paths(paths, options(), jobs=2)
    local = local_runs[source]
    remote = grade_paths_dask(paths, options(), client=client, send_files=send_files)
    assert local.reports, "nothing was graded: the comparison would be empty"
    assert as_json(remote) == as_json(local)
    assert [r.file for r in remote.reports] == sorted(r.file for r in remote.reports)


@needs_dask
def test_files_of_the_same_name_in_one_chunk(client, tmp_path):
    """Files are sent in chunks; two files called the same (in different
    folders) in one chunk are still two files, each with its own report."""
    for folder, text in (("a", FIXTURES["neuron.md"]), ("b", FIXTURES["sigmoid.txt"].replace(".txt", ""))):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "hw.md").write_text(text, encoding="utf-8")
    local = grade_paths([tmp_path], options(), jobs=1)
    remote = grade_paths_dask([tmp_path], options(), client=client)
    assert [r.file for r in remote.reports] == [str(tmp_path / "a" / "hw.md"), str(tmp_path / "b" / "hw.md")]
    assert as_json(remote) == as_json(local)


@pytest.mark.parametrize("n, threads, sizes", [
    pytest.param(300, 2, [FILES_PER_WORKER] * 12, id="many-files-full-chunks"),
    pytest.param(10, 2, [3, 3, 3, 1], id="few-files-two-chunks-per-thread"),
    pytest.param(3, 8, [1, 1, 1], id="more-threads-than-files"),
    pytest.param(0, 2, [], id="nothing"),
])
def test_chunks(n, threads, sizes):
    items = list(range(n))
    got = chunks(items, threads)
    assert [len(c) for c in got] == sizes and [i for c in got for i in c] == items


@needs_dask
def test_reports_identical_with_an_answer_key(client):
    from symcheck.grade.key import load_key

    if not (EXAMPLES / "key.toml").is_file():
        pytest.skip("examples/key.toml is absent")
    opts = GradeOptions(seed=0, trials=8, step_seconds=3.0, limits=Limits(step_seconds=3.0),
                        key=load_key(EXAMPLES / "key.toml"))
    paths = example_paths()
    local = grade_paths(paths, opts, jobs=2)
    remote = grade_paths_dask(paths, opts, client=client)
    assert any(r.score is not None for r in local.reports)
    assert as_json(remote) == as_json(local)


@needs_dask
def test_unreadable_files_are_failures_as_in_the_local_run(client, fixtures_dir):
    result = grade_paths_dask([fixtures_dir], options(), client=client)
    failed = {Path(f).name: why for f, why in result.failures}
    assert set(failed) == {"empty.md", "scan.md"}
    assert "binary" in failed["scan.md"] and "empty" in failed["empty.md"]
    assert result.exit_code == 3


@needs_dask
def test_resume_reuses_results_with_the_local_keys(client, fixtures_dir, tmp_path_factory):
    store = tmp_path_factory.mktemp("resume")
    first = grade_paths([fixtures_dir], options(), resume_dir=store)
    again = grade_paths_dask([fixtures_dir], options(), client=client, resume_dir=store)
    assert sorted(Path(f).name for f in again.resumed) == ["cost.tex", "neuron.md", "sigmoid.txt"]
    assert as_json(again) == as_json(first)


@needs_dask
def test_progress_is_told_of_every_file(client, fixtures_dir):
    seen = []
    grade_paths_dask([fixtures_dir], options(), client=client, progress=lambda name, outcome: seen.append(outcome))
    assert sorted(seen) == sorted(["graded"] * 3 + ["failed"] * 2)


@needs_dask
def test_cli_dask_flag_writes_the_local_report(client, tmp_path):
    from symcheck.cli import build_parser, main

    try:
        build_parser().parse_args(["grade", "x.md", "--dask", "tcp://127.0.0.1:9"])
    except SystemExit:
        pytest.skip("symcheck grade has no --dask flag yet")
    paths = [str(p) for p in example_paths()]
    local, remote = tmp_path / "local.json", tmp_path / "dask.json"
    code_local = main(["grade", *paths, "--jobs", "2", "--format", "json", "-o", str(local)])
    code_dask = main(["grade", *paths, "--dask", client.scheduler_info()["address"], "--format", "json",
                      "-o", str(remote)])
    assert code_dask == code_local
    assert remote.read_bytes() == local.read_bytes()


@needs_dask
def test_unreachable_scheduler_is_a_cluster_error(fixtures_dir):
    with pytest.raises(ClusterError, match="cannot reach"):
        grade_paths_dask([fixtures_dir / "neuron.md"], options(), "tcp://127.0.0.1:9", connect_seconds=1)


class FakeClient:
    """Answers what check_workers asks: the scheduler's workers, and each worker's info."""

    def __init__(self, infos):
        self.infos = infos

    def scheduler_info(self):
        return {"workers": {"tcp://w1": {}}}

    def run(self, fn):
        return self.infos


@pytest.mark.parametrize("infos, message", [
    pytest.param({"tcp://w1": {"symcheck": "0.0.1", "daemon": False}}, "runs symcheck 0.0.1", id="other-version"),
    pytest.param({"tcp://w1": {"symcheck": __version__, "daemon": True}}, "DAEMON=False", id="daemon-worker"),
    pytest.param({}, "no workers", id="no-workers"),
])
def test_workers_that_cannot_grade_are_refused(infos, message):
    with pytest.raises(ClusterError, match=message):
        check_workers(FakeClient(infos), wait_seconds=0.1)


def test_workers_that_can_grade_are_accepted():
    infos = {"tcp://w1": {"symcheck": __version__, "daemon": False}}
    assert check_workers(FakeClient(infos), wait_seconds=0.1) == infos


def test_without_dask_the_error_says_what_to_install(monkeypatch, fixtures_dir):
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    with pytest.raises(ClusterError, match=r"symcheck\[dask\]"):
        grade_paths_dask([fixtures_dir], options(), "tcp://127.0.0.1:9")


SHARED = Path(os.environ.get("SYMCHECK_SHARED", ROOT.parent / "shared"))  # ../shared, or where it is


@needs_dask
@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds not available")
def test_the_same_reasons_everywhere_jobs_1_jobs_2_and_dask(client, tmp_path):
    """Issue 15: the JSON that ``symcheck grade --format json`` prints is byte-identical with
    ``--jobs 1``, ``--jobs 2`` and Dask, failures (and their kinds) included."""
    from symcheck.grade.formats import to_json

    seed = next((SHARED / "seeds").glob("*.txt"))
    subs = tmp_path / "subs"
    subs.mkdir()
    for i in range(3):
        (subs / f"seed{i}.txt").write_bytes(seed.read_bytes())
    for f in sorted((SHARED / "corpus").glob("*.md"))[:3]:
        if f.name != "MANIFEST.md":
            (subs / f.name).write_bytes(f.read_bytes())
    (subs / "odd.ipynb").write_text('{"cells":[{"cell_type":"markdown","source":[1,2,3]}]}')
    (subs / "sur.ipynb").write_text('{"cells":[{"cell_type":"markdown","source":"$$y\\ud800 = y + 1$$"}]}')
    (tmp_path / "elsewhere.md").write_text("$$2+2=5$$\n")
    (subs / "link.md").symlink_to(tmp_path / "elsewhere.md")
    runs = {"jobs-1": grade_paths([subs], options(), jobs=1), "jobs-2": grade_paths([subs], options(), jobs=2),
            "dask": grade_paths_dask([subs], options(), client=client)}
    if any(s.verdict.cause == "timeout" for r in runs.values() for rep in r.reports for s in rep.steps):
        pytest.skip("a step hit its time limit on this (loaded) machine: timeouts depend on load")
    texts = {name: to_json(r.reports, r.failures) + as_json(r) for name, r in runs.items()}
    assert texts["jobs-1"] == texts["jobs-2"] == texts["dask"]
    kinds = {Path(f.file).name: f.kind.value for f in runs["dask"].failures}
    assert kinds == {"odd.ipynb": "unreadable-format", "link.md": "symlink-outside"}
