"""`itembank render`: what the printed papers hold, read back from the Word files.

Every expectation comes from the bank's YAML files (read with the strict
loader), never from the renderer: each item's text in its 试卷, each scoring
row with its 配分 in its 评分记录表, the 合计, the signature lines, the
repeated header rows, the landscape sheet, and the confidentiality marking.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator.build import is_itembank_file
from generator.validation import ITEMBANK_MARKER

from .itembank_support import copy_spec, fill_bank, load, run
from .test_itembank_check import EXAMPLES
from .wordtests import CellInfo, W, all_text, body_xml, open_docx, part, row_flags, tables

SUPPLY_HEAD = ["序号", "名称", "规格", "数量", "备注"]
SHEET_HEAD = ["序号", "考核内容", "评分要素", "配分", "评分标准", "检测结果", "扣分", "得分", "备注"]
KINDS = ("materials", "equipment", "tools")


@pytest.fixture(params=["example", "scaffolded"])
def bank(request: pytest.FixtureRequest, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A bank that passes itembank check: the hand-written example, or a real
    spec scaffolded and filled in as a writer would."""
    if request.param == "example":
        shutil.copytree(EXAMPLES / "base", tmp_path / "tree")
        return tmp_path / "tree" / "bank"
    spec = copy_spec(tmp_path)
    assert run(capsys, "scaffold", str(spec), "--out", str(tmp_path / "bank"))[0] == 0
    fill_bank(tmp_path / "bank")
    return tmp_path / "bank"


