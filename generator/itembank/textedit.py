"""Insert new entries into a writer's YAML file without touching a byte of it.

Round-trip YAML libraries re-emit the whole file and normalise what writers
typed (spacing after a colon, indentation of nested lists, flow mappings), so
a re-scaffold would rewrite lines nobody meant to change. Here the new text is
inserted as whole lines into the original text, at positions found from the
strict loader's node marks; every original line stays as it was. Only block
sequences are extended; anything else is left to the writer (``None``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..loading import Document

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class BlockSeq:
    """A block sequence in a file: the column of its dashes, the line of each item."""

    dash: int  # 0-based column
    starts: tuple[int, ...]  # 0-based line of each item's dash


class Text:
    """A file's lines (with their own line endings) plus pending insertions."""

    def __init__(self, raw: str) -> None:
        self.lines = raw.splitlines(keepends=True)
        self.newline = "\r\n" if "\r\n" in raw else "\n"
        self.inserts: list[tuple[int, int, str]] = []  # (line, order, text)

    def block_seq(self, doc: Document, path: Path_) -> BlockSeq | None:
        items = doc.value_at(path)
        if not isinstance(items, list) or not items or path not in doc.value_marks:
            return None
        line, col = doc.value_marks[path]
        if not self._is_dash(line - 1, col - 1):
            return None  # a flow sequence: [a, b]
        starts = []
        for i in range(len(items)):
            start = self._dash_line(doc.value_marks[(*path, i)][0] - 1, col - 1)
            if start is None:
                return None
            starts.append(start)
        return BlockSeq(col - 1, tuple(starts))

    def end_of_item(self, seq: BlockSeq, index: int) -> int:
        """The line after item ``index`` (0-based), before trailing comments that belong to what follows."""
        end = len(self.lines)
        for n in range(seq.starts[index] + 1, len(self.lines)):
            if not self._is_blank_or_comment(n) and self._indent(n) <= seq.dash:
                end = n
                break
        while end > seq.starts[index] + 1 and self._is_blank_or_comment(end - 1) and self._indent(end - 1) <= seq.dash:
            end -= 1
        return end

    def start_of_item(self, seq: BlockSeq, index: int) -> int:
        start = seq.starts[index]
        while start > 0 and self._is_comment(start - 1) and self._indent(start - 1) <= seq.dash:
            start -= 1
        return start

    def insert(self, line: int, snippet: str, indent: int) -> None:
        """Queue ``snippet`` (lines at column 0) to go before ``line``, indented."""
        pad = " " * indent
        body = "".join((pad + part if part.strip() else "") + self.newline for part in snippet.rstrip("\n").split("\n"))
        self.inserts.append((line, len(self.inserts), body))

    def result(self) -> str:
        lines = list(self.lines)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += self.newline
        for line, _, body in sorted(self.inserts, key=lambda i: (-i[0], -i[1])):
            lines.insert(line, body)
        return "".join(lines)

    # ------------------------------------------------------------------

    def _content(self, n: int) -> str:
        return self.lines[n].rstrip("\r\n")

    def _indent(self, n: int) -> int:
        text = self._content(n)
        return len(text) - len(text.lstrip(" "))

    def _is_comment(self, n: int) -> bool:
        return self._content(n).lstrip(" ").startswith("#")

    def _is_blank_or_comment(self, n: int) -> bool:
        return not self._content(n).strip() or self._is_comment(n)

    def _is_dash(self, n: int, col: int) -> bool:
        text = self._content(n)
        return len(text) > col and text[col] == "-" and not text[:col].strip() and text[col + 1 : col + 2] in ("", " ")

    def _dash_line(self, n: int, col: int) -> int | None:
        """The line of the dash of an item whose content starts on line ``n``."""
        while n >= 0:
            if self._is_dash(n, col):
                return n
            if not self._is_blank_or_comment(n) and self._indent(n) <= col:
                return None
            n -= 1
        return None
