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
            group=_group(code, rule),
        )
    return codes


def _group(code: str, rule: dict[str, object]) -> str:
    if code.startswith("list-") or code in ("entry-unknown", "spec-unknown"):
        return "目录"
    return "编写要求" if rule.get("x-waivable") else "结构"


def markdown_table() -> str:
    """The error-code table of the README, generated so it cannot drift."""
    order = {"文件": 0, "YAML": 1, "结构": 2, "编写要求": 3, "豁免": 4, "目录": 5, "保密": 6}
    rows = ["| 代码 | 级别 | 可豁免 | 含义 |", "|---|---|---|---|"]
    for code in sorted(catalogue().values(), key=lambda c: (order.get(c.group, 9), c.code)):
        level = {"error": "错误", "warning": "警告", "note": "说明"}[code.severity.value]
        waivable = "是" if code.waivable else "否"
        rows.append(f"| `{code.code}` | {level} | {waivable} | {code.title}：{code.explanation.replace('|', '｜')} |")
    return "\n".join(rows) + "\n"
