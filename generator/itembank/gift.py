"""Export a bank's items to Moodle GIFT, for training on a learning platform.

Each item becomes an essay question: the paper (试题内容, 准备通知单, 操作程序,
考核时限) is the question text, the 评分记录表 is the general feedback that
learners see after answering. Text is in GIFT's [html] format: HTML-escaped
first, then GIFT-escaped.

GIFT escaping follows Moodle's own exporter (question/format/gift/format.php,
``repchar``): a backslash before ``\\ ~ = # { } :``, newlines as ``\\n``. Each
question sits on one line, so no line can start with the ``//`` of a comment;
questions are separated by a blank line.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..validation import ITEMBANK_MARKER
from .bank import Bank

GIFT_SPECIAL = ("\\", "~", "=", "#", "{", "}", ":")
KINDS = (("materials", "材料"), ("equipment", "设备"), ("tools", "工具"))


def escape(text: str) -> str:
    """GIFT-escape one piece of text (as Moodle's exporter does)."""
    for char in GIFT_SPECIAL:
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def export_gift(bank: Bank) -> str:
    assert bank.manifest is not None
    manifest = bank.manifest
    lines = [
        f"// 保密：题库导出文件，不得公开 {ITEMBANK_MARKER.decode()}",
        f"// 《{manifest.spec_name}专项职业能力考核规范》（{manifest.version} 版）操作技能试题，由 python -m generator itembank export 导出（Moodle GIFT 格式）。",
        "// 每道试题导入为论述题（essay）：试卷内容在题干中，评分记录表在通用反馈中。",
        "",
        f"$CATEGORY: {manifest.spec_name}",
        "",
    ]
    for item in bank.items:
        assert item.file.document is not None
        name = f"{manifest.spec_name} {item.file.path.stem} {item.name}"
        lines += [question(name, item.file.document.data), ""]
    return "\n".join(lines)


def question(name: str, data: Mapping[str, Any]) -> str:
    return f"::{escape(name)}::[html]{escape(paper_html(data))}{{####{escape(scoring_html(data))}}}"


def paper_html(data: Mapping[str, Any]) -> str:
    prep, proc, time = data["preparation"], data["procedure"], data["time"]
    parts = [f"<p><strong>试题内容</strong>：{_e(data['task'])}</p>", "<p><strong>一、考核准备</strong></p>"]
    for key, title in KINDS:
        if prep[key]:
            parts.append(f"<p>{title}：</p>{_list((_equipment(e) for e in prep[key]), 'ul')}")
    parts += ["<p><strong>二、操作程序规定及说明</strong></p>", f"<p>操作程序：</p>{_list(proc['steps'], 'ol')}"]
    if proc["rules"]:
        parts.append(f"<p>考核规定及说明：</p>{_list(proc['rules'], 'ol')}")
    parts.append(f"<p>考核方式说明：{_e(proc['method'])}</p>")
    if proc.get("measurement"):
        parts.append(f"<p>测量技能说明：{_e(proc['measurement'])}</p>")
    parts.append(
        f"<p><strong>三、考核时限</strong>：准备时间 {_e(time['preparation'])} 分钟（不计入考核时间），正常操作时间 {_e(time['operation'])} 分钟。{_e(time['overtime'])}</p>"
    )
    return "".join(parts)


def scoring_html(data: Mapping[str, Any]) -> str:
    rows = data["scoring"]
    total = sum(r["marks"] for r in rows)
    head = "".join(f"<th>{h}</th>" for h in ("序号", "考核内容", "评分要素", "配分", "评分标准", "备注"))
    body = "".join(
        "<tr>" + "".join(f"<td>{_e(v)}</td>" for v in (n, r["content"], r["element"], r["marks"], r["criteria"], r.get("note") or "")) + "</tr>"
        for n, r in zip(_serials(rows), rows, strict=True)
    )
    return f"<p><strong>评分记录表</strong>（本题 {total} 分）</p><table><tr>{head}</tr>{body}</table>"


def _serials(rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """序号 as on a real sheet: rows of the same 考核内容 share one number."""
    out: list[int] = []
    for i, row in enumerate(rows):
        same = i > 0 and row["content"] == rows[i - 1]["content"]
        out.append(out[-1] if same else (out[-1] + 1 if out else 1))
    return out


def _equipment(item: Mapping[str, Any]) -> str:
    spec = f"（{item['spec']}）" if item.get("spec") else ""
    amount = f" {item.get('quantity')}{item.get('unit') or ''}" if item.get("quantity") not in (None, "") else ""
    note = f"，{item['note']}" if item.get("note") else ""
    return f"{item['name']}{spec}{amount}{note}"


def _list(items: Iterable[Any], tag: str) -> str:
    return f"<{tag}>" + "".join(f"<li>{_e(i)}</li>" for i in items) + f"</{tag}>"


def _e(value: Any) -> str:
    return html.escape(str(value), quote=False)
