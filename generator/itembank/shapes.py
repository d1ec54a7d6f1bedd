"""The shape of each bank file, and a small checker that locates every deviation.

A shape is a type (``str``, ``int``), a tuple of types, a ``Seq`` of shapes, or
a dict of shapes whose optional keys end in ``?``. Structure is checked before
anything else; a file with structural problems gets no semantic checks.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from ..loading import Document
from ..problems import Problem, Severity

PLACEHOLDER = "待填写"

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Seq:
    item: Any
    min: int = 0


TYPE_NAMES = {str: "文字", int: "整数", float: "数字", list: "列表", dict: "“键: 值”映射", type(None): "空值", bool: "true/false"}

QUANTITY = (int, float, str)
EQUIPMENT = {"name": str, "spec?": QUANTITY, "quantity?": QUANTITY, "unit?": str, "note?": str}

MANIFEST = {
    "format": int,
    "spec": {"id": str, "name": str, "version": str, "path": str},
    "issued": dict,
}

BLUEPRINT = {
    "full_marks": int,
    "ranges": Seq(
        {
            "code": str,
            "title": str,
            "weight": int,
            "points": Seq({"code": str, "text": str, "marks": int}, min=1),
        }
    ),
}

ITEM = {
    "name": str,
    "ranges": Seq(str, min=1),
    "task": str,
    "preparation": {"materials": Seq(EQUIPMENT), "equipment": Seq(EQUIPMENT), "tools": Seq(EQUIPMENT)},
    "procedure": {"steps": Seq(str, min=1), "rules": Seq(str), "method": str, "measurement?": str},
    "time": {"preparation": int, "operation": int, "overtime": str},
    "scoring": Seq({"point": str, "content": str, "element": str, "marks": int, "criteria": str, "note?": str}, min=1),
    "signatures": Seq(str, min=1),
}


def check_shape(doc: Document, display: str, shape: Any) -> list[Problem]:
    checker = _Checker(doc, display)
    checker.walk(shape, doc.data, ())
    return checker.found


class _Checker:
    def __init__(self, doc: Document, display: str) -> None:
        self.doc, self.display = doc, display
        self.found: list[Problem] = []

    def report(self, code: str, path: Path_, message: str, *, at_key: bool = False) -> None:
        line, col = self.doc.key_mark(path) if at_key else self.doc.locate(path)
        self.found.append(Problem(code, Severity.ERROR, self.display, line, col, message, path))

    def walk(self, shape: Any, value: Any, path: Path_) -> None:
        if isinstance(shape, dict):
            self.mapping(shape, value, path)
        elif isinstance(shape, Seq):
            self.sequence(shape, value, path)
        elif not _scalar_ok(shape, value):
            expected = "或".join(TYPE_NAMES[t] for t in (shape if isinstance(shape, tuple) else (shape,)))
            self.report("type", path, f"{_field(path)}应为{expected}，实为{_type_name(value)}")

    def mapping(self, shape: dict[str, Any], value: Any, path: Path_) -> None:
        if not isinstance(value, dict):
            self.report("type", path, f"{_field(path)}应为{TYPE_NAMES[dict]}，实为{_type_name(value)}")
            return
        optional = {k.rstrip("?"): k.endswith("?") for k in shape}
        for key in (k for k, opt in optional.items() if not opt and k not in value):
            self.report("required", path, f"缺少“{key}”")
        for key, item in value.items():
            if key not in optional:
                close = difflib.get_close_matches(key, list(optional), n=1)
                hint = f"，是否应为“{close[0]}”" if close else f"；可用的键：{'、'.join(optional)}"
                self.report("unknown-key", (*path, key), f"这里不能有“{key}”{hint}", at_key=True)
            elif not (optional[key] and item is None):
                self.walk(shape[key + "?" if optional[key] else key], item, (*path, key))

    def sequence(self, shape: Seq, value: Any, path: Path_) -> None:
        if not isinstance(value, list):
            self.report("type", path, f"{_field(path)}应为{TYPE_NAMES[list]}，实为{_type_name(value)}")
            return
        if len(value) < shape.min:
            self.report("too-few", path, f"{_field(path)}至少要有 {shape.min} 项")
        for i, item in enumerate(value):
            self.walk(shape.item, item, (*path, i))


def _scalar_ok(shape: Any, value: Any) -> bool:
    types = shape if isinstance(shape, tuple) else (shape,)
    if isinstance(value, bool):
        return bool in types
    if isinstance(value, str) and PLACEHOLDER in value:
        return True  # an unfilled number is reported once, as a placeholder
    return isinstance(value, types)


def _field(path: Path_) -> str:
    """How a message names the value at ``path``: its key as written in the
    file, and the item number (from 1) where it sits in a list."""
    if not path:
        return "整个文件"
    keys = [part for part in path if isinstance(part, str)]
    name = f"“{keys[-1]}”" if keys else ""
    if isinstance(path[-1], int):
        name += f"第 {path[-1] + 1} 项"
    return name


def _type_name(value: Any) -> str:
    return TYPE_NAMES.get(type(value), type(value).__name__)
