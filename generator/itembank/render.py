"""`itembank render`: the Word files an exam site prints, from a checked bank.

A practical paper has three parts, 考核准备通知单, 考核试卷 and 考核评分记录表
(real-specs.md §3.1; the layout of the real 服装缝纫实操技能考核试题, §3.2):

    <item>-试卷.docx        考核准备通知单 (材料、设备、工具准备), then the 试卷
                            (试题名称, 鉴定范围, 试题内容, 操作程序规定及说明, 考核时限)
    <item>-评分记录表.docx  操作技能考核评分记录表, landscape (scoresheet.py)
    全套试卷.docx           the whole paper set: a cover with 注意事项 and the list
                            of items, every item's 通知单 and 试卷, every 评分记录表

A candidate takes every item (their marks add up to the full marks), so the
set is the paper, the copy a site keeps on file; the per-item files let it
print each part as often as it is needed (a 评分记录表 per candidate and item).
Marking (绝密★启用前, the CONFIDENTIAL-ITEMBANK property, drafts): marking.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..build import is_itembank_file
from ..output import write_atomic
from ..settings import Settings
from ..validation import UsageError
from ..wordml import HEITI, Cell, Document, Table, chinese_numeral
from .marking import draft_notice, new_document, properties
from .paper import Paper, PaperSet, Supply, marks, minutes
from .scoresheet import write_score_sheet

SET_FILE = "全套试卷.docx"
PAPER_SUFFIX, SHEET_SUFFIX = "-试卷.docx", "-评分记录表.docx"
PRINT_DIR = "print"

# 序号 | 名称 | 规格 | 数量 | 备注 (mm, 156 in all)
SUPPLY_WIDTHS = (14, 46, 40, 22, 34)
SUPPLY_KINDS = (("材料准备", "materials"), ("设备准备", "equipment"), ("工具准备", "tools"))
# label | value | label | value
INFO_WIDTHS = (26, 52, 26, 52)
# 试题 | 试题名称 | 鉴定范围 | 配分 | 考核时间
LIST_WIDTHS = (18, 50, 50, 16, 22)


def render_papers(papers: PaperSet) -> dict[str, bytes]:
    """Every file by name: the set first, then each item's two files."""
    files = {SET_FILE: set_docx(papers)}
    for paper in papers.papers:
        files[paper.stem + PAPER_SUFFIX] = paper_docx(papers, paper)
        files[paper.stem + SHEET_SUFFIX] = sheet_docx(papers, paper)
    return files


def paper_docx(papers: PaperSet, paper: Paper) -> bytes:
    doc = new_document(papers)
    write_notice(doc, papers, paper)
    write_paper(doc, papers, paper, page_break=True)
    return doc.docx(properties(papers, f"{papers.spec_name}专项职业能力操作技能考核试卷（{paper.label}）", paper.stem))


def sheet_docx(papers: PaperSet, paper: Paper) -> bytes:
    doc = new_document(papers, landscape=True)
    write_score_sheet(doc, papers, paper)
    return doc.docx(properties(papers, f"{papers.spec_name}专项职业能力操作技能考核评分记录表（{paper.label}）", paper.stem))


def set_docx(papers: PaperSet) -> bytes:
    doc = new_document(papers)
    write_cover(doc, papers)
    for paper in papers.papers:
        write_notice(doc, papers, paper, page_break=True)
        write_paper(doc, papers, paper, page_break=True)
    doc.new_section(landscape=True)
    for i, paper in enumerate(papers.papers):
        write_score_sheet(doc, papers, paper, page_break=i > 0)
    return doc.docx(properties(papers, f"{papers.spec_name}专项职业能力操作技能考核试卷（全套）", "set"))


def paper_title(papers: PaperSet, part: str) -> str:
    return f"{papers.spec_name}专项职业能力\n{part}"


def _numbered(lines: Sequence[str]) -> list[str]:
    return [f"{i}.{line}" for i, line in enumerate(lines, 1)]


