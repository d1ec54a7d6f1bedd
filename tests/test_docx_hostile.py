"""Hostile text gives a validation error or a correct document: never a crash,
never a file Word cannot open (issue 5)."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from generator.build import BuildError
from generator.model import EquipmentItem, Spec, Task, Variant, Venue, spec_from_data
from generator.render.docx import build_docx
from generator.render.forms import build_form
from generator.render.volume import build_volume
from generator.wordml.spec import SpecContext

from .helpers import ROOT, load_minimal, write_yaml
from .wordtests import all_text, build_project, find_table, open_docx, row_flags

# C0 and C1 controls, a lone surrogate, non-characters, markup and a CDATA end
HOSTILE = "a\x00b\x01c\x0bd\x1f\x7fe\x85f\ud800g\ufffeh\uffffi<b>&amp;]]>\"'"
CLEANED = "abcdefghi<b>&amp;]]>\"'"
CONTEXT = SpecContext("https://zxnl.example.org/specs/hostile/?a=1&b=<2>", "目录<&>", None)


def spec(**changes: object) -> Spec:
    return dataclasses.replace(spec_from_data("hostile", load_minimal(), "hostile.yaml"), **changes)  # type: ignore[arg-type]


def hostile_spec() -> Spec:
    task = Task(HOSTILE, 100, (HOSTILE, "长" * 10_000, "x" * 600), (HOSTILE + "\ttab\r\nnext",))
    item = EquipmentItem("tool", HOSTILE, HOSTILE, 1, HOSTILE, HOSTILE)
    venue = Venue(HOSTILE, (item,))
    return spec(
        name="面条" + HOSTILE,
        definition=HOSTILE,
        audience=HOSTILE + "\n" + HOSTILE,
        tasks=(task,),
        requirements=dataclasses.replace(spec().requirements, eligibility=HOSTILE, venue=venue),
        variants=(Variant(HOSTILE, None, HOSTILE, (item,)),),
    )


def assert_well_formed(data: bytes) -> None:
    """Every XML part parses strictly, and python-docx opens the file."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name), etree.XMLParser(recover=False))
    open_docx(data)


def test_control_characters_and_markup_give_a_correct_document() -> None:
    data = build_docx(hostile_spec(), CONTEXT)
    assert_well_formed(data)
    text = all_text(data)
    assert text.count(CLEANED) >= 10
    assert "\ttab\nnext" in text  # tab and line break kept as w:tab and w:br
    assert "\x00" not in text and "\ud800" not in text


def test_a_10000_character_item_is_kept_whole_and_its_row_may_break() -> None:
    data = build_docx(hostile_spec(), CONTEXT)
    table = find_table(data, "能力名称：")
    assert table[3][1].text == "2." + "长" * 10_000
    flags = row_flags(data, "能力名称：")
    assert "cantSplit" in flags[2] and "cantSplit" not in flags[3] and "cantSplit" in flags[4]


def test_the_largest_spec_the_schema_allows() -> None:
    """30 tasks of 50 practices and 50 knowledge items of 600 characters."""
    long_item = "能按要求完成操作，" * 66 + "止"
    tasks = tuple(Task(f"工作任务{i}", 3 if i < 29 else 13, (long_item,) * 50, (long_item,) * 50) for i in range(30))
    data = build_docx(spec(tasks=tasks), SpecContext("https://zxnl.example.org/specs/big/"))
    assert_well_formed(data)
    table = find_table(data, "能力名称：")
    assert len(table) == 2 + 30 * 50
    assert table[-1][1].text == f"50.{long_item}"


def test_hostile_text_in_the_volume_and_the_form() -> None:
    lst = None
    from generator.build import gather
    from generator.settings import Settings

    catalogue, _ = gather(Settings(root=ROOT))
    lst = catalogue.lists[0]
    assert_well_formed(build_volume(lst, ((hostile_spec(), CONTEXT),), (1, 1, 1), CONTEXT.page_url))
    form = build_form(hostile_spec(), CONTEXT.page_url)
    assert_well_formed(form)
    assert CLEANED in all_text(form)


def test_control_characters_in_a_spec_file_stop_the_build(tmp_path: Path) -> None:
    specs = tmp_path / "specs-src"
    (specs / "lists").mkdir(parents=True)
    for lst in (ROOT / "specs" / "lists").glob("*.yaml"):
        (specs / "lists" / lst.name).write_bytes(lst.read_bytes())
    data = load_minimal()
    data["definition"] = "运用和面机\x07和案板，将面粉制成面条的能力。"
    write_yaml(specs / "noodle.yaml", data)
    with pytest.raises(BuildError):
        build_project(tmp_path, specs=specs)
    assert not list((tmp_path / "project" / "docs").rglob("*.docx"))
