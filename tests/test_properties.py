"""Property-based tests of the loader and the validator.

Random valid specs always validate and their text survives the trip
YAML -> loader -> model exactly, whatever the Unicode and the quoting style.
Random mutations of them always give a located error with a catalogued code.
No input at all (random bytes, YAML-ish text, random structures) makes the
loader or the validator raise: there are only problems.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
import string
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.loading import load_yaml
from generator.model import spec_from_data
from generator.occupations import load_table
from generator.problems import Problem, Severity
from generator.rules import catalogue
from generator.schemas import rule_definitions
from generator.validation import validate

from .yaml_writer import Path_, StyleFor, dump

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- text -------------------------------------------------------------------------

FULL_WIDTH = "，。、；：？！“”‘’（）【】《》「」『』〔〕〈〉…—～·％＃＆＋＝"
ASCII = string.ascii_letters + string.digits + " ()[]{}<>-_.,;:!?'\"\\/#&*%@`~|+=^$"
EMOJI = ["😀", "🍜", "🥢", "🎉", "✅", "\u2764", "\ufe0f", "🀄", "🈶"]  # U+FE0F: the variation selector of ❤️
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
CJK_EXT_A = st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF)
CJK_EXT_B = st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF)
LINE_CHARS = st.one_of(CJK, CJK, CJK_EXT_A, CJK_EXT_B, st.sampled_from(list(FULL_WIDTH)), st.sampled_from(list(ASCII)), st.sampled_from(EMOJI))

# What "valid" means is what the rules say: the text rules' own patterns.
_RULES = rule_definitions()
_MARKUP = re.compile(_RULES["text-markup"]["not"]["pattern"])
_PLACEHOLDER = re.compile(_RULES["text-placeholder"]["not"]["pattern"])
_NUMBERED = re.compile(_RULES["item-number-prefix"]["not"]["pattern"])


def _fine(text: str) -> bool:
    return bool(text.strip()) and not _MARKUP.search(text) and not _PLACEHOLDER.search(text) and not _NUMBERED.search(text)


# strategies are built once: building them per draw costs more than drawing
LINE = st.text(LINE_CHARS, min_size=1, max_size=30).filter(_fine)
UNIT = st.text(LINE_CHARS, min_size=1, max_size=10).filter(_fine)
PARAGRAPH = st.lists(LINE, min_size=1, max_size=3).map("\n".join)
ITEMS = st.lists(LINE, min_size=1, max_size=3)


VERBS = ["制作", "加工", "维修", "种植", "编织", "护理", "检测", "烘焙"]
NAME_CHARS = st.one_of(CJK, CJK_EXT_A, st.sampled_from(list(string.ascii_letters + string.digits)))
NAME_NOTE = st.one_of(st.just(""), st.text(NAME_CHARS, min_size=1, max_size=6).map("（{}）".format))
NAMES = st.builds("".join, st.tuples(st.text(NAME_CHARS, min_size=1, max_size=12), st.sampled_from(VERBS), NAME_NOTE)).filter(
    lambda name: load_table().named(name) is None
)


def _parts_of_100(cuts: list[int]) -> list[int]:
    bounds = [0, *sorted(cuts), 100]
    return [b - a for a, b in itertools.pairwise(bounds)]


WEIGHTS = st.lists(st.integers(1, 99), min_size=2, max_size=5, unique=True).map(_parts_of_100)  # 3 to 6 tasks
TASK = st.fixed_dictionaries({"title": LINE, "practices": ITEMS, "knowledge": ITEMS})
EQUIPMENT = st.fixed_dictionaries(
    {"kind": st.sampled_from(["equipment", "tool", "material"]), "name": LINE},
    optional={"spec": LINE, "quantity": st.integers(1, 100000), "unit": UNIT, "note": LINE},
)
DATE = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)).map(str)
DATE_KEYS = ["drafted", "submitted", "filed", "published", "effective"]  # the order date-order wants


def _in_order(pairs: list[tuple[str, str]]) -> dict[str, str]:
    keys = sorted((key for key, _ in pairs), key=DATE_KEYS.index)
    return dict(zip(keys, sorted(value for _, value in pairs), strict=True))


DATES = st.lists(st.tuples(st.sampled_from(DATE_KEYS), DATE), min_size=1, max_size=5, unique_by=lambda pair: pair[0]).map(_in_order)
SOURCE = st.fixed_dictionaries(
    {"title": LINE, "publisher": LINE, "url": st.text(string.ascii_lowercase, max_size=8).map("https://example.org/{}".format)},
    optional={"completeness": st.sampled_from(["complete", "partial"]), "note": PARAGRAPH},
).map(lambda source: {"completeness": "complete", **source})
VARIANTS = st.lists(st.fixed_dictionaries({"name": NAMES}, optional={"note": PARAGRAPH}), min_size=1, max_size=2)
HISTORY = st.lists(st.fixed_dictionaries({"version": st.just("1.0"), "date": DATE, "changes": PARAGRAPH}), min_size=1, max_size=2)


@st.composite
def valid_specs(draw: st.DrawFn) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "name": draw(NAMES),
        "status": draw(st.sampled_from(["draft", "review", "filed", "current"])),
        "version": f"{draw(st.integers(0, 999))}.{draw(st.integers(0, 999))}",
        "sample": draw(st.booleans()),
        "occupation": {"name": draw(LINE)},
        "definition": "运用" + draw(LINE) + "的能力" + draw(st.sampled_from(["", "。"])),
        "audience": draw(PARAGRAPH),
        "tasks": [{**draw(TASK), "weight": weight} for weight in draw(WEIGHTS)],
        "requirements": {
            "eligibility": draw(PARAGRAPH),
            "assessors": {"minimum": draw(st.integers(3, 50)), "text": draw(PARAGRAPH)},
            "method": {"text": draw(PARAGRAPH), "minutes": draw(st.integers(1, 20160))},
            "scoring": {"full_marks": 100, "pass_mark": 60},
            "venue": {"text": draw(PARAGRAPH), "equipment": draw(st.lists(EQUIPMENT, max_size=2))},
        },
    }
    if not spec["sample"]:
        spec["source"] = draw(SOURCE)  # provenance: an official text names its source
    for key, strategy in (("variants", VARIANTS), ("dates", DATES), ("history", HISTORY)):
        if draw(st.booleans()):
            spec[key] = draw(strategy)
    return spec


STYLES = ("double", "single", "plain", "literal")


def styles(seed: int) -> StyleFor:
    """A quoting style per value, fixed by the seed (hash() would vary per run)."""
    return lambda path, text: STYLES[zlib.crc32(repr((seed, path)).encode()) % len(STYLES)]


# -- helpers ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of its own: no lists, no other specs to look things up in."""
    return tmp_path_factory.mktemp("properties")


