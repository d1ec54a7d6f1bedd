"""What goes into the bank's files: plans computed from the spec, and their text.

Everything is computed here (codes, marks, minutes, equipment by kind); the
templates in generator/templates/itembank/ only lay it out. The macros that
write one 鉴定点, one 鉴定范围 or one 评分记录表 row are shared by whole files
and by the snippets that re-scaffold inserts, so both look the same.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import EquipmentItem, Spec
from ..templates import environment
from .allocation import largest_remainder, point_marks, range_targets
from .bank import FORMAT, HEADER
from .numbering import point_code, range_code

MIN_ASSESSORS = 3  # 川人社职鉴〔2020〕5号二（八）：三名考评人员对同一考生进行考核评定


@dataclass(frozen=True)
class PointPlan:
    code: str
    text: str
    marks: int


@dataclass(frozen=True)
class RangePlan:
    code: str
    title: str
    weight: int
    target: int
    points: tuple[PointPlan, ...]


@dataclass(frozen=True)
class RowPlan:
    point: str
    content: str
    element: str
    marks: int


@dataclass(frozen=True)
class ItemPlan:
    name: str
    ranges: tuple[str, ...]
    rows: tuple[RowPlan, ...]
    minutes: int | None

    @property
    def marks(self) -> int:
        return sum(r.marks for r in self.rows)


def full_marks(spec: Spec) -> int:
    return spec.requirements.scoring.full_marks if spec.requirements.scoring else 100


def targets(spec: Spec) -> list[int]:
    return range_targets(full_marks(spec), [t.weight for t in spec.tasks])


def plan_range(spec: Spec, task: int, code: str, target: int) -> RangePlan:
    t = spec.tasks[task]
    marks = point_marks(target, len(t.practices))
    points = tuple(PointPlan(point_code(code, i + 1), text, m) for i, (text, m) in enumerate(zip(t.practices, marks, strict=True)))
    return RangePlan(code, t.title, t.weight, target, points)


def plan_ranges(spec: Spec) -> list[RangePlan]:
    return [plan_range(spec, i, range_code(i), target) for i, target in enumerate(targets(spec))]


def rows_of(rng: RangePlan) -> list[RowPlan]:
    return [RowPlan(p.code, rng.title, p.text, p.marks) for p in rng.points]


def plan_item(ranges: Sequence[RangePlan], minutes: int | None) -> ItemPlan:
    rows = tuple(row for r in ranges for row in rows_of(r))
    return ItemPlan("、".join(r.title for r in ranges), tuple(r.code for r in ranges), rows, minutes)


def plan_items(spec: Spec, ranges: Sequence[RangePlan], groups: Sequence[Sequence[int]]) -> list[ItemPlan]:
    """One item per group of task indices; minutes split by marks if the spec gives them."""
    total = spec.requirements.method.minutes if spec.requirements.method else None
    marks = [sum(ranges[t].target for t in group) for group in groups]
    minutes: list[int | None] = list(largest_remainder(total, marks)) if total else [None] * len(groups)
    return [plan_item([ranges[t] for t in group], m) for group, m in zip(groups, minutes, strict=True)]


def item_file_name(number: int) -> str:
    return f"item-{number:02d}.yaml"


# --------------------------------------------------------------------------
# text


def _template(name: str) -> Any:
    return environment("text").get_template(f"itembank/{name}")


def manifest_text(spec: Spec, spec_path: str, issued: dict[str, int]) -> str:
    info = {"id": spec.id, "name": spec.name, "version": spec.version, "path": spec_path}
    return str(_template("bank.yaml.j2").render(header=HEADER, format=FORMAT, spec=info, issued=sorted(issued.items())))


def blueprint_text(spec: Spec, ranges: Sequence[RangePlan]) -> str:
    return str(_template("blueprint.yaml.j2").render(header=HEADER, title=spec.title, full_marks=full_marks(spec), ranges=ranges))


def item_text(spec: Spec, item: ItemPlan) -> str:
    by_kind = {kind: [_equipment(e) for e in spec.equipment if e.kind == kind] for kind in ("material", "equipment", "tool")}
    method = spec.requirements.method
    return str(
        _template("item.yaml.j2").render(
            header=HEADER,
            title=spec.title,
            name=item.name,
            ranges=item.ranges,
            materials=by_kind["material"],
            equipment=by_kind["equipment"],
            tools=by_kind["tool"],
            minutes=item.minutes,
            total_minutes=method.minutes if method else None,
            marks=item.marks,
            full_marks=full_marks(spec),
            pass_mark=spec.requirements.scoring.pass_mark if spec.requirements.scoring else 60,
            rows=item.rows,
            signatures=signatures(spec),
        )
    )


def signatures(spec: Spec) -> list[str]:
    assessors = spec.requirements.assessors.minimum if spec.requirements.assessors else MIN_ASSESSORS
    return ["考评员"] * max(assessors, MIN_ASSESSORS) + ["评分人", "核分人"]


def _equipment(item: EquipmentItem) -> dict[str, Any]:
    quantity: Any = item.quantity if item.quantity is not None else ""
    return {"name": item.name, "spec": item.spec or "", "quantity": quantity, "unit": item.unit or "", "note": item.note or ""}


def snippet(macro: str, value: Any) -> str:
    """One 鉴定点, 鉴定范围 or row, at column 0, as the full files write it."""
    return str(getattr(_template("macros.j2").module, macro)(value))


def relative_spec_path(spec_path: Path, bank: Path) -> str:
    """Where the spec is, seen from the bank (so both can move together)."""
    try:
        return Path(os.path.relpath(spec_path.resolve(), bank.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return spec_path.resolve().as_posix()
