"""generator.wordml: the official layout every Word output shares (GB/T 9704-2012)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
import segno
from docx.enum.text import WD_ALIGN_PARAGRAPH

from generator.output import reproducible_zip
from generator.wordml import Cell, Document, Image, Link, Properties, Table, chinese_date, chinese_numeral, job_key, qr_png
from generator.wordml.xmltext import escape

from .wordtests import W, all_text, body_xml, open_docx, part, tables


def simple_docx(**options: object) -> bytes:
    doc = Document(**options)  # type: ignore[arg-type]
    doc.title("面条制作专项职业能力考核规范", subtitle="（1.0版　现行）")
    doc.heading("一、定义")
    doc.paragraph("运用和面机和案板，将面粉制成面条的能力。")
    return doc.docx(Properties(title="面条制作专项职业能力考核规范", version="1.0"))


def test_page_is_a4_with_the_margins_of_gb_t_9704() -> None:
    section = open_docx(simple_docx()).sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    grid = body_xml(simple_docx()).find(f"{W}body/{W}sectPr/{W}docGrid")
    assert (grid.get(f"{W}type"), grid.get(f"{W}linePitch")) == ("lines", "579")  # 22 lines in 225 mm


def test_page_numbers_are_dashed_right_on_odd_and_left_on_even_pages() -> None:
    doc = open_docx(simple_docx())
    section = doc.sections[0]
    assert doc.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert (odd.alignment, even.alignment) == (WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT)
    for paragraph in (odd, even):
        assert paragraph.text == "— 1 —"
        assert "PAGE" in "".join(paragraph._p.itertext())
        fonts = {r.element.find(f"{W}rPr/{W}rFonts").get(f"{W}ascii") for r in paragraph.runs}
        sizes = {r.font.size.pt for r in paragraph.runs}
        assert (fonts, sizes) == ({"宋体"}, {14.0})  # 4号半角宋体


def test_styles_set_the_fonts_and_sizes_of_official_documents() -> None:
    styles = open_docx(simple_docx()).styles
    expected = {
        "文件标题": ("方正小标宋简体", 22),
        "一级标题": ("黑体", 16),
        "二级标题": ("楷体_GB2312", 16),
        "正文文字": ("仿宋_GB2312", 16),
        "表格文字": ("仿宋_GB2312", 12),
    }
    for name, (font, size) in expected.items():
        style = styles[name]
        assert style.element.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == font
        assert style.element.find(f"{W}rPr/{W}rFonts").get(f"{W}ascii") == "Times New Roman"
        assert style.font.size.pt == size
    body = styles["正文文字"]
    assert body.paragraph_format.first_line_indent.pt == 32  # two 三号 characters
    assert body.element.find(f"{W}pPr/{W}ind").get(f"{W}firstLineChars") == "200"
    spacing = styles["Normal"].element.getparent().find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}spacing")
    assert (spacing.get(f"{W}line"), spacing.get(f"{W}lineRule")) == ("579", "exact")


def test_font_table_names_fallbacks_for_missing_chinese_fonts() -> None:
    fonts = part(simple_docx(), "word/fontTable.xml").decode("utf-8")
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/>' in fonts


def test_header_only_when_asked() -> None:
    assert open_docx(simple_docx()).sections[0].header.is_linked_to_previous
    header = open_docx(simple_docx(header="示例文本")).sections[0].header
    assert [p.text for p in header.paragraphs] == ["示例文本"]


def test_merged_cells_spans_and_repeated_header_rows() -> None:
    doc = Document()
    table = Table((40, 58, 58), header_rows=1)
    table.row(Cell("任务", head=True), Cell("规范", head=True), Cell("知识", head=True))
    table.row(Cell("和面", merge="restart"), "按配方和面", "面粉知识")
    table.row(Cell(merge="continue"), Cell("揉面", span=2))
    doc.table(table)
    data = doc.docx(Properties(title="t"))
    rows = tables(data)[0]
    assert [(c.text, c.span, c.merge) for c in rows[2]] == [("", 1, "continue"), ("揉面", 2, None)]
    assert rows[1][0].merge == "restart"
    trs = body_xml(data).find(f"{W}body/{W}tbl").findall(f"{W}tr")
    assert [tr.find(f"{W}trPr/{W}tblHeader") is not None for tr in trs] == [True, False, False]


def test_table_rows_must_fill_the_grid_and_merges_be_known() -> None:
    table = Table((40, 116))
    with pytest.raises(ValueError):
        table.row("only one cell")
    with pytest.raises(ValueError):
        Cell("x", merge="down")


def test_unnumbered_sections_only_before_numbered_ones() -> None:
    doc = Document()
    with pytest.raises(ValueError):
        doc.new_section(page_numbers=False)
    doc = Document(page_numbers=False)
    doc.new_section(page_numbers=False)
    doc.new_section(restart_numbering=True)
    sections = body_xml(doc.docx(Properties(title="t"))).iter(f"{W}sectPr")
    assert [s.find(f"{W}footerReference") is not None for s in sections] == [False, False, True]


def test_links_and_images_get_relationships() -> None:
    doc = Document()
    png = qr_png("https://zxnl.example.org/")
    doc.paragraph(["见", Link("网页", "https://zxnl.example.org/?a=1&b=2")])
    doc.paragraph(Image(png, 20, 20, "二维码"))
    table = Table((78, 78))
    table.row(Cell(Link("链接", "https://zxnl.example.org/t")), Cell(Image(png, 20, 20)))
    doc.table(table)
    data = doc.docx(Properties(title="t"))
    assert tables(data)[0][0][0].text == "链接"
    assert part(data, "word/media/image2.png") == png
    rels = part(data, "word/_rels/document.xml.rels").decode("utf-8")
    assert 'Target="https://zxnl.example.org/?a=1&amp;b=2" TargetMode="External"' in rels
    assert part(data, "word/media/image1.png") == png
    assert "见网页" in all_text(data)


def test_every_code_point_is_either_kept_or_dropped_never_a_broken_file() -> None:
    text = "".join(chr(c) for c in range(0x10000)) + "\U0001f600"
    doc = Document()
    doc.paragraph(text)
    table = Table((156,))
    table.row(text)
    doc.table(table)
    data = doc.docx(Properties(title=text, keywords=text))
    kept = all_text(data)
    assert "\x00" not in kept and "\x1f" not in kept and "\ufffe" not in kept and "\U0001f600" in kept
    assert "一" in kept and "<" in kept and "&" in kept
    assert escape("a\x01<b>") == "a&lt;b&gt;"


def test_qr_png_holds_exactly_the_qr_matrix() -> None:
    url = "https://zxnl.example.org/specs/lanzhou-beef-noodle/"
    png = qr_png(url, scale=2, border=1)
    assert png == qr_png(url, scale=2, border=1)
    width, height = struct.unpack(">II", png[16:24])
    raw = zlib.decompress(png[png.index(b"IDAT") + 4 : png.index(b"IEND") - 8])
    stride = 1 + (width + 7) // 8
    pixels = [[(raw[y * stride + 1 + x // 8] >> (7 - x % 8)) & 1 for x in range(width)] for y in range(height)]
    matrix = segno.make(url, error="m", micro=False, mask=0).matrix
    size = len(matrix)
    assert width == height == (size + 2) * 2
    dark = [[1 - pixels[2 + 2 * r][2 + 2 * c] for c in range(size)] for r in range(size)]
    assert dark == [list(row) for row in matrix]


def test_chinese_numbers_and_dates() -> None:
    assert [chinese_numeral(n) for n in (1, 9, 10, 11, 20, 21, 30, 99)] == ["一", "九", "十", "十一", "二十", "二十一", "三十", "九十九"]
    assert chinese_date("2010-11-01") == "2010年11月1日"
    with pytest.raises(ValueError):
        chinese_numeral(100)


def test_job_keys_change_with_payload_source_and_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "renderer.py"
    source.write_text("A = 1\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    key = job_key("spec", source=str(source))
    assert key == job_key("spec", source=str(source))
    assert key != job_key("other spec", source=str(source))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert key != job_key("spec", source=str(source))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    source.write_text("A = 2\n")
    assert key != job_key("spec", source=str(source))


def test_the_zip_follows_the_policy_of_reproducible_zip() -> None:
    """Same entries, order, dates and attributes as output.reproducible_zip
    writes; only the compression level differs (wordml writes in one pass)."""
    data = simple_docx()
    ours, theirs = (zipfile.ZipFile(io.BytesIO(d)) for d in (data, reproducible_zip(data)))

    def entries(archive: zipfile.ZipFile) -> list[tuple[object, ...]]:
        return [(i.filename, i.date_time, i.external_attr, i.create_system, i.compress_type, archive.read(i)) for i in archive.infolist()]

    assert entries(ours) == entries(theirs)
    assert ours.namelist()[0] == "[Content_Types].xml"


def test_the_stamped_date_is_the_last_commit_when_no_epoch_is_set(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import subprocess

    from generator import output

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {"GIT_AUTHOR_DATE": "2024-03-05T10:00:00Z", "GIT_COMMITTER_DATE": "2024-03-05T10:00:00Z"}
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "-C", str(repo)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "x"], check=True, env={**__import__("os").environ, **env})
    monkeypatch.chdir(repo)
    output._last_commit_time.cache_clear()
    assert output.source_date_epoch() == 1709632800
    monkeypatch.chdir(tmp_path)  # not a repository: the fixed fallback
    assert output.source_date_epoch() == output.FALLBACK_EPOCH
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert output.source_date_epoch() == 1700000000
