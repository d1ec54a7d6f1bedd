"""A real browser (Debian's chromium, headless) over the built site, served on
localhost: the home page, Chinese search, the catalogue filters, a spec page
and its Word file, print layout, a phone-sized screen, and a hostile spec."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import docx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from .site_support import XSS_ID, BuiltSite, built_site, page_names

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
QUERIES = ("拉面", "刺绣", "栽培", "护理", "手工", "绣", "软件", "面制作", "牛肉拉面")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return built_site(tmp_path_factory)


@pytest.fixture(scope="module")
def base_url(built: BuiltSite) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(built.site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watch:
    """What a page did: dialogs it opened, errors, and hosts it contacted."""

    def __init__(self, page: Page) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.hosts: set[str] = set()
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        page.on("request", lambda request: self.hosts.add(urlsplit(request.url).hostname or ""))

    def _dialog(self, dialog: object) -> None:
        self.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.watch = Watch(page)  # type: ignore[attr-defined]
    yield page
    watch: Watch = page.watch  # type: ignore[attr-defined]
    assert watch.hosts <= {"127.0.0.1"}, watch.hosts
    assert watch.dialogs == []
    assert watch.errors == []
    context.close()


def search(page: Page, base_url: str, query: str) -> tuple[int, list[str]]:
    """Type ``query`` into the search box; the number of results and the titles shown."""
    page.goto(base_url)
    box = page.locator("input.md-search__input")
    box.click()
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.trim() === '键入以开始搜索'")
    # Chinese arrives from an input method as text, then a key-up (Material searches on key-up).
    box.press_sequentially(query)
    box.press("End")
    page.wait_for_function("() => !document.querySelector('.md-search-result__meta').textContent.includes('键入')")
    text = meta.text_content() or ""
    count = 0 if "没有" in text else int("".join(c for c in text if c.isdigit()))
    titles = page.locator(".md-search-result__item > a .md-search-result__article h1").all_text_contents()
    return count, [t.replace("\u200b", "").strip() for t in titles]


def test_home_page(page: Page, base_url: str, built: BuiltSite) -> None:
    page.goto(base_url)
    assert page.title().startswith("专项职业能力考核规范")
    lead = page.locator(".zx-lead").text_content() or ""
    assert f"{len(built.catalogue.lists)} 份官方目录的 {len(built.catalogue.entries)} 个条目" in lead
    page.get_by_role("link", name="浏览规范目录").click()
    assert page.url == f"{base_url}catalogue/"


@pytest.mark.parametrize("query", QUERIES)
def test_chinese_search_finds_exactly_the_entries_named_so(page: Page, base_url: str, built: BuiltSite, query: str) -> None:
    expected = sorted(url for url, names in page_names(built.catalogue).items() if any(query in name for name in names))
    assert expected
    count, titles = search(page, base_url, query)
    assert count == len(expected)
    assert titles and all(query in title for title in titles), titles
    if query == "牛肉拉面":
        assert titles == ["兰州牛肉拉面制作专项职业能力考核规范"]


def test_catalogue_filters_and_sorting(page: Page, base_url: str, built: BuiltSite) -> None:
    catalogue = built.catalogue
    page.goto(f"{base_url}catalogue/")
    rows = page.locator("#zx-catalogue tbody tr:not([hidden])")
    assert rows.count() == len(catalogue.entries) + len(catalogue.unlisted_specs)
    target = catalogue.lists[-1]
    page.select_option("#zx-filters select[name=list]", target.id)
    assert rows.count() == len(catalogue.entries_of(target.id))
    assert urlsplit(page.url).query == f"list={target.id}"
    page.select_option("#zx-filters select[name=full]", "1")
    assert rows.count() == sum(1 for e in catalogue.entries_of(target.id) if e.has_full_text)
    page.click("#zx-filters button[type=reset]")
    page.fill("#zx-filters input[name=q]", "栽培")
    page.locator("#zx-filters input[name=q]").press("End")
    assert rows.count() == sum(1 for e in catalogue.entries if "栽培" in e.name) + sum(1 for s in catalogue.unlisted_specs if "栽培" in s.name)
    listed = rows.locator("td:nth-child(2)").all_text_contents()
    page.select_option("#zx-filters select[name=sort]", "name")
    names = rows.locator("td:nth-child(2)").all_text_contents()
    assert sorted(names) == sorted(listed) and names != listed
    assert page.evaluate("names => names.every((n, i) => i === 0 || new Intl.Collator('zh-Hans-CN').compare(names[i - 1], n) <= 0)", names)


def test_catalogue_link_with_a_filter(page: Page, base_url: str, built: BuiltSite) -> None:
    page.goto(f"{base_url}catalogue/?full=1")
    rows = page.locator("#zx-catalogue tbody tr:not([hidden])")
    assert rows.count() == sum(1 for e in built.catalogue.entries if e.has_full_text) + len(built.catalogue.unlisted_specs)


def test_spec_page_and_its_word_file(page: Page, base_url: str, built: BuiltSite, tmp_path: Path) -> None:
    spec = built.catalogue.spec_by_id["lanzhou-beef-noodle"]
    page.goto(f"{base_url}{spec.url}")
    assert page.locator("h1").all_text_contents() == [spec.title]
    assert page.locator(".zx-sample").is_visible()
    assert page.locator("table.zx-content tbody tr").count() == len(spec.tasks)
    with page.expect_download() as info:
        page.get_by_role("link", name="下载 Word 文件").click()
    download = info.value
    assert download.suggested_filename == spec.docx_download_name
    target = tmp_path / "spec.docx"
    download.save_as(target)
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert spec.name in text


def test_spec_table_fits_a_phone(browser: Browser, base_url: str, built: BuiltSite) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    for spec in built.catalogue.specs:
        page.goto(f"{base_url}{spec.url}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, spec.id
    page.goto(f"{base_url}catalogue/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_print_shows_the_standard_alone(page: Page, base_url: str, built: BuiltSite) -> None:
    spec = built.catalogue.spec_by_id["lanzhou-beef-noodle"]
    page.goto(f"{base_url}{spec.url}")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".zx-downloads"):
        assert page.locator(selector).first.evaluate("el => getComputedStyle(el).display") == "none", selector
    cell = page.locator("table.zx-content tbody td").first
    assert cell.evaluate("el => getComputedStyle(el).borderTopStyle") == "solid"
    assert page.locator(".zx-sample").is_visible()


def test_hostile_spec_runs_nothing(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}specs/{XSS_ID}/")
    page.wait_for_timeout(500)  # give injected handlers (onload, ontoggle …) their chance
    content = page.locator(".md-content__inner")
    assert content.locator("script, style, iframe, img, svg, object, embed, meta, base, link, form, input, math, video, details").count() == 0
    assert page.title().startswith("安全测试制作专项职业能力考核规范")
    assert "document.title='definition'" in (content.text_content() or "")
    handlers = content.evaluate("el => [...el.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length")
    assert handlers == 0
