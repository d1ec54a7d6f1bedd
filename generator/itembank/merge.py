"""Re-scaffold: bring an existing bank up to date with its spec, adding only.

New 工作任务 become new 鉴定范围 (and new items), new 操作规范 become new
鉴定点 (and new rows in every item that covers their range). Codes come from
bank.yaml's record of issued codes, so nothing is renumbered or reused.
Removed and reweighted tasks, and removed practices, are reported, never
deleted: the writer decides what happens to the work attached to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..loading import parse_yaml
from ..model import Spec
from ..validation import UsageError, display_path
from . import files
from .allocation import point_marks, share_of
from .bank import BANK_FILE, HEADER, ITEMS_DIR, Bank, BankFile, open_bank
from .drift import Alignment, align
from .numbering import next_range_code, point_code, point_number
from .scaffold import Outcome, describe_item, item_groups
from .textedit import BlockSeq, Text

Path_ = tuple[str | int, ...]


@dataclass
class Merge:
    spec: Spec
    bank: Bank
    alignment: Alignment
    issued: dict[str, int]
    outcome: Outcome = field(default_factory=Outcome)
    texts: dict[Path, Text] = field(default_factory=dict)
    current: dict[int, files.RangePlan] = field(default_factory=dict)  # task -> range after the merge
    new_points: dict[str, tuple[int, int]] = field(default_factory=dict)  # code -> (task, practice)
    rows_added: dict[str, list[str]] = field(default_factory=dict)  # code -> item files

    def text(self, file: BankFile) -> Text:
        if file.path not in self.texts:
            self.texts[file.path] = Text(file.path.read_bytes().decode("utf-8"))
        return self.texts[file.path]

    def say(self, message: str) -> None:
        self.outcome.messages.append(message)


def plan_merge(spec: Spec, spec_path: Path, out_dir: Path, groups: list[list[int]]) -> Outcome:
    bank = open_bank(out_dir)
    no_items = display_path(out_dir / ITEMS_DIR)  # missing items are simply added
    blocking = [p for p in bank.problems if p.code != "confidential-header" and not (p.code == "bank-file-missing" and p.file == no_items)]
    if blocking or bank.manifest is None or bank.blueprint is None or bank.blueprint_file is None:
        return Outcome(problems=blocking)
    if bank.manifest.spec_id != spec.id:
        raise UsageError(f"{out_dir} 是规范“{bank.manifest.spec_id}”的题库，不能用规范“{spec.id}”更新")
    m = Merge(spec, bank, align(bank.blueprint, spec), _issued(bank))
    m.say(f"更新题库 {out_dir}：《{spec.title}》" + _version_note(bank.manifest.version, spec.version))
    for t in range(len(spec.tasks)):
        m.current[t] = _extend_range(m, t) if t in m.alignment.ranges else _add_range(m, t)
    _add_rows(m)
    _report_removals(m)
    _add_items(m, out_dir, groups)
    _restore_headers(m)
    _finish(m, spec_path, out_dir)
    if len(m.outcome.messages) == 1:  # only the heading: nothing added, nothing to report
        m.say("规范与题库一致，没有需要加入的内容。")
    return m.outcome


def _issued(bank: Bank) -> dict[str, int]:
    """Codes issued so far: the record in bank.yaml, and whatever the 细目表 holds."""
    assert bank.manifest is not None and bank.blueprint is not None
    issued = dict(bank.manifest.issued)
    for rng in bank.blueprint.ranges:
        numbers = [n for n in (point_number(p.code, rng.code) for p in rng.points) if n is not None]
        issued[rng.code] = max([issued.get(rng.code, 0), *numbers])
    return issued


def _version_note(old: str, new: str) -> str:
    return f"，规范版本由 {old} 改为 {new}。" if old != new else f"（{new} 版）。"


def _extend_range(m: Merge, t: int) -> files.RangePlan:
    task, rng = m.spec.tasks[t], m.alignment.ranges[t]
    target = files.targets(m.spec)[t]
    if rng.weight != task.weight:
        m.say(
            f"工作任务“{task.title}”的比重由 {rng.weight}% 改为 {task.weight}%：请把细目表中鉴定范围 {rng.code} 的 weight 改为 {task.weight}，并重新分配配分，使合计为 {target} 分（试题中的配分同样调整）。"
        )
    marks = point_marks(target, len(task.practices))
    points = []
    for p, text in enumerate(task.practices):
        old = m.alignment.points.get((t, p))
        if old is not None:
            points.append(files.PointPlan(old.code, old.text, old.marks or 0))
            continue
        m.issued[rng.code] = number = m.issued.get(rng.code, 0) + 1
        new = files.PointPlan(point_code(rng.code, number), text, marks[p])
        points.append(new)
        m.new_points[new.code] = (t, p)
        orders = [_practice_order(m.alignment, t, point.code) for point in rng.points]
        _insert(m, m.bank.blueprint_file, (*rng.path, "points"), orders, p, "point", new)
    return files.RangePlan(rng.code, rng.title, task.weight, target, tuple(points))


def _practice_order(alignment: Alignment, t: int, code: str) -> int | None:
    where = alignment.order_of_point().get(code)
    return where[1] if where and where[0] == t else None


def _add_range(m: Merge, t: int) -> files.RangePlan:
    code = next_range_code([*m.issued, *(r.code for r in m.current.values())])
    plan = files.plan_range(m.spec, t, code, files.targets(m.spec)[t])
    m.issued[code] = len(plan.points)
    m.new_points.update({p.code: (t, i) for i, p in enumerate(plan.points)})
    assert m.bank.blueprint is not None
    orders = [m.alignment.task_of_range().get(r.code) for r in m.bank.blueprint.ranges]
    _insert(m, m.bank.blueprint_file, ("ranges",), orders, t, "range", plan)
    m.say(f"新增工作任务“{plan.title}”（比重 {plan.weight}%）：已加入鉴定范围 {code}，{len(plan.points)} 个鉴定点，配分合计 {plan.target} 分。")
    return plan


def _add_rows(m: Merge) -> None:
    """Every item covering a range gets a row for each new 鉴定点 of that range."""
    orders_of = m.alignment.order_of_point()
    for item in m.bank.items:
        for code, (t, p) in m.new_points.items():
            rng = m.current[t]
            if rng.code not in item.ranges:
                continue
            task = m.spec.tasks[t]
            point = next(x for x in rng.points if x.code == code)
            row = files.RowPlan(code, task.title, task.practices[p], point.marks)
            orders = [orders_of.get(r.point) for r in item.rows]
            if _insert(m, item.file, ("scoring",), orders, (t, p), "row", row):
                m.rows_added.setdefault(code, []).append(item.file.path.name)
    for code, (t, p) in m.new_points.items():
        if t in m.alignment.ranges:
            rng = m.current[t]
            places = "、".join(m.rows_added.get(code, [])) or "（没有试题覆盖该鉴定范围）"
            m.say(
                f"工作任务“{rng.title}”新增操作规范“{m.spec.tasks[t].practices[p]}”：已加入鉴定点 {code}（暂配 {_marks_of(rng, code)} 分）和试题 {places} 的评分记录表；请重新分配鉴定范围 {rng.code} 的配分，使合计为 {rng.target} 分。"
            )


def _marks_of(rng: files.RangePlan, code: str) -> int:
    return next(p.marks for p in rng.points if p.code == code)


def _report_removals(m: Merge) -> None:
    for rng in m.alignment.ranges_removed:
        m.say(f"规范中已没有工作任务“{rng.title}”：鉴定范围 {rng.code} 仍保留在细目表中，请确认后删除它及相关试题和评分行。")
    for rng, point in m.alignment.points_removed:
        m.say(f"工作任务“{rng.title}”中已没有操作规范“{point.text}”：鉴定点 {point.code} 仍保留，请确认后删除它和试题中的相关评分行，并重新分配配分。")


def _add_items(m: Merge, out_dir: Path, groups: list[list[int]]) -> None:
    covered = {code for item in m.bank.items for code in item.ranges}
    uncovered = [t for t, rng in m.current.items() if rng.code not in covered]
    method = m.spec.requirements.method
    total = method.minutes if method else None
    full = files.full_marks(m.spec)
    number = max([_item_number(f.path) for f in m.bank.item_files] or [0])
    for group in item_groups(uncovered, groups):
        ranges = [m.current[t] for t in group]
        marks = sum(r.target for r in ranges)
        item = files.plan_item(ranges, share_of(total, marks, full) if total else None)
        number += 1
        path = out_dir / ITEMS_DIR / files.item_file_name(number)
        m.outcome.writes[path] = files.item_text(m.spec, item)
        m.say(f"新建 {ITEMS_DIR}/{path.name}：{describe_item(number, item)}。")


def _item_number(path: Path) -> int:
    digits = "".join(c for c in path.stem if c.isdigit())
    return int(digits) if digits else 0


def _restore_headers(m: Merge) -> None:
    for file in m.bank.files:
        if file.path.name != BANK_FILE and any(p.code == "confidential-header" for p in file.problems):
            m.text(file).insert(0, HEADER, 0)
            m.say(f"{file.display} 缺少保密标记行，已在文件开头补上。")


def _insert(m: Merge, file: BankFile | None, seq_path: Path_, orders: Sequence[Any], new: Any, macro: str, value: Any) -> bool:
    """Insert one entry into a block sequence next to its neighbours in spec order."""
    assert file is not None and file.document is not None
    text = m.text(file)
    seq = text.block_seq(file.document, seq_path)
    snippet = files.snippet(macro, value)
    if seq is None:
        m.say(f"无法自动修改 {file.display}（该列表不是逐行书写的格式），请手工加入：\n{snippet}")
        return False
    text.insert(_anchor(text, seq, orders, new), snippet, seq.dash)
    return True


def _anchor(text: Text, seq: BlockSeq, orders: Sequence[Any], new: Any) -> int:
    """After the last entry that comes earlier in the spec; else before the
    first that comes later; else at the end. Entries the spec no longer has
    (order None) are not anchors."""
    before = [i for i, o in enumerate(orders) if o is not None and o < new]
    after = [i for i, o in enumerate(orders) if o is not None and o > new]
    if after and not before:
        return text.start_of_item(seq, min(after))
    return text.end_of_item(seq, max(before) if before else len(orders) - 1)


def _finish(m: Merge, spec_path: Path, out_dir: Path) -> None:
    """Queue every edited file. An edit that would not parse is a bug: stop
    before anything is written (the CLI reports it as an internal error)."""
    for path, text in m.texts.items():
        result = text.result()
        document, problems = parse_yaml(result.replace("\r\n", "\n"), str(path))
        if document is None or problems:
            raise RuntimeError(f"merged {path} does not parse: {problems}")
        m.outcome.writes[path] = result
    m.outcome.writes[out_dir / BANK_FILE] = files.manifest_text(m.spec, files.relative_spec_path(spec_path, out_dir), m.issued)
