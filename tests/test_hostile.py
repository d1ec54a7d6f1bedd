"""Hostile input that the example corpus cannot hold as small files: huge files,
devices, names Windows cannot check out, hostile text in every text field, and
problems that need two files. Each gives its code at its line, never a traceback,
in bounded time and memory."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.loading import MAX_BYTES, load_yaml
from generator.problems import Problem, Severity
from generator.validation import validate

from .helpers import MINIMAL, ROOT, load_minimal
from .yaml_writer import Path_, dump

# -- bounded time and memory -------------------------------------------------------

MEMORY = 1024**3  # bytes of address space
CPU_SECONDS = 20


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def run_cli(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """The real command in a process of its own, under hard limits of memory and CPU
    (the kernel ends it if it goes over); the timeout only guards against a hang."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd,
        preexec_fn=_limits,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )


def _fifty_megabytes(path: Path) -> None:
    """A spec whose knowledge list goes on for 50 MB: readable YAML, absurd size."""
    item = "      - 面粉的种类、筋度与吸水率知识\n".encode()
    with path.open("wb") as handle:
        handle.write(MINIMAL.read_bytes().replace("    knowledge: [面粉知识]\n".encode(), b"    knowledge:\n"))
        handle.write(item * (50 * 1024**2 // len(item) + 1))


def _nested_brackets(path: Path) -> None:
    path.write_text("name: " + "[" * (MAX_BYTES - 10), encoding="utf-8")


def _alias_flood(path: Path) -> None:
    path.write_text("a: &a 面条\nb: [" + "*a, " * ((MAX_BYTES - 20) // 4) + "]\n", encoding="utf-8")


def _one_long_name(path: Path) -> None:
    path.write_text("name: " + "面" * ((MAX_BYTES - 10) // 3) + "\n", encoding="utf-8")


BIG_INPUTS: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifty-megabytes": (_fifty_megabytes, "file-too-large"),
    "a-megabyte-of-open-brackets": (_nested_brackets, "too-deep"),
    "a-megabyte-of-aliases": (_alias_flood, "yaml-alias"),
    "a-megabyte-long-name": (_one_long_name, "text-too-long"),
}


@pytest.mark.parametrize("name", sorted(BIG_INPUTS))
def test_big_input_fails_cleanly_within_limits(name: str, tmp_path: Path) -> None:
    make, code = BIG_INPUTS[name]
    path = tmp_path / "big-input.yaml"
    make(path)
    done = run_cli("validate", path)
    assert done.returncode == 1, done.stderr
    assert f" {code} " in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_endless_device_is_refused_not_read_forever() -> None:
    # its size says 0; reading it whole would exhaust memory
    done = run_cli("validate", "/dev/zero")
    assert done.returncode == 1, done.stderr
    assert " file-unreadable " in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    done = run_cli("validate", str(fifo))
    assert done.returncode == 1, done.stderr
    assert " file-unreadable " in done.stdout


def test_a_broken_symlink_in_a_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "missing.yaml")
    done = run_cli("validate", str(tmp_path))
    assert done.returncode == 1, done.stderr
    assert "gone.yaml:1:1: error file-unreadable" in done.stdout


def test_unreadable_path_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    document, problems = load_yaml(tmp_path)  # a folder: stat works, reading fails
    assert document is None
    assert [(p.code, p.line, p.column) for p in problems] == [("file-unreadable", 1, 1)]


# -- file names that cannot be committed ------------------------------------------------


@pytest.mark.parametrize("stem", ["con", "nul", "aux", "prn", "com1", "lpt9"])
def test_windows_device_names_are_reserved(stem: str, tmp_path: Path) -> None:
    # made at test time: a file named con.yaml breaks every Windows checkout
    path = tmp_path / f"{stem}.yaml"
    path.write_bytes(MINIMAL.read_bytes())
    problems = validate([path], specs_dir=ROOT / "specs").problems
    assert [(p.code, p.line) for p in problems] == [("file-name", 1)]


# -- problems that need two files ---------------------------------------------------


def _with_entry(number: str, *, variant: bool = False) -> str:
    text = MINIMAL.read_text(encoding="utf-8")
    if variant:
        claim = f'variants:\n  - name: 手工面条制作\n    entry: {{list: sc2020-filed, number: "{number}"}}\n'
    else:
        claim = f'entry:\n  list: sc2020-filed\n  number: "{number}"\n'
    return text.replace("sample: true\n", "sample: true\n" + claim)


@pytest.mark.parametrize("variant", [False, True], ids=["entry", "variant-entry"])
def test_entry_claimed_twice_is_taken(variant: bool, tmp_path: Path) -> None:
    first, second = tmp_path / "noodle-a.yaml", tmp_path / "noodle-b.yaml"
    first.write_text(_with_entry("47"), encoding="utf-8")
    second.write_text(_with_entry("47", variant=variant), encoding="utf-8")
    problems = validate([first, second], specs_dir=ROOT / "specs").problems
    line = 7 if not variant else 9  # the line of entry: (the spec's, or the variant's)
    assert [(p.code, Path(p.file).name, p.line) for p in problems] == [("entry-taken", "noodle-b.yaml", line)]


# -- misspelled keys get a suggestion -------------------------------------------------

MISSPELLED = [
    ((), "nmae", "name"),
    ((), "stauts", "status"),
    ((), "defintion", "definition"),
    ((), "requirments", "requirements"),
    ((), "occupaton", "occupation"),
    ((), "能力名称", "name"),
    ((), "适用对象", "audience"),
    (("tasks", 0), "titel", "title"),
    (("tasks", 0), "practises", "practices"),
    (("tasks", 0), "knowlege", "knowledge"),
    (("tasks", 0), "考核比重", "weight"),
    (("requirements",), "eligibilty", "eligibility"),
    (("requirements",), "assesors", "assessors"),
    (("requirements", "method"), "minuts", "minutes"),
]


def _at(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def _rename(mapping: dict[str, Any], old: str, new: str) -> None:
    items = [(new if key == old else key, value) for key, value in mapping.items()]
    mapping.clear()
    mapping.update(items)


@pytest.mark.parametrize(("where", "typo", "intended"), MISSPELLED, ids=[m[1] for m in MISSPELLED])
def test_misspelled_key_names_the_intended_key(where: Path_, typo: str, intended: str, tmp_path: Path) -> None:
    spec = load_minimal()
    _rename(_at(spec, where), intended, typo)
    text, lines = dump(spec)
    path = tmp_path / "noodle.yaml"
    path.write_text(text, encoding="utf-8")
    unknown = [p for p in validate([path], specs_dir=ROOT / "specs").problems if p.code == "unknown-key"]
    assert [(p.line, p.path) for p in unknown] == [(lines[(*where, typo)], (*where, typo))]
    assert f"“{intended}”" in unknown[0].message  # the suggestion: the key itself, not prose


# -- hostile text in every text field ---------------------------------------------------

ESCAPE = "QQESCAPEQQ"  # stands for an escape written into the YAML text, replaced after dumping
PAYLOADS: dict[str, tuple[str, str, str]] = {  # name: (appended text, code, code in an ability name)
    "script-tag": ("<script>alert(1)</script>", "text-markup", "name-charset"),
    "html-bold": ("<b>粗体</b>", "text-markup", "name-charset"),
    "img-onerror": ('<img src=x onerror="alert(1)">', "text-markup", "name-charset"),
    "markdown-javascript-link": ("[详见](javascript:alert(1))", "text-markup", "name-charset"),
    "jinja-expression": ("{{ config }}", "text-markup", "name-charset"),
    "jinja-statement": ("{% include 'x' %}", "text-markup", "name-charset"),
    "zero-width-space": ("\u200b", "invisible-char", "invisible-char"),
    "right-to-left-override": ("\u202e", "invisible-char", "invisible-char"),
    "vertical-tab": ("\x0b", "control-char", "control-char"),
    "noncharacter-ffff": ("\uffff", "control-char", "control-char"),
    "escaped-zero-width-joiner": (ESCAPE + "\\u200d", "invisible-char", "invisible-char"),
    "escaped-bell": (ESCAPE + "\\a", "control-char", "control-char"),
}

NOT_TEXT = {"status", "version", "date", "url", "completeness", "kind", "rule", "list", "number", "batch", "id", "level", "parent"}
ABILITY_NAMES = {("name",), ("variants", 0, "name"), ("entries", 0, "name"), ("entries", 1, "name")}


def _spec_with_every_text_field() -> dict[str, Any]:
    spec = load_minimal()
    spec.update(name="手工面条", sample=False)
    spec["source"] = {
        "title": "面条制作考核规范",
        "publisher": "某市职业技能鉴定中心",
        "url": "https://example.org/a",
        "completeness": "partial",
        "note": "缺第三部分",
    }
    spec["variants"] = [{"name": "手工面条制作", "note": "另需压面机"}]
    spec["requirements"]["venue"]["equipment"] = [{"kind": "tool", "name": "案板", "spec": "1米", "quantity": 1, "unit": "块", "note": "每考位"}]
    spec["history"] = [{"version": "0.1", "date": "2024-05-01", "changes": "首次发布"}]
    spec["waivers"] = [{"rule": "name-form", "reason": "官方文本名称如此"}]
    return spec


def _list_with_every_text_field() -> dict[str, Any]:
    document = {"number": "威人社字〔2021〕5号", "title": "测试文件", "authority": "威海市人力资源和社会保障局", "annex": "附件1"}
    return {
        "title": "测试目录（2项）",
        "short_title": "测试目录",
        "level": "city",
        "region": "威海市",
        "authority": "威海市人力资源和社会保障局",
        "document": document,
        "obtain": "向威海市职业技能鉴定中心索取",
        "declared_count": 2,
        "batches": [{"id": "1", "title": "第一批（2项）", "declared_count": 2}],
        "entries": [
            {"number": "1", "batch": "1", "name": "服装缝纫", "printed": "《服装缝纫专项职业能力考核规范》"},
            {"number": "2", "batch": "1", "name": "面包", "waivers": [{"rule": "name-form", "reason": "目录原文如此"}]},
        ],
    }


BASES = {"spec": ("noodle.yaml", _spec_with_every_text_field), "list": ("lists/test-list.yaml", _list_with_every_text_field)}


def _text_fields(data: Any, path: Path_ = ()) -> Iterator[Path_]:
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        if isinstance(value, (dict, list)):
            yield from _text_fields(value, (*path, key))
        elif isinstance(value, str) and key not in NOT_TEXT:
            yield (*path, key)


def _check(folder: Path, name: str, data: Any) -> tuple[list[Problem], dict[Path_, int]]:
    text, lines = dump(data)
    text = text.replace(ESCAPE + "\\\\", "\\")  # the writer doubled the escape's backslash
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return validate([path], specs_dir=folder, lists_dir=folder / "no-lists").problems, lines


@pytest.mark.parametrize("kind", sorted(BASES))
def test_bases_with_every_text_field_are_valid(kind: str, tmp_path: Path) -> None:
    name, make = BASES[kind]
    problems, _ = _check(tmp_path, name, make())
    assert [p for p in problems if p.severity is not Severity.NOTE] == []
    assert len(list(_text_fields(make()))) >= (20 if kind == "spec" else 12)


@pytest.mark.parametrize("payload", sorted(PAYLOADS))
@pytest.mark.parametrize("kind", sorted(BASES))
def test_hostile_text_in_every_text_field_is_reported_on_its_line(kind: str, payload: str, tmp_path: Path) -> None:
    name, make = BASES[kind]
    text, code, name_code = PAYLOADS[payload]
    missed = []
    for field in _text_fields(make()):
        data = make()
        _at(data, field[:-1])[field[-1]] += text
        problems, lines = _check(tmp_path, name, data)
        expected = (name_code if field in ABILITY_NAMES else code, lines[field])
        if expected not in {(p.code, p.line) for p in problems if p.severity is Severity.ERROR}:
            missed.append((field, expected))
    assert missed == []


def test_a_file_with_thousands_of_problems_stops_at_the_cap(tmp_path: Path) -> None:
    from generator.validation import MAX_PROBLEMS_PER_FILE

    path = tmp_path / "broken.yaml"
    path.write_text("tasks:\n" + "  - {}\n" * 5000, encoding="utf-8")
    done = run_cli("validate", str(path))
    assert done.returncode == 1, done.stderr
    lines = [line for line in done.stdout.splitlines() if ": error " in line]
    assert lines[-1].split()[2] == "too-many-problems"
    assert len(lines) <= MAX_PROBLEMS_PER_FILE + 1
