"""Renderer: the compilation volumes of each list, like the official
《专项职业能力考核规范汇编》: a cover, a table of contents, then the full specs
of the list in list order, each starting on a new page.

A list with more than model.VOLUME_SIZE full specs is split into 分册, as the
official 汇编 is: downloads/<list-id>.docx holds the first (or only) volume,
downloads/<list-id>-2.docx the second, and so on. The split keeps each file
printable and lets the volumes be built in parallel.

The table of contents lists every title with a link to it and a PAGEREF field
for its page: LibreOffice computes these itself; Word updates them when the
file is opened (w:updateFields, Word asks first); the numbers written in the
file are estimates for programs that do neither. The titles also carry
outline level 1, so Word can insert its own TOC field from them.
"""

from __future__ import annotations

from dataclasses import asdict

from .. import model
from ..model import Catalogue, CatalogueList, Spec
from ..output import OutputTree
from ..settings import Settings
from ..wordml import FANGSONG, KAITI, SIZE, XIAOBIAOSONG, Document, Properties, build_date, chinese_date, chinese_numeral, job_key
from ..wordml.spec import SpecContext, shown_titles, spec_context, write_spec

TITLE = "专项职业能力考核规范汇编"
Items = tuple[tuple[Spec, SpecContext], ...]


def render(catalogue: Catalogue, out: OutputTree, settings: Settings) -> None:
    site_url = settings.site_url  # reads mkdocs.yml: once, not once per spec
    for lst in catalogue.lists:
        volumes = catalogue.volumes(lst.id)
        total = sum(len(v.specs) for v in volumes)
        for volume in volumes:
            part = tuple((spec, spec_context(catalogue, spec, site_url)) for spec in volume.specs)
            place = (volume.number, volume.of, total)
            url = site_url + volume.url
            shown = [(spec.digest, shown_titles(spec), asdict(ctx)) for spec, ctx in part]
            out.add_job(volume.url, job_key(url, place, asdict(lst), shown, source=__file__), build_volume, lst, part, place, url)


def build_volume(lst: CatalogueList, items: Items, place: tuple[int, int, int], url: str) -> bytes:
    """``place``: this volume's number, the number of volumes, the specs in all."""
    number, volumes, _ = place
    doc = Document(page_numbers=False, update_fields=True)
    _cover(doc, lst, items, place)
    doc.new_section(page_numbers=False)
    doc.paragraph("目　录", style="TOCHeading")
    doc.toc()
    doc.new_section(page_numbers=True, restart_numbering=True)
    for i, (spec, ctx) in enumerate(items):
        # no QR code per spec in a volume: the link is printed, and codes for
        # hundreds of specs would cost more than their text
        write_spec(doc, spec, ctx, toc=True, page_break=i > 0, qr=False)
    samples = sum(spec.sample for spec, _ in items)
    return doc.docx(
        Properties(
            title=f"{TITLE}（{lst.title}）" + (_part(number) if volumes > 1 else ""),
            subject=lst.title,
            keywords="；".join([TITLE, lst.short_title, lst.region]),
            version=build_date(),
            category=TITLE,
            identifier=url,
            description=f"含示例文本{samples}项（非官方文本）" if samples else "",
        )
    )


def _part(number: int) -> str:
    return f"（第{chinese_numeral(number)}分册）" if number < 100 else f"（第{number}分册）"


def _cover(doc: Document, lst: CatalogueList, items: Items, place: tuple[int, int, int]) -> None:
    """Title, the list and the document that published it, what is included,
    a notice when sample texts are included, and the date of this build."""
    number, volumes, total = place
    doc.blank(3)
    doc.paragraph(TITLE, style="Normal", font=XIAOBIAOSONG, size=SIZE["小初"], line_pt=54, align="center")
    if volumes > 1:
        doc.paragraph(_part(number), style="Normal", font=XIAOBIAOSONG, size=SIZE["二号"], line_pt=36, align="center")
    doc.paragraph(lst.title, style="Normal", font=KAITI, size=SIZE["小二"], line_pt=36, align="center", space_before=1)
    doc.blank(4)
    source = lst.document
    included = f"收录规范：{len(items)}项（目录共{lst.declared_count}项）"
    if volumes > 1:
        first = (number - 1) * model.VOLUME_SIZE + 1
        included = f"收录规范：第{first}—{first + len(items) - 1}项，共{total}项分{volumes}册（目录共{lst.declared_count}项）"
    for line in (f"主管单位：{lst.authority}", f"发布文件：{source.authority}　{source.number}　{source.annex}", included):
        doc.paragraph(line, style="Normal", font=FANGSONG, align="center")
    samples = sum(spec.sample for spec, _ in items)
    if samples:
        doc.notice("本汇编含示例文本", f"收录的{len(items)}项规范中有{samples}项是示例文本（非官方文本），已在各篇标题下标注。")
    doc.blank(2)
    doc.paragraph(f"{chinese_date(build_date())}生成", style="Normal", align="center")
