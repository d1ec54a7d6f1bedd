"""Re-running scaffold on a filled bank never destroys a writer's work.

The central test fills every item as a writer would (placeholders replaced,
comments added, spacing changed), changes the spec (a task added, one
removed, one reweighted, a practice added), scaffolds again, and finds every
original line intact, in order: the files only gained lines. check then
reports exactly what needs the writer's attention.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import pytest

from generator.itembank.bank import HEADER
from generator.itembank.check import check_bank
from generator.problems import Severity

from .helpers import MINIMAL
from .itembank_support import copy_spec, edit_spec, fill_bank, line_of, load, run

NEW_PRACTICE = "能将饧好的面团分剂，每剂重量误差不超过10克"
NEW_TASK = {
    "title": "煮面与出品",
    "weight": 30,
    "practices": ["能掌握煮面火候，面条熟而不烂", "能按出品标准装碗"],
    "knowledge": ["煮面的火候与时间", "食品卫生知识"],
}


def change_spec(data: dict[str, Any]) -> None:
    """Add a task, remove one, reweight one, add a practice; weights still sum to 100."""
    tasks = data["tasks"]
    data["version"] = "1.1"
    tasks[1]["practices"].append(NEW_PRACTICE)  # 和面与饧面
    tasks[2]["weight"] = 25  # 拉面成型, was 35
    del tasks[3]  # 煮面与调配, 20
    tasks.append(NEW_TASK)


def writer_edits(bank: Path) -> None:
    """Beyond filling placeholders: comments, odd spacing, blank lines, a trailing note."""
    fill_bank(bank)
    item = bank / "items" / "item-02.yaml"
    text = item.read_text(encoding="utf-8")
    text = text.replace("  - point: B02\n", "\n  # 张老师负责这一条\n  - point: B02\n").replace("    marks: 7\n", "    marks:    7\n", 1)
    item.write_text(text + "# 本题已审：2024-05-20\n", encoding="utf-8")
    blueprint = bank / "blueprint.yaml"
    text = blueprint.read_text(encoding="utf-8").replace("  - code: B\n", "  # 专家组意见：B 的配分不变\n  - code: B\n")
    blueprint.write_text(text.replace("      - code: C01\n", "      - code: C01   # 重点\n"), encoding="utf-8")


def only_insertions(before: str, after: str) -> list[str]:
    """The lines ``after`` adds to ``before``; fails if any original line changed or moved."""
    old, new = before.split("\n"), after.split("\n")
    added = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        assert tag in ("equal", "insert"), (tag, old[i1:i2], new[j1:j2])
        added += new[j1:j2] if tag == "insert" else []
    return added


@pytest.fixture
def rescaffolded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, dict[Path, str], str]:
    spec, bank = copy_spec(tmp_path), tmp_path / "bank"
    assert run(capsys, "scaffold", str(spec), "--out", str(bank))[0] == 0
    writer_edits(bank)
    before = {p: p.read_text(encoding="utf-8") for p in bank.rglob("*.yaml")}
    edit_spec(spec, change_spec)
    code, out, _ = run(capsys, "scaffold", str(spec), "--out", str(bank))
    assert code == 0
    return bank, before, out


def test_every_filled_line_survives(rescaffolded: tuple[Path, dict[Path, str], str]) -> None:
    _, before, _ = rescaffolded
    for path, text in before.items():
        if path.name != "bank.yaml":  # the manifest is the tool's, rewritten on purpose
            added = only_insertions(text, path.read_text(encoding="utf-8"))
            assert not any("已填写" in line or "张老师" in line for line in added)
    filled = [line for text in before.values() for line in text.split("\n") if "已填写" in line]
    assert len(filled) > 20


def test_what_was_added(rescaffolded: tuple[Path, dict[Path, str], str]) -> None:
    bank, _, out = rescaffolded
    blueprint = load(bank / "blueprint.yaml")
    codes = {(r["title"], p["text"]): p["code"] for r in blueprint["ranges"] for p in r["points"]}
    assert codes[("和面与饧面", NEW_PRACTICE)] == "B04"
    assert [r["code"] for r in blueprint["ranges"]] == ["A", "B", "C", "E", "D"]  # E goes where the spec has it
    assert [p["code"] for p in blueprint["ranges"][3]["points"]] == ["E01", "E02"]
    item2 = load(bank / "items" / "item-02.yaml")
    assert [r["point"] for r in item2["scoring"]] == ["B01", "B02", "B03", "B04"]
    assert load(bank / "items" / "item-05.yaml")["ranges"] == ["E"]
    assert sorted(p.name for p in (bank / "items").iterdir()) == [f"item-0{i}.yaml" for i in range(1, 6)]
    assert load(bank / "bank.yaml")["spec"]["version"] == "1.1"
    assert "B04" in out and "item-05.yaml" in out


def test_codes_are_stable(rescaffolded: tuple[Path, dict[Path, str], str]) -> None:
    bank, before, _ = rescaffolded
    old = load_text(before[bank / "blueprint.yaml"])
    new = load(bank / "blueprint.yaml")
    as_map = lambda data: {(r["title"], p["text"]): p["code"] for r in data["ranges"] for p in r["points"]}  # noqa: E731
    assert as_map(old).items() <= as_map(new).items()


def load_text(text: str) -> Any:
    from generator.loading import parse_yaml

    document, _ = parse_yaml(text, "before")
    assert document is not None
    return document.data


def test_check_then_reports_what_needs_attention(rescaffolded: tuple[Path, dict[Path, str], str]) -> None:
    bank, _, _ = rescaffolded
    bp, item2, item5 = bank / "blueprint.yaml", bank / "items" / "item-02.yaml", bank / "items" / "item-05.yaml"
    result = check_bank(bank)
    found = {(p.code, Path(p.file).name, p.line) for p in result.problems if p.code != "placeholder"}
    range_c, range_b = line_of(bp, "  - code: C"), line_of(bp, "  - code: B")
    assert found == {
        ("spec-task-removed", "blueprint.yaml", line_of(bp, 'title: "煮面与调配"')),
        ("spec-task-reweighted", "blueprint.yaml", line_of(bp, "weight: 35")),
        ("marks-range-sum", "blueprint.yaml", line_of(bp, "points:", after=range_c)),  # 35 marks for a weight of 25
        ("marks-range-sum", "blueprint.yaml", line_of(bp, "points:", after=range_b)),  # B04 added on top of 20
        ("marks-total", "blueprint.yaml", line_of(bp, "ranges:")),
    }
    placeholders = {(Path(p.file).name, p.line) for p in result.problems if p.code == "placeholder"}
    new_row = line_of(item2, "point: B04")
    assert (item2.name, new_row + 4) in placeholders  # the new row's 评分标准
    assert {name for name, _ in placeholders} == {item2.name, item5.name}


def test_scaffolding_again_changes_nothing(rescaffolded: tuple[Path, dict[Path, str], str], capsys: pytest.CaptureFixture[str]) -> None:
    bank, _, _ = rescaffolded
    now = {p: p.read_bytes() for p in bank.rglob("*.yaml")}
    spec = load(bank / "bank.yaml")["spec"]["path"]
    assert run(capsys, "scaffold", str(bank / spec), "--out", str(bank))[0] == 0
    assert {p: p.read_bytes() for p in bank.rglob("*.yaml")} == now


def test_a_deleted_code_is_never_reused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec, bank = tmp_path / "spec" / "minimal.yaml", tmp_path / "bank"
    spec.parent.mkdir()
    spec.write_text(MINIMAL.read_text(encoding="utf-8").replace("practices: [按配方和面]", "practices: [称量, 加水]"), encoding="utf-8")
    assert run(capsys, "scaffold", str(spec), "--out", str(bank))[0] == 0
    for path, block in ((bank / "blueprint.yaml", '      - code: A02\n        text: "加水"\n        marks: 15\n'), (bank / "items" / "item-01.yaml", None)):
        text = path.read_text(encoding="utf-8")
        if block is None:  # the writer deletes the row of A02 too
            start = text.index("  - point: A02")
            block = text[start : text.index("\n\n", start) + 1]
        assert block in text
        path.write_text(text.replace(block, ""), encoding="utf-8")
    assert run(capsys, "scaffold", str(spec), "--out", str(bank))[0] == 0
    points = load(bank / "blueprint.yaml")["ranges"][0]["points"]
    assert [(p["code"], p["text"]) for p in points] == [("A01", "称量"), ("A03", "加水")]


def test_a_missing_header_is_put_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec, bank = copy_spec(tmp_path, MINIMAL), tmp_path / "bank"
    assert run(capsys, "scaffold", str(spec), "--out", str(bank))[0] == 0
    item = bank / "items" / "item-01.yaml"
    rest = item.read_text(encoding="utf-8").split("\n", 1)[1]
    item.write_text(rest, encoding="utf-8")
    assert run(capsys, "scaffold", str(spec), "--out", str(bank))[0] == 0
    assert item.read_text(encoding="utf-8") == HEADER + "\n" + rest


def test_crlf_files_stay_crlf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec, bank = copy_spec(tmp_path, MINIMAL), tmp_path / "bank"
    assert run(capsys, "scaffold", str(spec), "--out", str(bank))[0] == 0
    item = bank / "items" / "item-01.yaml"
    original = item.read_bytes().replace(b"\n", b"\r\n")
    item.write_bytes(original)
    edit_spec(spec, lambda d: d["tasks"][0]["practices"].append("揉面"))
    assert run(capsys, "scaffold", str(spec), "--out", str(bank))[0] == 0
    after = item.read_bytes()
    assert b"\n" not in after.replace(b"\r\n", b"")
    only_insertions(original.decode(), after.decode())
    assert [r["point"] for r in load(item)["scoring"]] == ["A01", "A02"]


def test_a_list_written_in_flow_style_is_left_to_the_writer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec, bank = copy_spec(tmp_path, MINIMAL), tmp_path / "bank"
    assert run(capsys, "scaffold", str(spec), "--out", str(bank))[0] == 0
    item = bank / "items" / "item-01.yaml"
    text = item.read_text(encoding="utf-8")
    start, end = text.index("scoring:\n"), text.index("\n\n", text.index("scoring:\n"))
    flow = "scoring: [{point: A01, content: 和面, element: 按配方和面, marks: 30, criteria: 错一项扣 5 分}]"
    item.write_text(text[:start] + flow + text[end:], encoding="utf-8")
    before = item.read_bytes()
    edit_spec(spec, lambda d: d["tasks"][0]["practices"].append("揉面"))
    code, out, _ = run(capsys, "scaffold", str(spec), "--out", str(bank))
    assert code == 0 and "- point: A02" in out
    assert item.read_bytes() == before
    assert ("item-point-missing", item.name) in {(p.code, Path(p.file).name) for p in check_bank(bank).problems}


def test_a_broken_bank_is_not_touched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec, bank = copy_spec(tmp_path, MINIMAL), tmp_path / "bank"
    assert run(capsys, "scaffold", str(spec), "--out", str(bank))[0] == 0
    item = bank / "items" / "item-01.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace('name: "和面"', 'name: "和面'), encoding="utf-8")
    edit_spec(spec, lambda d: d["tasks"][0]["practices"].append("揉面"))
    before = {p: p.read_bytes() for p in bank.rglob("*.yaml")}
    code, _, err = run(capsys, "scaffold", str(spec), "--out", str(bank))
    assert code == 1 and " yaml-syntax " in err
    assert {p: p.read_bytes() for p in bank.rglob("*.yaml")} == before


def test_a_bank_of_another_spec_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bank = tmp_path / "bank"
    assert run(capsys, "scaffold", str(MINIMAL), "--out", str(bank))[0] == 0
    other = copy_spec(tmp_path, MINIMAL).rename(tmp_path / "spec" / "other.yaml")
    code, _, err = run(capsys, "scaffold", str(other), "--out", str(bank))
    assert code == 2 and err


def test_missing_items_are_scaffolded_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec, bank = copy_spec(tmp_path, MINIMAL), tmp_path / "bank"
    assert run(capsys, "scaffold", str(spec), "--out", str(bank))[0] == 0
    (bank / "items" / "item-02.yaml").unlink()
    assert run(capsys, "scaffold", str(spec), "--out", str(bank))[0] == 0
    assert load(bank / "items" / "item-04.yaml")["ranges"] == ["B"]
    assert not [p for p in check_bank(bank).problems if p.severity is Severity.ERROR and p.code != "placeholder"]
