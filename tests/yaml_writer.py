"""A small YAML writer for tests that need to know where each value lands.

``dump`` writes block-style YAML and returns, with the text, the line of every
value keyed by its JSON path, so a test can say "the problem must be on the
line of tasks[1].practices[0]" without asking the loader under test. Strings
are written in the style a test asks for, falling back to double quotes when
that style cannot hold the string exactly. Double quotes escape only the
backslash, the quote and the line break: any other character is written as it
is, which is how a test puts a raw hostile character into a file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Path_ = tuple[str | int, ...]
StyleFor = Callable[[Path_, str], str]

# A plain scalar must not start with an indicator, must not hold ": " or " #",
# and must not read as null, a boolean or a number.
_PLAIN_START = set("-?:,[]{}#&*!|>'\"%@`~ ")
_NOT_TEXT = re.compile(r"^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+.0-9].*)$")


def double_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _plain_ok(text: str) -> bool:
    return (
        bool(text)
        and text[0] not in _PLAIN_START
        and text == text.strip()
        and "\n" not in text
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and not _NOT_TEXT.match(text)
    )


def scalar(value: Any, style: str = "double", indent: int = 0) -> str:
    """One scalar as YAML; ``style`` is double, single, plain or literal."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if style == "plain" and _plain_ok(value):
        return value
    if style == "single" and "\n" not in value:
        return "'" + value.replace("'", "''") + "'"
    if style == "literal" and "\n" in value and value == value.strip():
        pad = " " * (indent + 2)
        return "|-\n" + "\n".join(pad + line if line else "" for line in value.split("\n"))
    return double_quoted(value)


def dump(data: Any, style_for: StyleFor | None = None) -> tuple[str, dict[Path_, int]]:
    """Block-style YAML for ``data`` and the line (1-based) of each value."""
    lines: list[str] = []
    where: dict[Path_, int] = {}
    style_for = style_for or (lambda path, text: "double")

    def text_of(value: Any, path: Path_, indent: int) -> str:
        style = style_for(path, value) if isinstance(value, str) else "double"
        return scalar(value, style, indent)

    def emit(value: Any, path: Path_, indent: int) -> None:
        pad = " " * indent
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in items:
            head = f"{pad}{key}:" if isinstance(value, dict) else f"{pad}-"
            where[(*path, key)] = len(lines) + 1
            if isinstance(child, (dict, list)) and child:
                lines.append(head)
                emit(child, (*path, key), indent + 2)
            elif isinstance(child, (dict, list)):
                lines.append(f"{head} {'{}' if isinstance(child, dict) else '[]'}")
            else:
                text = text_of(child, (*path, key), indent)
                lines.extend(f"{head} {text}".split("\n"))

    if isinstance(data, (dict, list)) and data:
        emit(data, (), 0)
    else:
        lines.append(text_of(data, (), 0))
    return "\n".join(lines) + "\n", where
