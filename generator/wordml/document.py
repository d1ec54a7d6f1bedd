"""A Word document in the official layout, written block by block.

Bodies are WordprocessingML written directly: python-docx's object model (and
its quadratic table cell access) costs more than the rest of a document
together. All text goes through ``xmltext``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from .layout import (
    BODY_H_MM,
    BODY_W_MM,
    CHARS_PER_LINE,
    EMU_PER_MM,
    FANGSONG,
    HEITI,
    KAITI,
    LATIN,
    LINE_TWIPS,
    SIZE,
    STYLES,
    TABLE_LINE_TWIPS,
    TWIPS_PER_MM,
    XIAOBIAOSONG,
    twips,
)
from .package import R_NS, W_NS, Properties, Rel, core_xml, landscape_page_setup, rels_xml, template, xml_bytes, zip_package
from .xmltext import escape, text_xml

REL_IMAGE = R_NS + "/image"
REL_LINK = R_NS + "/hyperlink"


@dataclass(frozen=True)
class Link:
    """A hyperlink to a web address."""

    text: str
    url: str


@dataclass(frozen=True)
class Image:
    """An inline PNG picture (e.g. from ``qr_png``), sized in millimetres."""

    png: bytes
    width_mm: float
    height_mm: float
    description: str = ""


Inline = str | Link | Image
Content = Inline | Sequence[Inline]  # a paragraph: one piece or several


@functools.cache
def rpr(font: str = FANGSONG, size: float | None = None, *, bold: bool = False) -> str:
    """Run properties: East Asian font (w:eastAsia), Times New Roman for Latin
    letters and digits, language zh-CN; optional size (points) and bold."""
    fonts = f'<w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:eastAsia="{font}" w:cs="{LATIN}" w:hint="eastAsia"/>'
    weight = "<w:b/><w:bCs/>" if bold else ""
    sz = f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>' if size else ""
    return f'<w:rPr>{fonts}{weight}{sz}<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>'


_LINK_STYLE = '<w:rPr><w:rStyle w:val="Hyperlink"/>'


def run(text: str, props: str) -> str:
    return f"<w:r>{props}{text_xml(text)}</w:r>" if text else ""


def text_width_em(text: str) -> float:
    """Width in em: CJK and full-width characters 1, ASCII 1/2. (Counted from the
    UTF-8 length, 3 bytes for CJK and 1 for ASCII: a character loop costs more
    than the rest of a document.)"""
    return len(text.encode("utf-8", "surrogatepass")) / 4 + len(text) / 4


def line_count(text: str, chars_per_line: float) -> int:
    """Estimated number of lines ``text`` takes at ``chars_per_line`` em a line."""
    per_line = max(chars_per_line, 1.0)
    return sum(max(1, math.ceil(text_width_em(line) / per_line)) for line in text.split("\n"))


# -- tables -------------------------------------------------------------------------


class Cell:
    """A table cell: paragraphs of content, a horizontal ``span`` and a vertical
    ``merge`` ("restart" on its first row, "continue" on the rows below, whose
    content is ignored). ``head`` cells are set in 黑体 and centred."""

    __slots__ = ("align", "head", "merge", "paragraphs", "span", "valign")

    def __init__(
        self, *paragraphs: Content, span: int = 1, merge: str | None = None, align: str | None = None, valign: str = "center", head: bool = False
    ) -> None:
        if merge not in (None, "restart", "continue"):
            raise ValueError(f"merge must be 'restart' or 'continue', not {merge!r}")
        self.paragraphs, self.span, self.merge, self.valign, self.head = paragraphs, span, merge, valign, head
        self.align = align or ("center" if head else "left")


@dataclass
class Row:
    cells: tuple[Cell, ...]
    height_mm: float | None = None  # minimum height, e.g. room to write by hand
    keep_next: bool = False  # keep on the same page as the next row


@dataclass
class Table:
    """A table of fixed column widths in mm (156 mm is the full 版心 width).
    The first ``header_rows`` rows repeat on every page (w:tblHeader).
    ``borders``: "grid" (every line), "rules" (horizontal rules only, thicker at
    top and bottom, like the 版记 of GB/T 9704-2012 7.4.1) or "none"."""

    widths_mm: Sequence[float]
    header_rows: int = 0
    borders: str = "grid"
    rows: list[Row] = field(default_factory=list)

    def row(self, *cells: Cell | str, height_mm: float | None = None, keep_next: bool = False) -> None:
        row = tuple(c if isinstance(c, Cell) else Cell(c) for c in cells)
        if sum(c.span for c in row) != len(self.widths_mm):
            raise ValueError(f"the row spans {sum(c.span for c in row)} columns, the table has {len(self.widths_mm)}")
        self.rows.append(Row(row, height_mm, keep_next))


_BORDERS = {
    "grid": '<w:tblBorders><w:top w:val="single" w:sz="8"/><w:left w:val="single" w:sz="8"/><w:bottom w:val="single" w:sz="8"/>'
    '<w:right w:val="single" w:sz="8"/><w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders>',
    # GB/T 9704-2012 7.4.1: first and last rules 0.35 mm, those between 0.25 mm
    "rules": '<w:tblBorders><w:top w:val="single" w:sz="8"/><w:bottom w:val="single" w:sz="8"/><w:insideH w:val="single" w:sz="6"/></w:tblBorders>',
    "none": "<w:tblBorders/>",
}
_CELL_MARGINS = '<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
_PAGE_H = twips(BODY_H_MM)


# -- the document ---------------------------------------------------------------------


@dataclass
class _TocEntry:
    text: str
    bookmark: str
    page: int


class Document:
    """Blocks in order, then ``docx(properties)`` for the file.

    ``header``: a line printed at the top of every page (e.g. that the text is
    a sample). ``page_numbers``: "— N —" footers in the first section.
    ``update_fields``: Word updates fields (a table of contents) on opening.
    ``landscape``: the first section's pages are landscape (wide tables)."""

    def __init__(self, *, header: str | None = None, page_numbers: bool = True, update_fields: bool = False, landscape: bool = False) -> None:
        self._template = template(header, update_fields)
        self._landscape = landscape
        self._body: list[str] = []
        self._rels: list[Rel] = []
        self._media: dict[str, bytes] = {}
        self._numbers, self._restart, self._numbered_before = page_numbers, False, page_numbers
        self._toc_at: int | None = None
        self._toc: list[_TocEntry] = []
        self._page, self._y = 1, 0.0  # estimated page number and height used on it (twips)
        self._group = 0.0  # height of table rows kept together, not yet placed

    # blocks -----------------------------------------------------------------

    def title(self, text: str, *, subtitle: str | None = None, toc: bool = False, page_break: bool = False) -> None:
        """The title in 方正小标宋简体 2号, centred, then an optional subtitle in
        楷体 and one blank line (GB/T 9704-2012 7.3.1). ``toc`` lists the title in
        the table of contents; ``page_break`` starts it on a new page."""
        after = '<w:spacing w:after="579"/>'
        content = run(text, rpr(XIAOBIAOSONG))
        if toc:
            n = len(self._toc) + 1
            bookmark = f"_Toc{n:06d}"
            self._toc.append(_TocEntry(text, bookmark, self._page + (1 if page_break and self._y else 0)))
            content = f'<w:bookmarkStart w:id="{n}" w:name="{bookmark}"/>{content}<w:bookmarkEnd w:id="{n}"/>'
        extra = (self._break_before() if page_break else "") + ("" if subtitle else after)
        self._para(content, "DocTitle", extra=extra, lines=line_count(text, 20) * 1.25 + (0 if subtitle else 1))
        if subtitle:
            self._para(run(subtitle, rpr(KAITI)), "Subtitle", extra=after, lines=line_count(subtitle, CHARS_PER_LINE) + 1)

    def heading(self, text: str, level: int = 1) -> None:
        """一、 headings in 黑体, （一） headings in 楷体, 3号, indented two
        characters and kept with the next paragraph (GB/T 9704-2012 7.3.3)."""
        style, font = ("Heading1", HEITI) if level == 1 else ("Heading2", KAITI)
        self._para(run(text, rpr(font)), style, lines=line_count(text, CHARS_PER_LINE - 2))

    def paragraph(
        self,
        content: Content,
        *,
        style: str = "Body",
        align: str | None = None,
        size: float | None = None,
        font: str | None = None,
        bold: bool = False,
        space_before: float = 0,
        line_pt: float | None = None,
        keep_next: bool = False,
        page_break: bool = False,
    ) -> None:
        """A paragraph; "Body" (the default) indents its first line by two
        characters (GB/T 9704-2012 7.3.3). ``space_before`` counts lines;
        ``line_pt`` sets a fixed line height for type larger than 三号;
        ``page_break`` starts it on a new page."""
        _, base_font, base_size = STYLES[style]
        pitch = size or base_size
        lines: float = max(1, sum(line_count(t, BODY_W_MM * 72 / 25.4 / pitch) for t in _texts(content)))
        before = f' w:before="{round(space_before * LINE_TWIPS)}"' if space_before else ""
        if _has_image(content):  # a fixed line height would crop a picture
            line = ' w:line="240" w:lineRule="auto"'
        else:
            line = f' w:line="{round(line_pt * 20)}" w:lineRule="exact"' if line_pt else ""
            lines *= (line_pt * 20 / LINE_TWIPS) if line_pt else 1
        spacing = f"<w:spacing{before}{line}/>" if before or line else ""
        extra = (self._break_before() if page_break else "") + ("<w:keepNext/>" if keep_next else "") + spacing + (f'<w:jc w:val="{align}"/>' if align else "")
        self._para(self._inline(content, rpr(font or base_font, size, bold=bold)), style, extra=extra, lines=lines + space_before)

    def notice(self, text: str, detail: str = "") -> None:
        """A boxed, centred notice in 黑体 3号 with an optional 小四 detail line."""
        content = run(text, rpr(HEITI))
        if detail:
            content += f"<w:r>{rpr(FANGSONG)}<w:br/></w:r>" + run(detail, rpr(FANGSONG, SIZE["小四"]))
        self._para(content, "Notice", lines=2.5 + line_count(detail, 34))

    def blank(self, lines: int = 1) -> None:
        for _ in range(lines):
            self._para("", "Normal", lines=1)

    def page_break(self) -> None:
        self._body.append(f'<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r>{rpr()}<w:br w:type="page"/></w:r></w:p>')
        self._page, self._y = self._page + 1, 0.0

    def new_section(self, *, page_numbers: bool = True, restart_numbering: bool = False, landscape: bool = False) -> None:
        """End the section; the next starts on a new page, ``landscape`` or not.
        Sections without page numbers can only precede numbered ones (a section
        without footers would show the footers of the one before)."""
        if self._numbered_before and not page_numbers:
            raise ValueError("a section without page numbers cannot follow a numbered one")
        self._body.append(f"<w:p><w:pPr>{self._sect_pr()}</w:pPr></w:p>")
        self._numbers, self._restart, self._landscape = page_numbers, restart_numbering, landscape
        self._numbered_before = self._numbered_before or page_numbers
        self._page, self._y = (1 if restart_numbering else self._page + 1), 0.0

    def toc(self) -> None:
        """A table of contents of the titles added with ``toc=True``: each entry
        links to its title, with a PAGEREF field for its page. LibreOffice
        computes PAGEREF fields as it lays out; Word updates them on opening
        when ``update_fields``; the numbers written are estimates. (A Word TOC
        field around the list would make LibreOffice show only the estimates.)"""
        self._toc_at = len(self._body)
        self._body.append("")

    def table(self, table: Table) -> None:
        widths = [twips(w) for w in table.widths_mm]
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        out = [
            f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>{_BORDERS[table.borders]}'
            f'<w:tblLayout w:type="fixed"/>{_CELL_MARGINS}<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
        ]
        out.extend(self._row(widths, row, header=i < table.header_rows) for i, row in enumerate(table.rows))
        out.append("</w:tbl>")
        self._body.append("".join(out))
        # half a line of space keeps what follows off the table's bottom rule
        self._body.append(_TABLE_SPACE)
        self._advance(290)

    # output -------------------------------------------------------------------

    def docx(self, props: Properties) -> bytes:
        """The .docx file; equal blocks and properties give equal bytes."""
        body = list(self._body)
        if self._toc_at is not None:
            body[self._toc_at] = self._toc_xml()
        document = _DOCUMENT_START + "".join(body) + self._sect_pr() + "</w:body></w:document>"
        parts = dict(self._template.parts)
        parts["word/document.xml"] = xml_bytes(document)
        parts["word/_rels/document.xml.rels"] = xml_bytes(rels_xml((*self._template.rels, *self._rels)))
        parts["docProps/core.xml"] = xml_bytes(core_xml(props))
        parts.update((f"word/media/{name}", data) for name, data in self._media.items())
        return zip_package(parts)

    # internals ------------------------------------------------------------------

    def _para(self, content: str, style: str, *, extra: str = "", lines: float = 1) -> None:
        self._body.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{extra}</w:pPr>{content}</w:p>')
        self._advance(lines * LINE_TWIPS)

    def _break_before(self) -> str:
        """The paragraph property that starts a new page, and the page estimate moved on."""
        if self._body and self._body[-1] == _TABLE_SPACE:
            self._body.pop()  # at the foot of a full page it would push the paragraph on to a page of its own
        if self._y:
            self._page, self._y = self._page + 1, 0.0
        return "<w:pageBreakBefore/>"

    def _advance(self, height: float, *, whole: bool = False) -> None:
        """Move the page estimate on by ``height`` twips; a ``whole`` block that
        does not fit on the rest of the page starts the next one."""
        if whole and self._y and self._y + height > _PAGE_H:
            self._page, self._y = self._page + 1, 0.0
        self._y += height
        while self._y > _PAGE_H:
            self._page, self._y = self._page + 1, self._y - _PAGE_H

    def _inline(self, content: Content, props: str) -> str:
        out = []
        for item in [content] if isinstance(content, str | Link | Image) else content:
            if isinstance(item, str):
                out.append(run(item, props))
            elif isinstance(item, Link):
                rid = self._rel(REL_LINK, item.url, external=True)
                out.append(f'<w:hyperlink r:id="{rid}">{run(item.text, props.replace("<w:rPr>", _LINK_STYLE, 1))}</w:hyperlink>')
            else:
                out.append(self._drawing(item))
        return "".join(out)

    def _rel(self, kind: str, target: str, *, external: bool = False) -> str:
        rid = f"rIdDoc{len(self._rels) + 1}"
        self._rels.append((rid, kind, target, external))
        return rid

    def _drawing(self, image: Image) -> str:
        n = len(self._media) + 1
        name = f"image{n}.png"
        self._media[name] = image.png
        rid = self._rel(REL_IMAGE, f"media/{name}")
        cx, cy = round(image.width_mm * EMU_PER_MM), round(image.height_mm * EMU_PER_MM)
        return _DRAWING.format(rpr=_TEXT_RPR, cx=cx, cy=cy, id=n, name=name, descr=escape(image.description), rid=rid)

    def _row(self, widths: list[int], row: Row, *, header: bool) -> str:
        cells, col, height = [], 0, float(twips(row.height_mm) if row.height_mm else 0)
        for cell in row.cells:
            width = sum(widths[col : col + cell.span])
            xml, lines = self._cell(cell, width, keep_next=row.keep_next)
            cells.append(xml)
            height = max(height, lines * TABLE_LINE_TWIPS + 56)
            col += cell.span
        fits = height < _PAGE_H * 0.9  # a row taller than a page has to break
        trpr = "<w:cantSplit/>" if fits else ""
        trpr += f'<w:trHeight w:val="{twips(row.height_mm)}" w:hRule="atLeast"/>' if row.height_mm else ""
        trpr += "<w:tblHeader/>" if header else ""
        # rows kept with the next one move to a new page together
        self._group += height
        if not row.keep_next:
            self._advance(self._group, whole=self._group < _PAGE_H * 0.9)
            self._group = 0.0
        return f"<w:tr><w:trPr>{trpr}</w:trPr>{''.join(cells)}</w:tr>"

    def _cell(self, cell: Cell, width: int, *, keep_next: bool) -> tuple[str, float]:
        """The cell's XML and its estimated height in lines (0 for a cell merged
        from above, whose height belongs to the row where it starts)."""
        tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
        tcpr += f'<w:gridSpan w:val="{cell.span}"/>' if cell.span > 1 else ""
        tcpr += '<w:vMerge w:val="restart"/>' if cell.merge == "restart" else ("<w:vMerge/>" if cell.merge else "")
        tcpr += f'<w:vAlign w:val="{cell.valign}"/>'
        style, props = ("TableHead", _HEAD_RPR) if cell.head else ("TableText", _TEXT_RPR)
        em_per_line = (width / 20 - 8.5) / SIZE["小四"]
        body, lines = [], 0.0
        for p in () if cell.merge == "continue" else cell.paragraphs:
            if isinstance(p, str):  # the common case, kept short
                body.append(f"<w:p>{_cell_ppr(style, keep_next, cell.align, False)}{run(p, props)}</w:p>")
                lines += text_width_em(p) // em_per_line + 1 + p.count("\n")
                continue
            image = _has_image(p)
            body.append(f"<w:p>{_cell_ppr(style, keep_next, cell.align, image)}{self._inline(p, props)}</w:p>")
            items = [p] if isinstance(p, Link | Image) else p
            pictures = [i.height_mm * TWIPS_PER_MM / TABLE_LINE_TWIPS for i in items if isinstance(i, Image)]
            lines += max([1.0, *pictures, *(line_count(t, em_per_line) for t in _texts(p))])
        xml = "".join(body) or f"<w:p>{_cell_ppr(style, keep_next, cell.align, False)}</w:p>"
        return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{xml}</w:tc>", lines

    def _sect_pr(self) -> str:
        refs = self._template.header_refs + (self._template.footer_refs if self._numbers else "")
        start = '<w:pgNumType w:start="1"/>' if self._restart else ""
        before, after = self._template.page_setup
        before = landscape_page_setup() if self._landscape else before
        return f"<w:sectPr>{refs}{before}{start}{after}</w:sectPr>"

    def _toc_xml(self) -> str:
        tabs = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{twips(BODY_W_MM)}"/></w:tabs>'
        props = rpr(FANGSONG)
        paras = []
        for entry in self._toc:
            page = _field(f" PAGEREF {entry.bookmark} \\h ", str(entry.page), props)
            link = f'<w:hyperlink w:anchor="{entry.bookmark}" w:history="1">{run(entry.text, props)}<w:r>{props}<w:tab/></w:r>{page}</w:hyperlink>'
            paras.append(f'<w:p><w:pPr><w:pStyle w:val="TOC1"/>{tabs}</w:pPr>{link}</w:p>')
        return "".join(paras)


