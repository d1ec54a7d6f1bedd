"""Strict YAML loading with source positions.

The loader reads events from libyaml and builds plain Python data itself, so
that it keeps the position of every node and refuses what a spec must never
contain: duplicate keys, anchors and aliases, explicit tags, deep nesting,
control and invisible characters, other encodings. Plain scalars follow the
YAML 1.2 core schema: dates and version numbers stay text, ``yes``/``no`` are
not booleans.

Nothing here raises on bad input: every finding is a ``Problem``.
"""

from __future__ import annotations

import re
import stat
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, Severity

MAX_BYTES = 256_000  # ten times the longest real spec; bounds time and memory on hostile input
MAX_DEPTH = 12
MAX_CHAR_PROBLEMS = 10

Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple[str | int, ...]

_CONTROL = r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\x7f-\x9f\ufffe\uffff]"
# zero-width, joiners, bidirectional controls, soft hyphen, BOM inside text, tag
# characters (U+E0000 block: invisible, can hide text), and
# the Unicode line and paragraph separators (libyaml counts them as line breaks,
# editors do not, so every line number after one would be wrong)
_INVISIBLE = r"[\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\U000e0000-\U000e007f]"
_FORBIDDEN = re.compile(f"(\t)|({_CONTROL})|({_INVISIBLE})")
# what a double-quoted escape (\0, \e, \u200b, \L …) can put into a value
_ESCAPED = re.compile(f"({_CONTROL})|({_INVISIBLE})")

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")

# libyaml's English messages, explained for authors
_SYNTAX_HINTS = (
    ("mapping values are not allowed", "此处不能出现“键: 值”；多为缩进错误，或值中含有未加引号的“: ”"),
    ("could not find expected ':'", "缺少冒号，或冒号后缺少空格：应写成“键: 值”"),
    ("did not find expected key", "缩进不一致：同一层的键必须对齐"),
    ("did not find expected '-' indicator", "列表项缩进不一致：同一列表的“- ”必须对齐"),
    ("found unexpected end of stream", "文件意外结束：引号或括号没有闭合"),
    ("found unknown escape character", "双引号中的反斜杠转义无效；如需反斜杠请改用单引号"),
    ("found character that cannot start any token", "该字符不能出现在此处（如行首的 @、` 或 %）"),
    ("block sequence entries are not allowed", "此处不能开始列表；多为缩进错误"),
    ("found undefined tag handle", "未定义的标签"),
    ("expected <block end>, but found", "缩进不一致或多余的内容"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("while scanning a simple key", "缺少冒号，或一行中有多余内容"),
    ("did not find expected node content", "缺少内容：此处应为一个值"),
    ("did not find expected ',' or ']'", "方括号列表没有正确闭合"),
    ("did not find expected ',' or '}'", "花括号映射没有正确闭合"),
)


@dataclass
class Document:
    """Loaded data plus the position of each node, keyed by JSON path."""

    data: Any
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Path_) -> tuple[int, int]:
        """Line and column to report for a problem at ``path``.

        A collection is reported at its key (``tasks:``), a scalar at its value.
        An unknown path falls back to its nearest known ancestor.
        """
        path = tuple(path)
        while True:
            if path in self.key_marks and _is_collection(self.value_at(path)):
                return self.key_marks[path]
            if path in self.value_marks:
                return self.value_marks[path]
            if not path:
                return (1, 1)
            path = path[:-1]

    def key_mark(self, path: Path_) -> tuple[int, int]:
        return self.key_marks.get(tuple(path)) or self.locate(path)

    def value_at(self, path: Path_) -> Any:
        node = self.data
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node


def _is_collection(value: Any) -> bool:
    return isinstance(value, (dict, list))


