"""The rule catalogue is honest: every failing example fails with its code,
every passing example does not, and every code is documented."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from generator.loading import load_yaml, parse_yaml
from generator.rules import catalogue
from generator.schemas import rule_definitions

from .helpers import codes, load_minimal, merge, problems_of, remove, write_yaml

# Codes whose failing example is a whole file of its own (how a file is read).
WHOLE_FILE = {"tab", "yaml-syntax", "duplicate-key", "yaml-alias", "yaml-tag", "key-not-string"}
# Codes that no short YAML example can show; each is exercised by a case under
# tests/examples/invalid or tests/test_loading.py instead.
NOT_BY_EXAMPLE = {
    "file-unreadable",
    "file-too-large",
    "file-name",
    "encoding",
    "bom",
    "control-char",
    "invisible-char",
    "too-deep",
    "multiple-documents",
    "empty-file",
    "invalid",
    "waiver-unused",
    "waiver-duplicate",
    "entry-taken",
    "itembank-in-sources",
    "too-many-problems",
}
LIST_RULES = {"list-count", "list-batch-count", "list-numbering", "list-printed"}

MINIMAL_LIST = {
    "title": "测试目录（2项）",
    "short_title": "测试目录",
    "level": "city",
    "region": "威海市",
    "authority": "威海市人力资源和社会保障局",
    "document": {"number": "威人社字〔2021〕5号", "title": "测试文件", "authority": "威海市人力资源和社会保障局", "annex": "附件1"},
    "declared_count": 2,
    "entries": [{"number": "1", "name": "服装缝纫"}, {"number": "2", "name": "面包烘焙"}],
}

EXAMPLE_CODES = sorted(c for c in catalogue() if c not in NOT_BY_EXAMPLE)


def _build(code: str, text: str, removals: tuple[str, ...], tmp_path: Path, name: str) -> Path:
    if code in LIST_RULES:
        (tmp_path / "lists").mkdir(exist_ok=True)
        data = merge(copy.deepcopy(MINIMAL_LIST), yaml.safe_load(text) or {})
        return write_yaml(tmp_path / "lists" / f"{name}.yaml", data)
    data = merge(load_minimal(), yaml.safe_load(text) or {})
    for dotted in removals:
        remove(data, dotted)
    return write_yaml(tmp_path / f"{name}.yaml", data)


@pytest.mark.parametrize("code", EXAMPLE_CODES)
def test_failing_example_fails_with_its_code(code: str, tmp_path: Path) -> None:
    entry = catalogue()[code]
    assert entry.failing or entry.remove, f"{code} has no failing example"
    if code in WHOLE_FILE:
        path = tmp_path / "example.yaml"
        path.write_text(entry.failing, encoding="utf-8")
        _, problems = load_yaml(path)
        assert code in codes(problems)
        return
    path = _build(code, entry.failing, entry.remove, tmp_path, "failing")
    assert code in codes(problems_of(path))


@pytest.mark.parametrize("code", EXAMPLE_CODES)
def test_passing_example_passes(code: str, tmp_path: Path) -> None:
    entry = catalogue()[code]
    assert entry.passing, f"{code} has no passing example"
    if code in WHOLE_FILE:
        document, problems = parse_yaml(entry.passing, "example.yaml")
        assert document is not None and code not in codes(problems)
        return
    path = _build(code, entry.passing, (), tmp_path, "passing")
    assert code not in codes(problems_of(path))


def test_every_code_is_documented_in_chinese() -> None:
    for code, entry in catalogue().items():
        assert code == code.lower() and " " not in code
        assert entry.title and entry.explanation, code
        assert any("\u4e00" <= ch <= "\u9fff" for ch in entry.title + entry.explanation), code


def test_every_schema_rule_quotes_its_rule_and_has_a_message() -> None:
    for code, rule in rule_definitions().items():
        assert rule.get("description"), code
        assert rule.get("x-message"), code
        if rule.get("x-waivable"):
            assert rule.get("x-examples"), code


def test_every_property_has_a_chinese_title_and_description() -> None:
    from generator.schemas import load_schemas

    def visit(node: object, where: str) -> None:
        if isinstance(node, dict) and "x-code" in node:
            return  # a rule's own subschema, documented by the rule
        if isinstance(node, dict):
            for key, prop in (node.get("properties") or {}).items():
                if isinstance(prop, dict) and "title" not in prop:
                    # the value of a rule-only property (e.g. scoring-scale's consts)
                    assert set(prop) <= {"const"}, f"{where}.{key} has no title"
                elif isinstance(prop, dict):
                    assert prop.get("description"), f"{where}.{key} has no description"
            if node.get("type") == "object" and "properties" in node:
                assert node.get("additionalProperties") is False, f"{where} allows unknown keys"
            for key, value in node.items():
                visit(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                visit(value, f"{where}[{i}]")

    for name, schema in load_schemas().items():
        visit(schema, name)


def test_codes_are_unique_across_schema_and_code() -> None:
    from generator.problems import builtin_codes

    assert not set(builtin_codes()) & set(rule_definitions())
