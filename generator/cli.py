"""Command line: parse arguments, call one function, map outcomes to exit codes.

Exit codes: 0 valid / done, 1 problems found, 2 usage or I/O error.
No traceback ever reaches the user; set GENERATOR_DEBUG=1 to see one.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .problems import Severity

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"用法错误：{message}\n")
        raise SystemExit(EXIT_USAGE)


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m generator", description="专项职业能力考核规范：校验、生成网站与 Word 文件、题库框架。")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    p = sub.add_parser("validate", help="校验规范和目录文件（默认 specs/）")
    p.add_argument("paths", nargs="*", type=Path, help="文件或目录，默认 specs/")
    p.add_argument("--format", choices=("text", "json", "github"), default="text", help="输出格式：text（默认）、json、github（GitHub Actions 注释）")
    p.add_argument("--notes", action="store_true", help="同时显示已豁免的问题")
    p.add_argument("--strict", action="store_true", help="有警告时也以 1 退出")

    p = sub.add_parser("build", help="校验并生成整个网站到 site/（含 Word 文件和开放数据）")
    p.add_argument("--jobs", type=int, default=None, help="生成 Word 文件的进程数，默认为 CPU 核数（同时运行 mkdocs 时为核数减一：mkdocs 用一个核）")
    p.add_argument("--no-site", action="store_true", help="只生成 docs/generated/，不运行 mkdocs")

    p = sub.add_parser("new", help="从带注释的模板新建一份规范")
    p.add_argument("id", help="规范标识，即文件名：小写字母、数字和连字符，如 lanzhou-beef-noodle")
    p.add_argument("--name", default=None, help="能力名称，如 兰州牛肉拉面制作")
    p.add_argument("--dir", type=Path, default=Path("specs"), help="写入的目录，默认 specs/")

    p = sub.add_parser("rules", help="列出全部规则代码及其含义")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text", help="输出格式：text（默认）、json、markdown（README 中的表格）")

    p = sub.add_parser("scaffold", help="由一份规范生成题库框架（保密，不要放入本仓库）")
    p.add_argument("spec", type=Path, help="规范文件，如 specs/lanzhou-beef-noodle.yaml")
    p.add_argument("--out", type=Path, required=True, help="题库目录（应位于单独的私有仓库）")
    p.add_argument("--group", action="append", default=None, metavar="1,2", help="把几项工作任务合成一道试题，如 --group 1,2；可多次使用")

    p = sub.add_parser("itembank", help="题库：检查、生成试卷")
    isub = p.add_subparsers(dest="itembank_command", metavar="命令", parser_class=_Parser)
    q = isub.add_parser("check", help="检查题库是否可以使用")
    q.add_argument("dir", type=Path)
    q.add_argument("--spec", type=Path, default=None, help="规范文件；默认使用题库中记录的路径")
    q.add_argument("--format", choices=("text", "json", "github"), default="text")
    q = isub.add_parser("render", help="生成 Word 试卷和评分记录表")
    q.add_argument("dir", type=Path)
    q.add_argument("--out", type=Path, default=None, help="输出目录，默认为题库目录下的 print/")
    q.add_argument("--spec", type=Path, default=None, help="规范文件；默认使用题库中记录的路径")
    q.add_argument("--draft", action="store_true", help="题库未通过检查时也生成，每页标注“草稿（未通过检查）”，仅供审阅")
    q = isub.add_parser("codes", help="列出题库检查的全部问题代码")
    q.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    q = isub.add_parser("export", help="导出为学习平台可导入的题库格式（Moodle GIFT）")
    q.add_argument("dir", type=Path)
    q.add_argument("--out", type=Path, required=True, help="输出的 .gift 文件")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        if os.environ.get("GENERATOR_DEBUG"):
            raise
        from .build import BuildError
        from .validation import UsageError

        if isinstance(exc, UsageError):
            sys.stderr.write(f"错误：{exc}\n")
            return EXIT_USAGE
        if isinstance(exc, BuildError):
            return _report_build_error(exc)
        if isinstance(exc, OSError):
            sys.stderr.write(f"读写文件出错：{exc}\n")
            return EXIT_USAGE
        sys.stderr.write(f"内部错误（程序缺陷，请报告）：{type(exc).__name__}: {exc}\n")
        return 70


def _report_build_error(exc: object) -> int:
    from .reporting import text_line

    problems = getattr(exc, "problems", [])
    for problem in problems:
        if problem.severity is not Severity.NOTE:
            sys.stderr.write(text_line(problem) + "\n")
    sys.stderr.write(f"构建失败：{exc}\n")
    return EXIT_PROBLEMS


def cmd_validate(args: argparse.Namespace) -> int:
    from .reporting import render
    from .validation import validate

    paths = args.paths or [Path("specs")]
    result = validate(paths)
    problems = result.problems
    sys.stdout.write(render(problems, len(result.files), args.format, show_notes=args.notes))
    if not result.ok:
        return EXIT_PROBLEMS
    if args.strict and result.count(Severity.WARNING):
        return EXIT_PROBLEMS
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build
    from .reporting import summary
    from .settings import Settings

    report = build(Settings(processes=args.jobs), site=not args.no_site)
    problems = report.validation.problems
    for problem in problems:
        if problem.severity is Severity.WARNING:
            from .reporting import text_line

            sys.stdout.write(text_line(problem) + "\n")
    sys.stdout.write(summary(problems, len(report.validation.files), show_notes=False) + "\n")
    sync = report.sync
    timing = "，".join(f"{k} {v:.1f} 秒" for k, v in report.seconds.items())
    sys.stdout.write(
        f"生成：写入 {len(sync.written)} 个文件，未变 {sync.unchanged} 个，删除 {len(sync.removed)} 个，重新生成 Word 等文件 {sync.jobs_run} 个（{timing}）。\n"
    )
    if not args.no_site:
        sys.stdout.write("网站已生成到 site/。\n")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from .newspec import create_spec

    path = create_spec(args.id, name=args.name, directory=args.dir)
    sys.stdout.write(f"已创建 {path}。请按注释填写，然后运行：python -m generator validate {path}\n")
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    import json

    from .rules import catalogue

    codes = catalogue()
    if args.format == "markdown":
        from .rules import markdown_table

        sys.stdout.write(markdown_table())
        return EXIT_OK
    if args.format == "json":
        data = [
            {"code": c.code, "title": c.title, "severity": c.severity.value, "waivable": c.waivable, "group": c.group, "explanation": c.explanation}
            for c in codes.values()
        ]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    for c in sorted(codes.values(), key=lambda c: (c.group, c.code)):
        flag = "可豁免" if c.waivable else "不可豁免"
        sys.stdout.write(f"{c.code:28} {c.severity.value:8} {flag}  {c.title}\n")
    return EXIT_OK


def cmd_scaffold(args: argparse.Namespace) -> int:
    from .itembank.scaffold import scaffold

    return scaffold(args.spec, args.out, groups=args.group)


def cmd_itembank(args: argparse.Namespace) -> int:
    from .itembank import commands

    if args.itembank_command is None:
        sys.stderr.write("用法：python -m generator itembank {check,render,export,codes} …\n")
        return EXIT_USAGE
    if args.itembank_command == "codes":
        from .itembank.codes import main as codes_main

        return codes_main(["--format", args.format])
    return commands.run(args)


COMMANDS = {
    "validate": cmd_validate,
    "build": cmd_build,
    "new": cmd_new,
    "rules": cmd_rules,
    "scaffold": cmd_scaffold,
    "itembank": cmd_itembank,
}
