"""The schemas in schema/ and the custom keywords that extend them.

JSON Schema says most of what 《专项职业能力考核规范编写要求》 asks. What it
cannot say (sums, date arithmetic, lookups in the 职业分类大典 and in the other
files) is written as custom ``x-`` keywords inside the rule's own subschema, and
implemented here by extending jsonschema's Draft 2020-12 validator. The rule
subschemas carry ``x-code``, ``x-severity``, ``x-waivable`` and ``x-message``;
``problem_from_error`` finds them by walking the failing schema path.
"""

from __future__ import annotations

import ast
import datetime as dt
import difflib
import itertools
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator, ValidationError

from .loading import Document
from .occupations import OccupationTable, load_table, strip_marks
from .problems import Problem, Severity

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
SCHEMA_FILES = ("spec.schema.json", "list.schema.json")

Path_ = tuple[str | int, ...]


def _defs_pattern(name: str) -> re.Pattern[str]:
    return re.compile(load_schemas()["spec.schema.json"]["$defs"][name]["pattern"])


@dataclass
class Context:
    """What the cross-file keywords look things up in."""

    entries: dict[tuple[str, str], str] = field(default_factory=dict)  # (list, number) -> name
    lists: set[str] = field(default_factory=set)
    spec_ids: set[str] = field(default_factory=set)
    occupations: OccupationTable | None = None


