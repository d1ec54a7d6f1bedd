"""Property-based tests of the renderers, on random valid specs (issue 8).

Each random spec is written as YAML into a throwaway project with a list that
holds it, gathered (loaded and validated: it must pass) and rendered by every
renderer in RENDERERS, Word jobs in-process. Then:

- the spec page, converted by Python-Markdown with the extensions of mkdocs.yml,
  shows each line of text where the template puts it, exactly, and is its twin's
  page with the text put back (tests/render_support.py): no element, attribute
  or link came from the text, and each line is shown exactly once as text;
- the Word file holds every string exactly, in the order and the table shape
  of the template: header rows plus max(practices, knowledge) rows a task,
  task and weight merged down them;
- catalogue.json and catalogue.csv carry the spec's name, status and version
  and parse back exactly (the CSV with its BOM, formula-like cells quoted).

The text is hostile on purpose: CJK extensions A, B and G, emoji sequences, full
width and mixed brackets, entities, Markdown, YAML, CSV, XML and Jinja syntax
that the schema allows; with a text-markup waiver also tags, scripts, links
and template syntax.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from generator.build import BuildError, gather
from generator.build import build as full_build
from generator.model import Catalogue, Spec
from generator.output import OutputTree
from generator.problems import Severity
from generator.render import RENDERERS, site
from generator.settings import Settings
from generator.wordml.layout import chinese_date

from .helpers import make_project, write_yaml
from .render_support import TOKEN, Twin, compare_with_twin, front_matter_and_body, page_html, skeleton, text_nodes, unclosed_html_blocks
from .test_docx_hostile import assert_well_formed
from .test_properties import _MARKUP, _PLACEHOLDER, DATE, DATES, LINE_CHARS, NAMES, _parts_of_100, model_agrees, styles
from .wordtests import W, body_xml, open_docx, paragraph_texts
from .yaml_writer import dump

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# -- text ----------------------------------------------------------------------------

# Legal but unusual: spaces Python strips, a combining accent, emoji sequences
# (skin tone, flag, variation selector), CJK extensions B and G, a compatibility
# ideograph, ligatures, the replacement character.
ODD = ["\u00a0", "\u3000", "\u2003", "e\u0301", "👍🏽", "🇨🇳", "❤️", "𠮷", "𪚥", "𰻞", "﨑", "ﬁ", "½", "\ufffd", "Ω"]
# Special in HTML, Markdown, YAML, CSV, XML or Jinja, and allowed by the schema.
SYNTAX = [
    "&", "&amp;", "&lt;b&gt;", "&#60;", "&#x3C;", "&nbsp;", "<", ">", "< b", "1 < 2 > 0", '"', "'", "''", "\\", "\\n",
    "**粗**", "__粗__", "*斜*", "_斜_", "`代码`", "```", "# 标题", "| 甲 | 乙 |", "|---|", "[甲]", "[^1]", "{x}",
    '{: #id .c onclick="alert(1)" }', "~~删~~", "==", "+", "- ", "* ", "> 引用", "!!! note", "%", "<%", "%>", "${x}",
    "{#", "#}", "]]>", "-->", ": ", " #", "---", "...", "!!str", "&anchor", "*alias", "? ", "@", ",",
    "（)", "【]", "《〉", "「」", "【请",
]  # fmt: skip
# Refused by text-markup unless it is waived.
MARKUP = [
    "<script>alert(1)</script>", "<b>粗</b>", "<img src=x onerror=alert(1)>", "</li></ol></td></tr></tbody></table>",
    "<!-- 注释 -->", "<![CDATA[x]]>", "<?php echo 1; ?>", "javascript:alert(1)", "JavaScript :void(0)", "{{ 7*7 }}",
    "{% raw %}", "[链接](https://tracker.invalid/)", "![图](x.png)", "<w:t>", '<a href="javascript:alert(1)">点</a>',
    '<div markdown="1">*em*</div>', "</div>", "<p>", "{{", "{%",
]  # fmt: skip
PLAIN_PIECE = st.one_of(st.text(LINE_CHARS, min_size=1, max_size=12), st.sampled_from(SYNTAX), st.sampled_from(ODD))
MARKUP_PIECE = st.one_of(PLAIN_PIECE, st.sampled_from(MARKUP))


def defused(text: str) -> str:
    """``text`` with a full-width space inside whatever the text-markup rule
    refuses ("<a" becomes "<　a"), so it needs no waiver."""
    while _MARKUP.search(text):
        text = _MARKUP.sub(lambda m: m.group()[0] + "\u3000" + m.group()[1:], text)
    return text


def _line(pieces: list[str], repeat: int, markup: bool, max_size: int) -> str:
    text = "".join(pieces) * repeat
    text = (text if markup else defused(text))[:max_size]
    return text if text.strip() else text[: max_size - 1] + "字"


def line(markup: bool, max_size: int, *, pieces: int = 6, long: bool = False) -> st.SearchStrategy[str]:
    """One line of text of at most ``max_size`` characters, never blank;
    ``long`` lines are a few pieces repeated, up to ``max_size``."""
    piece = MARKUP_PIECE if markup else PLAIN_PIECE
    repeat = st.integers(10, 100) if long else st.just(1)
    return st.builds(_line, st.lists(piece, min_size=1, max_size=pieces), repeat, st.just(markup), st.just(max_size)).filter(
        lambda t: not _PLACEHOLDER.search(t)
    )


def paragraph(markup: bool, *, min_size: int = 1) -> st.SearchStrategy[str]:
    """Up to five lines, blank and white-space-only lines among them (at most
    408 characters: within the limit of every multi-line field); at least
    ``min_size`` characters that are not white space."""
    lines = st.lists(st.one_of(line(markup, 80), line(markup, 80), st.sampled_from(["", " ", "\u3000"])), min_size=1, max_size=5)
    return lines.map("\n".join).map(lambda t: t if len(t.strip()) >= min_size else t + "原文如此")


# -- specs --------------------------------------------------------------------------------

# What the url-format rule allows after https://: no spaces, quotes or angle brackets.
URL_PIECES = [*"a&=?#%;:/()[]{}|^~!*$,@+", "](javascript:alert(1))", "{{", "{%", "𠮷"]
URL_ENDS = ["", "&lt;", "&amp;", "&#60;b&#62;", "?a=1&b=2"]  # entities: HTML unescaping would show them changed
REQUIREMENT_KEYS = ("eligibility", "assessors", "method", "scoring", "venue")
NAME_START = st.sampled_from(["", "", "", "-", "+", "·", "(甲)"])
LIST_ID = "prop-list"


def equipment(markup: bool) -> st.SearchStrategy[dict[str, Any]]:
    text = line(markup, 60)
    return st.fixed_dictionaries(
        {"kind": st.sampled_from(["equipment", "tool", "material"]), "name": text},
        optional={"spec": line(markup, 100), "quantity": st.integers(1, 100000), "unit": line(markup, 10, pieces=2), "note": line(markup, 200)},
    )


def task(markup: bool) -> st.SearchStrategy[dict[str, Any]]:
    item = st.one_of(line(markup, 600), line(markup, 600), line(markup, 600, long=True))
    items = st.lists(item, min_size=1, max_size=8)
    return st.fixed_dictionaries({"title": line(markup, 60), "practices": items, "knowledge": items})


@st.composite
def valid_specs(draw: st.DrawFn) -> dict[str, Any]:
    """A spec that passes validation, perhaps with warnings (numbered items,
    unused waivers), with 3 to 8 tasks of unequal columns."""
    markup = draw(st.booleans())
    text, para = (lambda n: line(markup, n)), paragraph(markup)
    weights = draw(st.lists(st.integers(1, 99), min_size=2, max_size=7, unique=True).map(_parts_of_100))
    spec: dict[str, Any] = {
        "name": draw(NAME_START) + draw(NAMES),
        "status": draw(st.sampled_from(["draft", "review", "filed", "current"])),
        "version": f"{draw(st.integers(0, 999))}.{draw(st.integers(0, 999))}",
        "sample": draw(st.sampled_from([False, False, True])),
        "entry": {"list": LIST_ID, "number": "1"},
        "occupation": {"name": draw(text(60))},
        "definition": "运用" + draw(text(900)) + "的能力" + draw(st.one_of(st.sampled_from(["", "。"]), text(50))),
        "audience": draw(para),
        "tasks": [{**draw(task(markup)), "weight": weight} for weight in weights],
        "requirements": {
            "eligibility": draw(para),
            "assessors": {"minimum": draw(st.integers(3, 50)), "text": draw(para)},
            "method": {"text": draw(para), "minutes": draw(st.integers(1, 20160))},
            "scoring": {"full_marks": 100, "pass_mark": 60},
            "venue": {"text": draw(para), "equipment": draw(st.lists(equipment(markup), max_size=4))},
        },
    }
    reason = paragraph(markup, min_size=4)
    waivers = [{"rule": "text-markup", "reason": draw(reason)}] if markup else []
    missing = draw(st.lists(st.sampled_from(REQUIREMENT_KEYS), unique=True, max_size=2))
    for key in missing:
        del spec["requirements"][key]
    if missing:
        waivers.append({"rule": "requirement-missing", "reason": draw(reason)})
    if waivers:
        spec["waivers"] = waivers
    if not spec["sample"]:
        url = st.builds("https://example.org/{}{}".format, st.lists(st.sampled_from(URL_PIECES), max_size=6).map("".join), st.sampled_from(URL_ENDS))
        source = {"title": text(200), "publisher": text(200), "url": url, "completeness": st.sampled_from(["complete", "partial"])}
        spec["source"] = draw(st.fixed_dictionaries(source, optional={"date": DATE, "note": para}))
    if draw(st.booleans()):
        variant = st.fixed_dictionaries({"name": NAMES}, optional={"note": para, "equipment": st.lists(equipment(markup), min_size=1, max_size=2)})
        spec["variants"] = draw(st.lists(variant, min_size=1, max_size=3))
    if draw(st.booleans()):
        spec["dates"] = draw(DATES)
    if draw(st.booleans()):
        spec["history"] = draw(st.lists(st.fixed_dictionaries({"version": st.just("1.0"), "date": DATE, "changes": para}), min_size=1, max_size=2))
    return spec


def the_list(name: str, printed: str) -> dict[str, Any]:
    """A list of one entry, the spec's."""
    return {
        "title": "测试目录（1项）",
        "short_title": "测试目录",
        "level": "provincial",
        "region": "四川省",
        "authority": "四川省职业技能鉴定指导中心",
        "document": {"number": "川人社职鉴〔2020〕5号", "title": "通知", "authority": "四川省职业技能鉴定指导中心", "annex": "附件1"},
        "declared_count": 1,
        "entries": [{"number": "1", "name": name, "printed": printed}],
    }


