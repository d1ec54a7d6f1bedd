"""The package around a body: template parts, styles, properties, the zip.

python-docx builds the template once per process (page setup, odd and even
page footers, an optional header, settings); each document then copies its
parts and adds its own body, relationships, media and core properties.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import re
import time
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..output import source_date_epoch
from .layout import (
    FONT_ALTERNATIVES,
    FOOTER_MM,
    HEADER_MM,
    LANDSCAPE_FOOTER_MM,
    LANDSCAPE_MARGINS_MM,
    LATIN,
    LINE_TWIPS,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    PAGE_H_MM,
    PAGE_W_MM,
    SONGTI,
    STYLES,
    twips,
)
from .xmltext import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
Rel = tuple[str, str, str, bool]  # id, type, target, external

# Parts of python-docx's default template that a generated document does not need.
_DROPPED_RELS = ("stylesWithEffects", "webSettings", "customXml", "numbering", "theme", "thumbnail")
# zlib level 3: 2.5 times as fast as the default 6, files about 12 % larger
ZIP_LEVEL = 3
_XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


@dataclass(frozen=True)
class Properties:
    """Core document properties (File > Properties in Word); ``created`` and
    ``modified`` always come from SOURCE_DATE_EPOCH."""

    title: str
    subject: str = ""
    keywords: str = ""
    version: str = ""
    category: str = ""
    identifier: str = ""
    description: str = ""
    status: str = ""
    language: str = "zh-CN"


@dataclass(frozen=True)
class Template:
    parts: Mapping[str, bytes]
    rels: tuple[Rel, ...]
    header_refs: str  # w:headerReference elements for a section's sectPr
    footer_refs: str
    page_setup: tuple[str, str]  # sectPr content before and after w:pgNumType


def job_key(*payload: object, source: str) -> str:
    """The key of an output job: what the file shows (``payload``, as JSON), the
    renderer's own ``source`` file, this package's code and the libraries that
    shape the file, and SOURCE_DATE_EPOCH (the dates in the file). A change to
    any of them rebuilds the file; nothing else does."""
    digest = hashlib.sha256(_code_version().encode("ascii"))
    digest.update(Path(source).read_bytes())
    digest.update(json.dumps([source_date_epoch(), *payload], ensure_ascii=False, default=str).encode("utf-8"))
    return digest.hexdigest()


@functools.cache
def _code_version() -> str:
    import docx
    import segno

    digest = hashlib.sha256(f"python-docx {docx.__version__} segno {segno.__version__}".encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def xml_bytes(text: str) -> bytes:
    return _XML_DECLARATION + text.encode("utf-8")


def zip_package(parts: Mapping[str, bytes]) -> bytes:
    """The .docx: parts in a fixed order ([Content_Types].xml first, as Office
    writes it), each dated from SOURCE_DATE_EPOCH with fixed attributes, the
    policy of output.reproducible_zip. Written in one pass and with a faster
    compression level (ZIP_LEVEL) instead of storing and recompressing: deflate
    is the largest single cost of a document."""
    stamp = time.gmtime(max(source_date_epoch(), 315532800))[:6]  # zip dates start in 1980
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(parts, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type, info.external_attr, info.create_system = zipfile.ZIP_DEFLATED, 0o644 << 16, 3
            archive.writestr(info, parts[name], compresslevel=ZIP_LEVEL)
    return buffer.getvalue()


_EXTERNAL = ' TargetMode="External"'


def rels_xml(rels: Sequence[Rel]) -> str:
    items = "".join(
        f'<Relationship Id="{rid}" Type="{kind}" Target="{escape(target)}"{_EXTERNAL if external else ""}/>' for rid, kind, target, external in rels
    )
    return f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{items}</Relationships>'


def core_xml(p: Properties) -> str:
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(source_date_epoch()))
    fields = (
        ("dc:title", p.title),
        ("dc:subject", p.subject),
        ("cp:keywords", p.keywords),
        ("dc:description", p.description),
        ("cp:category", p.category),
        ("cp:contentStatus", p.status),
        ("dc:identifier", p.identifier),
        ("dc:language", p.language),
        ("cp:version", p.version),
    )
    values = "".join(f"<{tag}>{escape(value)}</{tag}>" for tag, value in fields if value)
    return (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f'{values}<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'
    )


# -- styles and fonts ---------------------------------------------------------------


def _fonts(east_asia: str, latin: str = LATIN) -> str:
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}" w:hint="eastAsia"/>'


_INDENT_2 = '<w:ind w:firstLineChars="200" w:firstLine="640"/>'  # two characters (GB/T 9704-2012 7.3.3)
_TABLE_SPACING = '<w:snapToGrid w:val="0"/><w:spacing w:line="380" w:lineRule="exact"/>'
_BOX = "".join(f'<w:{side} w:val="single" w:sz="12" w:space="4" w:color="000000"/>' for side in ("top", "left", "bottom", "right"))

# style id -> (paragraph properties, outline level: 0 for titles, so a Word TOC finds them)
_STYLE_PPR: dict[str, tuple[str, int | None]] = {
    "Normal": ("", None),
    "Body": (_INDENT_2, None),
    "DocTitle": ('<w:keepNext/><w:spacing w:line="720" w:lineRule="exact"/><w:jc w:val="center"/>', 0),
    "Subtitle": ('<w:keepNext/><w:jc w:val="center"/>', None),
    "Heading1": ("<w:keepNext/>" + _INDENT_2, 1),
    "Heading2": ("<w:keepNext/>" + _INDENT_2, 2),
    "Notice": (
        f'<w:pBdr>{_BOX}</w:pBdr><w:snapToGrid w:val="0"/><w:spacing w:before="240" w:after="240" w:line="480" w:lineRule="exact"/><w:ind w:left="567" w:right="567"/><w:jc w:val="center"/>',
        None,
    ),
    "TableText": (_TABLE_SPACING + '<w:jc w:val="left"/>', None),
    "TableHead": (_TABLE_SPACING + '<w:jc w:val="center"/>', None),
    "Note": (_TABLE_SPACING, None),
    "TOCHeading": ('<w:spacing w:after="579"/><w:jc w:val="center"/>', None),
    "TOC1": ("", None),
    "Header": ('<w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/><w:jc w:val="left"/>', None),
    "Footer": ('<w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/>', None),
}


_DEFAULT = ' w:default="1"'


def styles_xml() -> str:
    """Every style sets its East Asian font (w:eastAsia) and zh-CN language, so
    Word and WPS on a Chinese desktop use the intended fonts."""
    defaults = (
        f'<w:docDefaults><w:rPrDefault><w:rPr>{_fonts(STYLES["Normal"][1])}<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:spacing w:line="579" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>'
    )
    out = [f'<w:styles xmlns:w="{W_NS}">{defaults}']
    for sid, (name, font, size) in STYLES.items():
        ppr, outline = _STYLE_PPR[sid]
        latin = SONGTI if sid == "Footer" else LATIN  # GB/T 9704-2012 7.5: 半角宋体 page numbers
        out.append(
            f'<w:style w:type="paragraph" w:styleId="{sid}"{_DEFAULT if sid == "Normal" else ""}><w:name w:val="{name}"/>'
            + ("" if sid == "Normal" else '<w:basedOn w:val="Normal"/>')
            + "<w:qFormat/><w:pPr>"
            + ppr
            + (f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else "")
            + f'</w:pPr><w:rPr>{_fonts(font, latin)}<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
            '<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:style>'
        )
    out.append(
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
        '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:basedOn w:val="DefaultParagraphFont"/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        "</w:styles>"
    )
    return "".join(out)


def font_table_xml() -> str:
    """Fonts with charset 86 (GB2312) and the alternative Word and WPS fall back to."""
    cjk = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
        for name, alt in FONT_ALTERNATIVES.items()
    )
    latin = f'<w:font w:name="{LATIN}"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
    return f'<w:fonts xmlns:w="{W_NS}">{cjk}{latin}</w:fonts>'


def _page_number_xml(odd: bool) -> str:
    """GB/T 9704-2012 7.5: 4号半角宋体 arabic numerals between two 4号 一字线
    ("— 3 —"); odd pages on the right and even pages on the left, 空一字."""
    place = '<w:ind w:right="280"/><w:jc w:val="right"/>' if odd else '<w:ind w:left="280"/><w:jc w:val="left"/>'
    props = f'<w:rPr>{_fonts(SONGTI, SONGTI)}<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>'
    field = (
        f'<w:r>{props}<w:fldChar w:fldCharType="begin"/></w:r><w:r>{props}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{props}<w:fldChar w:fldCharType="separate"/></w:r><w:r>{props}<w:t>1</w:t></w:r><w:r>{props}<w:fldChar w:fldCharType="end"/></w:r>'
    )
    dash = f'<w:r>{props}<w:t xml:space="preserve">— </w:t></w:r>', f'<w:r>{props}<w:t xml:space="preserve"> —</w:t></w:r>'
    return f'<w:ftr xmlns:w="{W_NS}"><w:p><w:pPr><w:pStyle w:val="Footer"/>{place}</w:pPr>{dash[0]}{field}{dash[1]}</w:p></w:ftr>'


def _header_xml(text: str) -> str:
    props = f'<w:rPr>{_fonts(STYLES["Header"][1])}<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>'
    return (
        f'<w:hdr xmlns:w="{W_NS}"><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr><w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:hdr>'
    )


_SETTINGS_DROP = ("rsids", "docId", "savePreviewPicture", "proofState", "attachedTemplate")


# -- the template ------------------------------------------------------------------------


@functools.cache
def template(header: str | None, update_fields: bool) -> Template:
    """python-docx's default document, set up for GB/T 9704 and reduced to the
    parts a generated document needs."""
    import docx
    from docx.shared import Mm

    doc = docx.Document()
    for rels in (doc.part.rels, doc.part.package.rels):
        for rid, rel in list(rels.items()):
            if any(rel.reltype.endswith("/" + name) for name in _DROPPED_RELS):
                del rels[rid]
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_W_MM), Mm(PAGE_H_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.header_distance, section.footer_distance = Mm(HEADER_MM), Mm(FOOTER_MM)
    doc.settings.odd_and_even_pages_header_footer = True  # GB/T 9704-2012 7.5
    section.footer.is_linked_to_previous = False
    section.even_page_footer.is_linked_to_previous = False
    if header is not None:
        section.header.is_linked_to_previous = False
        section.even_page_header.is_linked_to_previous = False
    _tune_settings(doc.settings.element, update_fields)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _split(buffer.getvalue(), header)


def _tune_settings(settings: Any, update_fields: bool) -> None:
    """Drop revision ids and other traces of the template's history; East Asian
    theme language zh-CN; ask Word to update fields on opening if wanted."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for child in list(settings):
        name = child.tag.rsplit("}", 1)[-1]
        if name in _SETTINGS_DROP:
            settings.remove(child)
        elif name == "themeFontLang":
            child.set(qn("w:eastAsia"), "zh-CN")
    if update_fields:  # w:updateFields precedes w:compat in CT_Settings
        settings.find(qn("w:compat")).addprevious(OxmlElement("w:updateFields", {qn("w:val"): "true"}))