@cache
def load_schemas() -> dict[str, dict[str, Any]]:
    return {name: json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8")) for name in SCHEMA_FILES}


@cache
def inlined(kind: str) -> dict[str, Any]:
    """The schema of ``kind`` with every ``$ref`` replaced by its target.

    Validation walks plain nested dicts: about twice as fast as resolving
    references for every value, and a failing schema path leads straight to
    the rule that failed. A ``$ref`` with sibling keywords becomes an
    ``allOf`` entry, which means the same in JSON Schema 2020-12.
    """
    schemas = load_schemas()
    memo: dict[tuple[str, str], Any] = {}

    def resolve(ref: str, doc: str) -> Any:
        target, _, pointer = ref.partition("#")
        doc = target or doc
        key = (doc, pointer)
        if key not in memo:
            node: Any = schemas[doc]
            for part in [p for p in pointer.split("/") if p]:
                node = node[part]
            memo[key] = None  # a reference cycle would show up as None
            memo[key] = walk(node, doc)
        if memo[key] is None:
            raise ValueError(f"recursive $ref in schema: {ref}")
        return memo[key]

    def walk(node: Any, doc: str) -> Any:
        if isinstance(node, list):
            return [walk(item, doc) for item in node]
        if not isinstance(node, dict):
            return node
        out = {k: walk(v, doc) for k, v in node.items() if k not in ("$ref", "$defs")}
        if "$ref" in node:
            target = resolve(node["$ref"], doc)
            if len(out) == 0:
                return target
            out["allOf"] = [target, *out.get("allOf", [])]
        return out

    return walk(schemas[f"{kind}.schema.json"], f"{kind}.schema.json")  # type: ignore[no-any-return]


def rule_definitions() -> dict[str, dict[str, Any]]:
    """Every subschema that carries an ``x-code``, keyed by code."""
    found: dict[str, dict[str, Any]] = {}

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            if "x-code" in node:
                found.setdefault(node["x-code"], node)
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    for schema in load_schemas().values():
        visit(schema)
    return found


# --------------------------------------------------------------------------
# custom keywords

ID_FORMAT = _defs_pattern("Id")
NUMBER_FORMAT = _defs_pattern("Number")


def _error(message: str, *, path: Path_ = (), **args: Any) -> ValidationError:
    error = ValidationError(message, path=list(path))
    error.x_args = args
    return error


def _parse_date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def kw_sum(validator: Any, value: Mapping[str, Any], instance: Any, schema: Any) -> Iterator[ValidationError]:
    if not isinstance(instance, list):
        return
    numbers = [item.get(value["property"]) for item in instance if isinstance(item, dict)]
    if not numbers or not all(isinstance(n, int) and not isinstance(n, bool) for n in numbers):
        return  # wrong types are reported by the structural keywords
    total = sum(n for n in numbers if isinstance(n, int))
    if total != value["equals"]:
        yield _error(f"sum is {total}", actual=total)


def kw_max_period(validator: Any, value: Mapping[str, Any], instance: Any, schema: Any) -> Iterator[ValidationError]:
    if not isinstance(instance, dict):
        return
    start, end = _parse_date(instance.get(value["from"])), _parse_date(instance.get(value["to"]))
    if start is None or end is None:
        return
    try:
        limit = start.replace(year=start.year + value["years"])
    except ValueError:  # 29 February
        limit = start.replace(year=start.year + value["years"], day=28)
    if end > limit:
        yield _error("period too long", path=(value["to"],), start=start.isoformat(), end=end.isoformat())


def kw_date_order(validator: Any, value: list[list[str]], instance: Any, schema: Any) -> Iterator[ValidationError]:
    if not isinstance(instance, dict):
        return
    titles = _date_titles()
    for chain in value:
        present = [(key, _parse_date(instance.get(key))) for key in chain]
        known = [(key, date) for key, date in present if date is not None]
        for (earlier, first), (later, second) in itertools.pairwise(known):
            if second < first:
                yield _error(
                    "dates out of order",
                    path=(later,),
                    earlier=first.isoformat(),
                    later=second.isoformat(),
                    earlier_title=titles.get(earlier, earlier),
                    later_title=titles.get(later, later),
                )


@cache
def _date_titles() -> dict[str, str]:
    props = load_schemas()["spec.schema.json"]["$defs"]["Dates"]["properties"]
    return {key: prop["title"] for key, prop in props.items()}


def kw_knowledge_covers(validator: Any, value: Mapping[str, str], instance: Any, schema: Any) -> Iterator[ValidationError]:
    tasks = instance.get("tasks") if isinstance(instance, dict) else None
    if not isinstance(tasks, list):
        return
    texts = [
        item for task in tasks if isinstance(task, dict) and isinstance(task.get("knowledge"), list) for item in task["knowledge"] if isinstance(item, str)
    ]
    missing = [topic for topic, pattern in value.items() if not any(re.search(pattern, t) for t in texts)]
    if missing:
        yield _error("knowledge missing", path=("tasks",), missing="、".join(missing))


def make_keywords(context: Context) -> dict[str, Callable[..., Iterator[ValidationError]]]:
    def occupations() -> OccupationTable:
        if context.occupations is None:
            context.occupations = load_table()
        return context.occupations

    def kw_not_occupation_name(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
        if isinstance(instance, str):
            found = occupations().named(instance)
            if found:
                yield _error("is an occupation", occupation=found.name, code=found.code)

    def kw_code_known(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
        if not isinstance(instance, dict) or not isinstance(instance.get("code"), str):
            return
        code = instance["code"]
        if not re.fullmatch(r"[1-8]-\d\d-\d\d-\d\d", code):
            return  # the format rule speaks
        if occupations().lookup(code) is None:
            edition = instance.get("edition")
            hint = f"；本规范依据{edition}年版，编码可能已调整" if edition in (1999, 2015) else ""
            yield _error("unknown code", path=("code",), hint=hint, value=code)

    def kw_name_matches(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
        if not isinstance(instance, dict):
            return
        code, name = instance.get("code"), instance.get("name")
        if not isinstance(code, str) or not isinstance(name, str):
            return
        found = occupations().lookup(code)
        if found and found.name != strip_marks(name):
            yield _error("name mismatch", path=("name",), expected=found.name, code=code, value=name)

    def kw_entry_exists(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
        if not isinstance(instance, dict):
            return
        list_id, number = instance.get("list"), instance.get("number")
        if not isinstance(list_id, str) or not isinstance(number, str) or not ID_FORMAT.match(list_id) or not NUMBER_FORMAT.match(number):
            return  # a malformed reference is reported by its format rule only
        if list_id not in context.lists:
            known = "、".join(sorted(context.lists)) or "（无）"
            yield _error("unknown list", path=("list",), reason=f"目录“{list_id}”不存在；现有目录：{known}")
        elif (list_id, number) not in context.entries:
            yield _error("unknown entry", path=("number",), reason=f"目录“{list_id}”中没有序号为“{number}”的条目")

    def kw_spec_exists(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
        if isinstance(instance, str) and ID_FORMAT.match(instance) and instance not in context.spec_ids:
            yield _error("unknown spec")

    return {
        "x-sum": kw_sum,
        "x-max-period": kw_max_period,
        "x-date-order": kw_date_order,
        "x-knowledge-covers": kw_knowledge_covers,
        "x-not-occupation-name": kw_not_occupation_name,
        "x-occupation-code-known": kw_code_known,
        "x-occupation-name-matches": kw_name_matches,
        "x-entry-exists": kw_entry_exists,
        "x-spec-exists": kw_spec_exists,
        **LIST_KEYWORDS,
    }


# Keywords of list.schema.json: the transcription checks of an official list.


def _top_level(entries: list[Any]) -> list[dict[str, Any]]:
    return [e for e in entries if isinstance(e, dict) and "parent" not in e]


def kw_list_count(validator: Any, value: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if not isinstance(instance, dict) or not isinstance(instance.get("entries"), list):
        return
    declared = instance.get(value)
    actual = len(_top_level(instance["entries"]))
    if isinstance(declared, int) and declared != actual:
        yield _error("count", path=(value,), declared=declared, actual=actual, what="目录")


def kw_batch_counts(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if not isinstance(instance, dict):
        return
    batches, entries = instance.get("batches"), instance.get("entries")
    if not isinstance(batches, list) or not isinstance(entries, list):
        return
    for i, batch in enumerate(batches):
        if not isinstance(batch, dict):
            continue
        members = [e for e in _top_level(entries) if e.get("batch") == batch.get("id")]
        declared = batch.get("declared_count")
        if isinstance(declared, int) and declared != len(members):
            yield _error("batch count", path=("batches", i, "declared_count"), declared=declared, actual=len(members), what=f"第{batch.get('id')}批")


_NUMBER = re.compile(r"^([A-Z]?)(\d+)(?:\((\d+)\))?$")


def kw_numbering(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """Numbers are unique and run 1, 2, 3 … (or Z1, Z2 …) without gaps; sub-items
    N(1), N(2) … follow their parent N; batches are contiguous."""
    if not isinstance(instance, dict) or not isinstance(instance.get("entries"), list):
        return
    seen: dict[str, int] = {}
    expected_top = 1
    expected_sub = 1
    parent: str | None = None
    batch_ids = [b.get("id") for b in instance.get("batches") or [] if isinstance(b, dict)]
    for i, entry in enumerate(instance["entries"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("number"), str):
            continue
        number = entry["number"]
        if number in seen:
            yield _error("dup", path=("entries", i, "number"), reason=f"序号“{number}”重复，已出现在第 {seen[number] + 1} 条")
            continue
        seen[number] = i
        match = _NUMBER.match(number)
        if not match:
            continue
        prefix, main, sub = match.group(1), int(match.group(2)), match.group(3)
        if sub is None:
            if main != expected_top:
                yield _error("gap", path=("entries", i, "number"), reason=f"序号应为“{prefix}{expected_top}”，实为“{number}”：有条目遗漏、重复或顺序颠倒")
            expected_top = main + 1
            parent, expected_sub = number, 1
            if "parent" in entry:
                yield _error("parent", path=("entries", i, "parent"), reason=f"“{number}”不是子项序号，不能写 parent")
        else:
            if entry.get("parent") != f"{prefix}{main}" or parent != f"{prefix}{main}":
                yield _error("parent", path=("entries", i, "number"), reason=f'子项“{number}”必须紧跟在第“{prefix}{main}”项之后，并写 parent: "{prefix}{main}"')
            elif int(sub) != expected_sub:
                yield _error("gap", path=("entries", i, "number"), reason=f"子项序号应为“{prefix}{main}({expected_sub})”，实为“{number}”")
            expected_sub = int(sub) + 1
    if batch_ids:
        order = [e.get("batch") for e in _top_level(instance["entries"])]
        runs = [b for k, b in enumerate(order) if k == 0 or order[k - 1] != b]
        if runs != batch_ids:
            yield _error("batch order", path=("entries",), reason="各条目的批次（batch）必须与 batches 一致，并按批次顺序排列")
        elif any(e.get("batch") is None for e in _top_level(instance["entries"])):
            yield _error("batch missing", path=("entries",), reason="有批次的目录中，每个条目都要写 batch")


def kw_printed_name(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """The printed form must contain the name: a guard against transcription slips."""
    if not isinstance(instance, dict):
        return
    name, printed = instance.get("name"), instance.get("printed")
    if isinstance(name, str) and isinstance(printed, str) and name not in printed:
        yield _error("printed", path=("printed",), name=name)


LIST_KEYWORDS: dict[str, Callable[..., Iterator[ValidationError]]] = {
    "x-list-count": kw_list_count,
    "x-batch-counts": kw_batch_counts,
    "x-numbering": kw_numbering,
    "x-printed-contains-name": kw_printed_name,
}


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


FORMAT_CHECKER = jsonschema.FormatChecker(formats=())
FORMAT_CHECKER.checks("date")(_is_date)


# --------------------------------------------------------------------------
# validators


def make_fast_check(kind: str, context: Context) -> Callable[[Any], bool]:
    """A yes/no check: does the document pass every keyword of the schema?"""
    from .fastcheck import compile_schema

    return compile_schema(inlined(kind), make_keywords(context), {"date": _is_date})


def make_validator(kind: str, context: Context) -> Any:
    cls = jsonschema.validators.extend(Draft202012Validator, make_keywords(context))
    return cls(inlined(kind), format_checker=FORMAT_CHECKER)


# --------------------------------------------------------------------------
# errors to problems

_TYPE_NAMES = {"string": "文字", "integer": "整数", "number": "数字", "boolean": "true 或 false", "array": "列表", "object": "键值对（映射）", "null": "空值"}


def _type_of(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return f"整数 {value}"
    if isinstance(value, float):
        return f"小数 {value}"
    if isinstance(value, str):
        return f"文字“{_short(value)}”"
    if isinstance(value, list):
        return "列表"
    return "键值对"


def _short(value: Any, limit: int = 30) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _schema_nodes(error: ValidationError, kind: str) -> list[dict[str, Any]]:
    """The schema objects on the path from the root to the failing keyword."""
    node: Any = inlined(kind)
    nodes = [node]
    for key in error.absolute_schema_path:
        node = node[key]
        if isinstance(node, dict):
            nodes.append(node)
    return nodes


class _Args(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def problem_from_error(error: ValidationError, doc: Document, display: str, kind: str) -> list[Problem]:
    nodes = _schema_nodes(error, kind)
    # a value of the wrong type is a structural error, even where the field carries a rule
    rule = None if error.validator == "type" else next((n for n in reversed(nodes) if "x-code" in n), None)
    title = next((n["title"] for n in reversed(nodes) if "title" in n and "x-code" not in n), "")
    path: Path_ = tuple(error.absolute_path)
    args = _Args(getattr(error, "x_args", {}))
    args.setdefault("value", _short(error.instance))
    args.setdefault("title", title)

    if error.validator == "additionalProperties":
        return _unknown_keys(error, doc, display, path, nodes)
    if error.validator == "required":
        key = _required_key(error)
        args["key"] = key
        args["title"] = _properties_of(nodes).get(key, {}).get("title", key)
        if rule is None:
            return [_make("required", Severity.ERROR, display, doc.locate(path), path, f"缺少必填项“{args['title']}”（{key}）")]
    if rule is not None:
        if error.validator == "minItems":
            args.setdefault("count", len(error.instance) if isinstance(error.instance, list) else 0)
        severity = Severity(rule.get("x-severity", "error"))
        message = rule.get("x-message", rule.get("title", "")).format_map(args)
        return [_make(rule["x-code"], severity, display, doc.locate(path), path, message)]
    code, message = _structural(error, args)
    return [_make(code, Severity.ERROR, display, doc.locate(path), path, message)]


def _make(code: str, severity: Severity, display: str, where: tuple[int, int], path: Path_, message: str) -> Problem:
    return Problem(code, severity, display, where[0], where[1], message, path)


def _required_key(error: ValidationError) -> str:
    match = re.match(r"^(.*) is a required property$", error.message)
    if match:
        try:
            return str(ast.literal_eval(match.group(1)))
        except (ValueError, SyntaxError):
            return match.group(1)
    return "?"


def _properties_of(nodes: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``properties`` of the object schema that a required error is about."""
    for node in reversed(nodes):
        if "properties" in node:
            return dict(node["properties"])
    return {}


def _unknown_keys(error: ValidationError, doc: Document, display: str, path: Path_, nodes: list[dict[str, Any]]) -> list[Problem]:
    schema = error.schema
    allowed = dict(schema.get("properties", {}))
    instance = error.instance if isinstance(error.instance, dict) else {}
    problems = []
    for key in instance:
        if key in allowed:
            continue
        by_title = [k for k, v in allowed.items() if isinstance(v, dict) and v.get("title") == key]
        close = by_title or difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.6)
        hint = f"，是否应为“{close[0]}”（{allowed[close[0]].get('title', '')}）？" if close else f"；此处允许的键：{'、'.join(allowed)}"
        where = doc.key_mark((*path, key))
        problems.append(_make("unknown-key", Severity.ERROR, display, where, (*path, key), f"未知的键“{_short(key)}”{hint}"))
    return problems


def _structural(error: ValidationError, args: _Args) -> tuple[str, str]:
    keyword, value, instance = error.validator, error.validator_value, error.instance
    field_name = args["title"] or "该项"
    if keyword == "type":
        expected = "或".join(_TYPE_NAMES.get(t, t) for t in ([value] if isinstance(value, str) else value))
        hint = ""
        if isinstance(instance, str) and value in ("integer", "number"):
            hint = "；只写数字，如 20，不要带 % 或单位" if "%" in instance or "％" in instance else "；只写数字"
        elif isinstance(instance, (int, float)) and not isinstance(instance, bool) and value == "string":
            hint = '；版本号、序号、日期等请加引号，如 "1.0"'
        elif value == "array" and not isinstance(instance, list):
            hint = "；应写成列表，每项一行，以“- ”开头"
        elif instance is None:
            hint = "；该项不能为空"
        return "type", f"{field_name}应为{expected}，实为{_type_of(instance)}{hint}"
    if keyword == "enum":
        return "enum", f"{field_name}“{args['value']}”不是允许的取值；可选：{_enum_choices(error)}"
    if keyword in ("pattern", "format"):
        description = error.schema.get("description") or ""
        return "format", f"{field_name}“{args['value']}”格式不对{('：' + description) if description else ''}"
    if keyword == "maxLength":
        return "text-too-long", f"{field_name}共 {len(instance)} 字，超过上限 {value} 字"
    if keyword == "minLength":
        return "text-empty", f"{field_name}至少应有 {value} 个字"
    if keyword == "maxItems":
        return "too-many", f"{field_name}有 {len(instance)} 项，超过上限 {value} 项"
    if keyword == "minItems":
        return "too-few", f"{field_name}至少应有 {value} 项"
    if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = {"minimum": "不小于", "maximum": "不大于", "exclusiveMinimum": "大于", "exclusiveMaximum": "小于"}[keyword]
        return "range", f"{field_name}应{bound} {value}，实为 {args['value']}"
    return "invalid", f"{field_name}不符合要求（{keyword}）"


def _enum_choices(error: ValidationError) -> str:
    titles = error.schema.get("x-enum-titles", {})
    return "、".join(f"{v}（{titles[str(v)]}）" if str(v) in titles else str(v) for v in error.validator_value)


def enum_titles(*path: str) -> dict[str, str]:
    """Chinese titles of an enum in spec.schema.json, e.g. enum_titles('properties', 'status')."""
    node: Any = load_schemas()["spec.schema.json"]
    for part in path:
        node = node[part]
    return dict(node.get("x-enum-titles", {}))
