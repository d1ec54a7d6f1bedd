"""Small helpers shared by tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.problems import Problem, Severity
from generator.validation import validate

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "examples" / "valid" / "minimal.yaml"


def load_minimal() -> dict[str, Any]:
    return yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))


def merge(base: Any, patch: Any) -> Any:
    """Deep-merge mappings; anything else in the patch replaces the base."""
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for key, value in patch.items():
            out[key] = merge(base.get(key), value) if key in base else value
        return out
    return patch


def remove(data: dict[str, Any], dotted: str) -> None:
    *parents, last = dotted.split(".")
    node = data
    for key in parents:
        node = node[key]
    del node[last]


def write_yaml(path: Path, data: Any) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[Problem]:
    return validate([path], specs_dir=ROOT / "specs").problems


def codes(problems: list[Problem], *, notes: bool = False) -> set[str]:
    return {p.code for p in problems if notes or p.severity is not Severity.NOTE}


def make_project(tmp: Path, *, specs: Path | None = None) -> Path:
    """A throwaway project tree for a full build: its own specs/ (a copy),
    docs/generated/ and site/; everything else is linked to the repository.
    Builds in tests never touch the real site/ or docs/generated/."""
    import shutil

    root = tmp / "project"
    root.mkdir()
    shutil.copytree(specs or ROOT / "specs", root / "specs")
    (root / "docs").mkdir()
    for item in (ROOT / "docs").iterdir():
        if item.name != "generated":
            (root / "docs" / item.name).symlink_to(item)
    for name in ("schema", "generator", "mkdocs.yml"):
        if (ROOT / name).exists():
            (root / name).symlink_to(ROOT / name)
    return root


PLACES = ("成都", "绵阳", "乐山", "宜宾", "泸州", "南充", "达州", "雅安", "武汉", "襄阳", "宜昌", "荆州")


def small_specs(tmp: Path, extra: int = 0) -> Path:
    """A specs folder for builds the tests change: the lists, two unlisted
    specs (noodle-a, bun-b) and ``extra`` more unlisted specs (extra-N)."""
    specs = tmp / "specs-src"
    (specs / "lists").mkdir(parents=True)
    for lst in (ROOT / "specs" / "lists").glob("*.yaml"):
        (specs / "lists" / lst.name).write_bytes(lst.read_bytes())
    write_yaml(specs / "noodle-a.yaml", load_minimal())
    write_yaml(specs / "bun-b.yaml", merge(load_minimal(), {"name": "馒头制作", "definition": "运用和面机和蒸笼，将面粉制成馒头的能力。"}))
    for i in range(extra):
        write_yaml(specs / f"extra-{i}.yaml", merge(load_minimal(), {"name": f"{PLACES[i % len(PLACES)]}第{i}号面条制作"}))
    return specs
