"""A build that fails, for any reason, leaves the previous site/ exactly as it
was, leaves no staging folder behind and writes nothing outside its project.

One throwaway project (tests.helpers.make_project) is built once for real; each
test then breaks it in one way, checks, and repairs it."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.build import BuildError, build
from generator.cli import main
from generator.settings import Settings
from generator.validation import validate

from .helpers import MINIMAL, ROOT, make_project


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` with its bytes (None for a folder)."""
    out: dict[str, bytes | None] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        base = Path(dirpath).relative_to(folder)
        out.update({(base / name).as_posix(): None for name in dirnames})
        out.update({(base / name).as_posix(): (Path(dirpath) / name).read_bytes() for name in filenames})
    return out


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("build-safety"))
    build(Settings(root=root))  # the published site every broken build must leave alone
    assert "index.html" in tree(root / "site")
    return root


# -- ways to break a build; each returns how to repair it -------------------------------

Repair = Callable[[], None]


def _add_file(path: Path, content: bytes) -> Repair:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path.unlink


def invalid_spec(root: Path, monkeypatch: pytest.MonkeyPatch) -> Repair:
    return _add_file(root / "specs" / "broken-spec.yaml", MINIMAL.read_bytes().replace(b"weight: 30", b"weight: 30%"))


def itembank_in_specs(root: Path, monkeypatch: pytest.MonkeyPatch) -> Repair:
    return _add_file(root / "specs" / "noodle-items.yaml", "# CONFIDENTIAL-ITEMBANK 题库\nitems: []\n".encode())


def itembank_docx_in_docs(root: Path, monkeypatch: pytest.MonkeyPatch) -> Repair:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as docx:
        docx.writestr("word/document.xml", "<w:document/>")
        docx.writestr("docProps/custom.xml", "<Properties>CONFIDENTIAL-ITEMBANK</Properties>")
    return _add_file(root / "docs" / "exam-paper.docx", data.getvalue())


def _replace_config(root: Path, text: str) -> Repair:
    config = root / "mkdocs.yml"
    target = os.readlink(config)  # a link into the repository: never write through it
    config.unlink()
    config.write_text(text, encoding="utf-8")

    def repair() -> None:
        config.unlink()
        config.symlink_to(target)

    return repair


def mkdocs_yml_not_yaml(root: Path, monkeypatch: pytest.MonkeyPatch) -> Repair:
    return _replace_config(root, "site_name: [\n")


def mkdocs_strict_warning(root: Path, monkeypatch: pytest.MonkeyPatch) -> Repair:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return _replace_config(root, text.replace("nav:\n", "nav:\n  - 不存在的页面: no-such-page.md\n", 1))


def mkdocs_fails_halfway(root: Path, monkeypatch: pytest.MonkeyPatch) -> Repair:
    from mkdocs.exceptions import MkDocsException

    def half_a_site(config: Any, **kwargs: Any) -> None:
        Path(config["site_dir"], "index.html").write_text("half a site", encoding="utf-8")
        raise MkDocsException("stopped halfway")

    monkeypatch.setattr("mkdocs.commands.build.build", half_a_site)
    return lambda: None


def mkdocs_crashes_halfway(root: Path, monkeypatch: pytest.MonkeyPatch) -> Repair:
    def crash(config: Any, **kwargs: Any) -> None:
        Path(config["site_dir"], "index.html").write_text("half a site", encoding="utf-8")
        raise RuntimeError("a defect inside mkdocs or a plugin")

    monkeypatch.setattr("mkdocs.commands.build.build", crash)
    return lambda: None


def renderer_raises(root: Path, monkeypatch: pytest.MonkeyPatch) -> Repair:
    from generator import build as build_module

    def boom(*args: Any) -> None:
        raise RuntimeError("a defect in a renderer")

    monkeypatch.setattr(build_module, "RENDERERS", (*build_module.RENDERERS, ("boom", boom)))
    return lambda: None


