"""Shared by the site, data and browser tests: the real catalogue, one full
build of the site per test session, and a port of the browser's search query
segmentation (to measure what the search index does to a query).

The full build uses a throwaway project (tests/helpers.make_project) whose
specs/ is the repository's plus tests/fixtures/site/xss-every-field.yaml; it
never touches the real site/ or docs/generated/.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.build import build, gather
from generator.model import Catalogue
from generator.settings import Settings

from .helpers import ROOT, make_project

FIXTURES = ROOT / "tests" / "fixtures" / "site"
XSS_SPEC = FIXTURES / "xss-every-field.yaml"
XSS_ID = XSS_SPEC.stem
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


@dataclass(frozen=True)
class BuiltSite:
    root: Path
    catalogue: Catalogue
    seconds: dict[str, float]

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def generated(self) -> Path:
        return self.root / "docs" / "generated"


@cache
def real_catalogue() -> Catalogue:
    return gather(Settings(root=ROOT))[0]


_built: dict[str, BuiltSite] = {}


def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real catalogue plus the XSS fixture, built once per session with
    mkdocs --strict (generator.build.build, as `make site` does)."""
    if "site" not in _built:
        tmp = tmp_path_factory.mktemp("built-site")
        specs = tmp / "specs-source"
        shutil.copytree(ROOT / "specs", specs)
        shutil.copy(XSS_SPEC, specs / XSS_SPEC.name)
        root = make_project(tmp, specs=specs)
        report = build(Settings(root=root))
        assert report.catalogue is not None
        _built["site"] = BuiltSite(root, report.catalogue, report.seconds)
    return _built["site"]


def page_names(catalogue: Catalogue) -> dict[str, list[str]]:
    """Each searchable page (URL relative to the site root) and the names it is found by."""
    pages: dict[str, list[str]] = {}
    for spec in catalogue.specs:
        entry = catalogue.entry_of(spec)
        names = [spec.name, *(v.name for v in spec.variants), *([entry.name] if entry else [])]
        pages[spec.url] = names
    for entry in catalogue.entries:
        if not entry.has_full_text:
            pages[entry.url] = [entry.name]
    return pages


# --------------------------------------------------------------------------
# Material's client-side search, the parts that decide what a query becomes.
# Ported from mkdocs-material 9.8.1, src/templates/assets/javascripts/
# integrations/search (tokenize with the zh separator; query/segment).

SEPARATOR = re.compile(r"[\s\u200b\u3000\-、。，．？！；]+")  # search.config.separator of language zh
MARKUP = re.compile(r"<[^>]+>")


def index_tokens(index: dict[str, Any]) -> set[str]:
    tokens: set[str] = set()
    for doc in index["docs"]:
        for value in (doc.get("title", ""), doc.get("text", ""), *doc.get("tags", [])):
            tokens.update(t.lower() for t in SEPARATOR.split(MARKUP.sub(" ", value)) if t)
    return tokens


def segment(query: str, tokens: set[str]) -> set[str]:
    """What the browser searches for a run of Han characters (segment/index.ts)."""
    n = len(query)
    wordcuts = [0] * n
    for i in range(n):
        for j in range(i + 1, n):
            if query[i:j] in tokens:
                wordcuts[i] = j - i
    segments: set[str] = set()
    stack = [0]
    while stack:
        p = stack.pop()
        for q in range(1, wordcuts[p]):
            if wordcuts[p + q] > wordcuts[p] - q:
                segments.add(query[p : p + q])
                stack.append(p + q)
        q = p + wordcuts[p]
        if q < n - 1 and wordcuts[q]:
            stack.append(q)
        segments.add(query[p:q])
    return {query} if "" in segments else segments


def name_substrings(names: list[str]) -> set[str]:
    """Every part of two or more Han characters of every name: what people type."""
    out: set[str] = set()
    for name in names:
        for run in HAN_RUN.findall(name):
            out.update(run[i:j] for i in range(len(run)) for j in range(i + 2, len(run) + 1))
    return out
