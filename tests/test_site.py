"""The site renderer on its own (no mkdocs): which pages it writes, what they
hold, and that spec text is escaped where it enters HTML."""

from __future__ import annotations

import ast
import dataclasses
import time
from pathlib import Path

import lxml.html
import markupsafe
import pytest
import yaml

from generator.model import Catalogue, Spec, build_catalogue, spec_from_data
from generator.output import OutputTree
from generator.render import site
from generator.render.site import TAG_END, requirement_blocks, search_tags
from generator.rules import catalogue as rule_catalogue
from generator.settings import Settings

from .helpers import ROOT
from .site_support import XSS_SPEC, real_catalogue


def render(catalogue: Catalogue, tmp_path: Path) -> dict[str, bytes]:
    out = OutputTree(tmp_path / "generated")
    site.render(catalogue, out, Settings(root=ROOT))
    return out.files


def page(files: dict[str, bytes], path: str) -> tuple[dict[str, object], lxml.html.HtmlElement]:
    """Front matter and the body parsed as HTML (Markdown headings stay text)."""
    text = files[path].decode("utf-8")
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), lxml.html.fragment_fromstring(body, create_parent="div")


def with_xss() -> Catalogue:
    real = real_catalogue()
    data = yaml.safe_load(XSS_SPEC.read_text(encoding="utf-8"))
    xss = spec_from_data(XSS_SPEC.stem, data, "specs/xss-every-field.yaml")
    return Catalogue(real.lists, real.entries, tuple(sorted((*real.specs, xss), key=lambda s: s.id)))


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return render(with_xss(), tmp_path_factory.mktemp("site"))


def test_pages_are_exactly_the_catalogue(files: dict[str, bytes]) -> None:
    catalogue = with_xss()
    expected = {"index.md", "catalogue/index.md", "lists/index.md", "guide/index.md", "contribute/index.md", "benchmark/index.md"}
    expected |= {f"{lst.url}index.md" for lst in catalogue.lists}
    expected |= {f"{spec.url}index.md" for spec in catalogue.specs}
    expected |= {f"{e.url}index.md" for e in catalogue.entries if not e.has_full_text}
    assert {p for p in files if p.endswith(".md")} == expected


def test_tracked_sources_are_copied_unchanged(files: dict[str, bytes]) -> None:
    for folder, prefix in site.COPIED_SOURCES:
        sources = [p for p in (ROOT / "docs" / folder).rglob("*") if p.is_file()]
        assert sources
        for path in sources:
            assert files[prefix + path.relative_to(ROOT / "docs" / folder).as_posix()] == path.read_bytes()


def test_every_page_has_yaml_front_matter_with_a_title(files: dict[str, bytes]) -> None:
    for path in (p for p in files if p.endswith(".md")):
        meta, _ = page(files, path)
        assert isinstance(meta, dict) and meta["title"], path


def test_spec_and_entry_pages_carry_their_search_tags(files: dict[str, bytes]) -> None:
    catalogue = with_xss()
    lanzhou = catalogue.spec_by_id["lanzhou-beef-noodle"]
    meta, _ = page(files, f"{lanzhou.url}index.md")
    assert meta["tags"] == search_tags("兰州牛肉拉面制作")
    entry = next(e for e in catalogue.entries if not e.has_full_text)
    meta, _ = page(files, f"{entry.url}index.md")
    assert meta["tags"] == search_tags(entry.name)


def test_search_tags_are_every_suffix_with_an_end_mark() -> None:
    assert search_tags("十字绣") == [f"十字绣{TAG_END}", f"字绣{TAG_END}", f"绣{TAG_END}"]
    assert search_tags("刺绣", "麻柳刺绣") == [f"刺绣{TAG_END}", f"绣{TAG_END}", f"麻柳刺绣{TAG_END}", f"柳刺绣{TAG_END}"]


def test_index_pages_are_kept_out_of_search(files: dict[str, bytes]) -> None:
    for path in ("index.md", "catalogue/index.md", "lists/index.md", "guide/index.md", "contribute/index.md"):
        meta, _ = page(files, path)
        assert meta["search"] == {"exclude": True}, path