def _split(data: bytes, header: str | None) -> Template:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    document = parts.pop("word/document.xml").decode("utf-8")
    rels_text = parts.pop("word/_rels/document.xml.rels").decode("utf-8")
    parts.pop("docProps/core.xml", None)
    rels = tuple(
        (m["id"], m["type"], m["target"], False) for m in re.finditer(r'Id="(?P<id>[^"]+)" Type="(?P<type>[^"]+)" Target="(?P<target>[^"]+)"', rels_text)
    )
    target = {rid: t for rid, _, t, _ in rels}
    refs = {kind: re.findall(rf"<w:{kind}Reference [^>]*/>", document) for kind in ("header", "footer")}
    for ref in refs["footer"]:
        odd = 'w:type="default"' in ref
        parts["word/" + target[_rid(ref)]] = xml_bytes(_page_number_xml(odd))
    for ref in refs["header"]:
        parts["word/" + target[_rid(ref)]] = xml_bytes(_header_xml(header or ""))
    parts["word/styles.xml"] = xml_bytes(styles_xml())
    parts["word/fontTable.xml"] = xml_bytes(font_table_xml())
    parts["docProps/app.xml"] = xml_bytes(
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>python-docx</Application></Properties>'
    )
    types = parts["[Content_Types].xml"].decode("utf-8")
    if 'Extension="png"' not in types:
        types = types.replace('<Default Extension="rels"', '<Default Extension="png" ContentType="image/png"/><Default Extension="rels"', 1)
    parts["[Content_Types].xml"] = types.encode("utf-8")
    return Template(parts, rels, "".join(refs["header"]), "".join(refs["footer"]), _page_setup(document))


