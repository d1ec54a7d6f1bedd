"""`itembank check | render | export`: parse nothing, call one function, map to exit codes.

Exit codes as everywhere: 0 ok, 1 problems, 2 usage or I/O (a folder that is
not a bank, a --spec that does not exist).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..output import write_atomic
from ..problems import Severity
from ..reporting import render as render_problems
from ..reporting import text_line
from ..validation import UsageError
from .bank import NotABank
from .check import check_bank
from .gift import export_gift

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
    sys.stderr.write("暂不能生成 Word 试卷和评分记录表：这一功能尚在开发中。现在可以用 itembank check 检查题库，用 itembank export 导出 Moodle GIFT 文件。\n")
    return EXIT_USAGE


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
