"""`itembank render` through the CLI: refusal of banks that fail the check,
drafts, usage errors, where it may write, reproducible bytes, stale files,
and the site build refusing the printed papers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.build import BuildError, build, find_itembank_files
from generator.settings import Settings

from .helpers import make_project
from .itembank_support import copy_spec, run
from .test_itembank_check import CASES, expected, make_case
from .wordtests import all_text, open_docx, part

DRAFT = "草稿（未通过检查）"
# What makes a file unreadable: the bank's typed view leaves it out, so nothing can be printed.
UNREADABLE = {"yaml-syntax", "duplicate-key", "required", "unknown-key", "type", "too-few", "bank-file-missing"}


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    return make_case(tmp_path) / "bank"


def render(capsys: pytest.CaptureFixture[str], bank: Path, *options: str) -> tuple[int, str, str]:
    return run(capsys, "itembank", "render", str(bank), *options)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def check_lines(capsys: pytest.CaptureFixture[str], bank: Path) -> list[str]:
    """What `itembank check` reports, as text lines."""
    return run(capsys, "itembank", "check", str(bank))[1].splitlines()[:-1]


# -- refusal and drafts -------------------------------------------------------------------


@pytest.mark.parametrize("case", [c for c in CASES if any(code != "spec-version-changed" for code, *_ in expected(c))], ids=lambda p: p.name)
def test_a_bank_that_fails_the_check_is_refused_with_its_problems(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bank = make_case(tmp_path, case) / "bank"
    problems = check_lines(capsys, bank)
    code, out, err = render(capsys, bank)
    assert (code, out) == (1, "")
    assert err.splitlines()[:-1] == problems and "未生成试卷" in err.splitlines()[-1]
    assert not (bank / "print").exists()


@pytest.mark.parametrize("case", [c for c in CASES if any(code != "spec-version-changed" for code, *_ in expected(c))], ids=lambda p: p.name)
def test_draft_prints_a_bank_that_can_be_read_and_marks_every_page(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bank = make_case(tmp_path, case) / "bank"
    problems = check_lines(capsys, bank)
    code, out, err = render(capsys, bank, "--draft")
    assert err.splitlines()[: len(problems)] == problems
    if {c for c, *_ in expected(case)} & UNREADABLE:
        assert (code, out) == (1, "") and not (bank / "print").exists()
        return
    assert code == 0 and out.startswith(DRAFT)
    files = sorted((bank / "print").iterdir())
    assert len(files) == 1 + 2 * len(list((bank / "items").glob("*.yaml")))
    for path in files:
        data = path.read_bytes()
        doc = open_docx(data)
        assert all(DRAFT in "".join(p.text for p in section.header.paragraphs) for section in doc.sections), path.name
        assert DRAFT in all_text(data), path.name  # the box at the top of each part
        assert doc.core_properties.content_status == DRAFT and DRAFT in doc.core_properties.keywords


def test_draft_shows_the_placeholders_left(bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    item = bank / "items" / "item-01.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("preparation: 5", 'preparation: "【待填写：准备时间（分钟）】"'), encoding="utf-8")
    assert render(capsys, bank)[0] == 1
    assert render(capsys, bank, "--draft")[0] == 0
    assert "准备时间：【待填写：准备时间（分钟）】" in all_text((bank / "print" / "item-01-试卷.docx").read_bytes())


def test_a_passing_bank_with_draft_is_not_marked(bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = render(capsys, bank, "--draft")
    assert code == 0 and DRAFT not in out
    assert all(DRAFT not in all_text(p.read_bytes()) for p in (bank / "print").iterdir())


def test_warnings_are_shown_and_do_not_stop_the_print(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bank = make_case(tmp_path, EXAMPLE_CASES["spec-version"]) / "bank"
    code, out, err = render(capsys, bank)
    assert code == 0 and "spec-version-changed" in err and DRAFT not in out


EXAMPLE_CASES = {c.name: c for c in CASES}


def test_spec_option_as_for_check(bank: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    moved = (bank.parent / "noodles.yaml").rename(tmp_path / "noodles.yaml")
    code, _, err = render(capsys, bank)
    assert code == 1 and "spec-not-found" in err
    assert render(capsys, bank, "--spec", str(moved))[0] == 0


# -- usage --------------------------------------------------------------------------------------


@pytest.mark.parametrize("what", ["missing", "file", "not-a-bank", "missing-spec", "out-is-a-file"])
def test_usage_errors_exit_2_in_chinese(what: str, bank: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    args = {
        "missing": [str(tmp_path / "nope")],
        "file": [str(bank / "bank.yaml")],
        "not-a-bank": [str(tmp_path)],
        "missing-spec": [str(bank), "--spec", str(tmp_path / "nope.yaml")],
        "out-is-a-file": [str(bank), "--out", str(tmp_path / "a-file")],
    }[what]
    code, out, err = run(capsys, "itembank", "render", *args)
    assert code == 2 and not out and err.startswith("错误：")
    assert not (bank / "print").exists()


def test_broken_files_are_located(bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    item = bank / "items" / "item-02.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("ranges: [B, C]", "ranges: [B, C"), encoding="utf-8")
    code, out, err = render(capsys, bank, "--draft")
    assert (code, out) == (1, "")
    assert err.splitlines()[0].startswith(f"{item}:12:") and "yaml-syntax" in err


@pytest.mark.parametrize("folder", ["specs", "docs"])
@pytest.mark.parametrize("where", ["inside", "nested", "dotted"])
def test_never_writes_into_the_sites_sources(
    folder: str, where: str, bank: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_project(tmp_path)
    monkeypatch.chdir(root)
    before = {p: p.read_bytes() for p in (root / folder).rglob("*") if p.is_file()}
    out = {"inside": folder, "nested": f"{folder}/papers", "dotted": f"elsewhere/../{folder}/papers"}[where]
    code, stdout, err = render(capsys, bank, "--out", out)
    assert (code, stdout) == (2, "") and f"{folder}/" in err and "保密" in err
    assert {p: p.read_bytes() for p in (root / folder).rglob("*") if p.is_file()} == before


# -- output --------------------------------------------------------------------------------------


def test_same_bank_same_bytes(bank: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert render(capsys, bank, "--out", str(tmp_path / "one"))[0] == 0
    assert render(capsys, bank, "--out", str(tmp_path / "two"))[0] == 0
    one = snapshot(tmp_path / "one")
    assert one == snapshot(tmp_path / "two") and len(one) == 5
    for data in one.values():
        assert b"2023-11-14T22:13:20Z" in part(data, "docProps/core.xml")  # the dates come from SOURCE_DATE_EPOCH
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    assert render(capsys, bank, "--out", str(tmp_path / "three"))[0] == 0
    assert snapshot(tmp_path / "three") != one


def test_unchanged_files_are_not_rewritten(bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert render(capsys, bank)[0] == 0
    stamps = {p.name: p.stat().st_mtime_ns for p in (bank / "print").iterdir()}
    code, out, _ = render(capsys, bank)
    assert code == 0 and "另有 5 个文件内容未变" in out
    assert {p.name: p.stat().st_mtime_ns for p in (bank / "print").iterdir()} == stamps


def test_files_of_items_no_longer_in_the_bank_are_removed(bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = bank / "print"
    out.mkdir()
    (out / "mine-试卷.docx").write_bytes(b"not a bank file")  # not ours: left alone
    (out / "notes.txt").write_text("x", encoding="utf-8")
    assert render(capsys, bank)[0] == 0
    (bank / "items" / "item-02.yaml").rename(bank / "items" / "item-03.yaml")
    code, stdout, _ = render(capsys, bank)
    assert code == 0 and "item-02-试卷.docx" in stdout
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["全套试卷.docx", "item-01-试卷.docx", "item-01-评分记录表.docx", "item-03-试卷.docx", "item-03-评分记录表.docx", "mine-试卷.docx", "notes.txt"]
    )


@pytest.mark.parametrize("folder", ["docs", "specs"])
def test_the_site_build_refuses_printed_papers(folder: str, bank: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert render(capsys, bank)[0] == 0
    root = make_project(tmp_path)
    shutil.copytree(bank / "print", root / folder / "papers")
    planted = sorted(f"{folder}/papers/{p.name}" for p in (bank / "print").iterdir())
    found = find_itembank_files(Settings(root=root))
    assert {p.code for p in found} == {"itembank-in-sources"}
    assert sorted(Path(p.file).resolve().relative_to(root.resolve()).as_posix() for p in found) == planted
    with pytest.raises(BuildError) as raised:
        build(Settings(root=root), site=False)
    assert len(raised.value.problems) == len(planted)


def test_a_real_spec_scaffolded_and_filled_prints_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The whole path a writer takes: scaffold, fill, check, render."""
    from .itembank_support import fill_bank

    spec = copy_spec(tmp_path)
    assert run(capsys, "scaffold", str(spec), "--out", str(tmp_path / "bank"))[0] == 0
    assert render(capsys, tmp_path / "bank")[0] == 1  # placeholders left
    fill_bank(tmp_path / "bank")
    code, out, err = render(capsys, tmp_path / "bank")
    assert code == 0 and not err and "保密" in out