# -- building ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    data: dict[str, Any]  # the spec as drawn
    spec: Spec
    catalogue: Catalogue
    files: dict[str, bytes]
    settings: Settings


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("render-properties")


def render_all(catalogue: Catalogue, settings: Settings, root: Path) -> dict[str, bytes]:
    """Every renderer, Word jobs run in this process; nothing is written."""
    out = OutputTree(root / "generated")
    for _, renderer in RENDERERS:
        renderer(catalogue, out, settings)
    return out.files | {path: job.func(*job.args) for path, job in out.jobs.items()}


@dataclass(frozen=True)
class Case:
    """What a test draws: the spec, how its list prints its name, a quoting seed."""

    data: dict[str, Any]
    printed: str
    seed: int


@st.composite
def cases(draw: st.DrawFn) -> Case:
    data = draw(valid_specs())
    printed = defused(draw(line(False, 20)) + data["name"] + draw(line(False, 20)))
    assume(data["name"] in printed)  # the list-printed rule
    return Case(data, printed, draw(st.integers(0, 2**16)))


def write_specs(specs: Path, case: Case) -> None:
    shutil.rmtree(specs, ignore_errors=True)
    (specs / "lists").mkdir(parents=True)
    (specs / "example-spec.yaml").write_text(dump(case.data, styles(case.seed))[0], encoding="utf-8")
    write_yaml(specs / "lists" / f"{LIST_ID}.yaml", the_list(case.data["name"], case.printed))


