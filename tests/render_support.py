"""Reading rendered outputs back, for the property tests of the renderers.

Site pages are converted to HTML by Python-Markdown with the extensions of
mkdocs.yml, as mkdocs does, and parsed with lxml. A page is compared with the
page of its *twin*: the same spec with every line of free text replaced by an
inert token. Both pages must have the same elements and attributes in the same
order, and each text node of the page must be the twin's with every token put
back: then no spec text made an element, an attribute or a link, and each
line of text is where the template put its token, as text.
"""

from __future__ import annotations

import dataclasses
import html.parser
import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from typing import Any

import lxml.html
import markdown
import yaml
from lxml import etree

from generator.model import Catalogue, Spec

from .helpers import ROOT

# -- Markdown as mkdocs converts it ---------------------------------------------------


@cache
def markdown_extensions() -> tuple[list[str], dict[str, Any]]:
    """markdown_extensions of mkdocs.yml: names and their configuration."""
    from mkdocs.utils.yaml import yaml_load

    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as handle:
        config = yaml_load(handle)
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if options:
            configs[name] = options
    return names, configs


@cache
def _markdown() -> markdown.Markdown:
    names, configs = markdown_extensions()
    return markdown.Markdown(extensions=names, extension_configs=configs)


def front_matter_and_body(page: bytes) -> tuple[dict[str, Any], str]:
    _, front, body = page.decode("utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def page_html(page: bytes) -> lxml.html.HtmlElement:
    """A generated page (front matter and Markdown) as mkdocs would show its content."""
    _, body = front_matter_and_body(page)
    md = _markdown()
    md.reset()
    return lxml.html.fragment_fromstring(md.convert(body), create_parent="div")


VOID_ELEMENTS = frozenset({"br", "hr", "img", "input", "meta", "link", "col", "area", "base", "wbr", "source", "track", "embed"})


class _Unclosed(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag not in VOID_ELEMENTS:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.open and self.open[-1] == tag:
            self.open.pop()
        else:
            self.open.append(f"/{tag}")


def unclosed_html_blocks(body: str) -> list[str]:
    """Blocks (text between blank lines) that open or close an element they do
    not also close or open. CommonMark renderers (Zensical) end an HTML block at
    a blank line, so each block must be whole; Python-Markdown is more lenient."""
    bad = []
    for block in body.split("\n\n"):
        parser = _Unclosed()
        parser.feed(block)
        parser.close()
        if parser.open:
            bad.append(block)
    return bad


# -- the twin --------------------------------------------------------------------------

# Free text of the model, by (class, field): LINES are printed one paragraph a
# line (stripped, blank lines dropped); WHOLE are printed as they are.
LINES = {
    ("Spec", "definition"),
    ("Spec", "audience"),
    ("Requirements", "eligibility"),
    ("Assessors", "text"),
    ("Method", "text"),
    ("Venue", "text"),
    ("Source", "note"),
    ("Variant", "note"),
    ("HistoryItem", "changes"),
    ("Waiver", "reason"),
}
WHOLE = {
    ("Task", "title"),
    ("Task", "practices"),
    ("Task", "knowledge"),
    ("EquipmentItem", "name"),
    ("EquipmentItem", "spec"),
    ("EquipmentItem", "unit"),
    ("EquipmentItem", "note"),
    ("Source", "title"),
    ("Source", "publisher"),
    ("Occupation", "name"),
}
# Every line break str.splitlines knows, so the twin has the lines the page has.
_BREAKS = re.compile("(\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029])")
TOKEN = re.compile("\U000f0000[0-9]+\U000f0001")  # plane 15 private use: never in our strategies


class Twin:
    """A spec's twin and what each of its tokens stands for on a page."""

    def __init__(self, spec: Spec) -> None:
        self.shown: dict[str, str] = {}
        self.spec: Spec = self._replace(spec)

    def _token(self, shown: str) -> str:
        token = f"\U000f0000{len(self.shown)}\U000f0001"
        self.shown[token] = shown
        return token

    def _text(self, value: str, kind: str) -> str:
        if kind == "whole":
            return self._token(value) if value else value  # empty stays empty: templates test it
        return "".join(part if i % 2 else self._line(part) for i, part in enumerate(_BREAKS.split(value)))

    def _line(self, line: str) -> str:
        """The white space around a line stays, so the page strips the same."""
        core = line.strip()
        if not core:
            return line
        start = len(line) - len(line.lstrip())
        return line[:start] + self._token(core) + line[start + len(core) :]

    def _replace(self, obj: Any) -> Any:
        if isinstance(obj, tuple):
            return tuple(self._replace(item) for item in obj)
        if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
            return obj
        changes: dict[str, Any] = {}
        for f in dataclasses.fields(obj):
            value, where = getattr(obj, f.name), (type(obj).__name__, f.name)
            kind = "lines" if where in LINES else "whole" if where in WHOLE else None
            if kind and isinstance(value, str):
                changes[f.name] = self._text(value, kind)
            elif kind and isinstance(value, tuple):
                changes[f.name] = tuple(self._text(item, kind) for item in value)
            else:
                changes[f.name] = self._replace(value)
        return dataclasses.replace(obj, **changes)

    def catalogue(self, catalogue: Catalogue) -> Catalogue:
        specs = tuple(self.spec if s.id == self.spec.id else s for s in catalogue.specs)
        return Catalogue(catalogue.lists, catalogue.entries, specs)

    def put_back(self, text: str) -> str:
        return TOKEN.sub(lambda m: self.shown[m.group()], text)


def skeleton(tree: etree._Element) -> list[tuple[Any, dict[str, str]]]:
    """Every element in document order with its attributes."""
    return [(el.tag, dict(el.attrib)) for el in tree.iter()]


def text_nodes(tree: etree._Element) -> Iterator[str]:
    for el in tree.iter():
        yield el.text or ""
        yield el.tail or ""


def compare_with_twin(page: etree._Element, twin_page: etree._Element, twin: Twin) -> Counter[str]:
    """Assert the page is its twin's with the tokens put back; count the tokens."""
    assert skeleton(page) == skeleton(twin_page)
    tokens: Counter[str] = Counter()
    for text, twin_text in zip(text_nodes(page), text_nodes(twin_page), strict=True):
        tokens.update(TOKEN.findall(twin_text))
        assert text == twin.put_back(twin_text)
    return tokens
