"""The build: gather and validate everything, render, then publish.

gather     load and validate specs/ (all of it), refuse item banks
generate   run every renderer into docs/generated/ (only changed bytes)
publish    mkdocs build --strict into a staging folder, then swap it
           into site/; a failure leaves the previous site/ untouched

Word files take most of the work after mkdocs, and mkdocs runs on one core:
so the jobs that make them run in worker processes while mkdocs builds the
pages (``OutputTree.start``), mkdocs leaves those files out, and they are
linked into the staging folder once done.
"""

from __future__ import annotations

import logging
import os
import shutil
import stat
import time
import zipfile
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .inputs import generated_inputs
from .model import Catalogue, build_catalogue, spec_from_data
from .output import OutputTree, SyncReport, staged_directory, worker_pool
from .problems import Problem, Severity
from .render import RENDERERS
from .settings import Settings
from .validation import ITEMBANK_MARKER, Result, display_path, validate

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


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


@dataclass(frozen=True)
class LateFiles:
    """Files jobs are still writing while mkdocs runs (Word files). mkdocs
    leaves out every file with one of ``suffixes``; ``paths``, all such files
    of the tree, are linked into the site once ``wait`` returns."""

    suffixes: tuple[str, ...]
    paths: tuple[str, ...]
    wait: Callable[[], object]


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


def render(catalogue: Catalogue, settings: Settings, *, inputs: str | None = None) -> OutputTree:
    """Run every renderer; with ``inputs`` (see generated_inputs), keep
    docs/generated/ as it is if it was made from the same inputs."""
    out = OutputTree(settings.generated_dir)
    if inputs is not None and out.reuse(inputs):
        return out
    for _, renderer in RENDERERS:
        renderer(catalogue, out, settings)
    out.inputs = inputs
    return out


def generate(catalogue: Catalogue, settings: Settings) -> SyncReport:
    return render(catalogue, settings).sync(processes=settings.processes)


def publish(settings: Settings, *, late: LateFiles | None = None) -> None:
    """mkdocs build --strict into a staging folder, then swap into site/."""
    keep_jieba_cache_inside(settings)
    try:
        with staged_directory(settings.site_dir) as staging:
            run_mkdocs(settings, staging, exclude=late.suffixes if late else ())
            if late:
                late.wait()  # a failed job raises here: nothing is published
                link_files(settings.generated_dir, staging, late.paths)
    except OSError as exc:
        raise BuildError(f"mkdocs 构建失败，网站未更新：{exc}") from exc


def run_mkdocs(settings: Settings, site_dir: Path, *, exclude: Sequence[str] = ()) -> None:
    """mkdocs build into ``site_dir``, leaving out files with these suffixes."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    try:
        config = load_config(config_file=str(settings.config_file), site_dir=str(site_dir), strict=settings.strict)
        if exclude:
            _exclude(config, exclude)
        mkdocs_build(config)
    except (MkDocsException, OSError) as exc:
        detail = "；".join(capture.messages[-10:]) or str(exc)
        raise BuildError(f"mkdocs 构建失败，网站未更新：{detail}") from exc
    finally:
        logger.removeHandler(capture)


def _exclude(config: MkDocsConfig, suffixes: Sequence[str]) -> None:
    import pathspec

    extra = pathspec.gitignore.GitIgnoreSpec.from_lines([f"*{suffix}" for suffix in suffixes if suffix])
    current = config["exclude_docs"]
    config["exclude_docs"] = current + extra if current else extra


def link_files(source: Path, target: Path, paths: Sequence[str]) -> None:
    """Put files into the site as mkdocs would copy them, as hard links where
    the file system allows (generated files are replaced, never rewritten in
    place, so a link never changes under the site)."""
    for path in paths:
        destination = target / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source / path, destination)
        except OSError:
            shutil.copyfile(source / path, destination)


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
    if not site:
        return _build(settings, None)
    # mkdocs is serial: it keeps a core of its own and the Word jobs take the others
    with worker_pool(settings.processes or max(1, (os.cpu_count() or 1) - 1)) as pool:
        return _build(settings, pool)


def _build(settings: Settings, pool: Executor | None) -> BuildReport:
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    catalogue, result = gather(settings)
    seconds["gather"] = time.perf_counter() - start
    start = time.perf_counter()
    out = render(catalogue, settings, inputs=generated_inputs(result.files, settings, RENDERERS))
    if pool is None:
        sync = out.sync(processes=settings.processes)
        seconds["generate"] = time.perf_counter() - start
        return BuildReport(result, sync, seconds, catalogue)
    running = out.start(processes=settings.processes, pool=pool)
    seconds["generate"] = time.perf_counter() - start
    start = time.perf_counter()

    def wait_for_jobs() -> None:
        waited = time.perf_counter()
        running.finish()
        seconds["wait"] = time.perf_counter() - waited

    suffixes = tuple(sorted({Path(path).suffix for path in out.keys}))
    late = tuple(sorted(path for path in out.paths() if Path(path).suffix in suffixes))
    try:
        publish(settings, late=LateFiles(suffixes, late, wait_for_jobs))
        sync = running.finish()
    finally:
        running.close()
    seconds["mkdocs"] = time.perf_counter() - start - seconds.get("wait", 0.0)
    return BuildReport(result, sync, seconds, catalogue)


def find_itembank_files(settings: Settings) -> list[Problem]:
    """Item banks are confidential: none may sit where the site is built from.

    docs/generated/ is not searched: the build writes it, and removes every
    file there that it did not produce before mkdocs reads the folder."""
    found = []
    for folder in (settings.specs_dir, settings.docs_dir):
        for path in _files_outside(folder, settings.generated_dir):
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


def _files_outside(folder: Path, skipped: Path) -> list[Path]:
    """Files under ``folder`` (sorted, as rglob finds them), not under ``skipped``."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [name for name in dirnames if Path(dirpath, name) != skipped]
        found.extend(path for name in filenames if (path := Path(dirpath, name)).is_file())
    return sorted(found)


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
