"""What docs/generated/ is made from, as one digest.

Renderers read the model and nothing else (STYLE.md), besides the settings,
the tracked sources they copy and their own code. So when this digest is the
one recorded for docs/generated/ and the folder is as that build left it,
rendering again would write the same bytes, and the build can keep the
folder as it is (``OutputTree.reuse``). The digest covers:

- every spec and list file, by its bytes, with its id and the path shown for it;
- the schemas, the tracked sources under docs/ that are copied in
  (docs/assets/, docs/pages/) and the whole generator package (code and
  templates);
- the settings renderers read (site_url, which follows SITE_URL and
  mkdocs.yml) and the date stamped into outputs (SOURCE_DATE_EPOCH, else the
  last commit);
- the renderers registered, the Python version and every installed
  distribution with its version (python-docx, Jinja2, segno, ...).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from .output import source_date_epoch
from .render.site import COPIED_SOURCES
from .schemas import SCHEMA_DIR
from .settings import Settings
from .validation import FileResult, file_digest

PACKAGE = Path(__file__).resolve().parent


def generated_inputs(files: Sequence[FileResult], settings: Settings, renderers: Iterable[tuple[str, Any]]) -> str:
    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        digest.update(repr(parts).encode("utf-8"))

    for result in sorted(files, key=lambda f: str(f.path)):
        add("file", result.id, result.kind, result.display, result.digest)
    for folder in (SCHEMA_DIR, PACKAGE, *(settings.docs_dir / name for name, _ in COPIED_SOURCES)):
        for path in _tree(folder):
            add("source", str(path.relative_to(folder)), file_digest(path))
    add("settings", settings.site_url, source_date_epoch())
    add("renderers", [(name, getattr(func, "__module__", ""), getattr(func, "__qualname__", repr(func))) for name, func in renderers])
    add("python", sys.version, sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions()))
    return digest.hexdigest()


def _tree(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
