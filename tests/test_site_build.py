"""The whole site built with mkdocs --strict (as `make site` does) from the real
catalogue plus a spec whose every text field is hostile."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
import yaml

from generator.output import OutputTree
from generator.render import site as site_renderer
from generator.settings import DEFAULT_SITE_URL, Settings

from .site_support import XSS_ID, XSS_SPEC, BuiltSite, built_site, index_tokens, name_substrings, page_names, segment

INDEX_PAGES = ("", "catalogue/", "lists/", "guide/", "contribute/")
SEARCH_INDEX_LIMIT = 3 * 1024 * 1024


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return built_site(tmp_path_factory)


def html(built: BuiltSite, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((built.site / url / "index.html").read_bytes())


def article(built: BuiltSite, url: str) -> lxml.html.HtmlElement:
    return html(built, url).find_class("md-content__inner")[0]


def test_every_page_is_built(built: BuiltSite) -> None:
    catalogue = built.catalogue
    for url in (*INDEX_PAGES, *(lst.url for lst in catalogue.lists), *page_names(catalogue)):
        assert (built.site / url / "index.html").is_file(), url
    for spec in catalogue.specs:  # the Word files the spec pages link to
        assert (built.site / spec.docx_url).is_file(), spec.docx_url
        assert (built.site / spec.form_url).is_file(), spec.form_url


def test_navigation_lists_only_the_index_pages(built: BuiltSite) -> None:
    spec = built.catalogue.specs[0]
    for url in ("", "catalogue/", spec.url):
        nav = html(built, url).find_class("md-nav--primary")[0]
        links = nav.xpath(".//a[contains(@class, 'md-nav__link')][not(ancestor::nav[contains(@class, 'md-nav--secondary')])]")
        assert [a.text_content().strip() for a in links] == ["首页", "规范目录", "官方目录", "编写指南", "参与修订", "性能测试"], url


def test_nothing_is_loaded_from_another_host(built: BuiltSite) -> None:
    """No fonts, scripts, styles or frames from elsewhere. Links out are allowed
    only where a spec or list cites its source (class zx-external)."""
    own = urlsplit(DEFAULT_SITE_URL).netloc
    checked = 0
    for path in built.site.rglob("*.html"):
        tree = lxml.html.fromstring(path.read_bytes())
        for element in tree.iter():
            for attribute in ("src", "href", "action", "data", "poster", "srcset"):
                value = element.get(attribute)
                if not value:
                    continue
                checked += 1
                host = urlsplit(value.strip()).netloc
                if host and host != own:
                    assert element.tag == "a" and "zx-external" in (element.get("class") or ""), (path, element.tag, value)
    assert checked > 1000
    for path in built.site.rglob("*.css"):
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", path.read_text(encoding="utf-8")), path


def test_hostile_text_is_shown_literally_and_never_becomes_markup(built: BuiltSite) -> None:
    data = yaml.safe_load(XSS_SPEC.read_text(encoding="utf-8"))
    page = article(built, f"specs/{XSS_ID}/")
    text = page.text_content()
    for value in texts_of(data):
        for line in (line.strip() for line in value.splitlines()):
            assert line in text, line
    injected = page.xpath(
        ".//script | .//style | .//iframe | .//img | .//svg | .//object | .//embed | .//meta | .//base | .//link | .//form | .//input | .//math | .//video | .//details | .//b | .//i | .//u"
    )
    assert injected == []
    assert [el.tag for el in page.iter() if any(name.lower().startswith("on") for name in el.attrib)] == []
    assert [a.get("href") for a in page.iter("a") if (a.get("href") or "").lower().startswith("javascript")] == []
    assert len(page.xpath(".//h1")) == 1


def texts_of(node: object) -> list[str]:
    """Every string in the spec that is spec text (not keys, codes or dates)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [t for item in node for t in texts_of(item)]
    if isinstance(node, dict):
        skip = {"version", "status", "kind", "rule", "date", "url", "completeness", "published"}
        return [t for key, value in node.items() if key not in skip for t in texts_of(value)]
    return []


def test_search_index_holds_spec_and_entry_pages_only(built: BuiltSite) -> None:
    index = json.loads((built.site / "search" / "search_index.json").read_bytes())
    assert sorted(doc["location"] for doc in index["docs"]) == sorted(page_names(built.catalogue))
    assert all(doc["text"] == "" and doc["tags"] for doc in index["docs"])


def test_every_part_of_every_name_is_searched_whole(built: BuiltSite) -> None:
    """The browser splits a query by the tokens it finds in the index; with the
    suffix tags and jieba's dictionary of names, no part of a name is split,
    so each is matched as a whole against the tags (see site.search_tags)."""
    index = json.loads((built.site / "search" / "search_index.json").read_bytes())
    tokens = index_tokens(index)
    queries = name_substrings([name for names in page_names(built.catalogue).values() for name in names])
    assert len(queries) > 4000
    assert {q: segment(q, tokens) for q in queries if segment(q, tokens) != {q}} == {}


def test_search_index_is_small(built: BuiltSite) -> None:
    assert (built.site / "search" / "search_index.json").stat().st_size < SEARCH_INDEX_LIMIT


def test_open_data_and_schemas_are_at_the_site_root(built: BuiltSite) -> None:
    catalogue = json.loads((built.site / "catalogue.json").read_bytes())
    assert len(catalogue["entries"]) == len(built.catalogue.entries)
    assert (built.site / "catalogue.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    for name in ("spec.schema.json", "list.schema.json"):
        schema = json.loads((built.site / "schema" / name).read_bytes())
        assert urlsplit(schema["$id"]).path == f"/schema/{name}"


def test_jieba_dictionary_is_not_published(built: BuiltSite) -> None:
    assert (built.generated / site_renderer.JIEBA_WORDS).is_file()
    assert not list(built.site.rglob(".jieba*"))


def test_a_removed_spec_leaves_no_stale_page(built: BuiltSite, tmp_path: Path) -> None:
    """Generating again without a spec removes its page (and nothing is left over)."""
    from dataclasses import replace

    generated = tmp_path / "generated"
    settings = Settings(root=built.root)
    out = OutputTree(generated)
    site_renderer.render(built.catalogue, out, settings)
    out.sync()
    assert (generated / f"specs/{XSS_ID}/index.md").is_file()
    smaller = replace(built.catalogue, specs=tuple(s for s in built.catalogue.specs if s.id != XSS_ID))
    out = OutputTree(generated)
    site_renderer.render(smaller, out, settings)
    report = out.sync()
    assert f"specs/{XSS_ID}/index.md" in report.removed
    assert not (generated / "specs" / XSS_ID).exists()