def build(project: Path, case: Case) -> Built:
    data = case.data
    root = project / "root"
    shutil.rmtree(root, ignore_errors=True)
    write_specs(root / "specs", case)
    settings = Settings(root=root)
    try:
        catalogue, _ = gather(settings)
    except BuildError as error:
        pytest.fail(f"a valid spec is refused: {[(p.code, p.file, p.line, p.path) for p in error.problems if p.severity is Severity.ERROR]}")
    spec = catalogue.spec_by_id["example-spec"]
    assert list(model_agrees(data, spec)) == []
    return Built(data, spec, catalogue, render_all(catalogue, settings, root), settings)


# -- expectations ----------------------------------------------------------------------------

CN = "一二三四五六七八九十"


def shown_lines(text: str) -> list[str]:
    """A multi-line field on a page: one paragraph a non-blank line, stripped."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def word_lines(text: str) -> list[str]:
    """A multi-line field in Word: one paragraph a non-blank line, as it is."""
    return [line for line in text.split("\n") if line.strip()]


# -- the spec page -------------------------------------------------------------------------


def texts(nodes: list[Any]) -> list[str]:
    return [node.text_content() for node in nodes]


def section(body: Any, anchor: str) -> Any:
    """The block that follows the heading with id ``anchor``."""
    return body.xpath(f'//*[@id="{anchor}"]/following-sibling::div[1]')[0]


def equipment_rows(items: tuple[Any, ...]) -> list[list[str]]:
    return [
        [str(i), item.kind_title, item.name, item.spec or "", "" if item.quantity is None else str(item.quantity), item.unit or "", item.note or ""]
        for i, item in enumerate(items, 1)
    ]


def table_rows(table: Any) -> list[list[str]]:
    return [texts(row.xpath("td")) for row in table.xpath(".//tbody/tr")]


def check_spec_page(body: Any, spec: Spec) -> None:
    """Each text in the element the template puts it in, exactly."""
    assert texts(body.xpath("//h1")) == [spec.title]
    facts = body.find_class("zx-facts")[0]
    assert texts(facts.xpath("dd"))[:4] == [spec.name, spec.occupation.label if spec.occupation else "（未注明）", spec.status_title, spec.version]
    assert texts(section(body, "definition").xpath("p")) == shown_lines(spec.definition)
    assert texts(section(body, "audience").xpath("p")) == shown_lines(spec.audience)
    content = body.find_class("zx-content")[0]
    assert texts(content.xpath("thead/tr[1]/th/span")) == [f"能力名称：{spec.name}", f"职业领域：{spec.occupation.label if spec.occupation else ''}"]
    rows = [(texts(r.xpath("th")), texts(r.xpath("td[1]/ol/li")), texts(r.xpath("td[2]/ol/li")), texts(r.xpath("td[3]"))) for r in content.xpath("tbody/tr")]
    assert rows == [([f"（{CN[n]}）{t.title}"], list(t.practices), list(t.knowledge), [f"{t.weight}%"]) for n, t in enumerate(spec.tasks)]
    for part in spec.requirements.parts:
        block = section(body, part.key)
        assert texts(block.xpath("p")) == [line for text in part.texts for line in shown_lines(text)]
        if part.equipment:
            assert table_rows(block.xpath("following-sibling::div[1]")[0]) == equipment_rows(part.equipment)
    missing = body.find_class("zx-missing")
    assert texts(missing[0].xpath("p") if missing else []) == shown_lines(spec.missing_requirements_note or "")
    for i, variant in enumerate(spec.variants, 1):
        block = body.get_element_by_id(f"variant-{i}")
        assert texts(block.xpath("h3")) == [f"（{i}）{variant.name}"]
        assert texts(block.xpath("div[@class='zx-text']/p")) == shown_lines(variant.note or "")
        assert [table_rows(t) for t in block.find_class("zx-equipment")] == ([equipment_rows(variant.equipment)] if variant.equipment else [])
    check_about(body, spec)


def check_about(body: Any, spec: Spec) -> None:
    sources = body.find_class("zx-source")
    if spec.source:
        src = spec.source
        dd = sources[0].xpath("dd")
        facts = [src.title, src.publisher, src.url, *([src.date] if src.date else []), src.completeness_title]
        assert texts(dd[: len(facts)]) == facts
        assert [texts(d.xpath("p")) for d in dd[len(facts) :]] == ([shown_lines(src.note)] if src.note else [])
        assert [a.get("href") for a in sources[0].iter("a")] == [src.url]
    else:
        assert not sources
    history = body.find_class("zx-history")
    assert [[*texts(r.xpath("td"))[:2], texts(r.xpath("td[3]/p"))] for r in (history[0].xpath("tbody/tr") if history else [])] == [
        [h.version, h.date, shown_lines(h.changes)] for h in spec.history
    ]
    waivers = body.find_class("zx-waivers")
    assert [[*texts(r.xpath("td"))[:2], texts(r.xpath("td[3]/p"))] for r in (waivers[0].xpath("tbody/tr") if waivers else [])] == [
        [w.rule, w.title, shown_lines(w.reason)] for w in spec.waivers
    ]


def expected_counts(twin: Twin) -> dict[str, int]:
    """How often each token of the twin appears on its page: once, but the
    occupation is printed in the facts and the table head, the source's title
    and publisher in the notice at the top too, and the reason of a
    requirement-missing waiver in the note on what is missing too."""
    twice = {twin.spec.occupation.name} if twin.spec.occupation else set()
    twice |= {twin.spec.source.title, twin.spec.source.publisher} if twin.spec.source else set()
    twice |= {token for w in twin.spec.waivers if w.rule == "requirement-missing" for token in TOKEN.findall(w.reason)}
    return {token: 2 if token in twice else 1 for token in twin.shown}


@SETTINGS
@given(case=cases())
def test_spec_page_shows_each_text_once_exactly_and_nothing_else(project: Path, case: Case) -> None:
    built = build(project, case)
    spec, page = built.spec, built.files[f"{built.spec.url}index.md"]
    meta, markdown_body = front_matter_and_body(page)
    assert meta["title"] == spec.title
    assert unclosed_html_blocks(markdown_body) == []
    body = page_html(page)
    check_spec_page(body, spec)
    twin = Twin(spec)
    out = OutputTree(built.settings.root / "twin")
    site.render(twin.catalogue(built.catalogue), out, built.settings)
    pages = sorted(p for p in out.files if p.endswith(".md"))
    assert pages == sorted(p for p in built.files if p.endswith(".md"))
    for path in pages:
        tokens = compare_with_twin(page_html(built.files[path]), page_html(out.files[path]), twin)
        if path == f"{spec.url}index.md":
            assert dict(tokens) == expected_counts(twin)
        else:
            assert not tokens, path


def visible_text(tree: Any) -> list[str]:
    """Text nodes, white space alone counted as none (the theme adds some)."""
    return [text if text.strip() else "" for text in text_nodes(tree)]


@pytest.fixture(scope="module")
def mkdocs_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project for real builds: the generator, mkdocs.yml and docs/ of the
    repository, specs/ of its own."""
    tmp = tmp_path_factory.mktemp("render-mkdocs")
    (tmp / "specs" / "lists").mkdir(parents=True)
    return make_project(tmp, specs=tmp / "specs")