def write(folder: Path, content: str | bytes) -> Path:
    path = folder / "example-spec.yaml"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def check(folder: Path, path: Path) -> list[Problem]:
    """Validate alone; every problem must be located inside the file and catalogued."""
    problems = validate([path], specs_dir=folder, lists_dir=folder / "no-lists").problems
    raw = path.read_bytes()
    last_line = raw.count(b"\n") + 1
    codes = catalogue()
    for problem in problems:
        assert problem.code in codes, problem
        assert 1 <= problem.line <= last_line, problem
        assert problem.column >= 1, problem
    return problems


def same(a: Any, b: Any) -> bool:
    """Equality that tells true from 1; a list equals a tuple with the same items."""
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def model_agrees(source: Any, model: Any) -> Iterator[str]:
    """Every value of the source, at its key, in the model (extra model fields ignored)."""
    if dataclasses.is_dataclass(model):
        for key, value in source.items():
            yield from (f"{key}.{p}" for p in model_agrees(value, getattr(model, key)))
    elif isinstance(source, list):
        if len(source) != len(model):
            yield "length"
        for i, (a, b) in enumerate(zip(source, model, strict=False)):
            yield from (f"[{i}]{p}" for p in model_agrees(a, b))
    elif isinstance(source, dict):
        if not same(source, dict(model)):
            yield ""
    elif not same(source, model):
        yield f" {source!r} != {model!r}"


def scalar_paths(data: Any, path: Path_ = ()) -> Iterator[Path_]:
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        if isinstance(value, (dict, list)):
            yield from scalar_paths(value, (*path, key))
        else:
            yield (*path, key)


def mapping_paths(data: Any, path: Path_ = ()) -> Iterator[Path_]:
    if isinstance(data, dict):
        yield path
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        yield from mapping_paths(value, (*path, key))


