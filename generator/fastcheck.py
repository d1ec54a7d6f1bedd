"""A fast yes/no check of a document against an inlined schema.

jsonschema builds an evolved validator object for every subschema it visits,
which makes it spend ~4 ms on one spec. Most specs are valid, and for them we
only need the verdict. This module compiles the same inlined schema into
plain closures that answer "no problem at all?" without creating objects; a
document that fails (or may carry waivers) goes through jsonschema for the
full, located report. ``tests/test_fastcheck.py`` checks that both agree.

Only the keywords our schemas use are compiled; an unknown keyword is an
error at compile time, so a schema change cannot silently weaken the check.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

Check = Callable[[Any], bool]
Keyword = Callable[..., Iterator[Any]]

ANNOTATIONS = {
    "$schema",
    "$id",
    "title",
    "description",
    "default",
    "examples",
    "enumDescriptions",
    "x-code",
    "x-severity",
    "x-waivable",
    "x-message",
    "x-examples",
    "x-enum-titles",
}

_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list),
    "object": lambda v: isinstance(v, dict),
    "null": lambda v: v is None,
}


def _same(a: Any, b: Any) -> bool:
    """JSON equality: true is not 1."""
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else a == b


def compile_schema(schema: Any, keywords: Mapping[str, Keyword], formats: Mapping[str, Callable[[Any], bool]]) -> Check:
    if schema is True:
        return lambda value: True
    if schema is False:
        return lambda value: False
    checks: list[Check] = []
    for key, value in schema.items():
        if key in ANNOTATIONS or key in ("then", "else"):
            continue
        checks.append(_keyword(key, value, schema, keywords, formats))
    if len(checks) == 1:
        return checks[0]
    return lambda value: all(check(value) for check in checks)


def _keyword(key: str, arg: Any, schema: Mapping[str, Any], keywords: Mapping[str, Keyword], formats: Mapping[str, Callable[[Any], bool]]) -> Check:
    def sub(node: Any) -> Check:
        return compile_schema(node, keywords, formats)

    if key in keywords:
        func = keywords[key]
        return lambda value: next(func(None, arg, value, schema), None) is None
    if key == "type":
        tests = [_TYPES[t] for t in ([arg] if isinstance(arg, str) else arg)]
        return lambda value: any(t(value) for t in tests)
    if key == "enum":
        return lambda value: any(_same(value, option) for option in arg)
    if key == "const":
        return lambda value: _same(value, arg)
    if key == "pattern":
        search = re.compile(arg).search
        return lambda value: not isinstance(value, str) or search(value) is not None
    if key == "format":
        fmt = formats[arg]
        return lambda value: not isinstance(value, str) or fmt(value)
    if key in ("minLength", "maxLength"):
        limit = arg
        return (lambda v: not isinstance(v, str) or len(v) >= limit) if key == "minLength" else (lambda v: not isinstance(v, str) or len(v) <= limit)
    if key in ("minItems", "maxItems"):
        limit = arg
        return (lambda v: not isinstance(v, list) or len(v) >= limit) if key == "minItems" else (lambda v: not isinstance(v, list) or len(v) <= limit)
    if key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        compare: Callable[[Any], bool] = {
            "minimum": lambda v: v >= arg,
            "maximum": lambda v: v <= arg,
            "exclusiveMinimum": lambda v: v > arg,
            "exclusiveMaximum": lambda v: v < arg,
        }[key]
        return lambda v: not _TYPES["number"](v) or compare(v)
    if key == "not":
        inner = sub(arg)
        return lambda value: not inner(value)
    if key == "allOf":
        parts = [sub(node) for node in arg]
        return lambda value: all(part(value) for part in parts)
    if key == "if":
        condition = sub(arg)
        then = sub(schema.get("then", True))
        otherwise = sub(schema.get("else", True))
        return lambda value: then(value) if condition(value) else otherwise(value)
    if key == "required":
        names = list(arg)
        return lambda value: not isinstance(value, dict) or all(name in value for name in names)
    if key == "properties":
        props = {name: sub(node) for name, node in arg.items()}
        return lambda value: not isinstance(value, dict) or all(check(value[name]) for name, check in props.items() if name in value)
    if key == "additionalProperties":
        if arg is not False:
            raise NotImplementedError("additionalProperties other than false")
        allowed = set(schema.get("properties", {}))
        return lambda value: not isinstance(value, dict) or all(name in allowed for name in value)
    if key == "items":
        each = sub(arg)
        return lambda value: not isinstance(value, list) or all(each(item) for item in value)
    raise NotImplementedError(f"keyword {key!r} is not compiled by fastcheck")
