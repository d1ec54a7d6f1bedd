"""Writing outputs: reproducible, incremental, never half-done.

Renderers add files to an ``OutputTree`` in memory. Expensive files are added
as jobs with a content key; a job runs only when its key differs from the one
recorded in the folder's manifest (or the file is missing), and jobs run in a
process pool so every core is used. ``sync`` then writes only files whose
bytes changed and removes every file it did not produce this time, so a
renamed or deleted spec leaves nothing stale behind.
"""

from __future__ import annotations

import concurrent.futures
import functools
import io
import json
import os
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = ".manifest.json"


FALLBACK_EPOCH = 1577836800  # 2020-01-01T00:00:00Z, when there is no better date


def source_date_epoch() -> int:
    """The date stamped into outputs, never the clock: SOURCE_DATE_EPOCH if set
    (reproducible-builds.org), else the time of the last commit of the
    repository we build in (the same input gives the same date), else a fixed
    date."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    if value.isdigit():
        return int(value)
    return _last_commit_time(os.getcwd())


@functools.cache
def _last_commit_time(folder: str) -> int:
    try:
        done = subprocess.run(["git", "-C", folder, "log", "-1", "--format=%ct"], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return FALLBACK_EPOCH
    value = done.stdout.strip()
    return int(value) if done.returncode == 0 and value.isdigit() else FALLBACK_EPOCH


@dataclass
class Job:
    key: str
    func: Callable[..., bytes]
    args: tuple[Any, ...]


@dataclass
class SyncReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    jobs_run: int = 0


class OutputTree:
    """Files a build produces, keyed by path relative to the output folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, bytes] = {}
        self.jobs: dict[str, Job] = {}
        self.keys: dict[str, str] = {}
        self._manifest = self._read_manifest()

    def _read_manifest(self) -> dict[str, str]:
        try:
            data = json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
            return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def add(self, path: str, content: bytes | str) -> None:
        self._check_path(path)
        self.files[path] = content.encode("utf-8") if isinstance(content, str) else content

    def add_job(self, path: str, key: str, func: Callable[..., bytes], *args: Any) -> None:
        """Add a file made by ``func(*args)``, rebuilt only when ``key`` changed."""
        self._check_path(path)
        self.keys[path] = key
        if self._manifest.get(path) == key and (self.root / path).is_file():
            return
        self.jobs[path] = Job(key, func, args)

    def __contains__(self, path: str) -> bool:
        return path in self.files or path in self.keys

    @staticmethod
    def _check_path(path: str) -> None:
        parts = Path(path).parts
        if not parts or Path(path).is_absolute() or ".." in parts or path.startswith(".") or "\\" in path:
            raise ValueError(f"output path escapes its folder: {path!r}")

    def run_jobs(self, *, processes: int | None = None) -> int:
        """Run pending jobs, in parallel when there are enough of them."""
        pending = sorted(self.jobs.items())
        if not pending:
            return 0
        workers = processes or os.cpu_count() or 1
        if workers == 1 or len(pending) < 4:
            results = [job.func(*job.args) for _, job in pending]
        else:
            with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
                futures = [pool.submit(job.func, *job.args) for _, job in pending]
                results = [f.result() for f in futures]
        for (path, _), content in zip(pending, results, strict=False):
            self.files[path] = content
        self.jobs.clear()
        return len(pending)

    def sync(self, *, processes: int | None = None) -> SyncReport:
        """Make the folder hold exactly these files; touch only what changed."""
        report = SyncReport(jobs_run=self.run_jobs(processes=processes))
        self.root.mkdir(parents=True, exist_ok=True)
        wanted = set(self.files) | set(self.keys)
        for path, content in sorted(self.files.items()):
            target = self.root / path
            if target.is_file() and target.stat().st_size == len(content) and target.read_bytes() == content:
                report.unchanged += 1
                continue
            write_atomic(target, content)
            report.written.append(path)
        for existing in sorted(self._existing()):
            if existing not in wanted and existing != MANIFEST:
                (self.root / existing).unlink()
                report.removed.append(existing)
        _remove_empty_dirs(self.root)
        manifest = json.dumps(dict(sorted(self.keys.items())), ensure_ascii=False, indent=0).encode("utf-8")
        if (self.root / MANIFEST).is_file() is False or (self.root / MANIFEST).read_bytes() != manifest:
            write_atomic(self.root / MANIFEST, manifest)
        return report

    def _existing(self) -> Iterator[str]:
        for dirpath, _, filenames in os.walk(self.root):
            for name in filenames:
                yield Path(os.path.relpath(os.path.join(dirpath, name), self.root)).as_posix()


def _remove_empty_dirs(root: Path) -> None:
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        if dirpath != str(root) and not dirnames and not filenames:
            os.rmdir(dirpath)


def write_atomic(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def staged_directory(target: Path) -> Iterator[Path]:
    """Yield an empty folder beside ``target``; on success swap it into place.

    On any failure the staging folder is removed and ``target`` is left exactly
    as it was.
    """
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    for leftover in target.parent.glob(f".{target.name}.[no][el][wd]-*"):  # from a build that was killed
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.new-"))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)


def reproducible_zip(data: bytes) -> bytes:
    """Rewrite a zip (a .docx) with fixed dates, fixed order of attributes and
    deflate compression, so the same content always gives the same bytes."""
    epoch = source_date_epoch()
    import time

    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip dates start in 1980
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
