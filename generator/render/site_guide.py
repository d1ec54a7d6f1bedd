"""The authoring guide's content, generated from the schemas and the rule catalogue.

The guide cannot drift from the rules: the field reference is the schemas'
own Chinese titles and descriptions, and the rule list is ``rules.catalogue()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..problems import Code, Severity
from ..rules import catalogue as rule_catalogue
from ..schemas import load_schemas

SEVERITY_TITLES = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.NOTE: "提示"}
GROUP_ORDER = ("编写要求", "结构", "文件", "YAML", "豁免", "目录", "保密")
TYPE_TITLES = {"string": "文字", "integer": "整数", "number": "数字", "boolean": "true/false", "array": "列表", "object": "映射"}
SCHEMAS = (("spec.schema.json", "spec", "规范文件（specs/*.yaml）"), ("list.schema.json", "list", "目录文件（specs/lists/*.yaml）"))


@dataclass(frozen=True)
class Field:
    path: str
    title: str
    kind: str
    required: bool
    description: str
    choices: tuple[tuple[str, str], ...]
    depth: int


@dataclass(frozen=True)
class RuleGroup:
    title: str
    id: str
    codes: tuple[Code, ...]


def context() -> dict[str, Any]:
    schemas = load_schemas()
    references = [{"id": key, "title": title, "schema": schemas[name], "fields": field_reference(name)} for name, key, title in SCHEMAS]
    groups = rule_groups()
    return {
        "references": references,
        "groups": groups,
        "severity_titles": SEVERITY_TITLES,
        "rule_count": sum(len(g.codes) for g in groups),
    }


def rule_groups() -> list[RuleGroup]:
    codes = rule_catalogue().values()
    order = {title: i for i, title in enumerate(GROUP_ORDER)}
    titles = sorted({c.group for c in codes}, key=lambda g: (order.get(g, len(order)), g))
    return [RuleGroup(title, f"rules-{i + 1}", tuple(sorted((c for c in codes if c.group == title), key=lambda c: c.code))) for i, title in enumerate(titles)]


# --------------------------------------------------------------------------
# field reference


def field_reference(schema_name: str) -> list[Field]:
    schemas = load_schemas()
    fields: list[Field] = []
    _walk(schemas, schema_name, schemas[schema_name], "", 0, fields)
    return fields


def _walk(schemas: dict[str, Any], doc: str, node: dict[str, Any], prefix: str, depth: int, out: list[Field]) -> None:
    merged, doc = _merge(schemas, doc, node)
    required = set(merged.get("required", ()))
    for key, prop in merged.get("properties", {}).items():
        resolved, prop_doc = _merge(schemas, doc, prop)
        path = f"{prefix}{key}"
        out.append(
            Field(
                path=path,
                title=prop.get("title") or resolved.get("title", ""),
                kind=_kind(schemas, prop_doc, resolved),
                required=key in required,
                description=prop.get("description") or resolved.get("description", ""),
                choices=_choices(resolved),
                depth=depth,
            )
        )
        if resolved.get("type") == "object" and "properties" in resolved:
            _walk(schemas, prop_doc, resolved, f"{path}.", depth + 1, out)
        elif resolved.get("type") == "array" and isinstance(resolved.get("items"), dict):
            items, items_doc = _merge(schemas, prop_doc, resolved["items"])
            if "properties" in items:
                _walk(schemas, items_doc, items, f"{path}[].", depth + 1, out)


def _merge(schemas: dict[str, Any], doc: str, node: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The node with its $ref and allOf parts folded in (the node's own keys win).

    Of rule subschemas (``x-code``) only the type is kept: what they require is
    a writing rule, explained in the rule list, not part of the structure."""
    merged: dict[str, Any] = {}
    target_doc = doc
    if "$ref" in node:
        target, target_doc = _resolve(schemas, doc, node["$ref"])
        merged.update(_merge(schemas, target_doc, target)[0])
    for part in node.get("allOf", ()):
        folded = _merge(schemas, doc, part)[0]
        keep = ("type",) if "x-code" in folded else tuple(k for k in folded if k not in ("title", "description"))
        merged.update({k: folded[k] for k in keep if k in folded})
    merged.update({k: v for k, v in node.items() if k not in ("$ref", "allOf")})
    return merged, target_doc


def _resolve(schemas: dict[str, Any], doc: str, ref: str) -> tuple[dict[str, Any], str]:
    target, _, pointer = ref.partition("#")
    doc = target or doc
    node: Any = schemas[doc]
    for part in pointer.strip("/").split("/") if pointer.strip("/") else []:
        node = node[part]
    return node, doc


def _kind(schemas: dict[str, Any], doc: str, node: dict[str, Any]) -> str:
    kind = node.get("type")
    if kind == "array" and isinstance(node.get("items"), dict):
        items = _merge(schemas, doc, node["items"])[0]
        inner = TYPE_TITLES.get(items.get("type", ""), "")
        return f"{inner}列表" if inner else "列表"
    return TYPE_TITLES.get(kind, "") if isinstance(kind, str) else ""


def _choices(node: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    titles = node.get("x-enum-titles") or {}
    return tuple((str(value), titles.get(str(value), "")) for value in node.get("enum", ()))
