"""Outputs: paths checked before work, atomic writes, text that cannot be encoded."""

from __future__ import annotations

import json
import os

import pytest

from symcheck.errors import OutputError
from symcheck.outputs import check_output_dir, check_output_path, json_text, visible, write_text


def _file(path, text="x"):
    path.write_text(text)
    return path


@pytest.mark.parametrize("make, fragment", [
    pytest.param(lambda t: t / "missing" / "dir" / "r.json", "does not exist", id="missing-folder"),
    pytest.param(lambda t: t, "folder", id="a-folder"),
    pytest.param(lambda t: _file(t / "f") / "r.json", "not a folder", id="file-as-folder"),
])
def test_bad_output_paths_are_refused(tmp_path, make, fragment):
    with pytest.raises(OutputError) as info:
        check_output_path(make(tmp_path))
    assert fragment in str(info.value)


@pytest.mark.parametrize("make", [
    pytest.param(lambda t: t / "r.json", id="new-file"),
    pytest.param(lambda t: _file(t / "old.json", "{}"), id="existing-file"),
    pytest.param(lambda t: "/dev/null", id="device"),
])
def test_good_output_paths_pass(tmp_path, make):
    assert str(check_output_path(make(tmp_path))) == str(make(tmp_path))


@pytest.mark.parametrize("make", [
    pytest.param(lambda t: _file(t / "file"), id="a-file"),
    pytest.param(lambda t: "/proc/x", id="proc"),
])
def test_bad_output_folders_are_refused(tmp_path, make):
    with pytest.raises(OutputError):
        check_output_dir(make(tmp_path))


def test_output_folder_is_created(tmp_path):
    assert check_output_dir(tmp_path / "a" / "b").is_dir()
    assert os.listdir(tmp_path / "a" / "b") == []  # the write probe is gone


def test_failed_write_leaves_the_old_report_and_no_temporary_file(tmp_path, monkeypatch):
    out = tmp_path / "report.json"
    out.write_text('{"old": true}')

    def full(*a):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OutputError, match="No space left"):
        write_text(out, '{"new": true}')
    assert out.read_text() == '{"old": true}'
    assert os.listdir(tmp_path) == ["report.json"]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_disk_full_is_an_output_error():
    with pytest.raises(OutputError, match="space"):
        write_text("/dev/full", "x" * 100000)


def test_write_keeps_the_mode_of_an_existing_file(tmp_path):
    out = tmp_path / "r.md"
    out.write_text("old")
    os.chmod(out, 0o640)
    write_text(out, "new")
    assert out.read_text() == "new" and (os.stat(out).st_mode & 0o777) == 0o640


@pytest.mark.parametrize("text", [
    pytest.param("y\ud800 = y", id="high"),
    pytest.param("\udfff", id="low"),
    pytest.param("a\\\ud83d", id="after-backslash"),
    pytest.param("ok é ∂ 😀", id="valid"),
])
def test_lone_surrogates_stay_intact_in_json_and_visible_elsewhere(tmp_path, text):
    doc = json.dumps({"latex": text}, ensure_ascii=False)
    write_text(tmp_path / "r.json", doc, json=True)
    assert json.loads((tmp_path / "r.json").read_bytes().decode("utf-8")) == {"latex": text}
    shown = visible(text)
    shown.encode("utf-8")  # never raises
    assert len(shown) == len(text)
    assert json_text(doc).encode("utf-8")