def _page_setup(document: str) -> tuple[str, str]:
    """The page size and margins python-docx wrote, with a line grid of 22
    lines a page (GB/T 9704-2012 5.2.2)."""
    match = re.search(r"<w:sectPr[^>]*>(.*)</w:sectPr>", document, re.S)
    if not match:
        raise ValueError("the template has no w:sectPr")
    setup = re.sub(r"<w:(header|footer)Reference [^>]*/>", "", match.group(1))
    setup = re.sub(r"<w:docGrid [^>]*/>", f'<w:docGrid w:type="lines" w:linePitch="{LINE_TWIPS}"/>', setup)
    before, after = setup.split("<w:cols", 1)
    return before, "<w:cols" + after


def landscape_page_setup() -> str:
    """The page size and margins of a landscape section (layout.LANDSCAPE_MARGINS_MM)."""
    top, right, bottom, left = (twips(mm) for mm in LANDSCAPE_MARGINS_MM)
    return (
        f'<w:pgSz w:w="{twips(PAGE_H_MM)}" w:h="{twips(PAGE_W_MM)}" w:orient="landscape"/><w:pgMar w:top="{top}" w:right="{right}" '
        f'w:bottom="{bottom}" w:left="{left}" w:header="{twips(HEADER_MM)}" w:footer="{twips(LANDSCAPE_FOOTER_MM)}" w:gutter="0"/>'
    )


def _rid(reference: str) -> str:
    match = re.search(r'r:id="([^"]+)"', reference)
    if not match:
        raise ValueError(f"no r:id in {reference}")
    return match.group(1)
