"""`scaffold SPEC --out DIR`: create a bank for one spec, or bring one up to date.

plan     load and validate the spec, then compute every file's text: a new
         bank from scratch, or insertions into an existing one (merge.py)
write    only at the end, only files whose bytes change, each atomically
report   what was done and what changed in the spec, in Chinese, on stdout

A writer's work is never destroyed: an existing bank only ever gains lines.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Spec
from ..output import write_atomic
from ..problems import Problem, Severity
from ..reporting import text_line
from ..templates import cn_number
from ..validation import UsageError, display_path
from . import files
from .bank import BANK_FILE, BLUEPRINT_FILE, ITEMS_DIR
from .specfile import load_spec

EXIT_OK, EXIT_PROBLEMS = 0, 1
PRIVATE_NOTE = "题库是保密材料：请保存在单独的私有仓库中，不要放进规范仓库的 specs/ 或 docs/（网站构建遇到题库文件会拒绝运行）。"


@dataclass
class Outcome:
    """Files to write and what to tell the writer. Values only: nothing printed."""

    writes: dict[Path, str] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # a bank that must be fixed first


def scaffold(spec_path: Path, out_dir: Path, *, groups: Sequence[str] | None = None) -> int:
    """The command: plan, write, report. Returns the exit code."""
    spec, problems = load_spec(spec_path)
    if spec is None:
        return _fail(
            [p for p in problems if p.severity is not Severity.NOTE], f"规范 {spec_path} 未通过校验，请先修正（python -m generator validate {spec_path}）。"
        )
    check_destination(out_dir)
    outcome = plan(spec, spec_path, out_dir, parse_groups(groups or [], len(spec.tasks)))
    if outcome.problems:
        return _fail(outcome.problems, "题库中有文件无法读取或结构有误，未作任何改动；请先修正上述问题再运行 scaffold。")
    written = write(outcome.writes)
    for line in outcome.messages:
        sys.stdout.write(line + "\n")
    sys.stdout.write(f"写入 {len(written)} 个文件：{'、'.join(display_path(p) for p in written) or '无（没有需要更新的内容）'}。\n")
    sys.stdout.write(f"下一步：替换各文件中的“【待填写：……】”，然后运行 python -m generator itembank check {out_dir}\n{PRIVATE_NOTE}\n")
    return EXIT_OK


def plan(spec: Spec, spec_path: Path, out_dir: Path, groups: list[list[int]]) -> Outcome:
    if (out_dir / BANK_FILE).exists():
        from .merge import plan_merge

        return plan_merge(spec, spec_path, out_dir, groups)
    return plan_new(spec, spec_path, out_dir, groups)


def plan_new(spec: Spec, spec_path: Path, out_dir: Path, groups: list[list[int]]) -> Outcome:
    ranges = files.plan_ranges(spec)
    items = files.plan_items(spec, ranges, item_groups(list(range(len(spec.tasks))), groups))
    issued = {r.code: len(r.points) for r in ranges}
    outcome = Outcome()
    outcome.writes[out_dir / BANK_FILE] = files.manifest_text(spec, files.relative_spec_path(spec_path, out_dir), issued)
    outcome.writes[out_dir / BLUEPRINT_FILE] = files.blueprint_text(spec, ranges)
    points = sum(len(r.points) for r in ranges)
    outcome.messages.append(f"已为《{spec.title}》（{spec.version} 版）生成题库框架：{out_dir}")
    outcome.messages.append(f"  {BLUEPRINT_FILE}：鉴定要素细目表，{len(ranges)} 个鉴定范围，{points} 个鉴定点，共 {files.full_marks(spec)} 分")
    for number, item in enumerate(items, start=1):
        path = out_dir / ITEMS_DIR / files.item_file_name(number)
        outcome.writes[path] = files.item_text(spec, item)
        outcome.messages.append(f"  {ITEMS_DIR}/{path.name}：{describe_item(number, item)}")
    outcome.messages.append(minutes_note(spec))
    return outcome


def describe_item(number: int, item: files.ItemPlan) -> str:
    time = f"，建议时限 {item.minutes} 分钟" if item.minutes is not None else ""
    return f"试题{cn_number(number) if number <= 99 else number}“{item.name}”（鉴定范围 {'、'.join(item.ranges)}，{item.marks} 分{time}）"


def minutes_note(spec: Spec) -> str:
    method = spec.requirements.method
    if method and method.minutes:
        return f"考核时限：已按各题配分占总分的比例，把规范规定的 {method.minutes} 分钟分给各题（取整后合计不变）；这是建议值，请命题人按实际操作需要调整。"
    return "考核时限：规范没有规定考核时间，各题的正常操作时间留给命题人填写。"


def item_groups(tasks: Sequence[int], groups: Sequence[Sequence[int]]) -> list[list[int]]:
    """Tasks (0-based, in spec order) gathered into items: a task of a --group
    goes with the other listed tasks of its group, any other task is alone."""
    pending = set(tasks)
    out: list[list[int]] = []
    for task in sorted(pending):
        if task not in pending:
            continue
        group = next((g for g in groups if task in g), [task])
        members = [t for t in sorted(group) if t in pending]
        pending.difference_update(members)
        out.append(members)
    return out


def parse_groups(raw: Sequence[str], task_count: int) -> list[list[int]]:
    """'--group 1,2' (1-based task numbers) -> [[0, 1]]; usage errors in Chinese."""
    groups: list[list[int]] = []
    seen: set[int] = set()
    for text in raw:
        parts = [p.strip() for p in text.replace("，", ",").split(",") if p.strip()]
        if not parts or not all(p.isdigit() for p in parts):
            raise UsageError(f"--group {text}：请写工作任务的序号，用逗号分隔，如 --group 1,2")
        numbers = [int(p) for p in parts]
        for n in numbers:
            if not 1 <= n <= task_count:
                raise UsageError(f"--group {text}：规范只有 {task_count} 项工作任务，没有第 {n} 项")
            if n in seen:
                raise UsageError(f"--group {text}：第 {n} 项工作任务出现在多个组中")
            seen.add(n)
        groups.append([n - 1 for n in numbers])
    return groups


def check_destination(out_dir: Path) -> None:
    """Never inside the site's sources; never over a folder that is not a bank."""
    target = out_dir.resolve()
    for folder in (Path("specs"), Path("docs")):
        if target.is_relative_to(folder.resolve()):
            raise UsageError(f"题库不能放在 {folder}/ 下：{PRIVATE_NOTE}")
    if target.exists() and not target.is_dir():
        raise UsageError(f"{out_dir} 是文件，不是目录")
    if target.is_dir() and any(target.iterdir()) and not (target / BANK_FILE).exists():
        raise UsageError(f"{out_dir} 不是空目录，也不是题库（没有 {BANK_FILE}）；为免覆盖其中的文件，请换一个新目录")


def write(writes: dict[Path, str]) -> list[Path]:
    """Write files whose bytes change; return them in order."""
    written = []
    for path in sorted(writes):
        data = writes[path].encode("utf-8")
        if path.exists() and path.read_bytes() == data:
            continue
        write_atomic(path, data)
        written.append(path)
    return written


def _fail(problems: list[Problem], message: str) -> int:
    for problem in sorted(problems, key=Problem.sort_key):
        sys.stderr.write(text_line(problem) + "\n")
    sys.stderr.write(message + "\n")
    return EXIT_PROBLEMS