def test_spec_page_has_the_content_table_of_the_template(files: dict[str, bytes]) -> None:
    spec = with_xss().spec_by_id["lanzhou-beef-noodle"]
    _, body = page(files, f"{spec.url}index.md")
    table = body.find_class("zx-content")[0]
    assert [th.text_content() for th in table.xpath("thead/tr[2]/th")] == ["工作任务", "操作规范", "相关知识", "考核比重"]
    assert table.xpath("thead/tr[1]/th")[0].text_content() == f"能力名称：{spec.name}职业领域：{spec.occupation.label}"
    rows = table.xpath("tbody/tr")
    assert [r.xpath("th")[0].text_content() for r in rows] == ["（一）原料准备与清汤熬制", "（二）和面与饧面", "（三）拉面成型", "（四）煮面与调配"]
    for row, task in zip(rows, spec.tasks, strict=True):
        practices, knowledge, weight = row.xpath("td")
        assert [li.text_content() for li in practices.xpath("ol/li")] == list(task.practices)
        assert [li.text_content() for li in knowledge.xpath("ol/li")] == list(task.knowledge)
        assert weight.text_content() == f"{task.weight}%"


def test_spec_page_download_links(files: dict[str, bytes]) -> None:
    for spec in with_xss().specs:
        _, body = page(files, f"{spec.url}index.md")
        word = body.find_class("zx-download")[0]
        assert (word.get("href"), word.get("download")) == (f"../../{spec.docx_url}", spec.docx_download_name)
        assert body.find_class("zx-download-form")[0].get("href") == f"../../{spec.form_url}"


def test_sample_specs_say_so_and_official_ones_cite_their_source(files: dict[str, bytes]) -> None:
    for spec in with_xss().specs:
        _, body = page(files, f"{spec.url}index.md")
        notices = body.find_class("zx-sample")
        if spec.sample:
            assert [n.find_class("zx-sample-title")[0].text_content() for n in notices] == ["示例文本，非官方文本"], spec.id
            assert not body.find_class("zx-source")
        else:
            assert not notices, spec.id
            assert spec.source is not None
            assert [a.get("href") for a in body.find_class("zx-source")[0].iter("a")] == [spec.source.url]


def test_requirement_parts_are_numbered_in_order() -> None:
    spec = real_catalogue().spec_by_id["lanzhou-beef-noodle"]
    assert [b.title for b in requirement_blocks(spec)] == ["（一）申报条件", "（二）考评员构成", "（三）考核方式与考核时间", "（四）鉴定场地设备要求"]
    fewer = dataclasses.replace(spec, requirements=dataclasses.replace(spec.requirements, assessors=None, eligibility=None))
    blocks = requirement_blocks(fewer)
    assert [(b.id, b.title) for b in blocks] == [("method", "（一）考核方式与考核时间"), ("venue", "（二）鉴定场地设备要求")]
    assert blocks[0].paragraphs[-1] == "实际操作考核实行百分制，60分以上（含60分）为合格。"


def test_variants_have_the_anchors_their_entries_link_to(files: dict[str, bytes]) -> None:
    catalogue = with_xss()
    with_variants = [s for s in catalogue.specs if s.variants]
    assert with_variants, "the real catalogue has a spec with variants"
    for spec in with_variants:
        _, body = page(files, f"{spec.url}index.md")
        ids = {el.get("id") for el in body.find_class("zx-variant")}
        assert ids == {f"variant-{i}" for i in range(1, len(spec.variants) + 1)}
    for entry in catalogue.entries:
        if entry.variant is not None:
            assert entry.url == f"specs/{entry.spec}/#variant-{entry.variant + 1}"


def test_entry_without_text_says_where_to_obtain_it(files: dict[str, bytes]) -> None:
    catalogue = with_xss()
    for entry in (e for e in catalogue.entries if not e.has_full_text):
        lst = catalogue.list_by_id[entry.list]
        _, body = page(files, f"{entry.url}index.md")
        assert body.find_class("zx-obtain")[0].xpath("p[2]")[0].text_content() == f"本站尚未收录这一项的全文。{lst.obtain}"


def test_catalogue_page_lists_every_entry_without_javascript(files: dict[str, bytes]) -> None:
    catalogue = with_xss()
    _, body = page(files, "catalogue/index.md")
    rows = body.get_element_by_id("zx-catalogue").xpath("tbody/tr")
    assert len(rows) == len(catalogue.entries) + len(catalogue.unlisted_specs)
    by_url = {row.xpath("td[2]/a")[0].get("href"): row for row in rows}
    for entry in catalogue.entries:
        row = by_url[f"../{entry.url}"]
        assert (row.get("data-l"), row.get("data-f"), row.xpath("td[1]")[0].text_content()) == (entry.list, "1" if entry.has_full_text else "0", entry.number)
    for spec in catalogue.unlisted_specs:
        row = by_url[f"../{spec.url}"]
        assert (row.get("data-l"), row.get("data-s"), row.get("data-m")) == ("none", spec.status, (spec.occupation.major if spec.occupation else None) or "")
    assert body.get_element_by_id("zx-filters").get("hidden") is not None  # shown by the script only