@settings(SETTINGS, max_examples=5)
@given(case=cases())
def test_a_real_mkdocs_build_shows_the_page_as_checked(mkdocs_project: Path, case: Case) -> None:
    """The page mkdocs publishes has the content that Python-Markdown makes of
    the generated page, which the test above checks for every example."""
    write_specs(mkdocs_project / "specs", case)
    report = full_build(Settings(root=mkdocs_project))
    assert report.catalogue is not None
    spec = report.catalogue.spec_by_id["example-spec"]
    published = lxml.html.parse(str(mkdocs_project / "site" / spec.url / "index.html")).getroot()
    [article] = published.xpath("//article")
    generated = page_html((mkdocs_project / "docs" / "generated" / spec.url / "index.md").read_bytes())
    for element in generated.xpath("//*[@data-search-exclude]"):
        del element.attrib["data-search-exclude"]  # the search plugin takes these out
    assert skeleton(article)[1:] == skeleton(generated)[1:]  # the containers differ
    assert visible_text(article)[2:] == visible_text(generated)[2:]
    check_spec_page(article, spec)


# -- the Word file ------------------------------------------------------------------------------

Cell = tuple[tuple[str, ...], int, str | None]  # paragraphs, span, merge


def cell(*paragraphs: str, span: int = 1, merge: str | None = None) -> Cell:
    return (paragraphs, span, merge)