# A problem in the input is a BuildError; a defect in the program stays itself
# (the CLI reports it as an internal error, exit 70), but publishes nothing either.
BREAKS: dict[str, tuple[Callable[[Path, pytest.MonkeyPatch], Repair], type[BaseException]]] = {
    "invalid-spec": (invalid_spec, BuildError),
    "itembank-in-specs": (itembank_in_specs, BuildError),
    "itembank-docx-in-docs": (itembank_docx_in_docs, BuildError),
    "mkdocs-yml-not-yaml": (mkdocs_yml_not_yaml, BuildError),
    "mkdocs-strict-warning": (mkdocs_strict_warning, BuildError),
    "mkdocs-fails-halfway": (mkdocs_fails_halfway, BuildError),
    "mkdocs-crashes-halfway": (mkdocs_crashes_halfway, RuntimeError),
    "renderer-raises": (renderer_raises, RuntimeError),
}
BEFORE_GENERATE = {"invalid-spec", "itembank-in-specs", "itembank-docx-in-docs"}


@pytest.fixture
def broken(project: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    repair = BREAKS[request.param][0](project, monkeypatch)
    try:
        yield project
    finally:
        repair()


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site."))


@pytest.mark.parametrize("broken", sorted(BREAKS), indirect=True)
def test_failed_build_leaves_site_untouched(broken: Path, request: pytest.FixtureRequest) -> None:
    root = broken
    name = request.node.callspec.params["broken"]
    site, generated, outside = tree(root / "site"), tree(root / "docs" / "generated"), sorted(os.listdir(root.parent))
    with pytest.raises(BREAKS[name][1]):
        build(Settings(root=root))
    assert tree(root / "site") == site
    assert _leftovers(root) == []
    assert sorted(os.listdir(root.parent)) == outside
    if name in BEFORE_GENERATE:  # refused while gathering: nothing was generated either
        assert tree(root / "docs" / "generated") == generated


@pytest.mark.parametrize("broken", ["invalid-spec"], indirect=True)
def test_cli_build_with_invalid_spec_exits_1_in_chinese(broken: Path) -> None:
    site = tree(broken / "site")
    done = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=broken, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert "broken-spec.yaml:13:13: error type " in done.stderr
    assert "构建失败" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert tree(broken / "site") == site


@pytest.mark.parametrize("broken", ["renderer-raises"], indirect=True)
def test_cli_build_with_a_defect_exits_70_without_traceback(broken: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    site = tree(broken / "site")
    monkeypatch.chdir(broken)
    monkeypatch.delenv("GENERATOR_DEBUG", raising=False)
    assert main(["build"]) == 70
    captured = capsys.readouterr()
    assert "内部错误" in captured.err
    assert "Traceback" not in captured.out + captured.err
    assert tree(broken / "site") == site


# -- the validation cache is build state: damage to it must not break a build -------------


@pytest.mark.parametrize(
    "damage",
    [
        "",
        "not json",
        "[]",
        '{"version": "VERSION", "entries": []}',
        '{"version": "VERSION", "entries": {"SPEC": 5}}',
        '{"version": "VERSION", "entries": {"SPEC": ["x"]}}',
    ],
)
def test_damaged_validation_cache_is_ignored(damage: str, tmp_path: Path) -> None:
    specs = ROOT / "specs"
    cache = tmp_path / "validation.json"
    fresh = validate([specs], specs_dir=specs, cache=cache)
    version = json.loads(cache.read_text(encoding="utf-8"))["version"]
    spec = str(next(specs.glob("*.yaml")).resolve())
    cache.write_text(damage.replace("VERSION", version).replace("SPEC", spec), encoding="utf-8")
    again = validate([specs], specs_dir=specs, cache=cache)
    assert [(p.file, p.line, p.code) for p in again.problems] == [(p.file, p.line, p.code) for p in fresh.problems]
    assert [f.display for f in again.files] == [f.display for f in fresh.files]
