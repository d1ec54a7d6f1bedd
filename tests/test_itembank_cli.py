"""The item-bank commands through the real CLI: exit codes, formats, bad input,
and a code catalogue that lists every code the checker can emit."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.itembank import codes
from generator.itembank.allocation import largest_remainder, range_targets
from generator.itembank.numbering import range_code, range_index

from .helpers import ROOT
from .itembank_support import run
from .test_itembank_check import EXAMPLES


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES / "base", tmp_path / "tree")
    return tmp_path / "tree" / "bank"


def test_check_ok_exits_0(bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "itembank", "check", str(bank))
    assert code == 0 and out.count("\n") == 1


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_check_formats(fmt: str, bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    item = bank / "items" / "item-01.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("criteria: 称量误差超过 10 克扣 5 分", 'criteria: "【待填写：评分标准】"'), encoding="utf-8")
    code, out, _ = run(capsys, "itembank", "check", str(bank), "--format", fmt)
    assert code == 1
    first = out.splitlines()[0]
    if fmt == "json":
        problem = json.loads(out)["problems"][0]
        assert (problem["code"], problem["line"], problem["path"]) == ("placeholder", 65, "$.scoring[0].criteria")
    elif fmt == "github":
        assert first.startswith("::error file=") and ",line=65," in first and "title=placeholder" in first
    else:
        assert re.match(r".*item-01\.yaml:65:15: error placeholder ", first)


def test_check_with_explicit_spec(bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = bank.parent / "noodles.yaml"
    moved = spec.rename(bank.parent.parent / "noodles.yaml")
    assert run(capsys, "itembank", "check", str(bank))[0] == 1  # spec-not-found
    assert run(capsys, "itembank", "check", str(bank), "--spec", str(moved))[0] == 0


@pytest.mark.parametrize("what", ["missing", "file", "not-a-bank", "missing-spec"])
def test_usage_errors_exit_2(what: str, bank: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = {
        "missing": [str(tmp_path / "nope")],
        "file": [str(bank / "bank.yaml")],
        "not-a-bank": [str(tmp_path)],
        "missing-spec": [str(bank), "--spec", str(tmp_path / "nope.yaml")],
    }[what]
    code, out, err = run(capsys, "itembank", "check", *args)
    assert code == 2 and not out and err.startswith("错误：")


def test_broken_manifest_is_located(bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (bank / "bank.yaml").write_text((bank / "bank.yaml").read_text(encoding="utf-8").replace("format: 1", "format: [1"), encoding="utf-8")
    code, out, _ = run(capsys, "itembank", "check", str(bank), "--format", "json")
    assert code == 1
    assert [(p["code"], Path(p["file"]).name) for p in json.loads(out)["problems"]] == [("yaml-syntax", "bank.yaml")]


def test_missing_items_folder(bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(bank / "items")
    code, out, _ = run(capsys, "itembank", "check", str(bank), "--format", "json")
    assert code == 1
    assert [(p["code"], Path(p["file"]).name) for p in json.loads(out)["problems"]] == [("bank-file-missing", "items")]


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_codes_are_listable(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert codes.main(["--format", fmt]) == 0
    out = capsys.readouterr().out
    for code in codes.catalogue():
        assert f"`{code}`" in out if fmt == "markdown" else code in out
    if fmt == "json":
        assert [c["code"] for c in json.loads(out)] == list(codes.catalogue())


def test_codes_bad_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert codes.main(["--format", "xml"]) == 2
    assert capsys.readouterr().err


def test_every_emitted_code_is_catalogued() -> None:
    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator" / "itembank").glob("*.py"))
    emitted = set(re.findall(r'(?:problem|Problem)\(\s*"([a-z-]+)"', source))
    assert emitted, "the pattern finds nothing: the test would prove nothing"
    assert emitted <= set(codes.catalogue())
    assert {c.code for c in codes.ITEMBANK_CODES} <= emitted


@given(st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=30), st.integers(min_value=0, max_value=500))
def test_largest_remainder_sums_exactly_and_stays_within_one(weights: list[int], total: int) -> None:
    shares = largest_remainder(total, weights)
    if sum(weights) == 0:
        assert shares == [0] * len(weights)
        return
    assert sum(shares) == total
    for share, weight in zip(shares, weights, strict=True):
        assert abs(share - total * weight / sum(weights)) < 1


def test_range_targets_scale_the_weights() -> None:
    assert range_targets(100, [25, 20, 35, 20]) == [25, 20, 35, 20]
    assert range_targets(50, [25, 25, 35, 15]) == [13, 13, 17, 7]  # quotas 12.5 12.5 17.5 7.5: ties go to the earlier


@given(st.integers(min_value=0, max_value=26 * 27 - 1))
def test_range_codes_round_trip(index: int) -> None:
    assert range_index(range_code(index)) == index
