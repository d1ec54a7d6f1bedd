"""How a bank's 细目表 lines up with the spec, and what changed since.

A 鉴定范围 matches a 工作任务 by title, a 鉴定点 matches an 操作规范 by its
text within the matched task; repeated titles or texts match in order. This
is what keeps codes stable: a code stays with its text for as long as the
text is in the spec. The result is a value: scaffold turns it into edits and
messages, check turns it into located problems.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from ..model import Spec, Task
from .bank import Blueprint, Point, Range

T = TypeVar("T")


@dataclass(frozen=True)
class PracticeAdded:
    task: int  # index in spec.tasks
    practice: int  # index in the task's practices
    range: Range


@dataclass(frozen=True)
class Reweighted:
    task: int
    range: Range


@dataclass
class Alignment:
    """The 细目表 matched against the spec."""

    ranges: dict[int, Range] = field(default_factory=dict)  # task index -> range
    points: dict[tuple[int, int], Point] = field(default_factory=dict)  # (task, practice) -> point
    tasks_added: list[int] = field(default_factory=list)
    ranges_removed: list[Range] = field(default_factory=list)
    reweighted: list[Reweighted] = field(default_factory=list)
    practices_added: list[PracticeAdded] = field(default_factory=list)
    points_removed: list[tuple[Range, Point]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.tasks_added or self.ranges_removed or self.reweighted or self.practices_added or self.points_removed)

    def task_of_range(self) -> dict[str, int]:
        return {r.code: t for t, r in self.ranges.items()}

    def order_of_point(self) -> dict[str, tuple[int, int]]:
        """Spec position (task, practice) of every matched 鉴定点."""
        return {p.code: key for key, p in self.points.items()}


def pair(keys: Sequence[Hashable], candidates: Sequence[T], key_of: dict[int, Hashable]) -> dict[int, T]:
    """Match ``keys`` (spec order) to ``candidates`` with equal keys, in order."""
    queues: dict[Hashable, list[T]] = defaultdict(list)
    for i, candidate in enumerate(candidates):
        queues[key_of[i]].append(candidate)
    return {i: queues[k].pop(0) for i, k in enumerate(keys) if queues[k]}


def align(blueprint: Blueprint, spec: Spec) -> Alignment:
    out = Alignment()
    titles = [t.title for t in spec.tasks]
    out.ranges = pair(titles, blueprint.ranges, {i: r.title for i, r in enumerate(blueprint.ranges)})
    matched = {id(r) for r in out.ranges.values()}
    out.ranges_removed = [r for r in blueprint.ranges if id(r) not in matched]
    for t, task in enumerate(spec.tasks):
        if t not in out.ranges:
            out.tasks_added.append(t)
            continue
        _align_task(out, t, task, out.ranges[t])
    return out


def _align_task(out: Alignment, t: int, task: Task, rng: Range) -> None:
    if rng.weight != task.weight:
        out.reweighted.append(Reweighted(t, rng))
    points = pair(task.practices, rng.points, {i: p.text for i, p in enumerate(rng.points)})
    for p, point in points.items():
        out.points[(t, p)] = point
    used = {id(p) for p in points.values()}
    out.points_removed.extend((rng, p) for p in rng.points if id(p) not in used)
    out.practices_added.extend(PracticeAdded(t, p, rng) for p in range(len(task.practices)) if p not in points)
