"""The item bank as it is printed: a typed view of the paper set.

Built from a bank whose every file loaded with the right shape (bank.py): the
manifest names the spec, the blueprint gives the titles of the 鉴定范围, and
each item file becomes one ``Paper``, numbered 试题一, 试题二 … in file order.
Values are kept as written; in a draft (a bank that has not passed
``itembank check``) a number may still be a 【待填写：……】 placeholder, which is
then printed as it stands so that reviewers see it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..templates import cn_number
from .bank import Bank, Item

Number = int | str  # a number, or in a draft the placeholder that stands for it


@dataclass(frozen=True)
class Supply:
    """One line of the 考核准备通知单: a material, a piece of equipment or a tool."""

    name: str
    spec: str
    quantity: str  # with its unit: 2 kg, 1台
    note: str


@dataclass(frozen=True)
class ScoreRow:
    """One line of the 评分记录表."""

    content: str  # 考核内容
    element: str  # 评分要素
    marks: Number  # 配分
    criteria: str  # 评分标准
    note: str  # 备注


@dataclass(frozen=True)
class Paper:
    number: int  # 1-based, in the order of the item files
    stem: str  # the item file's name without .yaml: names the printed files
    name: str
    ranges: tuple[str, ...]  # "A　原料准备与清汤熬制"
    task: str
    materials: tuple[Supply, ...]
    equipment: tuple[Supply, ...]
    tools: tuple[Supply, ...]
    steps: tuple[str, ...]
    rules: tuple[str, ...]
    method: str
    measurement: str
    preparation_minutes: Number
    operation_minutes: Number
    overtime: str
    rows: tuple[ScoreRow, ...]
    signatures: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"试题{cn_number(self.number) if self.number <= 99 else self.number}"

    @property
    def marks(self) -> int | None:
        """The sum of the 配分, or None while one of them is not a number."""
        return total(row.marks for row in self.rows)


@dataclass(frozen=True)
class PaperSet:
    spec_id: str
    spec_name: str
    version: str
    full_marks: int | None
    papers: tuple[Paper, ...]
    draft: bool  # the bank has not passed itembank check

    @property
    def spec_title(self) -> str:
        return f"{self.spec_name}专项职业能力考核规范"

    @property
    def minutes(self) -> int | None:
        return total(p.operation_minutes for p in self.papers)


def readable(bank: Bank) -> bool:
    """Whether every file of the bank could be read into the typed view."""
    return bank.manifest is not None and bank.blueprint is not None and bool(bank.items) and len(bank.items) == len(bank.item_files)


def paper_set(bank: Bank, *, draft: bool) -> PaperSet:
    assert readable(bank) and bank.manifest is not None and bank.blueprint is not None
    titles = {r.code: r.title for r in bank.blueprint.ranges}
    papers = tuple(_paper(number, item, titles) for number, item in enumerate(bank.items, 1))
    m = bank.manifest
    return PaperSet(m.spec_id, m.spec_name, m.version, bank.blueprint.full_marks, papers, draft)


def _paper(number: int, item: Item, titles: Mapping[str, str]) -> Paper:
    assert item.file.document is not None
    data = item.file.document.data
    prep, proc, time = data["preparation"], data["procedure"], data["time"]
    return Paper(
        number=number,
        stem=item.file.path.stem,
        name=item.name,
        ranges=tuple(f"{code}　{titles[code]}" if code in titles else code for code in item.ranges),
        task=data["task"],
        materials=_supplies(prep["materials"]),
        equipment=_supplies(prep["equipment"]),
        tools=_supplies(prep["tools"]),
        steps=tuple(proc["steps"]),
        rules=tuple(proc["rules"]),
        method=proc["method"],
        measurement=_text(proc.get("measurement")),
        preparation_minutes=time["preparation"],
        operation_minutes=time["operation"],
        overtime=time["overtime"],
        rows=tuple(ScoreRow(r["content"], r["element"], r["marks"], r["criteria"], _text(r.get("note"))) for r in data["scoring"]),
        signatures=tuple(s.strip() for s in item.signatures),
    )


def _supplies(entries: list[dict[str, Any]]) -> tuple[Supply, ...]:
    return tuple(Supply(e["name"], _text(e.get("spec")), _quantity(e.get("quantity"), _text(e.get("unit"))), _text(e.get("note"))) for e in entries)


def _quantity(value: Any, unit: str) -> str:
    """2 and 台 -> 2台; 2 and kg -> 2 kg (a space before a unit symbol, GB 3101-1993 3.4.2)."""
    number = _text(value)
    space = " " if unit[:1].isascii() and unit[:1].isalpha() else ""
    return f"{number}{space}{unit}" if number else unit


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def total(values: Iterable[Number]) -> int | None:
    """The sum, or None while one of the values is not a number (a placeholder in a draft)."""
    given = list(values)
    numbers = [n for n in given if isinstance(n, int) and not isinstance(n, bool)]
    return sum(numbers) if len(numbers) == len(given) else None


def minutes(value: Number) -> str:
    """30 -> 30分钟; a placeholder as written."""
    return f"{value}分钟" if isinstance(value, int) else str(value)


def marks(value: Number | None) -> str:
    """25 -> 25分; unknown (a placeholder among the rows) -> —."""
    return "—" if value is None else f"{value}分" if isinstance(value, int) else str(value)
