"""Reading Word files back, for the docx, volume and forms tests.

Documents are compared through their text and table structure, read with
python-docx and from the WordprocessingML, never through zip bytes.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from lxml import etree

from generator.build import BuildReport, build
from generator.settings import Settings

from .helpers import make_project

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class CellInfo:
    text: str
    span: int
    merge: str | None  # "restart", "continue" or None


def build_project(tmp: Path, *, specs: Path | None = None) -> tuple[Path, BuildReport]:
    tmp.mkdir(parents=True, exist_ok=True)
    root = make_project(tmp, specs=specs)
    return root, build(Settings(root=root), site=False)


def open_docx(data: bytes | Path) -> Any:
    return docx.Document(io.BytesIO(data) if isinstance(data, bytes) else str(data))


def body_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def paragraph_texts(element: etree._Element) -> list[str]:
    """The text of every paragraph, in order, tables included (w:br as \\n)."""
    out = []
    for p in element.iter(f"{W}p"):
        pieces = []
        for node in p.iter(f"{W}t", f"{W}br", f"{W}tab"):
            pieces.append(node.text or "" if node.tag == f"{W}t" else "\n" if node.tag == f"{W}br" else "\t")
        out.append("".join(pieces))
    return out


def all_text(data: bytes) -> str:
    return "\n".join(paragraph_texts(body_xml(data)))


def tables(data: bytes) -> list[list[list[CellInfo]]]:
    """Every top-level table as rows of cells, spans and merges as written."""
    body = body_xml(data).find(f"{W}body")
    return [table_cells(tbl) for tbl in body.iter(f"{W}tbl")]


def table_cells(tbl: etree._Element) -> list[list[CellInfo]]:
    rows = []
    for tr in tbl.findall(f"{W}tr"):
        row = []
        for tc in tr.findall(f"{W}tc"):
            span = tc.find(f"{W}tcPr/{W}gridSpan")
            merge = tc.find(f"{W}tcPr/{W}vMerge")
            merge_value = None if merge is None else merge.get(f"{W}val", "continue")
            text = "\n".join(paragraph_texts(tc))
            row.append(CellInfo(text, int(span.get(f"{W}val")) if span is not None else 1, merge_value))
        rows.append(row)
    return rows


def find_table(data: bytes, first_cell_prefix: str) -> list[list[CellInfo]]:
    found = [t for t in tables(data) if t and t[0] and t[0][0].text.startswith(first_cell_prefix)]
    assert found, f"no table starts with {first_cell_prefix!r}"
    return found[0]


def row_flags(data: bytes, first_cell_prefix: str) -> list[set[str]]:
    """The w:trPr children (cantSplit, tblHeader, …) of each row of a table."""
    body = body_xml(data).find(f"{W}body")
    for tbl in body.iter(f"{W}tbl"):
        first = tbl.find(f"{W}tr/{W}tc")
        if first is not None and "".join(first.itertext()).startswith(first_cell_prefix):
            return [{etree.QName(c).localname for c in tr.find(f"{W}trPr")} for tr in tbl.findall(f"{W}tr")]
    raise AssertionError(f"no table starts with {first_cell_prefix!r}")
