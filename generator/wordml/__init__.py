"""Word documents in the layout of Chinese official documents (GB/T 9704-2012).

The primitives every Word output shares, so that each renderer stays short:

    from generator.wordml import Cell, Document, Properties, Table

    doc = Document(header="示例文本　非官方文本")      # header: optional, every page
    doc.title("面条制作专项职业能力考核规范", subtitle="（1.0版　现行）")
    doc.heading("一、定义")                           # level 2: doc.heading("（一）…", 2)
    doc.paragraph("运用和面机和案板，将面粉制成面条的能力。")
    table = Table((40, 116), header_rows=1)           # widths in mm, 156 = 版心
    table.row(Cell("名称", head=True), Cell("说明", head=True))
    table.row(Cell("和面", merge="restart"), "按配方和面")
    table.row(Cell(merge="continue"), "揉面")
    doc.table(table)
    data = doc.docx(Properties(title="…", version="1.0"))   # bytes of the .docx

``Document(landscape=True)`` or ``doc.new_section(landscape=True)`` gives landscape
pages (版心 225 mm × 156 mm) for tables too wide for 156 mm.

- layout: page, fonts, 字号 and styles (GB/T 9704-2012 5.2, 7.3, 7.5);
- document: ``Document``, ``Table``, ``Cell``, ``Link``, ``Image``;
- package: the template made once per process with python-docx, properties,
  the reproducible zip;
- qr: ``qr_png(url)``;
- xmltext: the boundary where text enters XML;
- spec: the official text of a 考核规范 (used by the docx and volume renderers).
"""

from .document import Cell, Content, Document, Image, Link, Table, line_count
from .layout import FANGSONG, HEITI, KAITI, SIZE, SONGTI, XIAOBIAOSONG, build_date, chinese_date, chinese_numeral
from .package import Properties, job_key
from .qr import qr_png

__all__ = [
    "FANGSONG",
    "HEITI",
    "KAITI",
    "SIZE",
    "SONGTI",
    "XIAOBIAOSONG",
    "Cell",
    "Content",
    "Document",
    "Image",
    "Link",
    "Properties",
    "Table",
    "build_date",
    "chinese_date",
    "chinese_numeral",
    "job_key",
    "line_count",
    "qr_png",
]