def test_guide_has_every_rule_with_its_examples(files: dict[str, bytes]) -> None:
    _, body = page(files, "guide/index.md")
    for code in rule_catalogue().values():
        section = body.get_element_by_id(code.code)
        assert section.xpath("h4/code")[0].text_content() == code.code
        flags = [span.text_content() for span in section.xpath("p[@class='zx-rule-flags']/span")]
        assert flags == [{"error": "错误", "warning": "警告", "note": "提示"}[code.severity.value], "可豁免" if code.waivable else "不可豁免"]
        examples = [pre.text_content() for pre in section.xpath(".//pre")]
        if code.failing or code.passing:
            assert examples == [code.failing or "（无示例）", code.passing or "（无示例）"]


def test_guide_field_reference_covers_the_schema(files: dict[str, bytes]) -> None:
    _, body = page(files, "guide/index.md")
    keys = {code.text_content() for code in body.xpath("//table[contains(@class,'zx-fields')]//tr/td[1]/code")}
    schema = yaml.safe_load((ROOT / "schema" / "spec.schema.json").read_text(encoding="utf-8"))
    assert set(schema["properties"]) <= keys
    assert {"tasks[].practices", "requirements.venue.equipment[].kind", "entries[].printed"} <= keys


def test_spec_text_is_escaped_never_markup(files: dict[str, bytes]) -> None:
    text = files[f"specs/{XSS_SPEC.stem}/index.md"].decode("utf-8")
    for raw in ("<script", "<img", "<iframe", "<svg", "<style", "<object", "<meta", "<base", "<form", "<math", "<video", "<details", "<b ", "<!--"):
        assert raw not in text
    data = yaml.safe_load(XSS_SPEC.read_text(encoding="utf-8"))
    assert str(markupsafe.escape(data["definition"])) in text
    assert str(markupsafe.escape(data["tasks"][0]["practices"][0])) in text
    # Multi-line fields: one <p> per line, so no blank line can end an HTML block.
    body = text.split("---\n", 2)[2]
    for block in body.split("\n\n"):
        assert block.count("<div") == block.count("</div>"), block[:80]


def test_rendering_is_deterministic(tmp_path: Path, files: dict[str, bytes]) -> None:
    assert render(with_xss(), tmp_path) == files


def test_site_renderer_reads_only_the_model() -> None:
    """Never read YAML, never validate, never import another renderer."""
    forbidden = {"yaml", "ruamel", "loading", "validation", "build", "docx", "forms", "volume", "data", "itembank"}
    for module in ("site", "site_guide"):
        tree = ast.parse((ROOT / "generator" / "render" / f"{module}.py").read_text(encoding="utf-8"))
        imported: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                imported |= {part for part in (node.module or "").split(".") if part}
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.Import):
                imported |= {part for alias in node.names for part in alias.name.split(".")}
        assert not imported & forbidden, (module, imported & forbidden)


def synthetic(count: int) -> Catalogue:
    """``count`` specs like the Lanzhou one, in no list."""
    base = real_catalogue().spec_by_id["lanzhou-beef-noodle"]
    specs: list[Spec] = [dataclasses.replace(base, id=f"spec-{i:05d}", name=f"测试{i:05d}制作", entry=None) for i in range(count)]
    lists = [(path.stem, yaml.safe_load(path.read_text(encoding="utf-8"))) for path in sorted((ROOT / "specs" / "lists").glob("*.yaml"))]
    return build_catalogue(lists, specs)


def test_rendering_a_thousand_specs_takes_well_under_a_second(tmp_path: Path) -> None:
    catalogue = synthetic(1000)
    start = time.perf_counter()
    files = render(catalogue, tmp_path)
    seconds = time.perf_counter() - start
    assert len([p for p in files if p.startswith("specs/")]) == 1000
    assert seconds < 1.0, f"{seconds:.2f} s for 1000 specs"


def test_catalogue_page_grows_with_entries_only(tmp_path: Path) -> None:
    small = render(synthetic(100), tmp_path / "small")["catalogue/index.md"]
    large = render(synthetic(1100), tmp_path / "large")["catalogue/index.md"]
    per_row = (len(large) - len(small)) / 1000
    assert per_row < 400, f"{per_row:.0f} bytes per row"
