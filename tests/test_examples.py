"""The trees of example files: valid ones pass cleanly, each invalid case gives
exactly its expected codes at its expected lines, through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.problems import Severity
from generator.validation import validate

from .helpers import ROOT

EXAMPLES = ROOT / "tests" / "examples"
VALID = sorted((EXAMPLES / "valid").glob("*.yaml"))
INVALID = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())


def _case_file(case: Path) -> Path:
    files = [p for p in case.iterdir() if p.name != "expected.txt"]
    assert len(files) == 1, f"{case} must hold exactly one file besides expected.txt"
    return files[0]


def _expected(case: Path) -> set[tuple[str, int, int | None]]:
    out = set()
    for raw in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        code, where = line.split()
        row, _, col = where.partition(":")
        out.add((code, int(row), int(col) if col else None))
    return out


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_example_has_no_problem(path: Path) -> None:
    result = validate([path], specs_dir=ROOT / "specs")
    assert [p for p in result.problems if p.severity is not Severity.NOTE] == []


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_example_gives_expected_codes_and_lines(case: Path) -> None:
    expected = _expected(case)
    assert expected, f"{case}/expected.txt lists no problem"
    result = validate([_case_file(case)], specs_dir=ROOT / "specs")
    found = {(p.code, p.line, p.column) for p in result.problems if p.severity is not Severity.NOTE}
    with_cols = {(c, r, col) for c, r, col in expected if col is not None}
    without = {(c, r) for c, r, col in expected if col is None}
    assert with_cols <= found
    assert {(c, r) for c, r, _ in found} == without | {(c, r) for c, r, _ in with_cols}


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_example_exits_1_without_traceback(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # --strict: a case may hold only warnings (name-form, waiver-unused …), which fail CI too
    assert main(["validate", "--strict", str(_case_file(case))]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
