"""`itembank check`: everything that keeps a bank from being usable, located.

Structure first (the strict loader, then the shape of each file, in bank.py);
the checks below run only on what has the right shape:

placeholders   every 【待填写：……】 left in any file
codes          鉴定范围 and 鉴定点 codes well-formed and unique
marks          per 鉴定范围 equal to its weight, all together equal to the full marks
items          ranges and rows point at real codes, cover their ranges, match the marks
coverage       every 鉴定点 scored by at least one item
signatures     three 考评员, 评分人 and 核分人 on every 评分记录表
spec           the spec changed since the bank was scaffolded (drift.py)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Spec
from ..problems import Problem, Severity
from . import files
from .allocation import range_targets
from .bank import Bank, Item, open_bank
from .drift import Alignment, align
from .numbering import POINT_CODE, RANGE_CODE
from .shapes import PLACEHOLDER
from .specfile import load_spec

Path_ = tuple[str | int, ...]


@dataclass
class CheckResult:
    bank: Bank
    problems: list[Problem]
    spec: Spec | None

    @property
    def ok(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)


def check_bank(root: Path, *, spec_path: Path | None = None, use_spec: bool = True) -> CheckResult:
    """Check the bank at ``root``; raises NotABank, and UsageError for a missing --spec."""
    bank = open_bank(root)
    problems = list(bank.problems)
    problems += list(placeholders(bank))
    spec, spec_problems = resolve_spec(bank, spec_path) if use_spec else (None, [])
    problems += spec_problems
    alignment = align(bank.blueprint, spec) if bank.blueprint and spec else None
    if bank.blueprint is not None:
        problems += list(check_codes(bank))
        problems += list(check_marks(bank, spec, alignment))
        problems += list(check_items(bank))
        problems += list(check_coverage(bank))
    problems += list(check_signatures(bank))
    if alignment is not None and spec is not None:
        problems += list(drift_problems(bank, spec, alignment))
    return CheckResult(bank, sorted(problems, key=Problem.sort_key), spec)


# --------------------------------------------------------------------------


def placeholders(bank: Bank) -> Iterator[Problem]:
    for file in bank.files:
        if file.document is not None:
            for path, text in _strings(file.document.data, ()):
                if PLACEHOLDER in text:
                    yield file.problem("placeholder", path, f"尚未填写：{_short(text)}")


def _strings(value: Any, path: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def resolve_spec(bank: Bank, spec_path: Path | None) -> tuple[Spec | None, list[Problem]]:
    manifest, file = bank.manifest, bank.manifest_file
    if spec_path is None:
        if manifest is None:
            return None, []
        spec_path = bank.root / manifest.spec_path
        if not spec_path.is_file():
            return None, [file.problem("spec-not-found", ("spec", "path"), f"找不到规范文件 {spec_path}；请用 --spec 指定")]
    spec, problems = load_spec(spec_path)
    if spec is None:
        errors = sum(p.severity is Severity.ERROR for p in problems)
        return None, [
            file.problem(
                "spec-invalid", ("spec", "path"), f"规范 {spec_path} 有 {errors} 个错误，无法与题库比较；请先运行 python -m generator validate {spec_path}"
            )
        ]
    if manifest is not None and manifest.spec_id != spec.id:
        return None, [file.problem("spec-other", ("spec", "id"), f"题库是为规范“{manifest.spec_id}”生成的，而 {spec_path} 是规范“{spec.id}”")]
    return spec, []


def check_codes(bank: Bank) -> Iterator[Problem]:
    assert bank.blueprint is not None and bank.blueprint_file is not None
    file = bank.blueprint_file
    seen: set[str] = set()
    for rng in bank.blueprint.ranges:
        if not RANGE_CODE.match(rng.code):
            yield file.problem("code-invalid", (*rng.path, "code"), f"鉴定范围代码“{rng.code}”应为大写字母，如 A、B")
        for code, path in [(rng.code, (*rng.path, "code")), *((p.code, (*p.path, "code")) for p in rng.points)]:
            if code in seen:
                yield file.problem("code-duplicate", path, f"代码 {code} 重复")
            seen.add(code)
        for point in rng.points:
            match = POINT_CODE.match(point.code)
            if not match or match.group(1) != rng.code:
                yield file.problem("code-invalid", (*point.path, "code"), f"鉴定点代码“{point.code}”应为鉴定范围代码加两位序号，如 {rng.code}01")


def check_marks(bank: Bank, spec: Spec | None, alignment: Alignment | None) -> Iterator[Problem]:
    blueprint, file = bank.blueprint, bank.blueprint_file
    assert blueprint is not None and file is not None
    full = files.full_marks(spec) if spec else blueprint.full_marks
    if full is None:
        return
    if blueprint.full_marks != full:
        yield file.problem("marks-total", ("full_marks",), f"规范的满分是 {full} 分，细目表写的是 {blueprint.full_marks} 分")
    for rng, target in _targets(bank, spec, alignment, full):
        total = _total(p.marks for p in rng.points)
        if total is not None and total != target:
            yield file.problem("marks-range-sum", (*rng.path, "points"), f"鉴定范围 {rng.code}（{rng.title}）各鉴定点配分之和为 {total} 分，应为 {target} 分")
    total = _total(p.marks for r in blueprint.ranges for p in r.points)
    if total is not None and total != full:
        yield file.problem("marks-total", ("ranges",), f"全部鉴定点配分之和为 {total} 分，应为 {full} 分")


def _total(marks: Iterable[int | None]) -> int | None:
    """The sum, or None when a value is missing (already reported as a placeholder)."""
    values = list(marks)
    return None if any(m is None for m in values) else sum(m for m in values if m is not None)


def _targets(bank: Bank, spec: Spec | None, alignment: Alignment | None, full: int) -> Iterator[tuple[Any, int]]:
    """Each 鉴定范围 with the marks it must sum to: from the spec when there is one."""
    assert bank.blueprint is not None
    if spec is not None and alignment is not None:
        targets = files.targets(spec)
        yield from ((rng, targets[t]) for t, rng in alignment.ranges.items())
        return
    ranges = bank.blueprint.ranges
    if all(r.weight is not None for r in ranges):
        yield from zip(ranges, range_targets(full, [r.weight or 0 for r in ranges]), strict=True)


def check_items(bank: Bank) -> Iterator[Problem]:
    assert bank.blueprint is not None
    points, range_of = bank.blueprint.points(), bank.blueprint.range_of_point()
    ranges = {r.code: r for r in bank.blueprint.ranges}
    for item in bank.items:
        file = item.file
        for i, code in enumerate(item.ranges):
            if code not in ranges:
                yield file.problem("item-unknown-range", ("ranges", i), f"细目表中没有鉴定范围 {code}")
        for row in item.rows:
            if row.point not in points:
                yield file.problem("item-unknown-point", (*row.path, "point"), f"细目表中没有鉴定点 {row.point}")
            elif range_of[row.point].code not in item.ranges:
                yield file.problem(
                    "item-point-foreign", (*row.path, "point"), f"鉴定点 {row.point} 属于鉴定范围 {range_of[row.point].code}，不在本题的 ranges 中"
                )
        scored = {row.point for row in item.rows}
        for code in (c for c in item.ranges if c in ranges):
            for point in ranges[code].points:
                if point.code not in scored:
                    yield file.problem(
                        "item-point-missing", ("scoring",), f"本题考核鉴定范围 {code}，但评分记录表中没有鉴定点 {point.code}（{_short(point.text, 24)}）"
                    )
        yield from _item_marks(item, points)


def _item_marks(item: Item, points: dict[str, Any]) -> Iterator[Problem]:
    rows = defaultdict(list)
    for row in item.rows:
        rows[row.point].append(row)
    for code, group in rows.items():
        expected = points[code].marks if code in points else None
        total = _total(r.marks for r in group)
        if expected is not None and total is not None and total != expected:
            how = "配分" if len(group) == 1 else f"{len(group)} 行的配分之和"
            yield item.file.problem("item-marks-mismatch", (*group[0].path, "marks"), f"鉴定点 {code} 的{how}为 {total} 分，细目表中为 {expected} 分")


def check_coverage(bank: Bank) -> Iterator[Problem]:
    """Only when every item could be read: a broken item would look like a gap."""
    assert bank.blueprint is not None and bank.blueprint_file is not None
    if not bank.items or len(bank.items) != len(bank.item_files):
        return
    scored = {row.point for item in bank.items for row in item.rows}
    for rng in bank.blueprint.ranges:
        for point in rng.points:
            if point.code not in scored:
                yield bank.blueprint_file.problem(
                    "point-uncovered", (*point.path, "code"), f"鉴定点 {point.code}（{_short(point.text, 24)}）没有出现在任何试题的评分记录表中"
                )


def check_signatures(bank: Bank) -> Iterator[Problem]:
    for item in bank.items:
        counts = Counter(s.strip() for s in item.signatures)
        missing = [f"考评员（还差 {3 - counts['考评员']} 名）"] if counts["考评员"] < files.MIN_ASSESSORS else []
        missing += [role for role in ("评分人", "核分人") if not counts[role]]
        if missing:
            yield item.file.problem("signatures-incomplete", ("signatures",), f"签名栏缺少：{'、'.join(missing)}")


def drift_problems(bank: Bank, spec: Spec, alignment: Alignment) -> Iterator[Problem]:
    bp, manifest = bank.blueprint_file, bank.manifest
    assert bp is not None
    if manifest is not None and manifest.version != spec.version and not alignment.changed:
        yield bank.manifest_file.problem(
            "spec-version-changed",
            ("spec", "version"),
            f"规范版本已由 {manifest.version} 改为 {spec.version}，考核内容未变；重新运行 scaffold 可记录新版本",
            Severity.WARNING,
        )
    for t in alignment.tasks_added:
        task = spec.tasks[t]
        yield bp.problem(
            "spec-task-added", ("ranges",), f"规范新增了第 {t + 1} 项工作任务“{task.title}”（比重 {task.weight}%），细目表中没有；请重新运行 scaffold"
        )
    for rng in alignment.ranges_removed:
        yield bp.problem("spec-task-removed", (*rng.path, "title"), f"规范中已没有工作任务“{rng.title}”；请确认后删除鉴定范围 {rng.code} 及相关试题和评分行")
    for change in alignment.reweighted:
        new = spec.tasks[change.task].weight
        yield bp.problem(
            "spec-task-reweighted",
            (*change.range.path, "weight"),
            f"规范中“{change.range.title}”的比重已由 {change.range.weight}% 改为 {new}%；请改 weight 并重新分配配分",
        )
    for added in alignment.practices_added:
        text = spec.tasks[added.task].practices[added.practice]
        yield bp.problem(
            "spec-practice-added", (*added.range.path, "points"), f"规范中“{added.range.title}”新增了操作规范“{_short(text)}”；请重新运行 scaffold"
        )
    for rng, point in alignment.points_removed:
        yield bp.problem(
            "spec-practice-removed", (*point.path, "text"), f"规范中“{rng.title}”已没有这条操作规范；请确认后删除鉴定点 {point.code} 和试题中的相关评分行"
        )
