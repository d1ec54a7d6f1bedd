"""The text of one 考核规范 as Word blocks, shared by the docx and volume renderers.

Content and order follow the official template, 《专项职业能力考核规范编写要求》
(威人社字〔2021〕5号 附件2), with the section numbers real specs print
(一、定义 … 四、考核要求): nothing is added that the spec does not hold, apart
from the template's own labels and headings, the sample notice and the
identity block at the end (版本, 日期, 来源, 豁免, QR code).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import zip_longest

from ..model import Catalogue, EquipmentItem, Spec, Task, date_titles
from ..schemas import enum_titles
from .document import Cell, Content, Document, Image, Link, Table, line_count
from .layout import chinese_date, chinese_numeral
from .package import Properties
from .qr import qr_png

SAMPLE_HEADER = "示例文本　非官方文本"
SAMPLE_NOTICE = "示例文本，非官方文本"
SAMPLE_DETAIL = "本文本由本项目编写，用于演示考核规范的格式，不是人力资源社会保障部门发布的官方文本，不能作为考核依据。"
CATEGORY = "专项职业能力考核规范"

# 考核内容 columns (mm, 156 in all): 工作任务 | 操作规范 | 相关知识 | 考核比重
CONTENT_WIDTHS = (30, 56, 48, 22)
# equipment: 序号 | 类别 | 名称 | 型号规格 | 单位 | 数量 | 备注
EQUIPMENT_WIDTHS = (12, 14, 38, 32, 12, 14, 34)
# identity block: label | text | QR code
IDENTITY_WIDTHS = (24, 102, 30)
IDENTITY_EM = 30  # characters a line of the identity block across its width
QR_MM = 25
# A task of at most this many lines is kept on one page; a longer one may break
# between its rows rather than leave most of a page empty.
KEEP_TOGETHER_LINES = 6
LIFECYCLE = ("drafted", "submitted", "filed", "published", "pilot_start", "pilot_end", "effective", "retired")


@dataclass(frozen=True)
class SpecContext:
    """What a spec's document needs from outside the spec itself."""

    page_url: str  # the spec's page on the site, for the QR code
    list_title: str | None = None  # the list of spec.entry
    replaced_by: str | None = None  # title of the spec that replaces this one


def spec_context(catalogue: Catalogue, spec: Spec, site_url: str) -> SpecContext:
    lst = catalogue.list_by_id.get(spec.entry.list) if spec.entry else None
    successor = catalogue.spec_by_id.get(spec.replaced_by) if spec.replaced_by else None
    return SpecContext(site_url + spec.url, lst.title if lst else None, successor.title if successor else None)


def shown_titles(spec: Spec) -> list[object]:
    """The titles the document prints for the spec's codes (status, dates, waived
    rules, equipment kinds, completeness): they come from the schema and the rule
    catalogue, not from the spec, so they belong in a job key too."""
    kinds = sorted({item.kind_title for item in (*spec.equipment, *(i for v in spec.variants for i in v.equipment))})
    completeness = enum_titles("$defs", "Source", "properties", "completeness")
    return [spec.status_title, date_titles(), [w.title for w in spec.waivers], kinds, completeness]


def spec_properties(spec: Spec, ctx: SpecContext) -> Properties:
    keywords = [CATEGORY, spec.name] + ([spec.occupation.name] if spec.occupation else []) + ([SAMPLE_NOTICE] if spec.sample else [])
    description = SAMPLE_NOTICE if spec.sample else f"转录自：{spec.source.title}（{spec.source.publisher}，{spec.source.url}）" if spec.source else ""
    return Properties(
        title=spec.title,
        subject=spec.name,
        keywords="；".join(keywords),
        version=spec.version,
        category=CATEGORY,
        identifier=ctx.page_url,
        description=description,
        status=spec.status_title,
    )


def identity_line(spec: Spec) -> str:
    """（1.0版　现行　2010年11月1日公布）: version, status and the date that
    identifies the text, as printed under the titles of official documents."""
    parts = [f"{spec.version}版", spec.status_title]
    if spec.date:
        title, value = spec.date
        parts.append(chinese_date(value) + title.removesuffix("日期"))
    if spec.source and spec.source.completeness == "partial":
        parts.append(enum_titles("$defs", "Source", "properties", "completeness")["partial"])
    return "（" + "　".join(parts) + "）"


