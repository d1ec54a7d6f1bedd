"""A bank on disk: its file layout, and a typed view of what the files hold.

    bank.yaml        题库信息: which spec (id, version, path), codes issued
    blueprint.yaml   鉴定要素细目表: 鉴定范围 (one per 工作任务) and 鉴定点
    items/*.yaml     practical items, one paper section each

Every file is read by the strict loader, so every value keeps its position.
A file that is malformed or has the wrong shape is reported and left out of
the typed view; the checks that need it are skipped rather than confused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..loading import Document, load_yaml
from ..problems import Problem, Severity
from ..validation import ITEMBANK_MARKER, display_path
from . import shapes

BANK_FILE = "bank.yaml"
BLUEPRINT_FILE = "blueprint.yaml"
ITEMS_DIR = "items"
HEADER = f"# 保密：题库文件，不得公开 {ITEMBANK_MARKER.decode()}"
FORMAT = 1
HEADER_BYTES = 1024  # what the site build and the spec loader look at

Path_ = tuple[str | int, ...]


class NotABank(Exception):
    """The folder does not exist or holds no bank.yaml (exit 2)."""


@dataclass
class BankFile:
    path: Path
    display: str
    document: Document | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.document is not None and not any(p.severity is Severity.ERROR for p in self.problems)

    def locate(self, path: Path_) -> tuple[int, int]:
        return self.document.locate(path) if self.document else (1, 1)

    def problem(self, code: str, path: Path_, message: str, severity: Severity = Severity.ERROR) -> Problem:
        return Problem(code, severity, self.display, *self.locate(path), message, path)


@dataclass(frozen=True)
class Manifest:
    spec_id: str
    spec_name: str
    version: str
    spec_path: str
    issued: dict[str, int]


@dataclass(frozen=True)
class Point:
    code: str
    text: str
    marks: int | None
    path: Path_


@dataclass(frozen=True)
class Range:
    code: str
    title: str
    weight: int | None
    points: tuple[Point, ...]
    path: Path_


@dataclass(frozen=True)
class Blueprint:
    full_marks: int | None
    ranges: tuple[Range, ...]

    def range_of_point(self) -> dict[str, Range]:
        return {p.code: r for r in self.ranges for p in r.points}

    def points(self) -> dict[str, Point]:
        return {p.code: p for r in self.ranges for p in r.points}


@dataclass(frozen=True)
class Row:
    point: str
    marks: int | None
    path: Path_


@dataclass(frozen=True)
class Item:
    file: BankFile
    name: str
    ranges: tuple[str, ...]
    rows: tuple[Row, ...]
    signatures: tuple[str, ...]


@dataclass
class Bank:
    root: Path
    manifest_file: BankFile
    blueprint_file: BankFile | None
    item_files: list[BankFile]
    manifest: Manifest | None = None
    blueprint: Blueprint | None = None
    items: list[Item] = field(default_factory=list)
    extra: list[Problem] = field(default_factory=list)

    @property
    def files(self) -> list[BankFile]:
        return [self.manifest_file, *([self.blueprint_file] if self.blueprint_file else []), *self.item_files]

    @property
    def problems(self) -> list[Problem]:
        return [p for f in self.files for p in f.problems] + self.extra


def open_bank(root: Path) -> Bank:
    """Load every file of the bank at ``root``; raise NotABank if there is none."""
    if not root.is_dir():
        raise NotABank(f"题库目录不存在：{root}" if not root.exists() else f"不是目录：{root}")
    if not (root / BANK_FILE).is_file():
        raise NotABank(f"{root} 不是题库目录：缺少 {BANK_FILE}。请先运行 python -m generator scaffold 规范文件 --out {root}")
    bank = Bank(root, load_file(root / BANK_FILE, shapes.MANIFEST), None, [])
    blueprint = root / BLUEPRINT_FILE
    if blueprint.is_file():
        bank.blueprint_file = load_file(blueprint, shapes.BLUEPRINT)
    else:
        bank.extra.append(Problem("bank-file-missing", Severity.ERROR, display_path(blueprint), 1, 1, f"缺少鉴定要素细目表 {BLUEPRINT_FILE}"))
    bank.item_files = [load_file(p, shapes.ITEM) for p in item_paths(root)]
    if not bank.item_files:
        bank.extra.append(Problem("bank-file-missing", Severity.ERROR, display_path(root / ITEMS_DIR), 1, 1, f"{ITEMS_DIR}/ 下没有试题文件（*.yaml）"))
    _build_views(bank)
    return bank


def item_paths(root: Path) -> list[Path]:
    folder = root / ITEMS_DIR
    return sorted(p for p in folder.glob("*.yaml") if p.is_file()) if folder.is_dir() else []


def load_file(path: Path, shape: Any) -> BankFile:
    display = display_path(path)
    document, problems = load_yaml(path, display)
    file = BankFile(path, display, document, problems)
    if not has_header(path):
        file.problems.append(Problem("confidential-header", Severity.ERROR, display, 1, 1, f"文件开头缺少保密标记行：{HEADER}"))
    if document is not None and not problems:
        file.problems.extend(shapes.check_shape(document, display, shape))
    return file


def has_header(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return ITEMBANK_MARKER in handle.read(HEADER_BYTES)
    except OSError:
        return False


def _shaped(file: BankFile | None) -> Any:
    """The data of a file that loaded and has the right shape, else None."""
    if file is None or file.document is None:
        return None
    if any(p.code != "confidential-header" for p in file.problems):
        return None
    return file.document.data


def _build_views(bank: Bank) -> None:
    data = _shaped(bank.manifest_file)
    if data is not None:
        spec = data["spec"]
        issued = {str(k): v for k, v in data["issued"].items() if isinstance(v, int)}
        bank.manifest = Manifest(spec["id"], spec["name"], spec["version"], spec["path"], issued)
    data = _shaped(bank.blueprint_file)
    if data is not None:
        bank.blueprint = Blueprint(_int(data["full_marks"]), tuple(_range(r, ("ranges", i)) for i, r in enumerate(data["ranges"])))
    for file in bank.item_files:
        data = _shaped(file)
        if data is not None:
            rows = tuple(Row(r["point"], _int(r["marks"]), ("scoring", i)) for i, r in enumerate(data["scoring"]))
            bank.items.append(Item(file, data["name"], tuple(data["ranges"]), rows, tuple(data["signatures"])))


def _range(data: dict[str, Any], path: Path_) -> Range:
    points = tuple(Point(p["code"], p["text"], _int(p["marks"]), (*path, "points", i)) for i, p in enumerate(data["points"]))
    return Range(data["code"], data["title"], _int(data["weight"]), points, path)


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
