"""Problems as values: one type, stable codes, Chinese messages.

Codes for the rules of 《专项职业能力考核规范编写要求》 live in schema/*.json
(``x-code`` on the rule's subschema). The codes below are the ones the schema
cannot hold: how a file is read, how its YAML is shaped, and the generic
structural keywords of JSON Schema. Together they form the rule catalogue
(see ``generator.rules``), from which the README and the authoring guide are
generated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}


@dataclass(frozen=True)
class Problem:
    code: str
    severity: Severity
    file: str
    line: int
    column: int
    message: str
    path: tuple[str | int, ...] = ()

    @property
    def json_path(self) -> str:
        """JSON path in the form ``$.tasks[2].weight``."""
        out = "$"
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else f".{part}"
        return out

    def sort_key(self) -> tuple[Any, ...]:
        return (self.file, self.line, self.column, SEVERITY_ORDER[self.severity], self.code)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "path": self.json_path,
            "message": self.message,
        }


@dataclass(frozen=True)
class Code:
    """One entry of the code catalogue."""

    code: str
    title: str
    explanation: str
    severity: Severity = Severity.ERROR
    waivable: bool = False
    failing: str = ""
    passing: str = ""
    remove: tuple[str, ...] = ()  # dotted keys the failing example removes
    group: str = "结构"
    extra: dict[str, Any] = field(default_factory=dict)


# Codes raised while reading a file and turning its YAML into data. None of them
# can be waived: a file that cannot be read reliably cannot be published.
LOADER_CODES: tuple[Code, ...] = (
    Code(
        "file-unreadable",
        "文件无法读取",
        "文件不存在或没有读取权限。",
        group="文件",
    ),
    Code(
        "file-too-large",
        "文件过大",
        "单个规范文件不得超过 1 MB；正常的考核规范约 3–20 KB。",
        group="文件",
    ),
    Code(
        "file-name",
        "文件名不合规",
        "文件名就是规范的标识（id），必须是小写 ASCII 字母、数字和连字符，以 .yaml 结尾，如 lanzhou-beef-noodle.yaml；不得含中文、空格、大写字母或系统保留名。",
        failing="specs/兰州拉面.yaml",
        passing="specs/lanzhou-beef-noodle.yaml",
        group="文件",
    ),
    Code(
        "encoding",
        "文件不是 UTF-8 编码",
        "文件必须以 UTF-8 编码保存；GBK 等编码的文件在其他电脑上会变成乱码。",
        group="文件",
    ),
    Code(
        "bom",
        "文件以 BOM 开头",
        "请以“UTF-8（无 BOM）”保存文件。BOM 是不可见字符，会干扰 YAML 与编辑器的校验。",
        group="文件",
    ),
    Code(
        "control-char",
        "含有控制字符",
        "文本中不得含有控制字符（如 \\x00、\\x1b）或 XML 中非法的字符，它们无法打印，也会损坏 Word 文件。",
        group="文件",
    ),
    Code(
        "invisible-char",
        "含有不可见字符",
        "文本中不得含有零宽字符或文字方向控制字符（如 U+200B、U+202E），它们可以让页面显示的内容与实际内容不同。",
        group="文件",
    ),
    Code(
        "tab",
        "含有制表符",
        "YAML 只能用空格缩进；请把制表符（Tab）换成空格。",
        failing="tasks:\n\t- title: 原料选配",
        passing="tasks:\n  - title: 原料选配",
        group="YAML",
    ),
    Code(
        "yaml-syntax",
        "YAML 语法错误",
        "文件不是合法的 YAML，常见原因：缩进不一致、引号未闭合、冒号后缺少空格。",
        failing='name: "拉面制作',
        passing='name: "拉面制作"',
        group="YAML",
    ),
    Code(
        "duplicate-key",
        "键重复",
        "同一层级中同一个键只能出现一次；重复时后一个会悄悄覆盖前一个，因此一律视为错误。",
        failing="name: 拉面制作\nname: 面条制作",
        passing="name: 拉面制作",
        group="YAML",
    ),
    Code(
        "yaml-alias",
        "使用了锚点或别名",
        "规范文件不使用 YAML 锚点（&）和别名（*）：它们让同一段文字出现在多处，审阅时难以发现，也可被用来构造超大文档。",
        failing="knowledge: &k [食品安全知识]\nother: *k",
        passing="knowledge: [食品安全知识]",
        group="YAML",
    ),
    Code(
        "yaml-tag",
        "使用了 YAML 标签",
        "规范文件不使用显式标签（如 !!python/object、!!binary）。",
        failing="name: !!str 拉面制作",
        passing="name: 拉面制作",
        group="YAML",
    ),
    Code(
        "too-deep",
        "嵌套层级过深",
        "规范的结构最多嵌套 12 层；更深的结构不是考核规范。",
        group="YAML",
    ),
    Code(
        "multiple-documents",
        "一个文件中有多个 YAML 文档",
        "每个文件只写一份规范，不要使用 --- 分隔多个文档。",
        group="YAML",
    ),
    Code(
        "empty-file",
        "文件为空",
        "文件中没有任何内容。可用 python -m generator new 生成带注释的模板。",
        group="YAML",
    ),
    Code(
        "key-not-string",
        "键不是文本",
        "键必须是普通文本，如 name、tasks；不能是数字、列表或空值。",
        failing="1: 拉面制作",
        passing="name: 拉面制作",
        group="YAML",
    ),
)

# Generic structural codes, one per JSON Schema keyword family. Used when the
# failing part of the schema carries no x-code of its own.
STRUCTURE_CODES: tuple[Code, ...] = (
    Code(
        "required",
        "缺少必填项",
        "该项为必填项，不可省略。",
        failing="# 删去 requirements.method 中的 text",
        passing="requirements:\n  method: {text: 采用现场实际操作方式。, minutes: 120}",
        remove=("requirements.method.text",),
    ),
    Code(
        "unknown-key",
        "未知的键",
        "该处不允许这个键，多为拼写错误；错误信息会给出最接近的正确键名。",
        failing="nmae: 拉面制作",
        passing="name: 拉面制作",
    ),
    Code(
        "type",
        "类型错误",
        "值的类型不对，例如应写数字却写成了文本（“20%”），应为列表却写成单个值，或版本号没有加引号。",
        failing="version: 1.0",
        passing='version: "1.0"',
    ),
    Code("enum", "取值不在允许范围内", "只能取说明中列出的值。", failing="status: 有效", passing="status: current"),
    Code(
        "format",
        "格式错误",
        "值的书写格式不对，例如修订记录中的版本号应写成“主版本.次版本”，目录的批次编号只能是数字。",
        failing='history:\n  - {version: 第一版, date: "2024-05-01", changes: 首次发布}',
        passing='history:\n  - {version: "1.0", date: "2024-05-01", changes: 首次发布}',
    ),
    Code(
        "range",
        "数值超出范围",
        "数值超出允许的范围。",
        failing="requirements:\n  method: {text: 现场操作。, minutes: 0}",
        passing="requirements:\n  method: {text: 现场操作。, minutes: 120}",
    ),
    Code(
        "text-too-long",
        "文字过长",
        "文字超过该项允许的长度（如能力名称 40 字、条目 600 字）；请拆分成多条或精简表述。",
        failing="name: " + "拉面" * 21 + "制作",
        passing="name: 拉面制作",
    ),
    Code(
        "too-many",
        "条目过多",
        "列表条目超过允许的数量（如工作任务最多 30 项）。",
        failing="tasks:\n" + "".join(f"  - {{title: 工序{i}, weight: 3, practices: [操作], knowledge: [知识]}}\n" for i in range(31)),
        passing="tasks:\n  - {title: 和面, weight: 30, practices: [和面], knowledge: [面粉知识]}",
    ),
    Code(
        "too-few",
        "条目过少",
        "列表条目少于要求的数量（如细分项目至少 1 项）。",
        failing="variants: []",
        passing="variants:\n  - {name: 牛肉拉面制作}",
    ),
    Code(
        "too-many-problems",
        "问题过多",
        "一个文件的问题超过 200 个时，只列出前 200 个，其后以此代码结束；多半是整段结构写错了，修正后重新校验即可看到其余问题。",
    ),
    Code(
        "invalid",
        "不符合结构要求",
        "兜底代码：校验器遇到未单独归类的结构问题时使用，正常情况下不会出现；如遇到请报告。",
        failing="",
        passing="",
    ),
)

# Codes about waivers and references between files. Not waivable.
META_CODES: tuple[Code, ...] = (
    Code(
        "waiver-unknown-rule",
        "豁免了不存在的规则",
        "waivers 中的 rule 必须是规则目录中的代码。",
        failing="waivers:\n  - rule: name-verbs\n    reason: 原文如此",
        passing="waivers:\n  - rule: name-form\n    reason: 官方文本名称如此",
        group="豁免",
    ),
    Code(
        "waiver-not-allowed",
        "该规则不可豁免",
        "结构性规则（YAML 合法、必填项、类型等）不能豁免，只有编写要求中的规则可以。",
        failing="waivers:\n  - rule: required\n    reason: 不想写",
        passing="waivers:\n  - rule: task-count\n    reason: 官方文本只有两项工作任务",
        group="豁免",
    ),
    Code(
        "waiver-unused",
        "豁免未被使用",
        "该规范并未违反被豁免的规则，请删除这条豁免，以免日后掩盖真正的问题。",
        severity=Severity.WARNING,
        group="豁免",
    ),
    Code(
        "waiver-duplicate",
        "重复的豁免",
        "同一条规则只需豁免一次。",
        group="豁免",
    ),
    Code(
        "entry-taken",
        "目录条目已被其他规范占用",
        "一个目录条目只能对应一份规范全文。",
        group="目录",
    ),
    Code(
        "itembank-in-sources",
        "发现题库文件",
        "题库属于保密材料，不得放在 specs/ 或 docs/ 下；请保存在单独的私有仓库中。",
        group="保密",
    ),
)


def builtin_codes() -> dict[str, Code]:
    return {c.code: c for c in (*LOADER_CODES, *STRUCTURE_CODES, *META_CODES)}
