"""Item banks are confidential: the site build never reads them, and refuses
to run when bank files sit in its sources (specs/ or docs/)."""

from __future__ import annotations

import io
import shutil
import uuid
import zipfile
from pathlib import Path

import pytest

from generator.build import BuildError, build
from generator.settings import Settings
from generator.validation import validate

from .helpers import make_project
from .itembank_support import SPEC, fill_bank, run


def scaffold_bank(capsys: pytest.CaptureFixture[str], spec: Path, out: Path) -> Path:
    assert run(capsys, "scaffold", str(spec), "--out", str(out))[0] == 0
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()} if folder.exists() else {}


def contains(data: bytes, secret: bytes) -> bool:
    """The secret in these bytes, or in any member of a zip (a .docx), recursively."""
    if secret in data:
        return True
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return False
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return any(contains(archive.read(name), secret) for name in archive.namelist())


@pytest.mark.parametrize("folder", ["specs", "docs"])
@pytest.mark.parametrize("what", ["bank", "item", "gift"])
@pytest.mark.parametrize("old_site", [False, True])
def test_build_refuses_bank_files_in_its_sources(folder: str, what: str, old_site: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path)
    bank = scaffold_bank(capsys, SPEC, tmp_path / "bank")
    if what == "bank":
        shutil.copytree(bank, root / folder / "private")
    elif what == "item":
        shutil.copy(bank / "items" / "item-01.yaml", root / folder / "item-01.yaml")
    else:
        fill_bank(bank)
        assert run(capsys, "itembank", "export", str(bank), "--out", str(tmp_path / "bank.gift"))[0] == 0
        shutil.copy(tmp_path / "bank.gift", root / folder / "bank.gift")
    if old_site:
        (root / "site").mkdir()
        (root / "site" / "index.html").write_text("旧网站", encoding="utf-8")
    before = snapshot(root / "site")
    with pytest.raises(BuildError) as raised:
        build(Settings(root=root))
    planted = len(list(bank.rglob("*.yaml"))) if what == "bank" else 1
    assert {p.code for p in raised.value.problems} == {"itembank-in-sources"}
    assert len(raised.value.problems) == planted
    assert snapshot(root / "site") == before
    assert (root / "site").exists() is old_site
    assert not (root / "docs" / "generated").exists()


def test_the_validator_refuses_a_bank_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bank = scaffold_bank(capsys, SPEC, tmp_path / "bank")
    result = validate([bank / "blueprint.yaml", bank / "items" / "item-01.yaml"])
    assert {p.code for p in result.problems} == {"itembank-in-sources"}


def test_no_bank_text_reaches_the_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bank beside the sources (inside the project, outside specs/ and docs/),
    built from the very spec the site publishes, leaks nothing into any output."""
    root = make_project(tmp_path)
    secret = f"SECRET-{uuid.uuid4().hex}"
    bank = scaffold_bank(capsys, root / "specs" / "lanzhou-beef-noodle.yaml", root / "private-bank")
    fill_bank(bank)
    item = bank / "items" / "item-01.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("task: 已填写", f"task: {secret} 已填写"), encoding="utf-8")
    assert secret in item.read_text(encoding="utf-8")
    assert run(capsys, "itembank", "export", str(bank), "--out", str(root / "private-bank.gift"))[0] == 0
    build(Settings(root=root))
    outputs = [p for folder in ("site", "docs/generated") for p in (root / folder).rglob("*") if p.is_file()]
    assert any(p.suffix == ".html" for p in outputs) and any(p.suffix == ".docx" for p in outputs)
    leaked = [p for p in outputs if contains(p.read_bytes(), secret.encode())]
    assert leaked == []