@pytest.fixture
def printed(bank: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    code, out, err = run(capsys, "itembank", "render", str(bank))
    assert code == 0, err
    assert "print" in out
    return bank / "print"


def items(bank: Path) -> list[tuple[str, dict[str, Any]]]:
    return [(p.stem, load(p)) for p in sorted((bank / "items").glob("*.yaml"))]


def item_marks(bank: Path, item: dict[str, Any]) -> int:
    """What the item is worth by the blueprint: the marks of its ranges' points."""
    blueprint = load(bank / "blueprint.yaml")
    return sum(p["marks"] for r in blueprint["ranges"] if r["code"] in item["ranges"] for p in r["points"])


def texts(row: list[CellInfo]) -> list[str]:
    return [c.text for c in row]


def sheet_rows(data: bytes) -> list[list[CellInfo]]:
    (table,) = [t for t in tables(data) if texts(t[0]) == SHEET_HEAD]
    return table


def header_text(data: bytes) -> str:
    return "\n".join(p.text for p in open_docx(data).sections[0].header.paragraphs)


def orientations(data: bytes) -> list[str | None]:
    return [sz.get(f"{W}orient") for sz in body_xml(data).iter(f"{W}pgSz")]


# -- the files ----------------------------------------------------------------------------


def test_a_paper_and_a_sheet_per_item_and_the_whole_set(bank: Path, printed: Path) -> None:
    stems = [stem for stem, _ in items(bank)]
    expected = {"全套试卷.docx", *(f"{s}-试卷.docx" for s in stems), *(f"{s}-评分记录表.docx" for s in stems)}
    assert {p.name for p in printed.iterdir()} == expected


def test_every_file_is_marked_confidential(printed: Path) -> None:
    for path in sorted(printed.iterdir()):
        data = path.read_bytes()
        header = header_text(data)
        assert "绝密★启用前" in header and "保密" in header, path.name
        props = open_docx(data).core_properties
        assert ITEMBANK_MARKER.decode() in props.keywords and ITEMBANK_MARKER.decode() in props.category, path.name
        assert is_itembank_file(path), path.name
        assert "草稿" not in all_text(data) + header + props.keywords


def test_official_page_layout(printed: Path) -> None:
    """A4 portrait papers and landscape sheets, GB/T 9704 margins, "— N —" page numbers."""
    paper = next(printed.glob("*-试卷.docx")).read_bytes()
    sheet = next(printed.glob("*-评分记录表.docx")).read_bytes()
    assert orientations(paper) == [None] and orientations(sheet) == ["landscape"]
    assert orientations((printed / "全套试卷.docx").read_bytes()) == [None, "landscape"]
    margins = body_xml(paper).find(f".//{W}pgMar")
    assert (margins.get(f"{W}top"), margins.get(f"{W}left")) == ("2098", "1587")  # 37 mm, 28 mm
    size = body_xml(sheet).find(f".//{W}pgSz")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("16838", "11906")  # A4 turned
    for data in (paper, sheet):
        footer = part(data, "word/footer1.xml").decode("utf-8")
        assert "PAGE" in footer and "— " in footer and " —" in footer
        styles = part(data, "word/styles.xml").decode("utf-8")
        assert 'w:eastAsia="仿宋_GB2312"' in styles and 'w:eastAsia="黑体"' in styles  # body and headings
        fonts = [f.get(f"{W}eastAsia") for f in body_xml(data).iter(f"{W}rFonts")]
        assert "方正小标宋简体" in fonts and None not in fonts  # the title; every run sets its East Asian font


def test_no_empty_paragraph_before_a_new_page(printed: Path) -> None:
    """An empty paragraph (the space after a table) ending a full page would
    push the next part on to a page of its own: a blank sheet in the print."""
    for path in sorted(printed.iterdir()):
        body = body_xml(path.read_bytes()).find(f"{W}body")
        breaks = [p for p in body.findall(f"{W}p") if p.find(f"{W}pPr/{W}pageBreakBefore") is not None]
        assert breaks or path.name.endswith("评分记录表.docx"), path.name
        for paragraph in breaks:
            before = paragraph.getprevious()
            assert before.tag != f"{W}p" or "".join(before.itertext()), path.name


# -- the 试卷 -------------------------------------------------------------------------------


def test_every_item_text_is_in_its_paper(bank: Path, printed: Path) -> None:
    for number, (stem, item) in enumerate(items(bank), 1):
        text = all_text((printed / f"{stem}-试卷.docx").read_bytes())
        proc, time = item["procedure"], item["time"]
        assert "操作技能考核准备通知单" in text and "操作技能考核试卷" in text
        for heading in ("试题内容", "操作程序规定及说明", "操作程序", "考核规定及说明", "考核方式说明", "考核时限"):
            assert heading in text, (stem, heading)
        pieces = [item["name"], *item["task"].split("\n"), *proc["steps"], *proc["rules"], proc["method"], time["overtime"]]
        pieces += [f"{time['operation']}分钟"] + ([f"{time['preparation']}分钟"] if time["preparation"] else [])
        pieces += [proc["measurement"]] if proc.get("measurement") else []
        for piece in pieces:
            assert piece.strip() in text, (stem, piece)
        assert ("测量技能说明" in text) == bool(proc.get("measurement"))
        assert f"试题{'一二三四五六七八九'[number - 1]}" in text


def test_ranges_are_named_with_their_blueprint_titles(bank: Path, printed: Path) -> None:
    titles = {r["code"]: r["title"] for r in load(bank / "blueprint.yaml")["ranges"]}
    for stem, item in items(bank):
        (info,) = [t for t in tables((printed / f"{stem}-试卷.docx").read_bytes()) if t[0][0].text == "试题名称"]
        assert texts(info[1]) == ["鉴定范围", "\n".join(f"{code}　{titles[code]}" for code in item["ranges"])]


def test_preparation_tables_list_every_supply_in_order(bank: Path, printed: Path) -> None:
    for stem, item in items(bank):
        data = (printed / f"{stem}-试卷.docx").read_bytes()
        supply_tables = [t for t in tables(data) if texts(t[0]) == SUPPLY_HEAD]
        kinds = [item["preparation"][k] for k in KINDS if item["preparation"][k]]
        assert len(supply_tables) == len(kinds)
        for table, supplies in zip(supply_tables, kinds, strict=True):
            assert len(table) == len(supplies) + 1
            for i, (row, supply) in enumerate(zip(table[1:], supplies, strict=True), 1):
                number, name, spec, quantity, note = texts(row)
                assert (number, name, spec, note) == (str(i), supply["name"], str(supply.get("spec") or ""), str(supply.get("note") or ""))
                assert quantity.startswith(str(supply["quantity"])) and quantity.endswith(supply["unit"])
        assert row_flags(data, "序号")[0] == {"cantSplit", "tblHeader"}


def test_quantities_are_written_with_their_units(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(EXAMPLES / "base", tmp_path / "tree")
    assert run(capsys, "itembank", "render", str(tmp_path / "tree" / "bank"))[0] == 0
    data = (tmp_path / "tree" / "bank" / "print" / "item-01-试卷.docx").read_bytes()
    rows = [texts(r) for t in tables(data) if texts(t[0]) == SUPPLY_HEAD for r in t[1:]]
    assert [(r[1], r[3]) for r in rows] == [("面粉", "1 kg"), ("和面机", "1台"), ("案板", "1块")]


# -- the 评分记录表 -----------------------------------------------------------------------------


def test_every_scoring_row_with_its_marks_and_empty_cells_for_the_examiners(bank: Path, printed: Path) -> None:
    for stem, item in items(bank):
        rows = sheet_rows((printed / f"{stem}-评分记录表.docx").read_bytes())
        scoring = rows[1 : 1 + len(item["scoring"])]
        for row, expected in zip(scoring, item["scoring"], strict=True):
            _, _, element, marks, criteria, result, deducted, score, note = texts(row)
            assert (element, marks, criteria, note) == (expected["element"], str(expected["marks"]), expected["criteria"], expected.get("note") or "")
            assert (result, deducted, score) == ("", "", "")


def test_rows_of_one_content_share_a_merged_number(bank: Path, printed: Path) -> None:
    for stem, item in items(bank):
        rows = sheet_rows((printed / f"{stem}-评分记录表.docx").read_bytes())[1 : 1 + len(item["scoring"])]
        contents = [r["content"] for r in item["scoring"]]
        starts = [i for i, c in enumerate(contents) if i == 0 or contents[i - 1] != c]
        assert [i for i, row in enumerate(rows) if row[0].merge == "restart"] == starts
        assert [rows[i][0].text for i in starts] == [str(n) for n in range(1, len(starts) + 1)]
        assert [rows[i][1].text for i in starts] == [contents[i] for i in starts]
        assert all(row[0].merge == row[1].merge == "continue" for i, row in enumerate(rows) if i not in starts)


def test_total_row_is_the_sum_and_the_items_marks(bank: Path, printed: Path) -> None:
    for stem, item in items(bank):
        rows = sheet_rows((printed / f"{stem}-评分记录表.docx").read_bytes())
        total = rows[1 + len(item["scoring"])]
        assert (total[0].text, total[0].span) == ("合计", 3)
        assert total[1].text == str(sum(r["marks"] for r in item["scoring"])) == str(item_marks(bank, item))
        assert texts(total[2:]) == [""] * 5


def test_signature_lines_three_assessors_scorer_and_checker(bank: Path, printed: Path) -> None:
    for stem, item in items(bank):
        rows = sheet_rows((printed / f"{stem}-评分记录表.docx").read_bytes())
        cells = [c.text for row in rows[2 + len(item["scoring"]) :] for c in row]
        by_role = {c.split("（签名）：")[0]: c for c in cells}
        assert set(by_role) == set(item["signatures"]) == {"考评员", "评分人", "核分人"}
        for role, cell in by_role.items():
            assert len(re.findall(r"_{8,}", cell)) == item["signatures"].count(role), cell
            assert cell.endswith("年　　月　　日")
        assert sum(c.span for c in rows[-1]) == len(SHEET_HEAD)


def test_other_signatures_listed_by_the_item_get_their_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(EXAMPLES / "base", tmp_path / "tree")
    item = tmp_path / "tree" / "bank" / "items" / "item-01.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("  - 核分人\n", "  - 核分人\n  - 考评组长\n"), encoding="utf-8")
    assert run(capsys, "itembank", "render", str(item.parents[1]))[0] == 0
    rows = sheet_rows((item.parents[1] / "print" / "item-01-评分记录表.docx").read_bytes())
    assert [[c.text.split("（签名）")[0] for c in row] for row in rows[-3:]] == [["考评员"], ["评分人", "核分人"], ["考评组长"]]
    assert [[c.span for c in row] for row in rows[-3:]] == [[9], [4, 5], [9]]


def test_sheet_header_block_and_repeated_header_row(bank: Path, printed: Path) -> None:
    for stem, item in items(bank):
        data = (printed / f"{stem}-评分记录表.docx").read_bytes()
        (head,) = [t for t in tables(data) if t[0][0].text == "姓名"]
        assert [texts(r)[::2] for r in head] == [["姓名", "准考证号", "考核日期"], ["试题名称", "考核时间", "起止时间"]]
        assert item["name"] in head[1][1].text and head[1][3].text == f"{item['time']['operation']}分钟"
        flags = row_flags(data, "序号")
        assert "tblHeader" in flags[0] and not any("tblHeader" in f for f in flags[1:])
        title = all_text(data).split("\n")[0]
        assert title.endswith("操作技能考核评分记录表") and load(bank / "bank.yaml")["spec"]["name"] in title


def test_the_set_holds_a_cover_and_every_part_in_order(bank: Path, printed: Path) -> None:
    data = (printed / "全套试卷.docx").read_bytes()
    text = all_text(data)
    assert text.index("注意事项") < text.index("试题一览") < text.index("操作技能考核准备通知单")
    names = [item["name"] for _, item in items(bank)]
    (listing,) = [t for t in tables(data) if texts(t[0])[:2] == ["试题", "试题名称"]]
    assert [texts(r)[:2] for r in listing[1:-1]] == [[f"试题{'一二三四五六七八九'[i]}", name] for i, name in enumerate(names)]
    assert texts(listing[-1])[:2] == ["合计", str(load(bank / "blueprint.yaml")["full_marks"]) + "分"]
    assert len([t for t in tables(data) if texts(t[0]) == SHEET_HEAD]) == len(names)
    first_sheet = text.index("操作技能考核评分记录表")
    assert all(text.index(name) < first_sheet for name in names)
