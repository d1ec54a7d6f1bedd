"""The validation cache never hides a problem: any change to a file, to the
lists it refers to, or to the set of specs starts it afresh."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.validation import validate

from .helpers import ROOT


def _setup(tmp_path: Path) -> tuple[Path, Path]:
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs" / "lists", specs / "lists")
    shutil.copy(ROOT / "tests" / "examples" / "valid" / "full.yaml", specs / "noodle.yaml")
    shutil.copy(ROOT / "tests" / "examples" / "valid" / "minimal.yaml", specs / "minimal.yaml")
    return specs, tmp_path / "cache.json"


def _run(specs: Path, cache: Path) -> set[tuple[str, str, int]]:
    result = validate([specs], specs_dir=specs, cache=cache)
    return {(Path(p.file).name, p.code, p.line) for p in result.problems if p.severity.value != "note"}


def test_a_cached_file_is_checked_again_once_it_changes(tmp_path: Path) -> None:
    specs, cache = _setup(tmp_path)
    assert _run(specs, cache) == set()
    assert cache.is_file()
    assert _run(specs, cache) == set()  # served from the cache
    text = (specs / "minimal.yaml").read_text(encoding="utf-8")
    (specs / "minimal.yaml").write_text(text.replace("weight: 20", "weight: 25"), encoding="utf-8")
    assert ("minimal.yaml", "weights-sum", 11) in _run(specs, cache)


def test_a_change_in_the_lists_invalidates_the_cache(tmp_path: Path) -> None:
    specs, cache = _setup(tmp_path)
    text = (specs / "noodle.yaml").read_text(encoding="utf-8")
    (specs / "noodle.yaml").write_text(text.replace("dates:", 'entry:\n  list: sc2020-national\n  number: "107"\ndates:'), encoding="utf-8")
    assert _run(specs, cache) == set()
    lists = specs / "lists" / "sc2020-national.yaml"
    lists.write_text(lists.read_text(encoding="utf-8").replace('  - number: "107"\n    name: "兰州牛肉拉面制作"\n', ""), encoding="utf-8")
    assert ("noodle.yaml", "entry-unknown") in {(name, code) for name, code, _ in _run(specs, cache)}


def test_a_reference_to_a_spec_that_disappears_is_reported(tmp_path: Path) -> None:
    specs, cache = _setup(tmp_path)
    text = (specs / "minimal.yaml").read_text(encoding="utf-8")
    (specs / "minimal.yaml").write_text(
        text.replace("status: draft", 'status: retired\nreplaced_by: noodle\ndates:\n  retired: "2024-01-01"'), encoding="utf-8"
    )
    assert _run(specs, cache) == set()
    (specs / "noodle.yaml").unlink()
    assert any(code == "spec-unknown" for _, code, _ in _run(specs, cache))
