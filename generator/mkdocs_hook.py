"""mkdocs hook: regenerate docs/generated/ when mkdocs itself is run.

``mkdocs serve`` and ``mkdocs build`` fire ``on_startup``; we remember the
command, and before every build (the first and each rebuild after a watched
file changed) run the generator's gather and generate stages, which write only
files whose bytes changed. The rebuild those writes trigger finds nothing to
change, so the preview settles after one extra round.

Our own build (``generator.build.publish``) loads mkdocs in-process without
``on_startup``: the hook does not regenerate there, the generator has already
run.

In every build the hook also adds the catalogue's names (written by the site
renderer as a dotfile, which mkdocs does not publish) to jieba's dictionary,
so that the search plugin indexes page titles with whole names (see
``generator.render.site.jieba_words``). The path is taken from the config,
not from the working directory as the plugin's own ``jieba_dict_user`` would.

While serving, invalid specs never stop the server: the problems are printed
with file and line, and the previously generated pages stay in place. Under
``mkdocs build`` they abort the build.

Mkdocs caches hook modules (keyed by path), so module state outlives the
reloads of mkdocs.yml that ``serve`` performs on each rebuild.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.hooks.zxnl")

ACTIVE_COMMANDS = ("serve", "build")
_state: dict[str, str | None] = {"command": None, "schemas": None}
_words_added: set[str] = set()


def on_startup(*, command: str, dirty: bool) -> None:
    _state["command"] = command


def on_shutdown() -> None:
    _state["command"] = None


def on_pre_build(*, config: Any) -> None:
    command = _state["command"]
    if command in ACTIVE_COMMANDS:
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        regenerate(root, serving=command == "serve")
    from generator.render.site import JIEBA_WORDS

    add_search_words(Path(config.docs_dir) / JIEBA_WORDS)


def regenerate(root: Path, *, serving: bool) -> bool:
    """Gather and generate into ``root``/docs/generated; True if it was updated."""
    from mkdocs.exceptions import Abort

    from generator.build import BuildError, gather, generate
    from generator.problems import Severity
    from generator.reporting import text_line
    from generator.settings import Settings

    start = time.perf_counter()
    _forget_schemas()
    settings = Settings(root=root)
    try:
        catalogue, result = gather(settings)
    except BuildError as exc:
        for problem in exc.problems:
            if problem.severity is not Severity.NOTE:
                log.warning(text_line(problem))
        if not serving:
            raise Abort(f"{exc}") from exc
        log.warning(f"{exc}；预览保留上一次生成的页面，改正后保存即可自动更新。")
        return False
    for problem in result.problems:
        if problem.severity is Severity.WARNING:
            log.info(text_line(problem))
    sync = generate(catalogue, settings)
    if sync.written or sync.removed:
        seconds = time.perf_counter() - start
        log.info(f"已重新生成 docs/generated/：写入 {len(sync.written)} 个文件，删除 {len(sync.removed)} 个（{seconds:.1f} 秒）。")
    return True


def add_search_words(path: Path) -> None:
    """Add the names in ``path`` to jieba's dictionary (once per process)."""
    try:
        words = set(path.read_text(encoding="utf-8").split())
    except OSError:
        return
    import jieba

    for word in sorted(words - _words_added):
        jieba.add_word(word)
    _words_added.update(words)


def _forget_schemas() -> None:
    """Schemas and rules are cached per process; while serving, an edit to
    schema/ must show, so when a schema file changed, every cache of the
    modules that read them is cleared."""
    from generator import model, rules, schemas, validation

    stamp = tuple((path.name, path.stat().st_mtime_ns, path.stat().st_size) for path in sorted(schemas.SCHEMA_DIR.glob("*.json")))
    if _state["schemas"] == repr(stamp):
        return
    if _state["schemas"] is not None:
        for module in (schemas, rules, validation, model):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
    _state["schemas"] = repr(stamp)
