"""`itembank export`: Moodle GIFT, read back the way Moodle reads it.

``read_gift`` follows Moodle's importer (question/format/gift/format.php:
readquestion, escapedchar_pre/post): blank lines separate questions, lines
starting with // are comments, ``::name::``, ``[format]``, the answer between
the first unescaped braces, general feedback after ``####``; an empty answer
makes an essay question.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.itembank.gift import escape
from generator.validation import ITEMBANK_MARKER

from .itembank_support import load, run
from .test_itembank_check import EXAMPLES

ESCAPES = {"\\:": "&&058;", "\\#": "&&035;", "\\=": "&&061;", "\\{": "&&123;", "\\}": "&&125;", "\\~": "&&126;", "\\n": "&&010"}
CHARS = {"&&058;": ":", "&&035;": "#", "&&061;": "=", "&&123;": "{", "&&125;": "}", "&&126;": "~", "&&010": "\n"}


def _pre(text: str) -> str:
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder in ESCAPES.items():
        text = text.replace(escaped, placeholder)
    return text.replace("&&092;", "\\")


def _post(text: str) -> str:
    for placeholder, char in CHARS.items():
        text = text.replace(placeholder, char)
    return text


def read_gift(source: str) -> list[dict[str, Any]]:
    questions = []
    for block in _blocks(source):
        text = _pre("\n".join(" " if line.strip().startswith("//") else line for line in block).strip())
        if not text:
            continue
        if text.startswith("$CATEGORY:"):
            questions.append({"type": "category", "name": text[10:].strip()})
            continue
        assert text.startswith("::")
        name, _, text = text[2:].partition("::")
        start, end = text.find("{"), text.find("}")
        assert 0 <= start < end == len(text) - 1, "answer braces must close the question"
        answer, _, feedback = text[start + 1 : end].strip().rpartition("####") if "####" in text else (text[start + 1 : end].strip(), "", "")
        body, fmt = _format(text[:start])
        questions.append(
            {
                "type": "essay" if not answer.strip() else "other",
                "name": _post(name),
                "format": fmt,
                "text": _post(body).strip(),
                "feedback": _post(feedback).strip(),
            }
        )
    return questions


def _blocks(source: str) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in source.split("\n"):
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _format(text: str) -> tuple[str, str]:
    text = text.strip()
    if text.startswith("["):
        fmt, _, rest = text[1:].partition("]")
        return rest, fmt
    return text, "moodle"


@pytest.mark.parametrize(
    ("char", "escaped"), [("~", "\\~"), ("=", "\\="), ("#", "\\#"), ("{", "\\{"), ("}", "\\}"), (":", "\\:"), ("\\", "\\\\"), ("\n", "\\n"), ("\r", "")]
)
def test_each_special_character_is_escaped(char: str, escaped: str) -> None:
    assert escape(f"a{char}b") == f"a{escaped}b"


@given(st.text(max_size=60))
def test_escaped_text_reads_back_as_written(text: str) -> None:
    """Through the export's own pipeline: HTML-escape, then GIFT-escape."""
    escaped = escape(html.escape(text, quote=False))
    assert "\n" not in escaped
    assert not any(c in _pre(escaped) for c in "~=#{}:")
    assert _post(_pre(escaped)) == html.escape(text, quote=False).replace("\r", "")


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES / "base", tmp_path / "tree")
    return tmp_path / "tree" / "bank"


def test_export_reads_back_as_one_essay_per_item(bank: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    item = bank / "items" / "item-02.yaml"
    tricky = "比例 1:1 {重要} #1 = ~ \\ <b>&"
    item.write_text(item.read_text(encoding="utf-8").replace("criteria: 面条夹生或软烂扣 10 分", f"criteria: '{tricky}'"), encoding="utf-8")
    out = tmp_path / "out" / "bank.gift"
    code, stdout, _ = run(capsys, "itembank", "export", str(bank), "--out", str(out))
    assert code == 0 and stdout
    data = out.read_bytes()
    assert ITEMBANK_MARKER in data[:1024]
    questions = read_gift(data.decode("utf-8"))
    items = [load(p) for p in sorted((bank / "items").glob("*.yaml"))]
    assert questions[0] == {"type": "category", "name": "面条制作"}
    assert [q["type"] for q in questions[1:]] == ["essay"] * len(items)
    for question, data_ in zip(questions[1:], items, strict=True):
        assert question["format"] == "html" and data_["name"] in question["name"]
        assert html.escape(data_["task"], quote=False) in question["text"]
        for row in data_["scoring"]:
            assert html.escape(row["criteria"], quote=False) in question["feedback"]
    assert html.escape(tricky, quote=False) in questions[2]["feedback"]


def test_export_refuses_an_unfinished_bank(bank: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    item = bank / "items" / "item-01.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("criteria: 称量误差超过 10 克扣 5 分", 'criteria: "【待填写：评分标准】"'), encoding="utf-8")
    code, _, err = run(capsys, "itembank", "export", str(bank), "--out", str(tmp_path / "bank.gift"))
    assert code == 1 and " placeholder " in err
    assert not (tmp_path / "bank.gift").exists()


def test_export_does_not_need_the_spec(bank: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (bank.parent / "noodles.yaml").unlink()
    assert run(capsys, "itembank", "export", str(bank), "--out", str(tmp_path / "bank.gift"))[0] == 0


@pytest.mark.parametrize("folder", ["specs", "docs"])
def test_export_refuses_the_sites_sources(folder: str, bank: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / folder).mkdir()
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "itembank", "export", str(bank), "--out", f"{folder}/bank.gift")
    assert code == 2 and err
    assert list((tmp_path / folder).iterdir()) == []