def _lines(text: str) -> list[str]:
    """The paragraphs of a text written on several lines."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def _paragraphs(doc: Document, lines: Sequence[str]) -> None:
    for line in lines:
        doc.paragraph(line)


def _caption(doc: Document, text: str) -> None:
    doc.paragraph(text, style="Normal", align="center", font=HEITI, keep_next=True)


def _label(text: str) -> Cell:
    return Cell(text, align="center", head=True)


# -- the cover of the set ------------------------------------------------------------------


def write_cover(doc: Document, papers: PaperSet) -> None:
    doc.title(paper_title(papers, "操作技能考核试卷"))
    draft_notice(doc, papers)
    _caption(doc, "注意事项")
    total = papers.minutes
    time = f"；正常操作时间合计{total}分钟，准备时间不计入" if total is not None else ""
    notes = [
        f"本试卷依据《{papers.spec_title}》（{papers.version}版）命制。",
        f"本试卷共{len(papers.papers)}道试题，满分{marks(papers.full_marks)}{time}。",
        "考生根据考核准备通知单做好考核准备，仔细阅读试题内容和操作程序规定及说明，按要求完成操作。",
        "遵守考场纪律，服从考评人员和考务人员的安排，注意操作安全。",
        "本试卷为保密材料，考核结束后由考点收回存档。",
    ]
    _paragraphs(doc, _numbered(notes))
    _caption(doc, "试题一览")
    doc.table(item_list(papers))


def item_list(papers: PaperSet) -> Table:
    table = Table(LIST_WIDTHS, header_rows=1)
    table.row(*(Cell(title, head=True) for title in ("试题", "试题名称", "鉴定范围", "配分", "考核时间")))
    for paper in papers.papers:
        table.row(
            Cell(paper.label, align="center"),
            Cell(paper.name),
            Cell(*paper.ranges),
            Cell(marks(paper.marks), align="center"),
            Cell(minutes(paper.operation_minutes), align="center"),
        )
    total = papers.minutes
    table.row(
        Cell("合计", span=3, align="center"), Cell(marks(papers.full_marks), align="center"), Cell("" if total is None else minutes(total), align="center")
    )
    return table


# -- 考核准备通知单 ----------------------------------------------------------------------


def write_notice(doc: Document, papers: PaperSet, paper: Paper, *, page_break: bool = False) -> None:
    doc.title(paper_title(papers, "操作技能考核准备通知单"), subtitle=f"{paper.label}　{paper.name}", page_break=page_break)
    draft_notice(doc, papers)
    for number, (title, key) in enumerate(SUPPLY_KINDS, 1):
        doc.heading(f"{chinese_numeral(number)}、{title}")
        supplies: tuple[Supply, ...] = getattr(paper, key)
        if supplies:
            doc.table(supply_table(supplies))
        else:
            doc.paragraph("无。")


def supply_table(supplies: Sequence[Supply]) -> Table:
    table = Table(SUPPLY_WIDTHS, header_rows=1)
    table.row(*(Cell(title, head=True) for title in ("序号", "名称", "规格", "数量", "备注")))
    for i, s in enumerate(supplies, 1):
        table.row(Cell(str(i), align="center"), Cell(s.name), Cell(s.spec), Cell(s.quantity, align="center"), Cell(s.note))
    return table


# -- 试卷 -------------------------------------------------------------------------------------


def write_paper(doc: Document, papers: PaperSet, paper: Paper, *, page_break: bool = False) -> None:
    doc.title(paper_title(papers, "操作技能考核试卷"), subtitle=f"{paper.label}　{paper.name}", page_break=page_break)
    draft_notice(doc, papers)
    doc.table(info_table(paper))
    doc.heading("一、试题内容")
    _paragraphs(doc, _lines(paper.task))
    doc.heading("二、操作程序规定及说明")
    for number, (title, lines) in enumerate(procedure(paper), 1):
        doc.heading(f"（{chinese_numeral(number)}）{title}", 2)
        _paragraphs(doc, lines)
    doc.heading("三、考核时限")
    _paragraphs(doc, _numbered(time_lines(paper)))


def info_table(paper: Paper) -> Table:
    table = Table(INFO_WIDTHS)
    table.row(_label("试题名称"), Cell(f"{paper.label}　{paper.name}", span=3))
    table.row(_label("鉴定范围"), Cell(*paper.ranges, span=3))
    table.row(_label("本题配分"), Cell(marks(paper.marks), align="center"), _label("考核时间"), Cell(minutes(paper.operation_minutes), align="center"))
    return table


def procedure(paper: Paper) -> list[tuple[str, list[str]]]:
    """The parts of 操作程序规定及说明 and their paragraphs, in the order of the
    real paper; 测量技能说明 only when there is one."""
    parts = [("操作程序", _numbered(paper.steps)), ("考核规定及说明", _numbered(paper.rules)), ("考核方式说明", _lines(paper.method))]
    return parts + ([("测量技能说明", _lines(paper.measurement))] if _lines(paper.measurement) else [])


def time_lines(paper: Paper) -> list[str]:
    lines = [] if paper.preparation_minutes == 0 else [f"准备时间：{minutes(paper.preparation_minutes)}（不计入考核时间）。"]
    lines.append(f"正常操作时间：{minutes(paper.operation_minutes)}。")
    return [*lines, *([paper.overtime.strip()] if paper.overtime.strip() else [])]


# -- writing --------------------------------------------------------------------------------


@dataclass
class Written:
    changed: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)  # printed from items no longer in the bank


def check_output(out: Path) -> None:
    """Printed papers are as confidential as the bank: never where the site is built from."""
    settings = Settings()
    for folder in (settings.specs_dir, settings.docs_dir):
        if out.resolve().is_relative_to(folder.resolve()):
            raise UsageError(f"试卷和评分记录表是保密材料，不能写到 {folder.as_posix()}/ 下；请换一个不会公开的目录（默认为题库目录下的 {PRINT_DIR}/）")
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} 是文件，不是目录")


def write_outputs(out: Path, files: Mapping[str, bytes]) -> Written:
    """Write the files whose bytes change, then remove stale ones."""
    written = Written()
    for name, data in files.items():
        path = out / name
        if path.is_file() and path.read_bytes() == data:
            written.unchanged.append(path)
        else:
            write_atomic(path, data)
            written.changed.append(path)
    for path in stale(out, files):
        path.unlink()
        written.removed.append(path)
    return written


def stale(out: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Files this command printed for items no longer in the bank: named as it
    names them and marked as bank material; nothing else is touched."""
    names = [p for p in sorted(out.glob("*.docx")) if p.name not in files and p.name.endswith((PAPER_SUFFIX, SHEET_SUFFIX))]
    return [p for p in names if is_itembank_file(p)]
