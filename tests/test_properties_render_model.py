"""Property-based tests of the renderers fed directly with model objects (issue 8).

The validator stands before the renderers, but the renderers must not rely on
it: built from data the schema refuses today and might accept tomorrow (empty
strings, 10,000 characters, 30 tasks of 50 items, negative weights) or must
never let through (control characters, U+FFFE, bidirectional controls,
Python-Markdown's own placeholder markers), every renderer still runs without
raising and writes files that are correct:

- every Word file is a valid package whose XML parts parse strictly, and its
  content table has the shape of the tasks, each item's text in its cell
  (without the characters XML cannot hold);
- every page's front matter is YAML that mkdocs can read, and its HTML has the
  elements and attributes of its twin's page (see tests/render_support.py):
  no text made an element, an attribute or a link;
- catalogue.json and catalogue.csv parse back to the exact names.

Lone surrogates are left out: they are not text, and no file can hold them.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.model import (
    Assessors,
    Catalogue,
    EntryRef,
    EquipmentItem,
    HistoryItem,
    Method,
    Occupation,
    Requirements,
    Scoring,
    Source,
    Spec,
    Task,
    Variant,
    Venue,
    Waiver,
    build_catalogue,
)
from generator.output import OutputTree
from generator.render import data as data_renderer
from generator.render import site
from generator.settings import Settings

from .render_support import Twin, front_matter_and_body, page_html, skeleton
from .test_docx_hostile import assert_well_formed
from .test_properties_render import MARKUP, SYNTAX, excel_cell, raw_breaks, render_all
from .wordtests import find_table

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# -- text the loader would refuse ------------------------------------------------------

CONTROL = [
    "\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f", "\r", "\r\n", "\n", "\n\n", "\t",
    "\u200b", "\u202e", "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff", "\U000e0001",
    "\x02wzxhzdk:0\x03",  # Python-Markdown's placeholder for stashed HTML
]  # fmt: skip
ANY_CHARACTERS = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)
PIECE = st.one_of(ANY_CHARACTERS, st.sampled_from(CONTROL), st.sampled_from(MARKUP + SYNTAX))
SHORT = st.one_of(st.just(""), st.lists(PIECE, max_size=6).map("".join))
TEXT = st.one_of(SHORT, st.tuples(PIECE, st.integers(1, 10_000)).map(lambda pair: (pair[0] * pair[1])[:10_000]))  # up to 10,000 characters
POOL = st.lists(SHORT, min_size=1, max_size=8)  # the items of big tables, taken in turn
# Names are at most 40 characters (text-too-long is not waivable); every suffix
# of a name is a search tag, so a page's front matter grows with its square.
NAME = st.one_of(SHORT, st.tuples(PIECE, st.integers(1, 200)).map(lambda pair: (pair[0] * pair[1])[:200]))
DATE = st.dates().map(str)
# What the model holds as codes: they select titles from the schema.
STATUS = st.sampled_from(["draft", "review", "filed", "pilot", "current", "retired"])
KIND = st.sampled_from(["equipment", "tool", "material"])
RULE = st.sampled_from(["text-markup", "requirement-missing", "name-form", "task-count"])


def cycle(pool: list[str], count: int, start: int) -> tuple[str, ...]:
    return tuple(itertools.islice(itertools.cycle(pool), start, start + count))


@st.composite
def model_specs(draw: st.DrawFn) -> Spec:
    """A Spec built directly, with 0 to 30 tasks of 0 to 50 items a column."""
    pool, text = draw(POOL), lambda: draw(TEXT)
    optional = lambda value: draw(st.sampled_from([None, value]))  # noqa: E731
    tasks = tuple(
        Task(text(), draw(st.integers(-10, 10**9)), cycle(pool, draw(st.sampled_from([0, 1, 2, 50])), i), cycle(pool, draw(st.sampled_from([0, 1, 50])), i + 1))
        for i in range(draw(st.sampled_from([0, 1, 3, 30])))
    )
    equipment = tuple(
        EquipmentItem(draw(KIND), text(), optional(text()), optional(draw(st.integers(-1, 10**9))), optional(text()), optional(text()))
        for _ in range(draw(st.integers(0, 3)))
    )
    requirements = Requirements(
        eligibility=optional(text()),
        assessors=optional(Assessors(draw(st.integers(0, 100)), text())),
        method=optional(Method(text(), optional(draw(st.integers(0, 10**6))))),
        scoring=optional(Scoring(draw(st.integers(0, 1000)), draw(st.integers(0, 1000)))),
        venue=optional(Venue(text(), equipment)),
    )
    return Spec(
        id="model-spec",
        name=draw(NAME),
        status=draw(STATUS),
        version=text(),
        sample=draw(st.booleans()),
        definition=text(),
        audience=text(),
        tasks=tasks,
        requirements=requirements,
        source_file=text(),
        source=optional(
            Source(text(), text(), "https://example.org/" + text(), draw(st.sampled_from(["complete", "partial"])), optional(draw(DATE)), optional(text()))
        ),
        entry=EntryRef("prop-list", "1"),
        occupation=optional(Occupation(text(), optional("4-03-02-02"))),
        variants=tuple(Variant(draw(NAME), None, optional(text()), equipment) for _ in range(draw(st.integers(0, 2)))),
        dates=dict(sorted(draw(st.dictionaries(st.sampled_from(["drafted", "filed", "published", "effective", "retired"]), DATE)).items())),
        history=tuple(HistoryItem(text(), draw(DATE), text()) for _ in range(draw(st.integers(0, 2)))),
        waivers=tuple(Waiver(draw(RULE), text()) for _ in range(draw(st.integers(0, 2)))),
    )


def catalogue_of(spec: Spec, printed: str | None = None) -> Catalogue:
    """The spec in a list of one entry, the list's text as hostile as the spec's."""
    hostile = spec.name + spec.definition
    lst = {
        "title": hostile,
        "short_title": hostile,
        "level": "provincial",
        "region": hostile,
        "authority": hostile,
        "document": {"number": hostile, "title": hostile, "authority": hostile, "annex": hostile},
        "declared_count": 1,
        "obtain": hostile,
        "entries": [{"number": "1", "name": spec.name, "printed": printed}],
    }
    return build_catalogue([("prop-list", lst)], [spec])


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("render-model")


# -- Word -------------------------------------------------------------------------------

# XML 1.0 (2.2 Characters) cannot hold C0 controls but tab, newline and CR,
# lone surrogates, U+FFFE and U+FFFF; the renderer also drops C1 controls.
NOT_IN_WORD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def in_word(text: str) -> str:
    """How a cell shows ``text``: line ends made one, what XML cannot hold dropped."""
    return NOT_IN_WORD.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


@SETTINGS
@given(spec=model_specs())
def test_word_files_are_valid_and_keep_the_table_shape(root: Path, spec: Spec) -> None:
    files = render_all(catalogue_of(spec), Settings(root=root), root)
    for path in (spec.docx_url, spec.form_url, "downloads/prop-list.docx"):
        assert_well_formed(files[path])
        assert raw_breaks(files[path]) == []
    table = find_table(files[spec.docx_url], "能力名称：")
    assert len(table) == 2 + sum(max(len(task.practices), len(task.knowledge), 1) for task in spec.tasks)
    rows = iter(table[2:])
    for task in spec.tasks:
        pairs = list(itertools.zip_longest(task.practices, task.knowledge)) or [(None, None)]
        for i, (practice, knowledge) in enumerate(pairs):
            cells = next(rows)
            assert [c.merge for c in cells] == (["restart", None, None, "restart"] if i == 0 else ["continue", None, None, "continue"])
            assert cells[1].text == ("" if practice is None else in_word(f"{i + 1}.{practice}"))
            assert cells[2].text == ("" if knowledge is None else in_word(f"{i + 1}.{knowledge}"))


# -- the site ----------------------------------------------------------------------------------


@SETTINGS
@given(spec=model_specs())
def test_pages_read_back_and_no_text_makes_markup(root: Path, spec: Spec) -> None:
    catalogue, twin = catalogue_of(spec), Twin(spec)
    pages, twin_pages = OutputTree(root / "pages"), OutputTree(root / "twin")
    site.render(catalogue, pages, Settings(root=root))
    site.render(twin.catalogue(catalogue), twin_pages, Settings(root=root))
    for path in sorted(p for p in pages.files if p.endswith(".md")):
        meta, _ = front_matter_and_body(pages.files[path])  # mkdocs reads it with PyYAML too
        assert isinstance(meta, dict) and isinstance(meta["title"], str), path
        assert skeleton(page_html(pages.files[path])) == skeleton(page_html(twin_pages.files[path])), path


# -- the data -------------------------------------------------------------------------------------


@SETTINGS
@given(spec=model_specs(), printed=TEXT)
def test_catalogue_data_parses_back_exactly(root: Path, spec: Spec, printed: str) -> None:
    out = OutputTree(root / "data")
    data_renderer.render(catalogue_of(spec, printed), out, Settings(root=root))
    data = json.loads(out.files["catalogue.json"].decode("utf-8"))
    assert [(s["name"], s["version"]) for s in data["specs"]] == [(spec.name, spec.version)]
    assert [(e["name"], e["printed"]) for e in data["entries"]] == [(spec.name, printed)]
    rows = list(csv.DictReader(io.StringIO(out.files["catalogue.csv"].decode("utf-8-sig"), newline="")))
    assert [(r["name"], r["printed"], r["version"]) for r in rows] == [(excel_cell(spec.name), excel_cell(printed), excel_cell(spec.version))]
