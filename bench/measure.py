"""Measuring a command: wall time, CPU time and peak memory of its process
tree, plus what the machine is and how busy it was.

Peak memory is the largest sum, over the command and all its descendants
(the Word workers), of their proportional set size (PSS: a page shared by n
processes counts 1/n to each, so forked workers are not counted twice),
sampled every 200 ms from /proc. The largest single resident set (ru_maxrss)
is recorded too.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

SAMPLE_SECONDS = 0.2
PACKAGES = ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "jieba", "Jinja2", "jsonschema", "lxml", "python-docx", "PyYAML")


@dataclass
class Measured:
    wall: float
    cpu: float  # user + system seconds of the command and every child it waited for
    peak_pss: int  # bytes
    max_rss: int  # bytes, largest single process
    stdout: str
    data: dict[str, Any] = field(default_factory=dict)  # the JSON the command printed last, if any


def run(command: Sequence[str], *, cwd: Path, env: Mapping[str, str] | None = None, timeout: float = 3600) -> Measured:
    """Run ``command`` to completion and measure it; raise if it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = _PeakSampler(process.pid)
    sampler.start()
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    finally:
        sampler.stop()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}) in {cwd}:\n{stdout[-2000:]}\n{stderr[-4000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(wall, cpu, sampler.peak, after.ru_maxrss * 1024, stdout, _last_json(stdout))


def _last_json(stdout: str) -> dict[str, Any]:
    for line in reversed(stdout.splitlines()):
        if line.startswith("{"):
            try:
                value = json.loads(line)
            except ValueError:
                continue
            return value if isinstance(value, dict) else {}
    return {}


class _PeakSampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(SAMPLE_SECONDS):
            self.peak = max(self.peak, tree_pss(self.pid))

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def tree_pss(root: int) -> int:
    """Sum of the PSS of ``root`` and its descendants, in bytes."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", encoding="ascii", errors="replace") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        total += _pss(pid)
    return total


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def load_average() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def machine() -> dict[str, Any]:
    """Cores, CPU model, memory, Python and package versions, date."""
    return {
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "packages": {name: _version(name) for name in PACKAGES},
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "executable": sys.executable,
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def tree_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of every file under ``folder``."""
    size = count = 0
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            size += os.lstat(os.path.join(dirpath, name)).st_size
            count += 1
    return size, count


def largest(folder: Path, pattern: str) -> tuple[str, int]:
    """The largest file matching ``pattern`` under ``folder``: (relative path, bytes)."""
    best = ("", 0)
    for path in folder.glob(pattern):
        size = path.stat().st_size
        if size > best[1]:
            best = (path.relative_to(folder).as_posix(), size)
    return best
