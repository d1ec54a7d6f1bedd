"""Reporters: how problems look. Results are values; these only format them."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from .problems import Problem, Severity

FORMATS = ("text", "json", "github")


def summary(problems: Sequence[Problem], files: int, *, show_notes: bool) -> str:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = sum(p.severity is Severity.WARNING for p in problems)
    notes = sum(p.severity is Severity.NOTE for p in problems)
    parts = [f"检查了 {files} 个文件"]
    if not errors and not warnings:
        parts.append("没有发现问题")
    else:
        parts.append(f"{errors} 个错误，{warnings} 个警告")
    if notes:
        parts.append(f"{notes} 处按豁免处理" + ("" if show_notes else "（加 --notes 显示）"))
    return "，".join(parts) + "。"


# Line breaks, terminal escapes and bidirectional controls from a spec (a key, a
# value, a file name) must not reach the terminal raw: one problem, one line,
# shown as it is.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def _visible(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04X}", text)


def text_line(problem: Problem) -> str:
    return _visible(f"{problem.file}:{problem.line}:{problem.column}: {problem.severity.value} {problem.code} {problem.message}")


def render_text(problems: Sequence[Problem], files: int, *, show_notes: bool = False) -> str:
    lines = [text_line(p) for p in problems if show_notes or p.severity is not Severity.NOTE]
    lines.append(summary(problems, files, show_notes=show_notes))
    return "\n".join(lines) + "\n"


def render_json(problems: Sequence[Problem], files: int) -> str:
    data = {
        "files": files,
        "errors": sum(p.severity is Severity.ERROR for p in problems),
        "warnings": sum(p.severity is Severity.WARNING for p in problems),
        "notes": sum(p.severity is Severity.NOTE for p in problems),
        "problems": [p.as_dict() for p in problems],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render_github(problems: Sequence[Problem], files: int) -> str:
    """GitHub Actions workflow commands: one annotation per problem."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}
    lines = [
        f"::{level[p.severity]} file={_escape_property(p.file)},line={p.line},col={p.column},title={_escape_property(p.code)}::{_escape_data(p.message)}"
        for p in problems
    ]
    lines.append(summary(problems, files, show_notes=True))
    return "\n".join(lines) + "\n"


def render(problems: Sequence[Problem], files: int, fmt: str, *, show_notes: bool = False) -> str:
    if fmt == "json":
        return render_json(problems, files)
    if fmt == "github":
        return render_github(problems, files)
    return render_text(problems, files, show_notes=show_notes)
