"""Reading the spec a bank is built on: validated, then turned into the model."""

from __future__ import annotations

from pathlib import Path

from ..model import Spec, spec_from_data
from ..problems import Problem
from ..validation import UsageError, validate


def load_spec(path: Path) -> tuple[Spec | None, list[Problem]]:
    """The spec at ``path`` if it validates, else None and its problems.

    A spec outside a specs/ folder (a copy under review, say) is checked
    against the catalogue lists of the project we run in, so that its catalogue
    entry still resolves.
    """
    if not path.is_file():
        raise UsageError(f"规范文件不存在：{path}")
    if path.parent.name == "lists":
        raise UsageError(f"{path} 是目录文件，不是规范")
    lists = path.parent / "lists"
    result = validate([path], specs_dir=path.parent, lists_dir=lists if lists.is_dir() else Path("specs") / "lists")
    file = result.files[0]
    if not result.ok or file.document is None:
        return None, result.problems
    return spec_from_data(file.id, file.document.data, file.display), result.problems
