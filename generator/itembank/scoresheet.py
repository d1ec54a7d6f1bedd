"""The 操作技能考核评分记录表 of one item, on landscape pages.

Columns as on real sheets (real-specs.md §3.2): 序号 | 考核内容 | 评分要素 |
配分 | 评分标准 | 检测结果 | 扣分 | 得分 | 备注. Nine columns do not fit the
156 mm of a portrait 版心 with room to write, so the sheet is landscape (225 mm).
Rows with the same 考核内容 in a row share one 序号, merged down; the last
four columns are left empty for the examiners; the 合计 row gives the sum of
the 配分. The last rows are the signature lines the item lists (three 考评员
score the same candidate and sign, 川人社职鉴〔2020〕5号 二（八）; 评分人 and
核分人 sign with the date, as on the scoring sheets of real-specs.md §3.3):
inside the table, so they stay with the 合计 on one page.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..wordml import SIZE, XIAOBIAOSONG, Cell, Document, Table
from .marking import draft_notice
from .paper import Paper, PaperSet, ScoreRow, minutes

TITLE = "操作技能考核评分记录表"
COLUMNS = ("序号", "考核内容", "评分要素", "配分", "评分标准", "检测结果", "扣分", "得分", "备注")
WIDTHS = (12, 26, 54, 12, 60, 21, 12, 12, 16)  # mm, 225 in all
# 姓名 | … | 准考证号 | … | 考核日期 | …
HEAD_WIDTHS = (21, 58, 21, 42, 21, 62)
# two signatures side by side: under 序号…配分, and under 评分标准…备注
SIGN_SPANS = (4, 5)
ROW_MM = 10  # room to write a result by hand
HEAD_ROW_MM = 8
TITLE_PT = 40
SIGN_ROW_MM = 11
SIGN_LINE = "_" * 12
DATE = "年　　月　　日"


def write_score_sheet(doc: Document, papers: PaperSet, paper: Paper, *, page_break: bool = False) -> None:
    # 小二 rather than a document title's 二号, with less space: the landscape page has 156 mm for the whole sheet
    title = f"{papers.spec_name}专项职业能力{TITLE}"
    doc.paragraph(title, style="Normal", align="center", font=XIAOBIAOSONG, size=SIZE["小二"], line_pt=TITLE_PT, keep_next=True, page_break=page_break)
    draft_notice(doc, papers)
    doc.table(head_table(paper))
    doc.table(score_table(paper))


def head_table(paper: Paper) -> Table:
    """Who and what is scored: filled in by the examiners, except the item."""
    table = Table(HEAD_WIDTHS)
    table.row(_label("姓名"), Cell(), _label("准考证号"), Cell(), _label("考核日期"), Cell(DATE, align="right"), height_mm=HEAD_ROW_MM)
    table.row(
        _label("试题名称"),
        Cell(f"{paper.label}　{paper.name}"),
        _label("考核时间"),
        Cell(minutes(paper.operation_minutes), align="center"),
        _label("起止时间"),
        Cell("时　　分　至　　时　　分", align="right"),
        height_mm=HEAD_ROW_MM,
    )
    return table


def score_table(paper: Paper) -> Table:
    """The scoring rows, 合计 and the signatures; the last scoring row, 合计 and
    the signatures are kept on one page, so no sheet ends in a lone 合计."""
    table = Table(WIDTHS, header_rows=1)
    table.row(*(Cell(title, head=True) for title in COLUMNS))
    for number, first, row in numbered(paper.rows):
        table.row(*_score_cells(number, first, row), height_mm=ROW_MM)
    total = paper.marks
    table.row(_label("合计", span=3), Cell("" if total is None else str(total), align="center"), *(Cell() for _ in range(5)), height_mm=ROW_MM)
    groups = signature_rows(paper.signatures)
    for group in groups:
        spans = SIGN_SPANS if len(group) == 2 else (len(WIDTHS),)
        table.row(*(_signature(role, count, span) for (role, count), span in zip(group, spans, strict=True)), height_mm=SIGN_ROW_MM)
    for kept in table.rows[-2 - len(groups) : -1]:
        kept.keep_next = True
    return table


def _score_cells(number: int, first: bool, row: ScoreRow) -> list[Cell]:
    """序号 and 考核内容 merged down a run of rows; 检测结果, 扣分, 得分 left empty."""
    return [
        Cell(str(number), merge="restart", align="center") if first else Cell(merge="continue"),
        Cell(row.content, merge="restart") if first else Cell(merge="continue"),
        Cell(row.element),
        Cell(str(row.marks), align="center"),
        Cell(row.criteria),
        Cell(),
        Cell(),
        Cell(),
        Cell(row.note),
    ]


def numbered(rows: Sequence[ScoreRow]) -> Iterator[tuple[int, bool, ScoreRow]]:
    """Each row with its 序号 and whether it starts a run of the same 考核内容."""
    number = 0
    for i, row in enumerate(rows):
        first = i == 0 or rows[i - 1].content != row.content
        number += first
        yield number, first, row


def signature_rows(signatures: Sequence[str]) -> list[list[tuple[str, int]]]:
    """Each role once, in the order listed, with how many sign as it: a role
    signed by several people (the three 考评员) on a row of its own, the
    others two to a row."""
    rows: list[list[tuple[str, int]]] = []
    for role in dict.fromkeys(signatures):
        count = list(signatures).count(role)
        if count == 1 and rows and len(rows[-1]) == 1 and rows[-1][0][1] == 1:
            rows[-1].append((role, 1))
        else:
            rows.append([(role, count)])
    return rows


def _signature(role: str, count: int, span: int) -> Cell:
    lines = "　".join([SIGN_LINE] * count)
    return Cell(f"{role}（签名）：{lines}　　{DATE}", span=span, valign="bottom")


def _label(text: str, *, span: int = 1) -> Cell:
    return Cell(text, span=span, align="center", head=True)