@functools.cache
def _cell_ppr(style: str, keep_next: bool, align: str, image: bool) -> str:
    keep = "<w:keepNext/>" if keep_next else ""
    spacing = _AUTO_SPACING if image else ""  # a fixed line height would crop a picture
    return f'<w:pPr><w:pStyle w:val="{style}"/>{keep}{spacing}<w:jc w:val="{align}"/></w:pPr>'


_AUTO_SPACING = '<w:spacing w:line="240" w:lineRule="auto"/>'
_TABLE_SPACE = '<w:p><w:pPr><w:pStyle w:val="Normal"/><w:spacing w:line="290" w:lineRule="exact"/></w:pPr></w:p>'
_TEXT_RPR = rpr(FANGSONG)
_HEAD_RPR = rpr(HEITI)


def _has_image(content: Content) -> bool:
    return isinstance(content, Image) or (not isinstance(content, str | Link) and any(isinstance(i, Image) for i in content))


def _texts(content: Content) -> list[str]:
    items = [content] if isinstance(content, str | Link | Image) else content
    return [i if isinstance(i, str) else i.text for i in items if not isinstance(i, Image)]


def _field(instruction: str, result: str, props: str) -> str:
    """A complex field with its current result (Word recomputes it on update)."""
    return (
        f'<w:r>{props}<w:fldChar w:fldCharType="begin"/></w:r><w:r>{props}<w:instrText xml:space="preserve">{escape(instruction)}</w:instrText></w:r>'
        f'<w:r>{props}<w:fldChar w:fldCharType="separate"/></w:r>{run(result, props)}<w:r>{props}<w:fldChar w:fldCharType="end"/></w:r>'
    )


_DOCUMENT_START = (
    f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>'
)

_DRAWING = (
    '<w:r>{rpr}<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
    '<wp:docPr id="{id}" name="{name}" descr="{descr}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
    '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
    '<pic:nvPicPr><pic:cNvPr id="{id}" name="{name}"/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
    '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
    "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
)
