"""Where things are. One small object handed from the CLI to the pipeline."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_SITE_URL = "https://zxnl.example.org/"


@dataclass(frozen=True)
class Settings:
    root: Path = Path(".")
    processes: int | None = None
    strict: bool = True

    @property
    def specs_dir(self) -> Path:
        return self.root / "specs"

    @property
    def lists_dir(self) -> Path:
        return self.specs_dir / "lists"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def generated_dir(self) -> Path:
        """The folder of docs/ that the generator owns entirely (git-ignored)."""
        return self.docs_dir / "generated"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def cache_dir(self) -> Path:
        """Local build state (git-ignored): safe to delete at any time."""
        return self.root / ".cache"

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def site_url(self) -> str:
        """site_url of mkdocs.yml (which reads SITE_URL from the environment)."""
        url = os.environ.get("SITE_URL") or _site_url_from_config(self.config_file) or DEFAULT_SITE_URL
        return url if url.endswith("/") else url + "/"


def _site_url_from_config(path: Path) -> str | None:
    try:
        from mkdocs.exceptions import MkDocsException
        from mkdocs.utils.yaml import yaml_load
    except ImportError:
        return None
    try:
        with path.open(encoding="utf-8") as handle:
            config = yaml_load(handle)
    except (OSError, ValueError, MkDocsException):  # a broken mkdocs.yml is reported by the mkdocs step
        return None
    value = config.get("site_url") if isinstance(config, dict) else None
    return value if isinstance(value, str) else None
