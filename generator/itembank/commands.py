"""`itembank check | render | export`: parse nothing, call one function, map to exit codes.

Exit codes as everywhere: 0 ok, 1 problems, 2 usage or I/O (a folder that is
not a bank, a --spec that does not exist).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..output import write_atomic
from ..problems import Problem, Severity
from ..reporting import render as render_problems
from ..reporting import text_line
from ..validation import UsageError
from .bank import NotABank
from .check import check_bank
from .gift import export_gift
from .marking import DRAFT
from .paper import PaperSet, paper_set, readable
from .render import PRINT_DIR, SET_FILE, Written, check_output, render_papers, write_outputs

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def run(args: argparse.Namespace) -> int:
    commands = {"check": cmd_check, "render": cmd_render, "export": cmd_export}
    try:
        return commands[args.itembank_command](args)
    except (NotABank, UsageError) as exc:
        sys.stderr.write(f"错误：{exc}\n")
        return EXIT_USAGE


def cmd_check(args: argparse.Namespace) -> int:
    result = check_bank(args.dir, spec_path=args.spec)
    sys.stdout.write(render_problems(result.problems, len(result.bank.files), args.format))
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def cmd_render(args: argparse.Namespace) -> int:
    out: Path = args.out if args.out is not None else args.dir / PRINT_DIR
    check_output(out)
    result = check_bank(args.dir, spec_path=args.spec)
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    _report(result.problems)
    if not readable(result.bank):
        sys.stderr.write("题库中有文件无法读取或结构有误（见上），未生成试卷；请先修正（加 --draft 也不能生成）。\n")
        return EXIT_PROBLEMS
    if errors and not args.draft:
        sys.stderr.write(f"题库未通过检查（{len(errors)} 个错误，见上），未生成试卷。请先修正；只需审阅时可加 --draft，生成每页标注“{DRAFT}”的文件。\n")
        return EXIT_PROBLEMS
    papers = paper_set(result.bank, draft=bool(errors))
    written = write_outputs(out, render_papers(papers))
    sys.stdout.write(_summary(papers, out, written))
    return EXIT_OK


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        if problem.severity is not Severity.NOTE:
            sys.stderr.write(text_line(problem) + "\n")


def _summary(papers: PaperSet, out: Path, written: Written) -> str:
    what = f"{DRAFT}：题库还有问题（见上），" if papers.draft else ""
    lines = [f"{what}已生成 {len(papers.papers)} 道试题的试卷和评分记录表，以及{SET_FILE}，在 {out}："]
    lines += [f"  {p.name}" for p in written.changed]
    if written.unchanged:
        lines.append(f"  另有 {len(written.unchanged)} 个文件内容未变，未重写。")
    if written.removed:
        lines.append(f"  已删除已不在题库中的试题的文件：{'、'.join(p.name for p in written.removed)}")
    lines.append("这些文件是保密材料（绝密★启用前）：不要放进规范仓库的 specs/ 或 docs/，不要公开。")
    return "\n".join(lines) + "\n"


def cmd_export(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.is_dir():
        raise UsageError(f"{out} 是目录；请给出要写入的 .gift 文件名")
    for folder in (Path("specs"), Path("docs")):
        if out.resolve().is_relative_to(folder.resolve()):
            raise UsageError(f"导出的题库同样是保密材料，不能写到 {folder}/ 下")
    result = check_bank(args.dir, use_spec=False)
    if not result.ok:
        for problem in result.problems:
            if problem.severity is Severity.ERROR:
                sys.stderr.write(text_line(problem) + "\n")
        sys.stderr.write("题库还有问题（见上），未导出。请先修正，再运行 itembank export。\n")
        return EXIT_PROBLEMS
    write_atomic(out, export_gift(result.bank).encode("utf-8"))
    sys.stdout.write(f"已导出 {len(result.bank.items)} 道试题到 {out}（Moodle GIFT 格式）。导出的文件同样是保密材料。\n")
    return EXIT_OK
