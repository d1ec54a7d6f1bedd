"""The baseline: the same pages as plain, pre-written Markdown, built by plain
mkdocs-material, as in the measurements quoted in issue 7.

``make_baseline(generated, folder, ours)`` copies every Markdown page of a
built docs/generated into ``folder``/docs and writes a plain mkdocs.yml from
ours: Material in our language (zh), our navigation (only index pages) and
not_in_nav, Material's search plugin, which segments Chinese with jieba when
the language is zh, as ours does, and our Markdown extensions, or the pages
would not render as written. Left out: our hook (no generation, no jieba
words), our CSS and JavaScript, the theme options (palette, features), the
watch list and every file that is not a page (Word files, data, schemas).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

# What the baseline keeps of our mkdocs.yml; the theme keeps only name and language.
KEPT = ("site_name", "site_url", "use_directory_urls", "nav", "not_in_nav", "markdown_extensions")


def plain_config(ours: Path) -> str:
    from mkdocs.utils.yaml import yaml_load

    with ours.open(encoding="utf-8") as handle:
        config = yaml_load(handle)
    plain = {key: config[key] for key in KEPT if key in config}
    plain |= {"docs_dir": "docs", "theme": {"name": "material", "language": config["theme"]["language"]}, "plugins": ["search"]}
    return yaml.safe_dump(plain, allow_unicode=True, sort_keys=False)


def make_baseline(generated: Path, folder: Path, ours: Path) -> int:
    """Write the plain project, its config made from ``ours`` (mkdocs.yml);
    return the number of pages."""
    shutil.rmtree(folder, ignore_errors=True)
    docs = folder / "docs"
    pages = sorted(generated.rglob("*.md"))
    for page in pages:
        target = docs / page.relative_to(generated)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, target)
    (folder / "mkdocs.yml").write_text(plain_config(ours), encoding="utf-8")
    return len(pages)