def write_spec(doc: Document, spec: Spec, ctx: SpecContext, *, toc: bool = False, page_break: bool = False, qr: bool = True) -> None:
    """The whole text of ``spec``: title, notices, 一、定义 … and the identity block."""
    doc.title(spec.title, subtitle=identity_line(spec), toc=toc, page_break=page_break)
    if spec.sample:
        doc.notice(SAMPLE_NOTICE, SAMPLE_DETAIL)
    for number, (heading, write) in enumerate(_sections(spec), 1):
        doc.heading(f"{chinese_numeral(number)}、{heading}")
        write(doc, spec)
    doc.blank()
    doc.table(identity_table(spec, ctx, qr=qr))


def _sections(spec: Spec) -> Iterator[tuple[str, Callable[[Document, Spec], None]]]:
    yield "定义", lambda doc, s: _paragraphs(doc, s.definition)
    yield "适用对象", lambda doc, s: _paragraphs(doc, s.audience)
    yield "考核内容", lambda doc, s: doc.table(content_table(s))
    if any(vars(spec.requirements).values()):
        yield "考核要求", _requirements
    if spec.variants:
        yield "细分项目", _variants


def _paragraphs(doc: Document, text: str) -> None:
    for line in text.split("\n"):
        if line.strip():
            doc.paragraph(line)


def content_table(spec: Spec) -> Table:
    """编写要求五: the table headed 能力名称 / 职业领域, columns 工作任务 | 操作规范 |
    相关知识 | 考核比重; each practice/knowledge pair on its own row, the task and
    weight cells merged down the task's rows; both header rows repeat on every page."""
    table = Table(CONTENT_WIDTHS, header_rows=2)
    occupation = spec.occupation.label if spec.occupation else ""
    table.row(Cell(f"能力名称：{spec.name}", span=2), Cell(f"职业领域：{occupation}", span=2))
    table.row(*(Cell(title, head=True) for title in ("工作任务", "操作规范", "相关知识", "考核比重")))
    for number, task in enumerate(spec.tasks, 1):
        _task_rows(table, number, task)
    return table


def _task_rows(table: Table, number: int, task: Task) -> None:
    together = _task_lines(task) <= KEEP_TOGETHER_LINES
    for i in range(task.rows):
        first = i == 0
        practice = f"{i + 1}.{task.practices[i]}" if i < len(task.practices) else ""
        knowledge = f"{i + 1}.{task.knowledge[i]}" if i < len(task.knowledge) else ""
        table.row(
            Cell(f"（{chinese_numeral(number)}）{task.title}", merge="restart") if first else Cell(merge="continue"),
            Cell(practice),
            Cell(knowledge),
            Cell(f"{task.weight}%", merge="restart", align="center") if first else Cell(merge="continue"),
            keep_next=together and i < task.rows - 1,
        )


def _task_lines(task: Task) -> int:
    """Estimated lines of table text the task takes (小四 in the column widths)."""
    practice_em, knowledge_em = ((w * 72 / 25.4 - 8.5) / 12 for w in CONTENT_WIDTHS[1:3])
    return sum(max(line_count(p, practice_em), line_count(k, knowledge_em)) for p, k in zip_longest(task.practices, task.knowledge, fillvalue=""))


def equipment_table(items: tuple[EquipmentItem, ...]) -> Table:
    """The equipment list: one row an item; the 类别 cell merged down a run of
    items of the same kind."""
    table = Table(EQUIPMENT_WIDTHS, header_rows=1)
    table.row(*(Cell(title, head=True) for title in ("序号", "类别", "名称", "型号规格", "单位", "数量", "备注")))
    for i, item in enumerate(items):
        same_kind = i > 0 and items[i - 1].kind == item.kind
        table.row(
            Cell(str(i + 1), align="center"),
            Cell(merge="continue") if same_kind else Cell(item.kind_title, merge="restart", align="center"),
            Cell(item.name),
            Cell(item.spec or ""),
            Cell(item.unit or "", align="center"),
            Cell("" if item.quantity is None else str(item.quantity), align="center"),
            Cell(item.note or ""),
        )
    return table


