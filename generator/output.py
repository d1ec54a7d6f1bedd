"""Writing outputs: reproducible, incremental, never half-done.

Renderers add files to an ``OutputTree`` in memory. Expensive files are added
as jobs with a content key; a job runs only when its key differs from the one
recorded in the folder's manifest (or the file is missing), and jobs run in a
process pool so every core is used. ``sync`` then writes only files whose
bytes changed and removes every file it did not produce this time, so a
renamed or deleted spec leaves nothing stale behind.

``start`` is ``sync`` in two halves, so that other work (mkdocs) can run
while the jobs do: it removes stale files, starts the jobs in worker
processes (each writes its own file, so no document passes back through a
pipe) and writes the other files; ``Sync.finish`` waits for the jobs and
writes the manifest.

A tree given the digest of its inputs (``inputs``) records it after a sync,
with the size and mtime of every file; ``reuse`` then takes the folder as it
is, without rendering anything, while the inputs stay the same and no file
in it was touched.
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
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = ".manifest.json"
BACKGROUND_NICENESS = 10  # added to the niceness of the workers of worker_pool
RECORD = ".inputs.json"  # what the folder was made from, and each file's size and mtime then


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
        self.kept: set[str] = set()  # files known to be right as they are (see reuse)
        self.inputs: str | None = None
        self.reused = False
        self._manifest = self._read_manifest()

    def _read_manifest(self) -> dict[str, str]:
        try:
            data = json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
            return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def reuse(self, inputs: str) -> bool:
        """Keep the folder as it is if it was made from ``inputs`` by a sync
        that completed, and no file was added, removed or touched since."""
        try:
            record = json.loads((self.root / RECORD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        if not isinstance(record, dict) or record.get("inputs") != inputs or record.get("files") != self.file_stats():
            return False
        self.keys = {path: key for path, key in self._manifest.items() if path in record["files"]}
        self.kept = set(record["files"]) - set(self.keys)
        self.inputs = inputs
        self.reused = True
        return True

    def paths(self) -> set[str]:
        """Every file of the tree."""
        return {*self.files, *self.keys, *self.kept}

    def file_stats(self) -> dict[str, list[int]]:
        """Size and mtime of every file in the folder (but the manifest and record)."""
        stats: dict[str, list[int]] = {}
        folders = [("", str(self.root))]
        while folders:
            prefix, folder = folders.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((f"{prefix}{entry.name}/", entry.path))
                elif f"{prefix}{entry.name}" not in (MANIFEST, RECORD):
                    status = entry.stat(follow_symlinks=False)
                    stats[f"{prefix}{entry.name}"] = [status.st_size, status.st_mtime_ns]
        return dict(sorted(stats.items()))

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
        return path in self.files or path in self.keys or path in self.kept

    @staticmethod
    def _check_path(path: str) -> None:
        parts = Path(path).parts
        if not parts or Path(path).is_absolute() or ".." in parts or path.startswith(".") or "\\" in path:
            raise ValueError(f"output path escapes its folder: {path!r}")

    def sync(self, *, processes: int | None = None) -> SyncReport:
        """Make the folder hold exactly these files; touch only what changed."""
        return self.start(processes=processes).finish()

    def start(self, *, processes: int | None = None, pool: Executor | None = None) -> Sync:
        """Remove stale files, start the jobs and write every other file; the
        jobs go on until ``finish`` (see the module doc). Given a ``pool``
        (see worker_pool), the jobs run there while the caller works on;
        otherwise in a pool of ``processes`` (one process, or a handful of
        jobs: here, before this returns)."""
        report = SyncReport(unchanged=len(self.kept))
        if self.reused:
            return Sync(self, report, processes, pool)  # the folder is already right
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / RECORD).unlink(missing_ok=True)  # written again once this sync completes
        wanted = self.paths()
        for existing in sorted(self._existing()):
            if existing not in wanted and existing not in (MANIFEST, RECORD):
                (self.root / existing).unlink()
                report.removed.append(existing)
        _remove_empty_dirs(self.root)  # before any job writes: never races a worker's mkdir
        running = Sync(self, report, processes, pool)
        try:
            for path, content in sorted(self.files.items()):
                if write_if_changed(self.root / path, content):
                    report.written.append(path)
                else:
                    report.unchanged += 1
        except BaseException:
            running.close()
            raise
        return running

    def _existing(self) -> Iterator[str]:
        root = str(self.root)
        for dirpath, _, filenames in os.walk(root):
            folder = os.path.relpath(dirpath, root).replace(os.sep, "/")
            prefix = "" if folder == "." else folder + "/"
            yield from (prefix + name for name in filenames)


class Sync:
    """A sync whose jobs are running; ``finish`` waits for them and reports."""

    def __init__(self, tree: OutputTree, report: SyncReport, processes: int | None, pool: Executor | None) -> None:
        self.tree = tree
        self.report = report
        self._futures: list[concurrent.futures.Future[list[tuple[str, bool]]]] = []
        self._own_pool: Executor | None = None
        self._done: list[tuple[str, bool]] = []
        self._finished = False
        pending = sorted(tree.jobs.items())
        tree.jobs.clear()
        workers = processes or os.cpu_count() or 1
        if not pending or (pool is None and (workers == 1 or len(pending) < 4)):
            self._done = _run_batch(tree.root, pending)
            return
        if pool is None:
            pool = self._own_pool = concurrent.futures.ProcessPoolExecutor(max_workers=workers)
        # small batches keep the workers evenly loaded; the jobs go in path order,
        # which puts the big ones (the volumes under downloads/) first
        size = max(1, min(16, len(pending) // (workers * 8)))
        self._futures = [pool.submit(_run_batch, tree.root, pending[i : i + size]) for i in range(0, len(pending), size)]

    def finish(self) -> SyncReport:
        """Wait for the jobs (a failed job raises here), then write the manifest."""
        if self._finished:
            return self.report
        try:
            for future in self._futures:
                self._done.extend(future.result())
        finally:
            self.close()
        for path, written in self._done:
            if written:
                self.report.written.append(path)
            else:
                self.report.unchanged += 1
        self.report.jobs_run = len(self._done)
        self.report.written.sort()
        tree = self.tree
        manifest = json.dumps(dict(sorted(tree.keys.items())), ensure_ascii=False, indent=0).encode("utf-8")
        write_if_changed(tree.root / MANIFEST, manifest)
        if tree.inputs is not None and not tree.reused:
            record = {"inputs": tree.inputs, "files": tree.file_stats()}
            write_atomic(tree.root / RECORD, json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        self._finished = True
        return self.report

    def close(self) -> None:
        """Drop the jobs that have not started; stop a pool of our own."""
        for future in self._futures:
            future.cancel()
        if self._own_pool is not None:
            self._own_pool.shutdown(wait=True, cancel_futures=True)
            self._own_pool = None


@contextmanager
def worker_pool(processes: int) -> Iterator[Executor]:
    """Worker processes for ``OutputTree.start``, forked now. Forked workers
    share the memory of this process only until it changes it: forked after
    the catalogue is loaded and while mkdocs works, each would end up holding
    a private copy of everything this process had then. They run at a lower
    priority: on a busy machine the serial work of this process (mkdocs) goes
    first, and the workers take what is left."""
    with concurrent.futures.ProcessPoolExecutor(max_workers=processes, initializer=os.nice, initargs=(BACKGROUND_NICENESS,)) as pool:
        pool.submit(int)  # with fork, the first task starts every worker
        yield pool


def _run_batch(root: Path, jobs: list[tuple[str, Job]]) -> list[tuple[str, bool]]:
    """Run jobs and write their files (in a worker process); True where written."""
    return [(path, write_if_changed(root / path, job.func(*job.args))) for path, job in jobs]


def write_if_changed(target: Path, content: bytes) -> bool:
    try:
        if target.stat().st_size == len(content) and target.read_bytes() == content:
            return False
    except OSError:
        pass  # missing, or not a readable file: write it
    write_atomic(target, content)
    return True


def _remove_empty_dirs(root: Path) -> None:
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        if dirpath != str(root) and not dirnames and not filenames:
            os.rmdir(dirpath)


def _file_mode() -> int:
    """The mode open() gives a new file (0o666 less the umask); mkstemp's 0o600
    would follow the file into site/, where Word files are linked, not copied."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


FILE_MODE = _file_mode()


def write_atomic(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        os.fchmod(fd, FILE_MODE)
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
