"""The item bank's own problem codes: stable, kebab-case, with Chinese titles.

A bank is also read by the strict YAML loader, so the loader's codes
(``yaml-syntax``, ``duplicate-key``, ...) and the generic structure codes
(``required``, ``unknown-key``, ``type``, ``too-few``) can appear in a check too;
they keep the meaning they have for specs and are listed in the spec catalogue.

List the codes with ``python -m generator.itembank.codes [--format text|json|markdown]``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

from ..problems import LOADER_CODES, STRUCTURE_CODES, Code, Severity

GROUP = "题库"
WARNING = Severity.WARNING

ITEMBANK_CODES: tuple[Code, ...] = (
    Code("bank-file-missing", "缺少题库文件", "题库目录中应有 bank.yaml（题库信息）、blueprint.yaml（鉴定要素细目表）和 items/ 下至少一道试题。", group=GROUP),
    Code(
        "confidential-header",
        "缺少保密标记",
        "题库中的每个文件都以保密标记行开头（含 CONFIDENTIAL-ITEMBANK）。网站构建凭这个标记拒绝题库文件；删掉它，文件误放进 specs/ 或 docs/ 时就可能被公开。",
        failing="name: 熬制牛肉清汤",
        passing="# 保密：题库文件，不得公开 CONFIDENTIAL-ITEMBANK\nname: 熬制牛肉清汤",
        group=GROUP,
    ),
    Code(
        "placeholder",
        "尚未填写",
        "“【待填写：……】”是 scaffold 留给命题人的占位文字，全部替换为实际内容后题库才能使用。",
        failing='criteria: "【待填写：评分标准】"',
        passing="criteria: 面条粗细不均匀扣3分，断条一处扣1分，扣完为止",
        group=GROUP,
    ),
    Code(
        "code-invalid",
        "代码格式错误",
        "鉴定范围代码是大写字母（A、B……），鉴定点代码是所属鉴定范围的代码加两位序号（A01、A02……）。代码由 scaffold 分配，请勿修改。",
        group=GROUP,
    ),
    Code("code-duplicate", "代码重复", "同一个鉴定范围或鉴定点代码只能出现一次。", group=GROUP),
    Code(
        "marks-range-sum",
        "鉴定范围配分之和与比重不符",
        "每个鉴定范围（工作任务）中各鉴定点的配分之和必须等于该工作任务的考核比重（百分制下即比重数）。配分只能是整数。",
        group=GROUP,
    ),
    Code("marks-total", "总配分不是满分", "细目表中全部鉴定点的配分之和必须等于规范的满分（百分制为 100 分）。", group=GROUP),
    Code("point-uncovered", "鉴定点没有试题覆盖", "细目表中的每个鉴定点都必须出现在至少一道试题的评分记录表中，否则这一项能力无法考核。", group=GROUP),
    Code("item-unknown-range", "试题的鉴定范围不存在", "试题 ranges 中的代码必须是细目表中的鉴定范围代码。", group=GROUP),
    Code("item-unknown-point", "评分记录表引用了不存在的鉴定点", "评分记录表每一行的 point 必须是细目表中的鉴定点代码。", group=GROUP),
    Code("item-point-missing", "试题缺少鉴定点", "试题考核一个鉴定范围，就要在评分记录表中为该范围的每个鉴定点至少写一行评分要素。", group=GROUP),
    Code(
        "item-point-foreign",
        "评分行不属于本题的鉴定范围",
        "评分记录表中的鉴定点必须属于本题 ranges 列出的鉴定范围；需要时请把该鉴定范围加进 ranges。",
        group=GROUP,
    ),
    Code(
        "item-marks-mismatch",
        "试题配分与细目表不符",
        "一个鉴定点可以拆成几行评分要素，但同一道试题中这几行的配分之和必须等于细目表中该鉴定点的配分。",
        group=GROUP,
    ),
    Code(
        "signatures-incomplete",
        "签名栏不全",
        "川人社职鉴〔2020〕5号二（八）：由三名考评人员对同一考生进行考核评定并签字，核分员核查无误后签字。评分记录表须有三名考评员、评分人和核分人的签名栏。",
        group=GROUP,
    ),
    Code("spec-not-found", "找不到规范文件", "bank.yaml 中记录的规范文件不存在。请用 --spec 指定规范文件，或重新运行 scaffold 记录新的路径。", group=GROUP),
    Code("spec-invalid", "规范未通过校验", "题库所依据的规范有错误，无法与题库比较。请先用 python -m generator validate 修正规范。", group=GROUP),
    Code("spec-other", "规范与题库不对应", "题库是为另一份规范生成的（bank.yaml 中的 spec.id 与规范文件名不同）。", group=GROUP),
    Code(
        "spec-version-changed",
        "规范版本已改变",
        "规范的版本号与生成题库时不同，但考核内容没有变化。重新运行 scaffold 即可记录新版本。",
        severity=WARNING,
        group=GROUP,
    ),
    Code("spec-task-added", "规范新增了工作任务", "规范中有细目表里没有的工作任务。重新运行 scaffold，会加入新的鉴定范围和试题。", group=GROUP),
    Code(
        "spec-task-removed",
        "规范删除了工作任务",
        "细目表中的鉴定范围在规范中已不存在（或工作任务改了名称）。请确认后删除该鉴定范围和相关试题；改名的任务由 scaffold 作为新任务加入。",
        group=GROUP,
    ),
    Code(
        "spec-task-reweighted",
        "工作任务比重已改变",
        "规范中该工作任务的考核比重与细目表记录的不同。请把细目表中的 weight 改为新比重，并重新分配配分。",
        group=GROUP,
    ),
    Code("spec-practice-added", "规范新增了操作规范", "规范中该工作任务有细目表里没有的操作规范。重新运行 scaffold，会加入新的鉴定点和评分行。", group=GROUP),
    Code(
        "spec-practice-removed",
        "规范删除了操作规范",
        "细目表中的鉴定点在规范中已不存在（或文字有改动）。请确认后删除该鉴定点和试题中的相关评分行，并重新分配配分。",
        group=GROUP,
    ),
)

# Codes of the spec validator that a bank check can also report.
SHARED_CODES: tuple[str, ...] = (*(c.code for c in LOADER_CODES if c.code != "file-name"), "required", "unknown-key", "type", "too-few")


def catalogue() -> dict[str, Code]:
    """Every code ``itembank check`` can report: its own, then the shared ones."""
    shared = {c.code: c for c in (*LOADER_CODES, *STRUCTURE_CODES) if c.code in SHARED_CODES}
    return {**{c.code: c for c in ITEMBANK_CODES}, **shared}


def markdown_table() -> str:
    rows = ["| 代码 | 级别 | 含义 |", "|---|---|---|"]
    for code in catalogue().values():
        level = "警告" if code.severity is WARNING else "错误"
        rows.append(f"| `{code.code}` | {level} | {code.title}：{code.explanation.replace('|', '｜')} |")
    return "\n".join(rows) + "\n"


def as_text() -> str:
    return "".join(f"{c.code:24} {c.severity.value:8} {c.title}\n" for c in catalogue().values())


def as_json() -> str:
    data = [{"code": c.code, "title": c.title, "severity": c.severity.value, "group": c.group, "explanation": c.explanation} for c in catalogue().values()]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    formats = {"text": as_text, "json": as_json, "markdown": markdown_table}
    fmt = args[1] if len(args) == 2 and args[0] == "--format" else "text" if not args else None
    if fmt not in formats:
        sys.stderr.write("用法：python -m generator.itembank.codes [--format text|json|markdown]\n")
        return 2
    sys.stdout.write(formats[fmt]())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