def read_table(tbl: etree._Element) -> list[list[Cell]]:
    rows = []
    for tr in tbl.findall(f"{W}tr"):
        row = []
        for tc in tr.findall(f"{W}tc"):
            span, merge = tc.find(f"{W}tcPr/{W}gridSpan"), tc.find(f"{W}tcPr/{W}vMerge")
            row.append(
                cell(
                    *paragraph_texts(tc),
                    span=int(span.get(f"{W}val")) if span is not None else 1,
                    merge=None if merge is None else merge.get(f"{W}val", "continue"),
                )
            )
        rows.append(row)
    return rows


def word_blocks(data: bytes) -> list[tuple[str, Any]]:
    """The body as (style, text) for paragraphs and ("table", rows) for tables;
    empty paragraphs (spacing) left out."""
    blocks: list[tuple[str, Any]] = []
    for child in body_xml(data).find(f"{W}body"):
        if child.tag == f"{W}tbl":
            blocks.append(("table", read_table(child)))
        elif child.tag == f"{W}p" and (text := paragraph_texts(child)[0]):
            style = child.find(f"{W}pPr/{W}pStyle")
            blocks.append((style.get(f"{W}val") if style is not None else "", text))
    return blocks


def raw_breaks(data: bytes) -> list[str]:
    """Text runs holding a line break or a tab, which Word shows as a space:
    they must be w:br and w:tab."""
    return [t.text for t in body_xml(data).iter(f"{W}t") if t.text and ("\n" in t.text or "\t" in t.text or "\r" in t.text)]


