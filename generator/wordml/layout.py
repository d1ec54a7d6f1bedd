"""The measures of a Chinese official document: page, fonts, sizes, styles.

GB/T 9704-2012 《党政机关公文格式》 fixes the page (A4, margins, 版心, lines per
page) and the page numbers; the fonts of titles and headings follow the common
practice for 公文 (方正小标宋简体 titles, 黑体 and 楷体 headings, 仿宋_GB2312 text).
"""

from __future__ import annotations

import time

from ..output import source_date_epoch

TWIPS_PER_MM = 1440 / 25.4
EMU_PER_MM = 36000

# Font names as Chinese Word and WPS installations know them. Latin letters and
# digits are set in Times New Roman, the usual practice for 公文.
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"
LATIN = "Times New Roman"

# Where a font is missing (仿宋_GB2312 and 楷体_GB2312 are not installed on
# recent Windows), Word and WPS use the w:altName of the font table.
FONT_ALTERNATIVES = {FANGSONG: "仿宋", KAITI: "楷体", XIAOBIAOSONG: "宋体", HEITI: "SimHei", SONGTI: "SimSun"}

# 字号 in points.
SIZE = {"初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16, "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9}

# GB/T 9704-2012 5.2.1: A4; 天头 (top) 37 mm, 订口 (left) 28 mm, 版心 156 mm × 225 mm,
# hence bottom 35 mm and right 26 mm. 5.2.2: 22 lines of 28 characters a page.
PAGE_W_MM, PAGE_H_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37, 35, 28, 26
BODY_W_MM, BODY_H_MM = 156, 225
HEADER_MM = 15
# GB/T 9704-2012 7.5: the 一字线 of the page number sits 7 mm below the 版心;
# with a 4号 line that puts the bottom of the footer about 22 mm from the page edge.
FOOTER_MM = 22
# GB/T 9704-2012 10.2: a landscape table page is a portrait page turned, the
# head of the table on the 订口 side: the same margins turned (top 28, right 37,
# bottom 26, left 35 mm), so the 版心 is 225 mm × 156 mm; the page number sits
# 7 mm below it, at the bottom of the turned page.
LANDSCAPE_MARGINS_MM = (MARGIN_LEFT_MM, MARGIN_TOP_MM, MARGIN_RIGHT_MM, MARGIN_BOTTOM_MM)  # top, right, bottom, left
LANDSCAPE_FOOTER_MM = 14
LINE_TWIPS = 579  # 225 mm / 22 lines: fixed line spacing of ≈ 28.95 pt
CHARS_PER_LINE = 28
TABLE_LINE_TWIPS = 380  # 19 pt fixed line spacing for 小四 table text

# Paragraph styles: id -> (name shown in Word, East Asian font, size in points).
STYLES: dict[str, tuple[str, str, float]] = {
    "Normal": ("Normal", FANGSONG, SIZE["三号"]),
    "Body": ("正文文字", FANGSONG, SIZE["三号"]),
    "DocTitle": ("文件标题", XIAOBIAOSONG, SIZE["二号"]),
    "Subtitle": ("副标题", KAITI, SIZE["三号"]),
    "Heading1": ("一级标题", HEITI, SIZE["三号"]),
    "Heading2": ("二级标题", KAITI, SIZE["三号"]),
    "Notice": ("醒目提示", HEITI, SIZE["三号"]),
    "TableText": ("表格文字", FANGSONG, SIZE["小四"]),
    "TableHead": ("表格标题行", HEITI, SIZE["小四"]),
    "Note": ("注释", FANGSONG, SIZE["小四"]),
    "TOCHeading": ("目录标题", XIAOBIAOSONG, SIZE["二号"]),
    "TOC1": ("toc 1", FANGSONG, SIZE["三号"]),
    "Header": ("header", HEITI, SIZE["小四"]),
    "Footer": ("footer", SONGTI, SIZE["四号"]),
}


def twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def chinese_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一: the numbers of 一、 and （一） (n < 100)."""
    digits = "〇一二三四五六七八九"
    if not 0 < n < 100:
        raise ValueError(f"chinese_numeral: {n} is out of range")
    tens, ones = divmod(n, 10)
    return (digits[tens] if tens > 1 else "") + ("十" if tens else "") + (digits[ones] if ones else "")


def chinese_date(iso: str) -> str:
    """2010-11-01 -> 2010年11月1日 (GB/T 9704-2012 7.3.5.1: arabic numerals, no leading zeros)."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{year}年{month}月{day}日"


def build_date() -> str:
    """The build date as YYYY-MM-DD, from SOURCE_DATE_EPOCH, never from the clock."""
    return time.strftime("%Y-%m-%d", time.gmtime(source_date_epoch()))
