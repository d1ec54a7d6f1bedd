"""The rule catalogue: every problem code, its meaning and its examples.

Writing rules come from the schemas (subschemas with ``x-code``); the codes of
loading and structure come from ``generator.problems``. The authoring guide,
the README's error table and the waiver checks all read this one catalogue.
"""

from __future__ import annotations

from functools import cache

from .problems import Code, Severity, builtin_codes
from .schemas import rule_definitions


@cache
def catalogue() -> dict[str, Code]:
    codes = dict(builtin_codes())
    for code, rule in rule_definitions().items():
        examples = rule.get("x-examples", {})
        codes[code] = Code(
            code=code,
            title=rule.get("title", code),
            explanation=rule.get("description", ""),
            severity=Severity(rule.get("x-severity", "error")),
            waivable=bool(rule.get("x-waivable", False)),
            failing=examples.get("fail", ""),
            passing=examples.get("pass", ""),
            remove=tuple(examples.get("remove", ())),
            group="编写要求" if rule.get("x-waivable") else "结构",
        )
    return codes
