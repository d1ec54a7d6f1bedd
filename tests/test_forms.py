"""The 山东省专项职业能力考点设立申请表 of each ability (威人社字〔2021〕5号附件3, issue 5)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from generator.model import EquipmentItem, Spec, Variant
from generator.render.forms import build_form

from .wordtests import CellInfo, all_text, build_project, open_docx, tables

LABELS = [
    "申请单位",
    "负责人",
    "考点地址",
    "专项职业能力考核项目",
    "从事考核职工总数",
    "考核场地",
    "与专项职业能力项目相适应的设施设备",
    "组织管理人员情况",
    "考评员情况",
    "申报单位意见",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Spec]]:
    root, report = build_project(tmp_path_factory.mktemp("forms"))
    assert report.catalogue is not None
    return root / "docs" / "generated", list(report.catalogue.specs)


def form_rows(data: bytes) -> list[list[CellInfo]]:
    (table,) = tables(data)
    return table


def section(rows: list[list[CellInfo]], label: str) -> list[list[CellInfo]]:
    """The rows of a section: its first row and those whose label cell continues it."""
    start = next(i for i, row in enumerate(rows) if row[0].text == label)
    end = next((i for i in range(start + 1, len(rows)) if rows[i][0].merge != "continue"), len(rows))
    return rows[start:end]


def test_a_form_per_ability_with_every_row_of_the_original(built: tuple[Path, list[Spec]]) -> None:
    generated, specs = built
    for spec in specs:
        data = (generated / spec.form_url).read_bytes()
        rows = form_rows(data)
        assert [row[0].text for row in rows if row[0].merge != "continue"] == LABELS
        text = all_text(data)
        assert "山东省专项职业能力考点设立申请表" in text
        assert "备注：“考评员情况”一栏，每个拟开展考评的项目至少填写3名考评员" in text
        assert open_docx(data).core_properties.title == f"山东省专项职业能力考点设立申请表（{spec.name}）"


def test_ability_and_equipment_filled_in_the_rest_blank(built: tuple[Path, list[Spec]]) -> None:
    generated, specs = built
    for spec in specs:
        rows = form_rows((generated / spec.form_url).read_bytes())
        assert [c.text for c in section(rows, "专项职业能力考核项目")[0]] == ["专项职业能力考核项目", spec.name]
        assert [c.text for c in section(rows, "申请单位")[0]] == ["申请单位", ""]
        equipment = section(rows, "与专项职业能力项目相适应的设施设备")
        assert [c.text for c in equipment[0][1:]] == ["名称", "型号规格", "数量", "备注"]
        filled = [[c.text for c in row[1:]] for row in equipment[1:] if row[1].text]
        expected = [[i.name, i.spec or "", f"{i.quantity}{i.unit or ''}" if i.quantity is not None else i.unit or "", i.note or ""] for i in spec.equipment]
        assert filled[: len(expected)] == expected, spec.id
        assert [c.text for c in equipment[-1][1:]] == ["", "", "", ""]  # room for more


def test_people_sections_have_their_columns_and_at_least_three_blank_rows(built: tuple[Path, list[Spec]]) -> None:
    generated, specs = built
    rows = form_rows((generated / specs[0].form_url).read_bytes())
    assessors = section(rows, "考评员情况")
    assert [c.text for c in assessors[0][1:]] == ["姓名", "性别", "年龄", "文化程度", "职称（级别）", "职业资格证书（等级）", "考评工种", "考评员证书号"]
    assert len(assessors) - 1 >= 3 and all(c.text == "" for row in assessors[1:] for c in row)
    managers = section(rows, "组织管理人员情况")
    assert [c.text for c in managers[0][1:]] == ["姓名", "性别", "年龄", "文化程度", "职务（或职称）", "职业资格证书（等级）", "专业", "备注"]
    opinion = section(rows, "申报单位意见")[0][1].text
    assert "（盖章）" in opinion and "负责人（签名）" in opinion and "年　　月　　日" in opinion


def test_sub_item_equipment_is_marked_with_its_sub_item(built: tuple[Path, list[Spec]]) -> None:
    _, specs = built
    item = EquipmentItem("equipment", "专用诊断仪", "V.A.G 1552", 1, "台", "每工位")
    spec = dataclasses.replace(specs[0], variants=(Variant("桑塔纳2000轿车整车综合性能检测诊断", None, None, (item,)),))
    rows = form_rows(build_form(spec, "https://zxnl.example.org/x"))
    equipment = section(rows, "与专项职业能力项目相适应的设施设备")
    assert ["专用诊断仪", "V.A.G 1552", "1台", "每工位；仅桑塔纳2000轿车整车综合性能检测诊断"] in [[c.text for c in row[1:]] for row in equipment]


def test_a_form_from_a_sample_text_says_so(built: tuple[Path, list[Spec]]) -> None:
    generated, specs = built
    for spec in specs:
        text = all_text((generated / spec.form_url).read_bytes())
        assert (f"依据《{spec.title}》（{spec.version}版）" in text) and (("示例文本，非官方文本" in text) == spec.sample)
