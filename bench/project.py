"""Throwaway project roots for the benchmark, outside the repository: their
own specs/, docs/generated/, site/ and .cache/, and a copy of the code,
schemas, mkdocs.yml and tracked docs taken when the benchmark starts, so
that work going on in the checkout meanwhile does not change what is
measured (child.py and `python -m mkdocs` import the generator from the
project root)."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("generator", "schema", "mkdocs.yml", "docs/assets", "docs/pages")
REAL_SPECS = "specs"  # the real catalogue, copied beside the code (see make_root)
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc")


def snapshot(folder: Path, code: Path = ROOT) -> Path:
    """Copy what a build reads from ``code`` (the checkout) into ``folder``;
    the real specs/ of the checkout go to ``folder``/specs, for the builds of
    the real catalogue."""
    shutil.rmtree(folder, ignore_errors=True)
    for name in (*SOURCES, REAL_SPECS):
        source, target = (ROOT if name == REAL_SPECS else code) / name, folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=IGNORED)
        else:
            shutil.copyfile(source, target)
    return folder


def make_root(folder: Path, code: Path, *, specs: Path | None = None) -> Path:
    """A project root at ``folder`` with the snapshot ``code``; specs/ copied
    from ``specs`` if given."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(code, folder, ignore=lambda where, names: [REAL_SPECS] if Path(where) == code else [])
    if specs is not None:
        shutil.copytree(specs, folder / "specs")
    return folder


def clean(root: Path) -> None:
    """What `make clean` removes: the state of a cold build."""
    for name in ("site", "docs/generated", ".cache"):
        shutil.rmtree(root / name, ignore_errors=True)
