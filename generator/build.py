"""The build: gather and validate everything, render, then publish.

gather     load and validate specs/ (all of it), refuse item banks
generate   run every renderer into docs/generated/ (only changed bytes)
publish    mkdocs build --strict into a staging folder, then swap it
           into site/; a failure leaves the previous site/ untouched
"""

from __future__ import annotations

import logging
import stat
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .model import Catalogue, build_catalogue, spec_from_data
from .output import SyncReport, staged_directory
from .problems import Problem, Severity
from .render import RENDERERS
from .settings import Settings
from .validation import ITEMBANK_MARKER, Result, display_path, validate


class BuildError(Exception):
    """The build stopped; nothing was published."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass
class BuildReport:
    validation: Result
    sync: SyncReport
    seconds: dict[str, float] = field(default_factory=dict)
    catalogue: Catalogue | None = None


def gather(settings: Settings) -> tuple[Catalogue, Result]:
    leaks = find_itembank_files(settings)
    if leaks:
        raise BuildError("在 specs/ 或 docs/ 下发现题库文件，拒绝生成网站", leaks)
    result = validate([settings.specs_dir], specs_dir=settings.specs_dir, lists_dir=settings.lists_dir, cache=settings.cache_dir / "validation.json")
    if not result.ok:
        raise BuildError("规范校验未通过，网站未更新", result.problems)
    specs = [spec_from_data(f.id, f.document.data, f.display) for f in result.files if f.kind == "spec" and f.document]
    lists = [(f.id, f.document.data) for f in result.files if f.kind == "list" and f.document]
    return build_catalogue(lists, specs), result


def generate(catalogue: Catalogue, settings: Settings) -> SyncReport:
    from .output import OutputTree

    out = OutputTree(settings.generated_dir)
    for _, renderer in RENDERERS:
        renderer(catalogue, out, settings)
    return out.sync(processes=settings.processes)


def publish(settings: Settings) -> None:
    """mkdocs build --strict into a staging folder, then swap into site/."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    keep_jieba_cache_inside(settings)
    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    try:
        with staged_directory(settings.site_dir) as staging:
            config = load_config(config_file=str(settings.config_file), site_dir=str(staging), strict=settings.strict)
            mkdocs_build(config)
    except (MkDocsException, OSError) as exc:
        detail = "；".join(capture.messages[-10:]) or str(exc)
        raise BuildError(f"mkdocs 构建失败，网站未更新：{detail}") from exc
    finally:
        logger.removeHandler(capture)


def keep_jieba_cache_inside(settings: Settings) -> None:
    """jieba (Chinese search segmentation) caches its dictionary in /tmp by
    default; a build writes only inside the project."""
    import jieba

    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    jieba.dt.tmp_dir = str(settings.cache_dir)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    jieba.setLogLevel(logging.WARNING)


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build(settings: Settings, *, site: bool = True) -> BuildReport:
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    catalogue, result = gather(settings)
    seconds["gather"] = time.perf_counter() - start
    start = time.perf_counter()
    sync = generate(catalogue, settings)
    seconds["generate"] = time.perf_counter() - start
    if site:
        start = time.perf_counter()
        publish(settings)
        seconds["mkdocs"] = time.perf_counter() - start
    return BuildReport(result, sync, seconds, catalogue)


def find_itembank_files(settings: Settings) -> list[Problem]:
    """Item banks are confidential: none may sit where the site is built from."""
    found = []
    for folder in (settings.specs_dir, settings.docs_dir):
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if is_itembank_file(path):
                found.append(
                    Problem(
                        "itembank-in-sources",
                        Severity.ERROR,
                        display_path(path),
                        1,
                        1,
                        "这是题库文件（保密材料），不得放在 specs/ 或 docs/ 下；请移到单独的私有仓库",
                    )
                )
    return found


def is_itembank_file(path: Path) -> bool:
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False  # never open a pipe or device
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                core = archive.read("docProps/core.xml") if "docProps/core.xml" in names else b""
                custom = archive.read("docProps/custom.xml") if "docProps/custom.xml" in names else b""
                return ITEMBANK_MARKER in core or ITEMBANK_MARKER in custom
        with path.open("rb") as handle:
            return ITEMBANK_MARKER in handle.read(1024)
    except (OSError, zipfile.BadZipFile, KeyError):
        return False
