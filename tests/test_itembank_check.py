"""`itembank check` over a tree of example banks.

tests/examples/itembank/base/ is a filled bank (bank/) and its spec
(noodles.yaml); it checks clean. Each cases/<case>/ holds only the files that
differ from the base, an optional remove.txt, and expected.txt: one problem
per line, `CODE FILE LINE` or `CODE FILE LINE:COLUMN`. The errors and warnings
found must be exactly these.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.itembank.check import check_bank
from generator.problems import Severity

from .helpers import ROOT

EXAMPLES = ROOT / "tests" / "examples" / "itembank"
CASES = sorted(p for p in (EXAMPLES / "cases").iterdir() if p.is_dir())


def make_case(tmp: Path, case: Path | None = None) -> Path:
    """The base bank with the case's files laid over it; returns the tree's root."""
    root = tmp / "tree"
    shutil.copytree(EXAMPLES / "base", root)
    if case is not None:
        for path in sorted(case.rglob("*")):
            rel = path.relative_to(case)
            if path.is_file() and path.name not in ("expected.txt", "remove.txt"):
                (root / rel).write_bytes(path.read_bytes())
        if (case / "remove.txt").exists():
            for rel in (case / "remove.txt").read_text(encoding="utf-8").split():
                (root / rel).unlink()
    return root


def expected(case: Path) -> set[tuple[str, str, int, int | None]]:
    out = set()
    for raw in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
        if raw.strip() and not raw.startswith("#"):
            code, file, where = raw.split()
            line, _, col = where.partition(":")
            out.add((code, file, int(line), int(col) if col else None))
    return out


def found(root: Path) -> set[tuple[str, str, int, int]]:
    result = check_bank(root / "bank")
    return {
        (p.code, Path(p.file).resolve().relative_to(root.resolve()).as_posix(), p.line, p.column) for p in result.problems if p.severity is not Severity.NOTE
    }


def test_base_bank_checks_clean(tmp_path: Path) -> None:
    assert found(make_case(tmp_path)) == set()


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_case_gives_expected_codes_files_and_lines(case: Path, tmp_path: Path) -> None:
    want = expected(case)
    assert want, f"{case}/expected.txt lists no problem"
    got = found(make_case(tmp_path, case))
    assert {(c, f, line) for c, f, line, _ in got} == {(c, f, line) for c, f, line, _ in want}
    assert {w for w in want if w[3] is not None} <= got


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_case_through_the_cli(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_case(tmp_path, case)
    errors = any(code != "spec-version-changed" for code, *_ in expected(case))
    assert main(["itembank", "check", str(root / "bank"), "--format", "json"]) == (1 if errors else 0)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    data = json.loads(captured.out)
    assert {p["code"] for p in data["problems"]} == {code for code, *_ in expected(case)}


def test_every_catalogued_bank_code_has_a_case_or_a_test() -> None:
    """The example tree exercises the bank's own codes (structure codes belong to the loader)."""
    from generator.itembank.codes import ITEMBANK_CODES

    in_cases = {code for case in CASES for code, *_ in expected(case)}
    tested_elsewhere = {"bank-file-missing"}  # also covered by a case; items/ missing is tested in test_itembank_cli
    assert {c.code for c in ITEMBANK_CODES} - in_cases - tested_elsewhere == set()


def test_structure_messages_name_the_field(tmp_path: Path) -> None:
    """A wrong type is reported with the key an author sees in the file."""
    problems = check_bank(make_case(tmp_path, EXAMPLES / "cases" / "shape") / "bank").problems
    messages = {p.code: p.message for p in problems}
    assert messages["type"] == "“marks”应为整数，实为文字"
    assert messages["required"] == "缺少“criteria”"
