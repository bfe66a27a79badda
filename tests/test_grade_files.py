"""Which files a batch grades: symbolic links, unreadable folders, failures with kinds."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from symcheck.errors import FailureKind
from symcheck.grade.files import Failure, collect_paths


def _tree(tmp_path):
    subs = tmp_path / "subs"
    (subs / "alice").mkdir(parents=True)
    (subs / "alice" / "hw.md").write_text("$1+1=2$\n")
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "secret.md").write_text("$2+2=5$\n")
    (outside / "deep" / "more.md").write_text("$3=3$\n")
    return subs, outside


def _names(files, root):
    return [Path(f).relative_to(root).as_posix() for f in files]


def test_links_leaving_the_folder_are_failures_saying_why(tmp_path):
    subs, outside = _tree(tmp_path)
    (subs / "bob.md").symlink_to(outside / "secret.md")
    (subs / "carol").symlink_to(outside / "deep")
    (subs / "alice" / "same.md").symlink_to(subs / "alice" / "hw.md")    # stays inside: taken
    (subs / "gone.md").symlink_to(tmp_path / "nowhere.md")
    files, failures = collect_paths([subs])
    assert _names(files, subs) == ["alice/hw.md", "alice/same.md"]
    kinds = {Path(f.file).name: f.kind for f in failures}
    assert kinds == {"bob.md": FailureKind.SYMLINK_OUTSIDE, "carol": FailureKind.SYMLINK_OUTSIDE,
                     "gone.md": FailureKind.MISSING}
    why = {Path(f.file).name: f.reason for f in failures}
    assert "outside the folder" in why["bob.md"] and "--follow-symlinks" in why["bob.md"]
    assert str(outside / "secret.md") in why["bob.md"]


def test_follow_symlinks_grades_what_the_links_lead_to(tmp_path):
    subs, outside = _tree(tmp_path)
    (subs / "bob.md").symlink_to(outside / "secret.md")
    (subs / "carol").symlink_to(outside / "deep")
    (outside / "deep" / "loop").symlink_to(subs)  # a cycle is walked once
    files, failures = collect_paths([subs], follow_symlinks=True)
    assert _names(files, subs) == ["alice/hw.md", "bob.md", "carol/more.md"]
    assert failures == []


def test_a_file_named_explicitly_is_taken_even_as_a_link(tmp_path):
    subs, outside = _tree(tmp_path)
    (subs / "bob.md").symlink_to(outside / "secret.md")
    files, failures = collect_paths([subs / "bob.md"])
    assert files == [subs / "bob.md"] and failures == []


def test_an_unreadable_folder_is_a_failure(tmp_path, monkeypatch):
    subs, _ = _tree(tmp_path)
    (subs / "locked").mkdir()
    (subs / "locked" / "x.md").write_text("$1=1$")
    real = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, failures = collect_paths([subs])
    assert _names(files, subs) == ["alice/hw.md"]
    assert [(Path(f.file).name, f.kind) for f in failures] == [("locked", FailureKind.UNREADABLE)]
    assert "Permission denied" in failures[0].reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_folder_is_a_failure_for_real(tmp_path):
    subs, _ = _tree(tmp_path)
    (subs / "locked").mkdir()
    (subs / "locked" / "x.md").write_text("$1=1$")
    os.chmod(subs / "locked", 0)
    try:
        _, failures = collect_paths([subs])
    finally:
        os.chmod(subs / "locked", 0o755)
    assert [f.kind for f in failures] == [FailureKind.UNREADABLE]


def test_failure_is_a_file_reason_pair_with_a_kind():
    f = Failure("a.md", "binary file", FailureKind.BINARY)
    file, reason = f
    assert (file, reason) == ("a.md", "binary file") and f == ("a.md", "binary file")
    assert f.kind is FailureKind.BINARY and not f.kind.transient
    again = pickle.loads(pickle.dumps(f))
    assert again == f and again.kind is FailureKind.BINARY
    assert Failure("b.md", "x", "timeout").kind.transient