def content_table(spec: Spec) -> list[list[Cell]]:
    label = spec.occupation.label if spec.occupation else ""
    rows = [[cell(f"能力名称：{spec.name}", span=2), cell(f"职业领域：{label}", span=2)], [cell(t) for t in ("工作任务", "操作规范", "相关知识", "考核比重")]]
    for n, task in enumerate(spec.tasks):
        pairs = itertools.zip_longest(task.practices, task.knowledge)
        for i, (practice, knowledge) in enumerate(pairs):
            first = i == 0
            rows.append(
                [
                    cell(f"（{CN[n]}）{task.title}", merge="restart") if first else cell("", merge="continue"),
                    cell("" if practice is None else f"{i + 1}.{practice}"),
                    cell("" if knowledge is None else f"{i + 1}.{knowledge}"),
                    cell(f"{task.weight}%", merge="restart") if first else cell("", merge="continue"),
                ]
            )
    return rows


def word_equipment(items: tuple[Any, ...]) -> list[list[Cell]]:
    rows = [[cell(t) for t in ("序号", "类别", "名称", "型号规格", "单位", "数量", "备注")]]
    for i, item in enumerate(items):
        same = i > 0 and items[i - 1].kind == item.kind
        kind = cell("", merge="continue") if same else cell(item.kind_title, merge="restart")
        quantity = "" if item.quantity is None else str(item.quantity)
        rows.append([cell(str(i + 1)), kind, cell(item.name), cell(item.spec or ""), cell(item.unit or ""), cell(quantity), cell(item.note or "")])
    return rows