class _LineIndex:
    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def read_text(path: Path, display: str, *, max_bytes: int = MAX_BYTES) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 text, refusing large, mis-encoded or unsafe content."""

    def problem(code: str, line: int, col: int, message: str) -> Problem:
        return Problem(code, Severity.ERROR, display, line, col, message)

    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            # a device, pipe or folder: reading it could block or never end
            return None, [problem("file-unreadable", 1, 1, "不是普通文件（可能是目录、设备或管道），无法作为规范读取")]
        size = status.st_size
        if size > max_bytes:
            return None, [problem("file-too-large", 1, 1, f"文件大小 {size:,} 字节，超过上限 {max_bytes:,} 字节")]
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)  # a file growing while we read is larger than its size says
        if len(raw) > max_bytes:
            return None, [problem("file-too-large", 1, 1, f"文件超过上限 {max_bytes:,} 字节")]
    except OSError as exc:
        return None, [problem("file-unreadable", 1, 1, f"无法读取文件：{exc.strerror or exc}")]

    problems: list[Problem] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(problem("bom", 1, 1, "文件以 UTF-8 BOM 开头，请另存为“UTF-8（无 BOM）”"))
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [problem("encoding", 1, 1, "文件是 UTF-16 编码，请另存为 UTF-8")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        byte = raw[exc.start : exc.start + 1].hex()
        problems.append(problem("encoding", line, col, f"第 {line} 行有无法按 UTF-8 解码的字节 0x{byte}（文件可能是 GBK 编码），请另存为 UTF-8"))
        return None, problems

    text = text.replace("\r\n", "\n")
    problems.extend(_scan_characters(text, display))
    if problems:
        return None, problems
    return text, []


def _scan_characters(text: str, display: str) -> list[Problem]:
    found: list[Problem] = []
    counts: dict[str, int] = {}
    index: _LineIndex | None = None
    for match in _FORBIDDEN.finditer(text):
        tab, control, _invisible = match.groups()
        code = "tab" if tab else "control-char" if control else "invisible-char"
        counts[code] = counts.get(code, 0) + 1
        if counts[code] > MAX_CHAR_PROBLEMS:
            continue
        index = index or _LineIndex(text)
        line, col = index.position(match.start())
        found.append(Problem(code, Severity.ERROR, display, line, col, _char_message(code, match.group(0))))
    return found


def _char_message(code: str, char: str) -> str:
    if code == "tab":
        return "含有制表符（Tab），YAML 只能用空格缩进"
    if code == "control-char":
        return f"含有控制字符 U+{ord(char):04X}，请删除"
    return f"含有不可见字符 U+{ord(char):04X}（零宽字符、文字方向控制字符或行分隔符），请删除"


def load_yaml(path: Path, display: str | None = None, *, max_bytes: int = MAX_BYTES) -> tuple[Document | None, list[Problem]]:
    """Load one YAML file strictly. Returns the document, or None with problems."""
    display = display if display is not None else str(path)
    text, problems = read_text(path, display, max_bytes=max_bytes)
    if text is None:
        return None, problems
    return parse_yaml(text, display)


def parse_yaml(text: str, display: str) -> tuple[Document | None, list[Problem]]:
    document, problems = _parse(text, display)
    # libyaml ends a stream that lacks its final line break on a line of its
    # own, one past the end of the file: report such positions at the end.
    end = (text.count("\n") + 1, len(text) - text.rfind("\n"))
    problems = [p if (p.line, p.column) <= end else replace(p, line=end[0], column=end[1]) for p in problems]
    for marks in (document.value_marks, document.key_marks) if document else ():
        marks.update({path: end for path, where in marks.items() if where > end})
    return document, problems


def _parse(text: str, display: str) -> tuple[Document | None, list[Problem]]:
    builder = _Builder(display)
    loader = Loader(text)
    try:
        while loader.check_event():
            if not builder.feed(loader.get_event()):
                break
    except yaml.MarkedYAMLError as exc:
        builder.problems.append(_syntax_problem(exc, display, builder.last_quoted))
        return None, builder.problems
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml always gives a mark
        builder.problems.append(Problem("yaml-syntax", Severity.ERROR, display, 1, 1, f"YAML 语法错误（{exc}）"))
        return None, builder.problems
    finally:
        loader.dispose()
    if builder.fatal:
        return None, builder.problems
    if not builder.documents:
        builder.problems.append(Problem("empty-file", Severity.ERROR, display, 1, 1, "文件为空"))
        return None, builder.problems
    return builder.document, builder.problems


# Errors in these contexts concern a construct that was opened and never
# finished (a quote, a bracket, a key without its colon): libyaml notices only
# lines later, but the line to fix is the one where the construct began.
_OPENED_AT_CONTEXT = ("while scanning a quoted scalar", "while scanning a simple key", "while parsing a flow sequence", "while parsing a flow mapping")


def _syntax_problem(exc: yaml.MarkedYAMLError, display: str, last_quoted: Any = None) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    original = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    hint = next((h for key, h in _SYNTAX_HINTS if key in original), "请检查缩进、引号和冒号")
    if exc.context in _OPENED_AT_CONTEXT and exc.context_mark is not None:
        mark = exc.context_mark
    elif last_quoted is not None and mark is not None and last_quoted.start_mark.line < last_quoted.end_mark.line == mark.line:
        # an unclosed quote runs on until the next quote character, lines later
        hint = f"引号没有闭合：从这里一直延续到第 {last_quoted.end_mark.line + 1} 行"
        mark = last_quoted.start_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem("yaml-syntax", Severity.ERROR, display, line, col, f"YAML 语法错误：{hint}（{original}）")


class _Builder:
    """Turns libyaml events into data and positions."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[Problem] = []
        self.fatal = False
        self.documents = 0
        self.document = Document(None)
        self.last_quoted: Any = None  # the latest quoted scalar, to locate an unclosed quote
        # each frame: [container, path, pending_key, pending_key_mark, key_lines]
        self.stack: list[list[Any]] = []

    def error(self, code: str, mark: Any, message: str) -> None:
        self.problems.append(Problem(code, Severity.ERROR, self.display, mark.line + 1, mark.column + 1, message))

    def feed(self, event: Any) -> bool:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self.error("multiple-documents", event.start_mark, "一个文件只能包含一个 YAML 文档（不要使用 ---）")
                self.fatal = True
                return False
            return True
        if isinstance(event, yaml.AliasEvent):
            self.error("yaml-alias", event.start_mark, f"不允许使用别名 *{event.anchor}")
            self._add(None, event.start_mark)
            return True
        if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if event.anchor is not None:
                self.error("yaml-alias", event.start_mark, f"不允许使用锚点 &{event.anchor}")
            implicit = event.implicit[0] if isinstance(event.implicit, tuple) else event.implicit
            if event.tag is not None and not implicit and event.tag != "!":
                self.error("yaml-tag", event.start_mark, f"不允许使用标签 {event.tag}")
        if isinstance(event, yaml.ScalarEvent):
            if event.style == '"':
                self._check_escapes(event)
            if event.style in ('"', "'"):
                self.last_quoted = event
            self._add(_resolve(event), event.start_mark, scalar_event=event)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(self.stack) >= MAX_DEPTH:
                self.error("too-deep", event.start_mark, f"嵌套超过 {MAX_DEPTH} 层")
                self.fatal = True
                return False
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            path = self._add(container, event.start_mark)
            if path is not None:
                self.stack.append([container, path, _NO_KEY, None, {}])
            else:  # container used as a mapping key: already reported, skip it
                self.stack.append([container, None, _NO_KEY, None, {}])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.stack.pop()
        return True

    def _check_escapes(self, event: Any) -> None:
        """The file scan sees "\\u202e" as six harmless characters; the value holds U+202E."""
        match = _ESCAPED.search(event.value)
        if match:
            code = "control-char" if match.group(1) else "invisible-char"
            self.error(code, event.start_mark, _char_message(code, match.group(0)) + "（由双引号中的转义写出）")

    def _add(self, value: Any, mark: Any, scalar_event: Any = None) -> Path_ | None:
        """Place a value in its parent; return its path (None if it was a key)."""
        position = (mark.line + 1, mark.column + 1)
        if not self.stack:
            self.document.data = value
            self.document.value_marks[()] = position
            return ()
        frame = self.stack[-1]
        container, path, pending, _, seen = frame
        if path is None:  # inside an ignored complex key
            return None
        if isinstance(container, list):
            child = (*path, len(container))
            container.append(value)
            self.document.value_marks[child] = position
            return child
        if pending is _NO_KEY:
            # this node is a key
            if not isinstance(value, str):
                self.error("key-not-string", mark, "键必须是文本（如 name、tasks），不能是数字、列表或空值")
                frame[2] = _BAD_KEY
            elif value in seen:
                first = seen[value]
                self.error("duplicate-key", mark, f"键“{value}”重复，第一次出现在第 {first} 行")
                frame[2] = _BAD_KEY
            else:
                seen[value] = position[0]
                frame[2] = value
            frame[3] = position
            return None
        key = pending
        frame[2] = _NO_KEY
        if key is _BAD_KEY:
            return None
        child = (*path, key)
        container[key] = value
        self.document.value_marks[child] = position
        self.document.key_marks[child] = frame[3]
        return child


_NO_KEY = object()
_BAD_KEY = object()


def _resolve(event: Any) -> Any:
    value: str = event.value
    if event.style or not event.implicit[0]:
        return value  # quoted, block or tagged scalars are text
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value):
        return float(value)
    return value
