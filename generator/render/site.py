"""Renderer: the website's pages, as Markdown for mkdocs (and Zensical).

Every page is front matter (one line of JSON) plus HTML blocks written by the
autoescaping Jinja environment: spec text is escaped once, where it enters
HTML, and is never read as Markdown. Headings we write ourselves are Markdown
(with ``{: #id }``) so they appear in the table of contents.

Pages (URLs relative to the site root):
  index.md                 home, with live counts
  catalogue/               every entry, filterable without loading spec pages
  lists/, lists/<id>/      the official lists
  specs/<id>/              a full text (the Word file sits beside it)
  entries/<entry-id>/      an entry without full text
  guide/                   authoring guide, from the schemas and the rules
Tracked sources under docs/assets/ and docs/pages/ are copied in as they are.

Links inside HTML blocks are not rewritten by mkdocs, so each page gets
``root``: the relative path from the page to the site root.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Catalogue, CatalogueList, Entry, Spec, date_titles, status_titles
from ..output import OutputTree
from ..schemas import enum_titles
from ..settings import Settings
from ..templates import cn_number, environment, lines
from . import site_guide

# Tracked folders of docs/ copied into the generated tree: (source, target prefix).
COPIED_SOURCES = (("assets", "assets/"), ("pages", ""))
JIEBA_WORDS = "search/.jieba-user.txt"
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")  # as the search plugin's \p{Han} runs
TAG_END = "$"  # ends every search tag (see search_tags); never typed in a name
NO_FULL_TEXT = "none"  # filter value for rows without full text
UNLISTED = "none"  # filter value for specs that are in no list


@dataclass(frozen=True)
class Row:
    """One line of the catalogue table (an entry, or a spec in no list)."""

    id: str  # entry id, or spec id for a spec in no list
    number: str
    name: str
    url: str
    list_id: str
    list_title: str
    batch: str  # "<list>/<batch>" or ""
    batch_title: str
    status: str  # status code, or NO_FULL_TEXT
    status_title: str
    major: str
    full: bool
    sub: bool


@dataclass(frozen=True)
class Block:
    """A numbered part of 考核要求: （一）申报条件 …"""

    id: str
    title: str
    paragraphs: tuple[str, ...]
    equipment: bool = False


def render(catalogue: Catalogue, out: OutputTree, settings: Settings) -> None:
    copy_sources(settings.docs_dir, out)
    site = SiteContext(catalogue)
    for path, template, context in pages(site):
        if path in out:
            raise ValueError(f"generated page {path} collides with a tracked file under docs/")
        out.add(path, render_page(template, path, context))
    out.add(JIEBA_WORDS, jieba_words(catalogue))


def copy_sources(docs_dir: Path, out: OutputTree) -> None:
    for folder, prefix in COPIED_SOURCES:
        base = docs_dir / folder
        if not base.is_dir():
            continue
        for path in sorted(p for p in base.rglob("*") if p.is_file()):
            relative = path.relative_to(base)
            if not any(part.startswith(".") for part in relative.parts):
                out.add(prefix + relative.as_posix(), path.read_bytes())


def render_page(template: str, path: str, context: dict[str, Any]) -> str:
    root = "../" * path.count("/")
    return environment("html").get_template(f"site/{template}").render(root=root, **context)


def pages(site: SiteContext) -> Iterator[tuple[str, str, dict[str, Any]]]:
    catalogue = site.catalogue
    yield "index.md", "home.md.j2", site.home()
    yield "catalogue/index.md", "catalogue.md.j2", site.catalogue_page()
    yield "lists/index.md", "lists.md.j2", {"lists": site.list_summaries()}
    for lst in catalogue.lists:
        yield f"{lst.url}index.md", "list.md.j2", site.list_page(lst)
    for spec in catalogue.specs:
        yield f"{spec.url}index.md", "spec.md.j2", site.spec_page(spec)
    for entry in catalogue.entries:
        if not entry.has_full_text:
            yield f"{entry.url}index.md", "entry.md.j2", site.entry_page(entry)
    yield "guide/index.md", "guide.md.j2", site_guide.context()


def search_tags(*names: str) -> list[str]:
    """Index tokens that make every part of each name findable.

    Material's search matches each query term as a prefix of an index token,
    and tags are indexed as they are (not segmented by jieba). Each suffix of a
    name is a tag, so any part of the name is the prefix of some tag. Every tag
    ends in TAG_END, so no tag is itself a word: the browser segments a query
    by the tokens it finds in the index, and a token such as 拉 or 编织 would
    make it search "拉面" as "拉", or "编织造型" as "编织". With no such token
    the query is searched whole.
    """
    tags: list[str] = []
    for name in names:
        tags.extend(tag for tag in (name[start:] + TAG_END for start in range(len(name))) if tag not in tags)
    return tags


def jieba_words(catalogue: Catalogue) -> str:
    """A jieba user dictionary: the Han runs of every name, one per line.

    The search plugin segments page titles with jieba; with the names in its
    dictionary, a title yields the whole name as one token instead of parts
    (牛肉, 拉面) that would cut multi-word queries short. Loaded by
    generator/mkdocs_hook.py; mkdocs does not publish dotfiles."""
    words = {run for entry in catalogue.entries for run in HAN_RUN.findall(entry.name)}
    for spec in catalogue.specs:
        for name in (spec.name, *(v.name for v in spec.variants)):
            words.update(HAN_RUN.findall(name))
    return "".join(f"{word}\n" for word in sorted(words) if len(word) > 1)


def batch_title(batch_id: str) -> str:
    """1 -> 第一批 (batch ids are numbers, see list.schema.json)."""
    number = int(batch_id)
    return f"第{cn_number(number)}批" if 0 < number < 100 else f"第{number}批"


class SiteContext:
    """Everything the pages need, computed once from the model.

    Lookups that would grow with the catalogue (children of an entry, entries
    of the same name) are indexed here once, so each page costs the same."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.statuses = status_titles()
        self.children: dict[str, list[Entry]] = defaultdict(list)
        self.by_name: dict[str, list[Entry]] = defaultdict(list)
        for entry in catalogue.entries:
            if entry.parent_id:
                self.children[entry.parent_id].append(entry)
            self.by_name[entry.name].append(entry)
        self.rows = list(self._rows())

    # -- rows of the catalogue and list tables

    def _rows(self) -> Iterator[Row]:
        """Entries in the catalogue's order (its lists, national first), then
        the specs that are in no list."""
        catalogue = self.catalogue
        for entry in catalogue.entries:
            lst = catalogue.list_by_id[entry.list]
            spec = catalogue.spec_by_id.get(entry.spec) if entry.spec else None
            batch = lst.batch(entry.batch)
            yield Row(
                id=entry.id,
                number=entry.number,
                name=entry.name,
                url=entry.url,
                list_id=lst.id,
                list_title=lst.short_title,
                batch=f"{lst.id}/{batch.id}" if batch else "",
                batch_title=batch_title(batch.id) if batch else "",
                **self._spec_columns(spec),
                sub=entry.parent is not None,
            )
        for spec in catalogue.unlisted_specs:
            yield Row(spec.id, "", spec.name, spec.url, UNLISTED, "", "", "", **self._spec_columns(spec), sub=False)

    def _spec_columns(self, spec: Spec | None) -> dict[str, Any]:
        if spec is None:
            return {"status": NO_FULL_TEXT, "status_title": "", "major": "", "full": False}
        major = spec.occupation.major if spec.occupation else None
        return {"status": spec.status, "status_title": spec.status_title, "major": major or "", "full": True}

    # -- pages

    def home(self) -> dict[str, Any]:
        catalogue = self.catalogue
        full = [s for s in catalogue.specs if not s.sample]
        return {
            "lists": self.list_summaries(),
            "counts": {
                "lists": len(catalogue.lists),
                "entries": len(catalogue.entries),
                "with_text": sum(1 for e in catalogue.entries if e.has_full_text),
                "specs": len(catalogue.specs),
                "official": len(full),
                "samples": len(catalogue.specs) - len(full),
                "unlisted": len(catalogue.unlisted_specs),
            },
            "recent": sorted(catalogue.specs, key=lambda s: (s.date[1] if s.date else "", s.id), reverse=True)[:10],
        }

    def list_summaries(self) -> list[dict[str, Any]]:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for entry in self.catalogue.entries:
            counts[entry.list][0] += 1
            counts[entry.list][1] += entry.has_full_text
        return [{"list": lst, "entries": counts[lst.id][0], "with_text": counts[lst.id][1]} for lst in self.catalogue.lists]

    def catalogue_page(self) -> dict[str, Any]:
        rows = self.rows
        lists = [(lst.id, lst.short_title) for lst in self.catalogue.lists]
        if any(r.list_id == UNLISTED for r in rows):
            lists.append((UNLISTED, "未列入目录"))
        batches = [(f"{lst.id}/{b.id}", f"{lst.short_title}·{batch_title(b.id)}") for lst in self.catalogue.lists for b in lst.batches]
        present = {r.status for r in rows}
        statuses = [(code, title) for code, title in self.statuses.items() if code in present]
        if NO_FULL_TEXT in present:
            statuses.append((NO_FULL_TEXT, "尚无全文"))
        majors = sorted({r.major for r in rows if r.major})
        return {"rows": rows, "filters": {"lists": lists, "batches": batches, "statuses": statuses, "majors": majors}}

    def list_page(self, lst: CatalogueList) -> dict[str, Any]:
        rows = [r for r in self.rows if r.list_id == lst.id]
        groups: list[tuple[str, list[Row]]] = []
        if lst.batches:
            for batch in lst.batches:
                key = f"{lst.id}/{batch.id}"
                groups.append((batch.title, [r for r in rows if r.batch == key]))
        else:
            groups.append(("", rows))
        top = sum(1 for r in rows if not r.sub)
        volumes = self.catalogue.volumes(lst.id)
        return {
            "list": lst,
            "groups": groups,
            "count": top,
            "with_text": sum(1 for r in rows if r.full),
            "volumes": volumes,
            "volume_specs": sum(len(v.specs) for v in volumes),
        }

    def entry_page(self, entry: Entry) -> dict[str, Any]:
        catalogue = self.catalogue
        lst = catalogue.list_by_id[entry.list]
        parent = catalogue.entry_by_id.get(entry.parent_id) if entry.parent_id else None
        return {
            "entry": entry,
            "list": lst,
            "batch": lst.batch(entry.batch),
            "parent": parent,
            "children": self.children.get(entry.id, []),
            "namesakes": [e for e in self.by_name[entry.name] if e.id != entry.id],
            "lists": catalogue.list_by_id,
            "waivers": entry.waivers,
            "tags": search_tags(entry.name),
        }

    def spec_page(self, spec: Spec) -> dict[str, Any]:
        catalogue = self.catalogue
        entry = catalogue.entry_of(spec)
        names = [spec.name, *(v.name for v in spec.variants)]
        if entry is not None and entry.name != spec.name:
            names.append(entry.name)
        return {
            "spec": spec,
            "entry": entry,
            "entry_list": catalogue.list_by_id[entry.list] if entry else None,
            "variants": list(self._variants(spec)),
            "requirements": requirement_blocks(spec),
            "dates": dated(spec.dates),
            "completeness": enum_titles("$defs", "Source", "properties", "completeness"),
            "replaced_by": catalogue.spec_by_id.get(spec.replaced_by) if spec.replaced_by else None,
            "tags": search_tags(*names),
        }

    def _variants(self, spec: Spec) -> Iterator[dict[str, Any]]:
        for index, variant in enumerate(spec.variants, start=1):
            entry = self.catalogue.entry_by_id.get(variant.entry.entry_id) if variant.entry else None
            lst = self.catalogue.list_by_id[entry.list] if entry else None
            yield {"id": f"variant-{index}", "index": index, "variant": variant, "entry": entry, "list": lst}


def requirement_blocks(spec: Spec) -> list[Block]:
    """The parts of 考核要求 that the spec has, numbered （一）（二）… in order."""
    return [
        Block(part.key, f"（{cn_number(i)}）{part.title}", tuple(line for text in part.texts for line in lines(text)), bool(part.equipment))
        for i, part in enumerate(spec.requirements.parts, start=1)
    ]


def dated(dates: Mapping[str, str]) -> list[tuple[str, str]]:
    """Dates with their titles, in the order of the schema (the life of a spec)."""
    return [(title, dates[key]) for key, title in date_titles().items() if key in dates]
