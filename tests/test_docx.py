"""The Word file of each spec: content, table structure, fonts, properties,
reproducible and incremental builds (issue 5)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.build import build
from generator.model import Spec
from generator.output import MANIFEST, source_date_epoch
from generator.settings import Settings
from generator.wordml import chinese_numeral
from generator.wordml.spec import SAMPLE_HEADER, SAMPLE_NOTICE

from .helpers import small_specs
from .wordtests import CellInfo, W, all_text, body_xml, build_project, find_table, open_docx, part, row_flags

SITE_URL = "https://zxnl.example.org/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, monkeypatch_module: pytest.MonkeyPatch) -> tuple[Path, list[Spec]]:
    root, report = build_project(tmp_path_factory.mktemp("docx"))
    assert report.catalogue is not None
    return root / "docs" / "generated", list(report.catalogue.specs)


@pytest.fixture(scope="module")
def monkeypatch_module() -> pytest.MonkeyPatch:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SITE_URL", SITE_URL)
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)
        yield mp


def docx_of(generated: Path, spec: Spec) -> bytes:
    return (generated / spec.docx_url).read_bytes()


def spec_strings(spec: Spec) -> list[str]:
    """Every piece of text the spec holds, as it must appear in its document."""
    req = spec.requirements
    out = [spec.title, spec.name, spec.version, spec.status_title]
    out += [line for text in (spec.definition, spec.audience) for line in text.split("\n") if line.strip()]
    if spec.occupation:
        out.append(spec.occupation.label)
    for task in spec.tasks:
        out += [task.title, f"{task.weight}%", *task.practices, *task.knowledge]
    texts = [
        req.eligibility,
        req.assessors and req.assessors.text,
        req.method and req.method.text,
        req.scoring and req.scoring.text,
        req.venue and req.venue.text,
    ]
    out += [line for text in texts if text for line in text.split("\n") if line.strip()]
    items = list(spec.equipment) + [item for variant in spec.variants for item in variant.equipment]
    out += [value for item in items for value in (item.name, item.spec, item.unit, item.note, item.kind_title) if value]
    for variant in spec.variants:
        out += [variant.name, *(variant.note or "").split("\n")] + ([variant.entry.number] if variant.entry else [])
    for waiver in spec.waivers:
        out += [waiver.rule, waiver.title, *waiver.reason.split("\n")]
    if spec.source:
        out += [spec.source.title, spec.source.publisher, spec.source.url, *(spec.source.note or "").split("\n")]
    for item in spec.history:
        out += [item.version, *item.changes.split("\n")]
    return [s for s in out if s and s.strip()]


def test_every_full_spec_has_a_word_file_beside_its_page(built: tuple[Path, list[Spec]]) -> None:
    generated, specs = built
    assert specs
    for spec in specs:
        assert spec.docx_url == f"specs/{spec.id}/{spec.id}.docx"
        assert (generated / spec.docx_url).is_file(), spec.id


def test_every_text_of_the_spec_appears(built: tuple[Path, list[Spec]]) -> None:
    generated, specs = built
    for spec in specs:
        text = all_text(docx_of(generated, spec))
        missing = [s for s in spec_strings(spec) if s not in text]
        assert not missing, (spec.id, missing)


def test_sections_follow_the_template_in_order(built: tuple[Path, list[Spec]]) -> None:
    generated, specs = built
    for spec in specs:
        headings = [p.text for p in open_docx(docx_of(generated, spec)).paragraphs if p.style.name == "一级标题"]
        expected = ["定义", "适用对象", "考核内容"]
        expected += ["考核要求"] if any(vars(spec.requirements).values()) else []
        expected += ["细分项目"] if spec.variants else []
        assert headings == [f"{chinese_numeral(i)}、{h}" for i, h in enumerate(expected, 1)], spec.id


def test_title_is_printed_without_book_title_marks(built: tuple[Path, list[Spec]]) -> None:
    generated, specs = built
    for spec in specs:
        titles = [p.text for p in open_docx(docx_of(generated, spec)).paragraphs if p.style.name == "文件标题"]
        assert titles == [spec.title]


def test_content_table_rows_merges_and_numbering(built: tuple[Path, list[Spec]]) -> None:
    generated, specs = built
    for spec in specs:
        table = find_table(docx_of(generated, spec), "能力名称：")
        occupation = spec.occupation.label if spec.occupation else ""
        assert table[0] == [CellInfo(f"能力名称：{spec.name}", 2, None), CellInfo(f"职业领域：{occupation}", 2, None)]
        assert [c.text for c in table[1]] == ["工作任务", "操作规范", "相关知识", "考核比重"]
        rows = iter(table[2:])
        for number, task in enumerate(spec.tasks, 1):
            for i in range(task.rows):
                task_cell, practice, knowledge, weight = next(rows)
                merge = "restart" if i == 0 else "continue"
                assert (task_cell.merge, weight.merge) == (merge, merge), (spec.id, task.title, i)
                if i == 0:
                    assert task_cell.text == f"（{chinese_numeral(number)}）{task.title}"
                    assert weight.text == f"{task.weight}%"
                assert practice.text == (f"{i + 1}.{task.practices[i]}" if i < len(task.practices) else "")
                assert knowledge.text == (f"{i + 1}.{task.knowledge[i]}" if i < len(task.knowledge) else "")
        assert next(rows, None) is None, spec.id


def test_header_rows_repeat_and_rows_do_not_split(built: tuple[Path, list[Spec]]) -> None:
    generated, specs = built
    for spec in specs:
        flags = row_flags(docx_of(generated, spec), "能力名称：")
        assert ["tblHeader" in f for f in flags] == [True, True] + [False] * (len(flags) - 2)
        assert all("cantSplit" in f for f in flags), spec.id


def test_equipment_table_lists_every_item(built: tuple[Path, list[Spec]]) -> None:
    generated, specs = built
    for spec in (s for s in specs if s.equipment):
        table = find_table(docx_of(generated, spec), "序号")
        assert [c.text for c in table[0]] == ["序号", "类别", "名称", "型号规格", "单位", "数量", "备注"]
        for i, (item, row) in enumerate(zip(spec.equipment, table[1:], strict=True)):
            assert [c.text for c in row][:1] + [c.text for c in row][2:] == [
                str(i + 1),
                item.name,
                item.spec or "",
                item.unit or "",
                "" if item.quantity is None else str(item.quantity),
                item.note or "",
            ]
            same_kind = i > 0 and spec.equipment[i - 1].kind == item.kind
            assert row[1] == (CellInfo("", 1, "continue") if same_kind else CellInfo(item.kind_title, 1, "restart"))


def test_every_run_and_style_sets_east_asian_font_and_language(built: tuple[Path, list[Spec]]) -> None:
    generated, specs = built
    for spec in specs:
        data = docx_of(generated, spec)
        runs = list(body_xml(data).iter(f"{W}r"))
        assert runs
        for run in runs:
            assert run.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia"), spec.id
            assert run.find(f"{W}rPr/{W}lang").get(f"{W}eastAsia") == "zh-CN"
    styles = open_docx(data).styles.element
    for style in styles.iter(f"{W}style"):
        if style.get(f"{W}type") == "paragraph":
            assert style.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia"), style.get(f"{W}styleId")
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}rFonts").get(f"{W}eastAsia") == "仿宋_GB2312"
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == "zh-CN"


def test_core_properties_identify_the_spec(built: tuple[Path, list[Spec]]) -> None:
    generated, specs = built
    epoch = datetime.fromtimestamp(source_date_epoch(), tz=UTC)  # SOURCE_DATE_EPOCH unset: the last commit
    for spec in specs:
        props = open_docx(docx_of(generated, spec)).core_properties
        assert (props.title, props.subject, props.version) == (spec.title, spec.name, spec.version)
        assert props.category == "专项职业能力考核规范"
        assert props.identifier == SITE_URL + spec.url
        assert props.content_status == spec.status_title
        assert spec.name in props.keywords
        assert props.created == props.modified == epoch


def test_sample_texts_are_marked_and_official_ones_cite_their_source(built: tuple[Path, list[Spec]]) -> None:
    generated, specs = built
    assert {s.sample for s in specs} == {True, False}, "the specs should hold both sample and official texts"
    for spec in specs:
        doc = open_docx(docx_of(generated, spec))
        text = all_text(docx_of(generated, spec))
        header = doc.sections[0].header
        if spec.sample:
            assert SAMPLE_NOTICE in text
            assert [p.text for p in header.paragraphs] == [SAMPLE_HEADER]
            assert SAMPLE_NOTICE in doc.core_properties.comments
        else:
            assert SAMPLE_NOTICE not in text and header.is_linked_to_previous
            assert spec.source is not None and spec.source.url in text


def test_page_link_and_qr_code_point_to_the_spec_page(built: tuple[Path, list[Spec]]) -> None:
    generated, specs = built
    spec = specs[0]
    data = docx_of(generated, spec)
    rels = part(data, "word/_rels/document.xml.rels").decode("utf-8")
    assert f'Target="{SITE_URL}{spec.url}" TargetMode="External"' in rels
    assert f"二维码：{SITE_URL}{spec.url}" in part(data, "word/document.xml").decode("utf-8")
    assert part(data, "word/media/image1.png").startswith(b"\x89PNG")


# -- reproducible and incremental builds ----------------------------------------------


def docx_files(root: Path) -> dict[str, bytes]:
    generated = root / "docs" / "generated"
    return {p.relative_to(generated).as_posix(): p.read_bytes() for p in generated.rglob("*.docx")}


def manifest(root: Path) -> dict[str, str]:
    return json.loads((root / "docs" / "generated" / MANIFEST).read_text(encoding="utf-8"))


def test_two_builds_give_byte_identical_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    specs = small_specs(tmp_path)
    first, _ = build_project(tmp_path / "one", specs=specs)
    second, _ = build_project(tmp_path / "two", specs=specs)
    assert docx_files(first) and docx_files(first) == docx_files(second)


def test_source_date_epoch_sets_properties_and_zip_dates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    root, _ = build_project(tmp_path, specs=small_specs(tmp_path))
    data = docx_files(root)["specs/bun-b/bun-b.docx"]
    assert open_docx(data).core_properties.created == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_only_changed_specs_are_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("SITE_URL", SITE_URL)
    root, first = build_project(tmp_path, specs=small_specs(tmp_path))
    assert {"specs/noodle-a/noodle-a.docx", "specs/bun-b/bun-b.docx"} <= set(first.sync.written)
    again = build(Settings(root=root), site=False)
    assert not [p for p in again.sync.written if p.endswith(".docx")]
    keys_before = manifest(root)
    spec_file = root / "specs" / "bun-b.yaml"
    spec_file.write_text(spec_file.read_text(encoding="utf-8").replace("制成馒头的能力", "制成白面馒头的能力"), encoding="utf-8")
    changed = build(Settings(root=root), site=False)
    assert [p for p in changed.sync.written if p.endswith(".docx")] == ["specs/bun-b/bun-b.docx"]
    keys_after = manifest(root)
    changed_keys = {p for p in keys_after if p.endswith(".docx") and keys_after[p] != keys_before[p]}
    assert changed_keys == {"specs/bun-b/bun-b.docx"}  # the form shows nothing that changed: its job did not even run
    assert "制成白面馒头的能力" in all_text(docx_files(root)["specs/bun-b/bun-b.docx"])
    monkeypatch.setenv("SITE_URL", "https://mirror.example.net/")
    moved = build(Settings(root=root), site=False)
    assert {"specs/noodle-a/noodle-a.docx", "specs/bun-b/bun-b.docx"} <= set(moved.sync.written)
    assert open_docx(docx_files(root)["specs/noodle-a/noodle-a.docx"]).core_properties.identifier == "https://mirror.example.net/specs/noodle-a/"