def _requirements(doc: Document, spec: Spec) -> None:
    """编写要求六: 申报条件, 考评员构成, 考核方式与考核时间 (with the scoring rule),
    鉴定场地设备要求; only the parts the spec holds, numbered in order, then what
    it lacks and why (its requirement-missing waiver)."""
    for number, part in enumerate(spec.requirements.parts, 1):
        doc.heading(f"（{chinese_numeral(number)}）{part.title}", 2)
        for text in part.texts:
            _paragraphs(doc, text)
        if part.equipment:
            doc.table(equipment_table(part.equipment))
    if spec.missing_requirements_note:
        doc.paragraph(f"（{spec.missing_requirements_note}）")


def _variants(doc: Document, spec: Spec) -> None:
    for number, variant in enumerate(spec.variants, 1):
        doc.heading(f"（{chinese_numeral(number)}）{variant.name}", 2)
        if variant.entry:
            doc.paragraph(f"目录序号：{variant.entry.number}")
        if variant.note:
            _paragraphs(doc, variant.note)
        if variant.equipment:
            doc.paragraph("专用设备：", keep_next=True)
            doc.table(equipment_table(variant.equipment))


def identity_table(spec: Spec, ctx: SpecContext, *, qr: bool = True) -> Table:
    """The identity of the text, ruled like the 版记 of GB/T 9704-2012 7.4:
    version and status and the page on the site (a link, and a QR code beside
    them) first, then dates, list entry, source, waivers and history."""
    rows = list(_identity_rows(spec, ctx))
    table = Table(IDENTITY_WIDTHS, borders="rules")
    code = Image(qr_png(ctx.page_url), QR_MM, QR_MM, f"二维码：{ctx.page_url}") if qr else None
    together = sum(line_count(_plain(p), IDENTITY_EM) for _, paragraphs in rows for p in paragraphs) <= KEEP_TOGETHER_LINES
    for i, (label, paragraphs) in enumerate(rows):
        keep = together and i < len(rows) - 1
        if code and i < 2:
            beside = Cell(code, merge="restart", align="center") if i == 0 else Cell(merge="continue")
            table.row(Cell(label, align="center"), Cell(*paragraphs), beside, keep_next=keep)
        else:
            table.row(Cell(label, align="center"), Cell(*paragraphs, span=2), keep_next=keep)
    return table


def _plain(content: Content) -> str:
    items = [content] if isinstance(content, str | Link | Image) else content
    return "".join(i if isinstance(i, str) else i.text for i in items if not isinstance(i, Image))


def _identity_rows(spec: Spec, ctx: SpecContext) -> Iterator[tuple[str, list[Content]]]:
    yield "版本", [f"{spec.version}版（{spec.status_title}）" + ("　" + SAMPLE_NOTICE if spec.sample else "")]
    yield "网页版", [[Link(ctx.page_url, ctx.page_url)]]
    titles = date_titles()
    dates = [f"{titles[key]}：{chinese_date(spec.dates[key])}" for key in LIFECYCLE if key in spec.dates]
    if dates:
        yield "日期", ["　".join(dates)]
    if spec.entry and ctx.list_title:
        yield "目录", [f"{ctx.list_title}第{spec.entry.number}项"]
    if spec.source:
        src = spec.source
        completeness = enum_titles("$defs", "Source", "properties", "completeness")[src.completeness]
        head = f"{src.title}。{src.publisher}" + (f"，{chinese_date(src.date)}" if src.date else "") + f"。{completeness}。"
        yield "来源", [[head, Link(src.url, src.url)], *([src.note] if src.note else [])]
    if ctx.replaced_by:
        yield "替代", [f"本规范已由《{ctx.replaced_by}》替代。"]
    if spec.waivers:
        yield "豁免", [f"{w.rule}（{w.title}）：{w.reason}" for w in spec.waivers]
    if spec.history:
        yield "修订记录", [f"{h.version}版（{chinese_date(h.date)}）：{h.changes}" for h in spec.history]
