"""generator/mkdocs_hook.py: regeneration under `mkdocs serve` / `mkdocs build`,
idle in our own build, and a preview that survives invalid specs."""

from __future__ import annotations

import logging
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import Abort

from generator import mkdocs_hook

from .helpers import ROOT, make_project

SPEC = "lanzhou-beef-noodle"


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    root = make_project(tmp_path)
    (root / "docs" / "generated").mkdir()
    yield root
    mkdocs_hook.on_shutdown()


def config(root: Path) -> SimpleNamespace:
    return SimpleNamespace(config_file_path=str(root / "mkdocs.yml"), docs_dir=str(root / "docs" / "generated"))


def spec_page(root: Path) -> Path:
    return root / "docs" / "generated" / "specs" / SPEC / "index.md"


def break_spec(root: Path) -> None:
    path = root / "specs" / f"{SPEC}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: current", "status: 有效"), encoding="utf-8")


def test_idle_without_a_mkdocs_command(project: Path) -> None:
    """generator.build.publish runs mkdocs in-process without on_startup."""
    mkdocs_hook.on_pre_build(config=config(project))
    assert list((project / "docs" / "generated").iterdir()) == []


def test_serve_regenerates_and_keeps_the_last_good_pages(project: Path, caplog: pytest.LogCaptureFixture) -> None:
    mkdocs_hook.on_startup(command="serve", dirty=False)
    mkdocs_hook.on_pre_build(config=config(project))
    before = spec_page(project).read_bytes()
    break_spec(project)
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.zxnl"):
        mkdocs_hook.on_pre_build(config=config(project))
    assert spec_page(project).read_bytes() == before
    located = [r.getMessage() for r in caplog.records if f"{SPEC}.yaml:5:9: error enum" in r.getMessage()]
    assert len(located) == 1


def test_build_command_stops_on_invalid_specs(project: Path) -> None:
    break_spec(project)
    mkdocs_hook.on_startup(command="build", dirty=False)
    with pytest.raises(Abort):
        mkdocs_hook.on_pre_build(config=config(project))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float) -> float:
    start = time.monotonic()
    while text not in fetch(url):
        if time.monotonic() - start > seconds:
            raise AssertionError(f"{text!r} not shown at {url} after {seconds} s")
        time.sleep(0.1)
    return time.monotonic() - start


def test_mkdocs_serve_shows_an_edited_spec(project: Path) -> None:
    """The real `make serve` command line, in a throwaway project."""
    port = free_port()
    log = (project / "serve.log").open("w")
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}/specs/{SPEC}/"
    try:
        wait_for(url, "兰州牛肉拉面制作", 120)
        path = project / "specs" / f"{SPEC}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("制作兰州牛肉拉面的能力。", "制作兰州牛肉拉面（预览已更新）的能力。"), encoding="utf-8")
        wait_for(url, "预览已更新", 60)
        break_spec(project)
        time.sleep(5)
        assert server.poll() is None
        assert "预览已更新" in fetch(url)
    finally:
        server.terminate()
        server.wait(10)
        log.close()
    assert "error enum" in (project / "serve.log").read_text(encoding="utf-8")
