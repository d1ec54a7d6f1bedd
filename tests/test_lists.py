"""The official lists are transcribed exactly: this test reads the annexes of
川人社职鉴〔2020〕5号 (../shared/seeds/000_4a72d3ad26cb33c1.txt) on its own and
compares them, entry by entry, with specs/lists/. It also proves that the
validator catches a lost or merged entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.validation import validate

from .helpers import ROOT, codes

SEED = ROOT.parent / "shared" / "seeds" / "000_4a72d3ad26cb33c1.txt"
LISTS = ROOT / "specs" / "lists"


def _seed() -> str:
    if not SEED.is_file():
        pytest.fail(f"the seed document is missing: {SEED}")
    return SEED.read_text(encoding="utf-8")


def _annex1() -> list[tuple[str, str]]:
    """Annex 1 is a two-column table broken into cells, one per tab-led line;
    a line without a tab continues the cell above (names broken by the layout)."""
    text = _seed()
    body = text[text.index(" 附件1：") : text.index("注：规范具体内容")]
    cells: list[str] = []
    for line in body.split("\n")[1:]:
        if line.startswith("\t"):
            cells.append(line[1:])
        elif line.strip() and not line.startswith("人社部公布"):
            cells[-1] += line.strip()
    rows = []
    i = 0
    while i < len(cells):
        if cells[i : i + 4] == ["序号", "名称", "序号", "名称"]:
            i += 4
            continue
        rows.append(cells[i : i + 4])
        i += 4
    found: dict[str, str] = {}
    for row in rows:
        for number, name in ((row[0], row[1]), (row[2], row[3])):
            if not number and not name:
                continue
            if not number:  # a numbered sub-item of the item above it in the left column
                match = re.match(r"\((\d)\)(.*)", name)
                assert match, name
                found[f"14({match.group(1)})"] = match.group(2)
            else:
                found[number] = name

    def order(key: str) -> tuple[int, int]:
        main = int(re.match(r"\d+", key).group())  # type: ignore[union-attr]
        sub = int(key[key.index("(") + 1 : -1]) if "(" in key else 0
        return main, sub

    return [(k, found[k]) for k in sorted(found, key=order)]


def _list(name: str) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((LISTS / f"{name}.yaml").read_text(encoding="utf-8"))


def test_national_list_matches_annex_1_entry_by_entry() -> None:
    data = _list("sc2020-national")
    ours = [(e["number"], e["name"]) for e in data["entries"]]
    assert ours == _annex1()
    top = [e for e in data["entries"] if "parent" not in e]
    assert len(top) == data["declared_count"] == 220
    subs = [e for e in data["entries"] if "parent" in e]
    assert [e["number"] for e in subs] == [f"14({i})" for i in range(1, 6)]
    assert all(e["printed"] == f"({e['number'][3]}){e['name']}" for e in subs)


def test_filed_list_matches_annex_2_with_batches() -> None:
    text = _seed()
    body = text[text.index("附件2：\n") : text.index("附件3：\n")]
    heads = re.findall(r"^[一二三]、(第.批备案通过的专项职业能力考核规范（(\d+)项）)$", body, re.M)
    data = _list("sc2020-filed")
    assert [(b["title"], b["declared_count"]) for b in data["batches"]] == [(t, int(n)) for t, n in heads]
    assert [b["declared_count"] for b in data["batches"]] == [34, 27, 19]
    seed_entries = re.findall(r"^(\d+)、(《.+》)$", body, re.M)
    assert [(e["number"], e["printed"]) for e in data["entries"]] == seed_entries
    for entry in data["entries"]:
        assert entry["printed"] == f"《{entry['name']}专项职业能力考核规范》"
    batch_of = [e["batch"] for e in data["entries"]]
    assert batch_of == ["1"] * 34 + ["2"] * 27 + ["3"] * 19


def test_self_managed_list_matches_annex_3() -> None:
    text = _seed()
    body = text[text.index("附件3：\n") : text.index("备注：")]
    seed_entries = re.findall(r"^(Z\d+)、(《.+》)$", body, re.M)
    data = _list("sc2020-self")
    assert [(e["number"], e["printed"]) for e in data["entries"]] == seed_entries
    assert [e["number"] for e in data["entries"]] == [f"Z{i}" for i in range(1, 14)]
    assert data["declared_count"] == 13


def test_names_keep_mixed_brackets_as_printed() -> None:
    names = {e["name"] for name in ("sc2020-national", "sc2020-filed", "sc2020-self") for e in _list(name)["entries"]}
    assert "光纤到户(FTTH)安装调试" in names  # half-width, joined across the line break
    assert "花签（香骨）制作" in names  # full-width
    assert "畜(禽)舍卫生消毒" in names and "家畜（禽）疫病防治" in names
    assert "对话式人工智能操作系统（AICS）开发与应用" in names


def test_same_name_in_two_lists_stays_two_entries() -> None:
    national = {e["name"] for e in _list("sc2020-national")["entries"]}
    filed = {e["name"] for e in _list("sc2020-filed")["entries"]}
    assert "桃树栽培" in national and "桃树栽培" in filed


def test_lists_carry_their_issuing_document() -> None:
    for name, annex in (("sc2020-national", "附件1"), ("sc2020-filed", "附件2"), ("sc2020-self", "附件3")):
        document = _list(name)["document"]
        assert document["number"] == "川人社职鉴〔2020〕5号"
        assert document["authority"] == "四川省职业技能鉴定指导中心"
        assert document["annex"] == annex


def _mutated(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    text = (LISTS / "sc2020-filed.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "lists"
    folder.mkdir()
    path = folder / "sc2020-filed.yaml"
    path.write_text(change(text), encoding="utf-8")
    return path


def test_a_lost_entry_is_caught(tmp_path: Path) -> None:
    lost = '  - number: "47"\n    batch: "2"\n    name: "蜀绣手工制作"\n    printed: "《蜀绣手工制作专项职业能力考核规范》"\n'
    path = _mutated(tmp_path, lambda t: t.replace(lost, ""))
    found = codes(validate([path]).problems)
    assert {"list-count", "list-batch-count", "list-numbering"} <= found


def test_two_entries_merged_into_one_are_caught(tmp_path: Path) -> None:
    def merge(text: str) -> str:
        text = text.replace('    name: "彝绣手工制作"\n', '    name: "彝绣手工制作嘉州绣手工制作"\n')
        return text.replace('  - number: "2"\n    batch: "1"\n    name: "嘉州绣手工制作"\n    printed: "《嘉州绣手工制作专项职业能力考核规范》"\n', "")

    found = codes(validate([_mutated(tmp_path, merge)]).problems)
    assert {"list-count", "list-batch-count", "list-numbering", "list-printed"} <= found


def test_the_lists_validate_cleanly() -> None:
    result = validate([LISTS])
    assert result.ok and not [p for p in result.problems if p.severity.value == "warning"]
