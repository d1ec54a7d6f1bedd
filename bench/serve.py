"""How long an edit takes to show during `make serve`, at the size of the
real catalogue.

A throwaway copy of the project with the real specs/ runs a real
`mkdocs serve` (as `make serve` does). Each edit appends a marker to one
practice of a spec, saved the way an editor saves; the spec's page is then
fetched every 50 ms until the marker is in it. Between edits the server is
left to settle (its log quiet, so the rebuild that the regenerated files
trigger is over).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from project import make_root

SPEC = "lanzhou-beef-noodle"
PRACTICE = re.compile(r"^(\s+- 能[^\n]*)$", re.M)
POLL_SECONDS = 0.05
QUIET_SECONDS = 2.0


def serve_latency(work: Path, code: Path, edits: int) -> dict[str, Any]:
    root = make_root(work / "serve", code, specs=code / "specs")
    (root / "docs" / "generated").mkdir(parents=True, exist_ok=True)  # as `make serve` does
    port = _free_port()
    log = (work / "serve.log").open("w", encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=root, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    url = f"http://127.0.0.1:{port}/specs/{SPEC}/"
    try:
        start = time.perf_counter()
        _wait_for(url, "", timeout=300)
        first = time.perf_counter() - start
        _settle(work / "serve.log")
        spec = root / "specs" / f"{SPEC}.yaml"
        latencies = []
        for number in range(1, edits + 1):
            marker = f"基准测试第{number}次修改"
            text = PRACTICE.sub(lambda m, marker=marker: m.group(1) + marker, spec.read_text(encoding="utf-8"), count=1)
            _save(spec, text)
            start = time.perf_counter()
            _wait_for(url, marker, timeout=120)
            latencies.append(time.perf_counter() - start)
            _settle(work / "serve.log")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    return {"first_build": first, "edits": latencies, "specs": len(list((root / "specs").glob("*.yaml")))}


def _save(path: Path, text: str) -> None:
    """As editors save: a new file renamed over the old one."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _wait_for(url: str, marker: str, *, timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if marker in response.read().decode("utf-8", errors="replace"):
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(POLL_SECONDS)
    raise TimeoutError(f"{marker!r} not shown at {url} within {timeout} s")


def _settle(log: Path) -> None:
    """Wait until the server's log has been quiet for QUIET_SECONDS."""
    size, quiet_since = -1, time.perf_counter()
    while time.perf_counter() - quiet_since < QUIET_SECONDS:
        time.sleep(0.2)
        now = log.stat().st_size
        if now != size:
            size, quiet_since = now, time.perf_counter()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