def expected_body(spec: Spec) -> Iterator[tuple[str, Any]]:
    """From 一、定义 to the last section, as the template orders it."""
    sections = ["定义", "适用对象", "考核内容"] + (["考核要求"] if spec.requirements.parts else []) + (["细分项目"] if spec.variants else [])
    numbered = {title: f"{CN[i]}、{title}" for i, title in enumerate(sections)}
    yield "Heading1", numbered["定义"]
    yield from (("Body", line) for line in word_lines(spec.definition))
    yield "Heading1", numbered["适用对象"]
    yield from (("Body", line) for line in word_lines(spec.audience))
    yield "Heading1", numbered["考核内容"]
    yield "table", content_table(spec)
    if spec.requirements.parts:
        yield "Heading1", numbered["考核要求"]
    for i, part in enumerate(spec.requirements.parts):
        yield "Heading2", f"（{CN[i]}）{part.title}"
        yield from (("Body", line) for text in part.texts for line in word_lines(text))
        if part.equipment:
            yield "table", word_equipment(part.equipment)
    if spec.missing_requirements_note:
        yield "Body", f"（{spec.missing_requirements_note}）"
    if spec.variants:
        yield "Heading1", numbered["细分项目"]
    for i, variant in enumerate(spec.variants):
        yield "Heading2", f"（{CN[i]}）{variant.name}"
        yield from (("Body", line) for line in word_lines(variant.note or ""))
        if variant.equipment:
            yield "Body", "专用设备："
            yield "table", word_equipment(variant.equipment)


def identity_texts(spec: Spec) -> dict[str, list[str]]:
    """The rows of the identity block that hold text of the spec."""
    rows: dict[str, list[str]] = {}
    if spec.source:
        src = spec.source
        date = f"，{chinese_date(src.date)}" if src.date else ""
        rows["来源"] = [f"{src.title}。{src.publisher}{date}。{src.completeness_title}。{src.url}", *([src.note] if src.note else [])]
    if spec.waivers:
        rows["豁免"] = [f"{w.rule}（{w.title}）：{w.reason}" for w in spec.waivers]
    if spec.history:
        rows["修订记录"] = [f"{h.version}版（{chinese_date(h.date)}）：{h.changes}" for h in spec.history]
    return rows


@SETTINGS
@given(case=cases())
def test_word_file_holds_every_string_in_the_template_shape(project: Path, case: Case) -> None:
    built = build(project, case)
    spec, docx = built.spec, built.files[built.spec.docx_url]
    for path in (spec.docx_url, spec.form_url, "downloads/prop-list.docx"):
        assert_well_formed(built.files[path])
    properties = open_docx(docx).core_properties
    assert (properties.title, properties.subject, properties.version) == (spec.title, spec.name, spec.version)
    assert raw_breaks(docx) == []
    blocks = word_blocks(docx)
    assert blocks[0] == ("DocTitle", spec.title)
    start = blocks.index(("Heading1", "一、定义"))
    assert blocks[start:-1] == list(expected_body(spec))
    kind, identity = blocks[-1]
    assert kind == "table"
    rows = {row[0][0][0]: list(row[1][0]) for row in identity}
    assert {label: rows[label] for label in identity_texts(spec)} == identity_texts(spec)
    # the volume of the list holds the same text
    volume = word_blocks(built.files["downloads/prop-list.docx"])
    assert volume[volume.index(("Heading1", "一、定义")) :][: len(blocks) - start - 1] == blocks[start:-1]


# -- the catalogue data ------------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP CSV injection: such cells are quoted with '


def excel_cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


@SETTINGS
@given(case=cases())
def test_catalogue_json_and_csv_rows_carry_the_spec_exactly(project: Path, case: Case) -> None:
    built = build(project, case)
    drawn, printed = built.data, case.printed
    catalogue = json.loads(built.files["catalogue.json"].decode("utf-8"))
    [record] = [s for s in catalogue["specs"] if s["id"] == "example-spec"]
    assert (record["name"], record["status"], record["version"]) == (drawn["name"], drawn["status"], drawn["version"])
    [entry] = [e for e in catalogue["entries"] if e.get("spec") == "example-spec"]
    assert (entry["name"], entry["printed"], entry["status"], entry["version"]) == (drawn["name"], printed, drawn["status"], drawn["version"])
    raw = built.files["catalogue.csv"]
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [(r["spec"], r["name"], r["printed"], r["status"], r["version"]) for r in rows] == [
        ("example-spec", excel_cell(drawn["name"]), excel_cell(printed), drawn["status"], drawn["version"])
    ]
