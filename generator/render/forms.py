"""Renderer: the 山东省专项职业能力考点设立申请表 of each ability, at spec.form_url.

The form is attachment 3 of 威人社字〔2021〕5号 (《威海市人力资源和社会保障局
关于推进专项职业能力考核工作的通知》): all its rows and sections, in its order.
The ability's name and its required equipment (名称, 型号规格, 数量, 备注) are
filled in from the spec; everything else is left blank for the applicant.
"""

from __future__ import annotations

from ..model import Catalogue, EquipmentItem, Spec
from ..output import OutputTree
from ..settings import Settings
from ..wordml import Cell, Document, Properties, Table, job_key

FORM_TITLE = "山东省专项职业能力考点设立申请表"
SOURCE_NOTE = "威人社字〔2021〕5号附件3"
# 9 columns, 156 mm: a label column, then 姓名 性别 年龄 文化程度 职务 证书 专业 备注
WIDTHS = (24, 16, 11, 11, 17, 19, 22, 18, 18)
ROW_MM = 8  # room to write by hand
STAFF_ROWS = 3  # blank rows for people; the note asks for at least 3 考评员
SPARE_EQUIPMENT_ROWS = 2
MANAGERS = ("姓名", "性别", "年龄", "文化程度", "职务（或职称）", "职业资格证书（等级）", "专业", "备注")
ASSESSORS = ("姓名", "性别", "年龄", "文化程度", "职称（级别）", "职业资格证书（等级）", "考评工种", "考评员证书号")


def render(catalogue: Catalogue, out: OutputTree, settings: Settings) -> None:
    site_url = settings.site_url  # reads mkdocs.yml: once, not once per spec
    for spec in catalogue.specs:
        url = site_url + spec.form_url
        # only what the form shows: a change to the spec's text leaves the form alone
        shown = [url, spec.name, spec.title, spec.version, spec.sample, _equipment_rows(spec)]
        out.add_job(spec.form_url, job_key(*shown, source=__file__), build_form, spec, url)


def build_form(spec: Spec, url: str) -> bytes:
    doc = Document()
    doc.title(FORM_TITLE)
    doc.table(form_table(spec))
    doc.paragraph("备注：“考评员情况”一栏，每个拟开展考评的项目至少填写3名考评员", style="Note")
    basis = f"“专项职业能力考核项目”和设施设备依据《{spec.title}》（{spec.version}版）预先填写"
    doc.paragraph(f"注：{basis}{'；该规范是示例文本，非官方文本' if spec.sample else ''}。", style="Note")
    return doc.docx(
        Properties(
            title=f"{FORM_TITLE}（{spec.name}）",
            subject=spec.name,
            keywords="；".join(["考点设立申请表", spec.name, SOURCE_NOTE]),
            version=spec.version,
            category="专项职业能力考点设立申请表",
            identifier=url,
            description=basis,
        )
    )


def form_table(spec: Spec) -> Table:
    table = Table(WIDTHS)
    _head(table, spec)
    _sites(table)
    _equipment(table, _equipment_rows(spec))
    _people(table, "组织管理人员情况", MANAGERS)
    _people(table, "考评员情况", ASSESSORS)
    _opinion(table)
    return table


def _label(text: str, **kwargs: object) -> Cell:
    return Cell(text, align="center", **kwargs)  # type: ignore[arg-type]


def _head(table: Table, spec: Spec) -> None:
    table.row(_label("申请单位"), Cell(span=8), height_mm=ROW_MM)
    table.row(_label("负责人"), Cell(span=3), _label("联系电话", span=2), Cell(span=3), height_mm=ROW_MM)
    table.row(_label("考点地址"), Cell(span=8), height_mm=ROW_MM)
    table.row(_label("专项职业能力考核项目"), Cell(spec.name, span=8), height_mm=ROW_MM)
    table.row(_label("从事考核职工总数"), Cell(span=2), _label("管理人员数", span=2), Cell(), _label("专职教师数", span=2), Cell(), height_mm=ROW_MM)


def _sites(table: Table) -> None:
    """考核场地: 自有 and 租用, each with 教室 and 操作室, their number and area."""
    for i, (owner, room) in enumerate((("自有", "教室"), ("自有", "操作室"), ("租用", "教室"), ("租用", "操作室"))):
        site = _label("考核场地", merge="restart") if i == 0 else Cell(merge="continue")
        kind = _label(owner, merge="restart") if i % 2 == 0 else Cell(merge="continue")
        table.row(site, kind, Cell(f"（　　）个{room}", span=3, align="center"), _label("面积"), Cell("m²", span=3, align="right"), height_mm=ROW_MM)


def _equipment_rows(spec: Spec) -> list[tuple[str, str, str, str]]:
    """名称, 型号规格, 数量, 备注 of every item the spec requires; the items of
    one sub-item (variant) only carry its name in 备注."""
    rows = [_item(item, "") for item in spec.equipment]
    for variant in spec.variants:
        rows.extend(_item(item, f"仅{variant.name}") for item in variant.equipment)
    return rows


def _item(item: EquipmentItem, scope: str) -> tuple[str, str, str, str]:
    quantity = f"{item.quantity}{item.unit or ''}" if item.quantity is not None else (item.unit or "")
    note = "；".join(part for part in (item.note, scope) if part)
    return item.name, item.spec or "", quantity, note


def _equipment(table: Table, items: list[tuple[str, str, str, str]]) -> None:
    label = "与专项职业能力项目相适应的设施设备"
    table.row(
        _label(label, merge="restart"),
        Cell("名称", span=3, head=True),
        Cell("型号规格", span=2, head=True),
        Cell("数量", head=True),
        Cell("备注", span=2, head=True),
    )
    for name, model, quantity, note in [*items, *[("", "", "", "")] * SPARE_EQUIPMENT_ROWS]:
        table.row(
            Cell(merge="continue"),
            Cell(name, span=3),
            Cell(model, span=2),
            Cell(quantity, align="center"),
            Cell(note, span=2),
            height_mm=ROW_MM if not name else None,
        )


def _people(table: Table, label: str, columns: tuple[str, ...]) -> None:
    table.row(_label(label, merge="restart"), *(Cell(title, head=True) for title in columns))
    for _ in range(STAFF_ROWS):
        table.row(Cell(merge="continue"), *(Cell() for _ in columns), height_mm=ROW_MM)


def _opinion(table: Table) -> None:
    signature = Cell("", "", "（盖章）", "", "负责人（签名）：　　　　　　", "", "年　　月　　日", span=8, align="right", valign="bottom")
    table.row(_label("申报单位意见"), signature, height_mm=45)
