"""Structural performance properties (issue 7); timings are bench/'s job.

A rebuild with nothing changed renders nothing and runs no Word job, and any
change to the inputs or to the generated folder is noticed; Word jobs write
their files from worker processes; Word files reach site/ as they are in
docs/generated/; the fast check covers lists; a spec page does not grow with
the catalogue."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from generator.build import RENDERERS, build, find_itembank_files, gather, render
from generator.inputs import generated_inputs
from generator.loading import load_yaml
from generator.output import MANIFEST, RECORD, OutputTree
from generator.render import site
from generator.schemas import make_fast_check, make_validator
from generator.settings import Settings
from generator.validation import build_context, validate

from .helpers import ROOT, make_project, small_specs


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("SITE_URL", raising=False)
    root = make_project(tmp_path, specs=small_specs(tmp_path))
    build(Settings(root=root), site=False)
    return root


def rendered_again(root: Path) -> OutputTree:
    settings = Settings(root=root)
    catalogue, result = gather(settings)
    return render(catalogue, settings, inputs=generated_inputs(result.files, settings, RENDERERS))


def test_nothing_changed_renders_nothing_and_runs_no_job(project: Path) -> None:
    again = build(Settings(root=project), site=False)
    assert (again.sync.jobs_run, again.sync.written, again.sync.removed) == (0, [], [])
    tree = rendered_again(project)
    assert tree.reused and not tree.files and not tree.jobs
    assert any(path.endswith(".docx") for path in tree.paths()) and "catalogue/index.md" in tree.paths()


def _touch(root: Path) -> None:
    page = root / "docs" / "generated" / "index.md"
    page.write_text("edited by hand", encoding="utf-8")


def _add(root: Path) -> None:
    (root / "docs" / "generated" / "stray.md").write_text("# stray", encoding="utf-8")


def _remove(root: Path) -> None:
    (root / "docs" / "generated" / "specs" / "bun-b" / "bun-b.docx").unlink()


def _edit_spec(root: Path) -> None:
    spec = root / "specs" / "bun-b.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("制成馒头的能力", "制成白面馒头的能力"), encoding="utf-8")


def _contents(folder: Path) -> dict[Path, bytes]:
    """Every file but the record of the sizes and times of the others."""
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != RECORD}


CHANGES = {"page-edited-by-hand": _touch, "stray-file": _add, "word-file-removed": _remove, "spec-edited": _edit_spec}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_any_change_is_rendered_again_and_repaired(project: Path, change: str) -> None:
    generated = project / "docs" / "generated"
    before = _contents(generated)
    CHANGES[change](project)
    assert not rendered_again(project).reused
    build(Settings(root=project), site=False)
    after = _contents(generated)
    if change == "spec-edited":
        assert {p for p in after if after[p] != before.get(p)} >= {Path("specs/bun-b/bun-b.docx"), Path("specs/bun-b/index.md")}
    else:
        assert after == before  # the generated folder is exactly what the build makes
    assert rendered_again(project).reused


def test_another_site_url_is_rendered_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_URL", "https://mirror.example.net/")
    assert not rendered_again(project).reused


def _make_file(text: str) -> bytes:
    return text.encode("utf-8")


def test_jobs_write_their_files_from_worker_processes(tmp_path: Path) -> None:
    out = OutputTree(tmp_path)
    for i in range(12):
        out.add_job(f"jobs/{i}.txt", f"key-{i}", _make_file, f"file {i}")
    out.add("page.md", "page")
    report = out.start(processes=2).finish()
    assert report.jobs_run == 12 and len(report.written) == 13
    assert (tmp_path / "jobs" / "7.txt").read_text(encoding="utf-8") == "file 7"
    again = OutputTree(tmp_path)
    for i in range(12):
        again.add_job(f"jobs/{i}.txt", f"key-{i}", _make_file, f"file {i}")
    again.add("page.md", "page")
    assert again.sync(processes=2).jobs_run == 0
    assert (tmp_path / MANIFEST).is_file()


def test_word_files_in_the_site_are_the_generated_ones(project: Path) -> None:
    build(Settings(root=project))
    generated, site_dir = project / "docs" / "generated", project / "site"
    word = sorted(p.relative_to(generated) for p in generated.rglob("*.docx"))
    assert word and word == sorted(p.relative_to(site_dir) for p in site_dir.rglob("*.docx"))
    umask = os.umask(0)
    os.umask(umask)
    for path in word:
        assert (site_dir / path).read_bytes() == (generated / path).read_bytes()
        assert stat.S_IMODE((site_dir / path).stat().st_mode) == 0o666 & ~umask  # as mkdocs would copy it


def test_generated_folder_is_not_searched_for_item_banks(project: Path) -> None:
    (project / "docs" / "generated" / "paper.docx").write_bytes(b"CONFIDENTIAL-ITEMBANK")
    assert find_itembank_files(Settings(root=project)) == []
    build(Settings(root=project), site=False)
    assert not (project / "docs" / "generated" / "paper.docx").exists()  # and the build removes it


LIST_FILES = sorted({*(ROOT / "specs" / "lists").glob("*.yaml"), *(ROOT / "tests" / "examples").rglob("lists/*.yaml")})


@pytest.mark.parametrize("path", LIST_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_fast_check_agrees_on_every_list(path: Path) -> None:
    lists = validate([ROOT / "specs" / "lists"]).files
    context = build_context(lists, spec_ids={p.stem for p in (ROOT / "specs").glob("*.yaml")})
    document, _ = load_yaml(path)
    if document is not None:
        fast, full = make_fast_check("list", context), make_validator("list", context)
        assert fast(document.data) == (next(full.iter_errors(document.data), None) is None)


def _pages(root: Path) -> dict[str, bytes]:
    settings = Settings(root=root)
    catalogue, _ = gather(settings)
    out = OutputTree(settings.generated_dir)
    site.render(catalogue, out, settings)
    return out.files


def test_a_spec_page_does_not_grow_with_the_catalogue(tmp_path: Path) -> None:
    root = make_project(tmp_path, specs=small_specs(tmp_path))
    small = _pages(root)
    for path in small_specs(tmp_path / "more", extra=40).glob("extra-*.yaml"):
        (root / "specs" / path.name).write_bytes(path.read_bytes())
    large = _pages(root)
    assert len(large) == len(small) + 40
    for page in ("specs/noodle-a/index.md", "specs/bun-b/index.md", "entries/sc2020-national-1/index.md"):
        assert large[page] == small[page]