def at(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


# -- valid specs --------------------------------------------------------------------


@SETTINGS
@given(spec=valid_specs(), seed=st.integers(0, 2**16))
def test_valid_spec_validates_and_round_trips_exactly(folder: Path, spec: dict[str, Any], seed: int) -> None:
    text, where = dump(spec, styles(seed))
    path = write(folder, text)
    assert [p for p in check(folder, path) if p.severity is not Severity.NOTE] == []
    document, problems = load_yaml(path)
    assert problems == [] and document is not None
    assert same(document.data, spec)
    for leaf in scalar_paths(spec):
        assert document.value_marks[leaf][0] == where[leaf], leaf
    model = spec_from_data("example-spec", document.data, "example-spec.yaml")
    assert list(model_agrees(spec, model)) == []


# -- mutations -----------------------------------------------------------------------

FORBIDDEN = {"\t": "tab", "\x00": "control-char", "\x1b": "control-char", "\x85": "control-char", "\uffff": "control-char"}
FORBIDDEN |= {"\u200b": "invisible-char", "\u202e": "invisible-char", "\ufeff": "invisible-char", "\u2028": "invisible-char"}
WRONG_TYPE = {str: [42, None, ["列表"], True], int: ["20%", "20", None, 2.5], bool: ["yes", 1, None]}
REQUIRED = [("name",), ("status",), ("version",), ("sample",), ("definition",), ("audience",), ("tasks",), ("requirements",)]


@SETTINGS
@given(spec=valid_specs(), data=st.data())
def test_wrong_type_is_a_type_error_on_its_line(folder: Path, spec: dict[str, Any], data: st.DataObject) -> None:
    leaf = data.draw(st.sampled_from(sorted(scalar_paths(spec), key=repr)))
    new = data.draw(st.sampled_from(WRONG_TYPE[type(at(spec, leaf))]))
    assume(not isinstance(new, list) or isinstance(leaf[-1], str))  # a list in a list starts on the next line
    at(spec, leaf[:-1])[leaf[-1]] = new
    text, where = dump(spec)
    problems = check(folder, write(folder, text))
    assert ("type", where[leaf]) in {(p.code, p.line) for p in problems}


@SETTINGS
@given(spec=valid_specs(), data=st.data())
def test_unknown_key_is_reported_on_its_line(folder: Path, spec: dict[str, Any], data: st.DataObject) -> None:
    mapping = data.draw(st.sampled_from(sorted(mapping_paths(spec), key=repr)))
    key = data.draw(st.sampled_from(["nmae", "titel", "weigth", "备注", "x"]))
    assume(key not in at(spec, mapping))
    at(spec, mapping)[key] = "多余"
    text, where = dump(spec)
    problems = check(folder, write(folder, text))
    assert ("unknown-key", where[(*mapping, key)]) in {(p.code, p.line) for p in problems}


@SETTINGS
@given(spec=valid_specs(), data=st.data())
def test_missing_required_key_is_an_error(folder: Path, spec: dict[str, Any], data: st.DataObject) -> None:
    tasks = [("tasks", i, key) for i in range(len(spec["tasks"])) for key in ("title", "weight", "practices", "knowledge")]
    gone = data.draw(st.sampled_from(REQUIRED + tasks))
    del at(spec, gone[:-1])[gone[-1]]
    problems = check(folder, write(folder, dump(spec)[0]))
    assert "required" in {p.code for p in problems if p.severity is Severity.ERROR}


@SETTINGS
@given(spec=valid_specs(), char=st.sampled_from(sorted(FORBIDDEN)), data=st.data())
def test_forbidden_character_is_reported_where_it_is(folder: Path, spec: dict[str, Any], char: str, data: st.DataObject) -> None:
    rows = dump(spec)[0].split("\n")
    row = data.draw(st.integers(0, len(rows) - 2))
    col = data.draw(st.integers(0, len(rows[row])))
    rows[row] = rows[row][:col] + char + rows[row][col:]
    problems = check(folder, write(folder, "\n".join(rows)))
    code = "bom" if (char, row, col) == ("\ufeff", 0, 0) else FORBIDDEN[char]  # U+FEFF first is a byte order mark
    assert (code, row + 1, col + 1) in {(p.code, p.line, p.column) for p in problems}


@SETTINGS
@given(spec=valid_specs(), data=st.data())
def test_repeated_key_line_is_a_duplicate_key(folder: Path, spec: dict[str, Any], data: st.DataObject) -> None:
    text, where = dump(spec)  # double quotes only: every scalar on one line
    keyed = sorted((path for path in scalar_paths(spec) if isinstance(path[-1], str)), key=repr)
    line = where[data.draw(st.sampled_from(keyed))]
    rows = text.split("\n")
    rows.insert(line, rows[line - 1])
    problems = check(folder, write(folder, "\n".join(rows)))
    assert ("duplicate-key", line + 1) in {(p.code, p.line) for p in problems}


# -- no input makes the loader or the validator raise ------------------------------------

YAMLISH = st.text(
    st.one_of(st.sampled_from(list("-:?[]{},#&*!|>'\"%@`\\~ \n  \t.0123456789")), st.sampled_from(list("abkey名称任务")), st.characters(codec="utf-8")),
    max_size=300,
)
SPEC_KEYS = ["name", "status", "version", "sample", "tasks", "title", "weight", "practices", "knowledge", "requirements", "venue", "waivers", "rule", "entry"]
STRUCTURES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.one_of(st.sampled_from(SPEC_KEYS), st.text(max_size=8)), children, max_size=4)
    ),
    max_leaves=20,
)


@SETTINGS
@given(content=st.binary(max_size=2000))
def test_random_bytes_give_only_problems(folder: Path, content: bytes) -> None:
    check(folder, write(folder, content))


@SETTINGS
@given(content=YAMLISH)
def test_random_yaml_like_text_gives_only_problems(folder: Path, content: str) -> None:
    check(folder, write(folder, content))


@SETTINGS
@given(structure=STRUCTURES)
def test_random_structures_give_only_problems(folder: Path, structure: Any) -> None:
    check(folder, write(folder, yaml.safe_dump(structure, allow_unicode=True)))


@SETTINGS
@given(spec=valid_specs(), structure=STRUCTURES, data=st.data())
def test_random_structure_inside_a_valid_spec_gives_only_problems(folder: Path, spec: dict[str, Any], structure: Any, data: st.DataObject) -> None:
    leaf = data.draw(st.sampled_from(sorted(scalar_paths(spec), key=repr)))
    at(spec, leaf[:-1])[leaf[-1]] = structure
    check(folder, write(folder, yaml.safe_dump(spec, allow_unicode=True)))
