"""Validation: load every file, check it against its schema, apply waivers,
then check what spans files. Every problem in every file is collected.

Structure comes first, rules after: the schema's structural keywords and its
rule subschemas run in one pass, and the custom rule keywords skip values of
the wrong type, so a structural error is never followed by a confused rule
error about the same value.
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from .loading import Document, load_yaml
from .problems import Problem, Severity
from .rules import catalogue
from .schemas import Context, make_fast_check, make_validator, problem_from_error

ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
RESERVED = {"con", "prn", "aux", "nul", "index", "lists", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
ITEMBANK_MARKER = b"CONFIDENTIAL-ITEMBANK"
WAIVER_RULE = re.compile(r"^[a-z][a-z0-9-]*$")
MAX_PROBLEMS_PER_FILE = 200


@dataclass
class FileResult:
    path: Path
    display: str
    kind: str  # "spec" or "list"
    document: Document | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.path.stem

    @cached_property
    def digest(self) -> str | None:
        """The file's bytes, hashed once: for the validation cache and for the
        build's record of its inputs (generator.inputs)."""
        return file_digest(self.path)

    @property
    def ok(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)


@dataclass
class Result:
    files: list[FileResult]
    extra: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        found = [p for f in self.files for p in f.problems] + self.extra
        return sorted(found, key=Problem.sort_key)

    @property
    def ok(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)


class UsageError(Exception):
    """A path that does not exist, or another mistake in how we were called."""


def discover(paths: Sequence[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            # a broken symlink is kept: reading it reports file-unreadable instead of skipping it silently
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and (p.is_file() or p.is_symlink())))
        elif path.exists():
            found.append(path)
        else:
            raise UsageError(f"路径不存在：{path}")
    return found


def kind_of(path: Path) -> str:
    return "list" if path.parent.name == "lists" else "spec"


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def validate(
    paths: Sequence[Path],
    *,
    specs_dir: Path = Path("specs"),
    lists_dir: Path | None = None,
    cache: Path | None = None,
) -> Result:
    """Validate files and directories; lists under ``lists_dir`` give the context.

    With ``cache``, a spec file whose bytes, context and validator are unchanged
    since it last passed without any problem is not read again (see ``_Cache``).
    """
    lists_dir = lists_dir if lists_dir is not None else specs_dir / "lists"
    files = discover(paths)
    context_lists = [p for p in discover([lists_dir]) if p.suffix == ".yaml"] if lists_dir.is_dir() else []
    loaded = {p.resolve(): _load(p) for p in [*context_lists, *(f for f in files if kind_of(f) == "list")]}
    context = build_context(
        [r for r in loaded.values() if r.kind == "list"],
        spec_ids={p.stem for p in specs_dir.glob("*.yaml")} | {p.stem for p in files if kind_of(p) == "spec"},
    )
    store = _Cache(cache, context) if cache else None
    validators = {kind: make_validator(kind, context) for kind in ("spec", "list")}
    fast = {kind: make_fast_check(kind, context) for kind in ("spec", "list")}
    requested = []
    for path in files:
        cached = store.get(path) if store and kind_of(path) == "spec" else None
        if cached is not None:
            requested.append(cached)
            continue
        result = loaded.get(path.resolve()) or _load(path)
        requested.append(result)
        if result.document is None:
            continue
        data = result.document.data
        if not result.problems and not _has_waivers(data, result.kind) and fast[result.kind](data):
            if store and result.kind == "spec":
                store.put(result)
            continue  # passes every keyword: nothing to report, skip the slow, detailed pass
        _check(result, validators[result.kind])
    if store:
        store.save()
    extra = check_entries_taken([r for r in requested if r.kind == "spec"])
    return Result(requested, extra)


class _Cache:
    """Results of spec files that passed cleanly, keyed by the file's bytes.

    One JSON file. Its entries are valid only for the same validator source,
    schemas and cross-file context (lists and spec ids); any change there
    starts an empty cache. Files with problems or waivers are never cached.
    """

    def __init__(self, path: Path, context: Context) -> None:
        self.path = path
        self.version = hashlib.sha256(
            _validator_fingerprint()
            + repr(sorted(context.entries.items())).encode()
            + repr(sorted(context.lists)).encode()
            + repr(sorted(context.spec_ids)).encode()
        ).hexdigest()
        self.old: dict[str, list[Any]] = {}
        self.new: dict[str, list[Any]] = {}
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
            if stored.get("version") == self.version and isinstance(stored.get("entries"), dict):
                self.old = stored["entries"]
        except (OSError, ValueError, AttributeError, KeyError):
            pass

    def get(self, path: Path) -> FileResult | None:
        key = str(path.resolve())
        hit = self.old.get(key)
        if not isinstance(hit, list) or len(hit) != 2:
            return None  # not cached, or a damaged entry
        result = FileResult(path, display_path(path), "spec", Document(hit[1]))
        if hit[0] != result.digest:
            return None  # changed since
        self.new[key] = hit
        return result

    def put(self, result: FileResult) -> None:
        if result.digest and result.document is not None:
            self.new[str(result.path.resolve())] = [result.digest, result.document.data]

    def save(self) -> None:
        if self.new == self.old:
            return
        from .output import write_atomic

        payload = json.dumps({"version": self.version, "entries": self.new}, ensure_ascii=False, separators=(",", ":"))
        write_atomic(self.path, payload.encode("utf-8"))


def file_digest(path: Path) -> str | None:
    """sha256 of a file's bytes; None if it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@cache
def _validator_fingerprint() -> bytes:
    """Bytes that change whenever the validator or its schemas could."""
    from . import schemas as schemas_module

    here = Path(__file__).resolve().parent
    parts = [(here / name).read_bytes() for name in ("loading.py", "schemas.py", "validation.py", "fastcheck.py", "occupations.py")]
    parts += [(schemas_module.SCHEMA_DIR / name).read_bytes() for name in schemas_module.SCHEMA_FILES]
    return hashlib.sha256(b"\0".join(parts)).digest()


def _load(path: Path) -> FileResult:
    display = display_path(path)
    kind = kind_of(path)
    problems = _check_file_name(path, display, kind)
    if _is_itembank(path):
        return FileResult(
            path,
            display,
            kind,
            None,
            [Problem("itembank-in-sources", Severity.ERROR, display, 1, 1, "这是题库文件（保密材料），不得放在规范目录中；请移到单独的私有仓库")],
        )
    document, load_problems = load_yaml(path, display)
    return FileResult(path, display, kind, document, problems + load_problems)


def _is_itembank(path: Path) -> bool:
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False  # never open a pipe or device here: the loader reports it
        with path.open("rb") as handle:
            return ITEMBANK_MARKER in handle.read(1024)
    except OSError:
        return False


def _check_file_name(path: Path, display: str, kind: str) -> list[Problem]:
    stem, what = path.stem, "目录" if kind == "list" else "规范"
    reason = None
    if path.suffix != ".yaml":
        reason = f"扩展名应为 .yaml，而不是 {path.suffix}"
    elif not ID.match(stem) or len(stem) > 64:
        reason = f"文件名“{path.name}”不能作{what}标识：只能用小写 ASCII 字母、数字和连字符，以字母开头，不超过 64 个字符"
    elif stem in RESERVED:
        reason = f"“{stem}”是保留名称，不能作{what}标识"
    return [Problem("file-name", Severity.ERROR, display, 1, 1, reason)] if reason else []


def build_context(lists: Iterable[FileResult], *, spec_ids: set[str]) -> Context:
    context = Context(spec_ids=set(spec_ids))
    for result in lists:
        data = result.document.data if result.document else None
        context.lists.add(result.id)
        entries = data.get("entries") if isinstance(data, dict) else None
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("number"), str):
                context.entries[(result.id, entry["number"])] = str(entry.get("name", ""))
    return context


def _has_waivers(data: Any, kind: str) -> bool:
    """Waivers turn problems into notes and warn when unused: only the full pass reports them."""
    if kind == "spec":
        return isinstance(data, dict) and "waivers" in data
    entries = data.get("entries") if isinstance(data, dict) else None
    return isinstance(entries, list) and any(isinstance(entry, dict) and "waivers" in entry for entry in entries)


def _check(result: FileResult, validator: Any) -> None:
    assert result.document is not None
    found: list[Problem] = []
    for error in validator.iter_errors(result.document.data):
        if len(found) >= MAX_PROBLEMS_PER_FILE:
            line, col = result.document.locate(tuple(error.absolute_path))
            found.append(
                Problem(
                    "too-many-problems", Severity.ERROR, result.display, line, col, f"问题超过 {MAX_PROBLEMS_PER_FILE} 个，其余未逐一列出；请先修正以上问题"
                )
            )
            break  # a file this broken is not a spec; stop before it costs minutes
        found.extend(problem_from_error(error, result.document, result.display, result.kind))
    result.problems.extend(apply_waivers(_dedupe(found), result.document, result.kind, result.display))


def _dedupe(problems: list[Problem]) -> list[Problem]:
    # A value of the wrong type gets one problem, its type: not also the rules
    # it cannot meet (a `not: {pattern}` rule, a const or an enum fails on any
    # number or list, so "12345" as a definition would also be "markup").
    mistyped = {p.path for p in problems if p.code == "type"}
    seen: set[tuple[Any, ...]] = set()
    out = []
    for p in problems:
        key = (p.code, p.line, p.column, p.message)
        if p.code != "type" and p.path in mistyped:
            continue
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def waiver_holders(data: Any, kind: str) -> list[tuple[str | int, ...]]:
    """Where waivers may sit: the spec itself, or each entry of a list."""
    if kind == "spec":
        return [()]
    entries = data.get("entries") if isinstance(data, dict) else None
    return [("entries", i) for i in range(len(entries))] if isinstance(entries, list) else []


def apply_waivers(problems: list[Problem], doc: Document, kind: str, display: str) -> list[Problem]:
    codes = catalogue()
    out = list(problems)
    for holder in waiver_holders(doc.data, kind):
        waivers = doc.value_at((*holder, "waivers"))
        if not isinstance(waivers, list):
            continue
        active: dict[str, tuple[int, str]] = {}
        for i, waiver in enumerate(waivers):
            if not isinstance(waiver, dict) or not isinstance(waiver.get("rule"), str):
                continue  # the schema reports the shape
            rule, where = waiver["rule"], doc.locate((*holder, "waivers", i, "rule"))
            wpath = (*holder, "waivers", i, "rule")
            if not WAIVER_RULE.match(rule):
                continue  # its format rule reports it
            if rule not in codes:
                out.append(Problem("waiver-unknown-rule", Severity.ERROR, display, *where, f"没有代码为“{rule}”的规则", wpath))
            elif not codes[rule].waivable:
                out.append(Problem("waiver-not-allowed", Severity.ERROR, display, *where, f"规则“{rule}”（{codes[rule].title}）是结构性规则，不能豁免", wpath))
            elif rule in active:
                out.append(Problem("waiver-duplicate", Severity.ERROR, display, *where, f"规则“{rule}”已在前面豁免过", wpath))
            else:
                active[rule] = (i, str(waiver.get("reason", "")))
        used: set[str] = set()
        for k, problem in enumerate(out):
            if problem.code in active and problem.path[: len(holder)] == holder and problem.severity is not Severity.NOTE:
                used.add(problem.code)
                reason = active[problem.code][1]
                out[k] = Problem(
                    problem.code, Severity.NOTE, problem.file, problem.line, problem.column, f"已豁免：{problem.message}（理由：{reason}）", problem.path
                )
        for rule, (i, _) in active.items():
            if rule not in used:
                wpath = (*holder, "waivers", i, "rule")
                out.append(Problem("waiver-unused", Severity.WARNING, display, *doc.locate(wpath), f"本规范没有违反规则“{rule}”，请删除这条豁免", wpath))
    return out


def check_entries_taken(specs: list[FileResult]) -> list[Problem]:
    """One catalogue entry has at most one full text."""
    owners: dict[tuple[str, str], str] = {}
    problems = []
    for result in sorted(specs, key=lambda r: r.display):
        data = result.document.data if result.document else None
        if not isinstance(data, dict):
            continue
        refs: list[tuple[tuple[str | int, ...], Any]] = [(("entry",), data.get("entry"))]
        variants = data.get("variants")
        if isinstance(variants, list):
            refs += [(("variants", i, "entry"), v.get("entry")) for i, v in enumerate(variants) if isinstance(v, dict)]
        for path, ref in refs:
            if not isinstance(ref, dict) or not isinstance(ref.get("list"), str) or not isinstance(ref.get("number"), str):
                continue
            key = (ref["list"], ref["number"])
            if key in owners and owners[key] != result.display:
                document = result.document if result.document and result.document.value_marks else load_yaml(result.path, result.display)[0]
                line, col = document.locate(path) if document else (1, 1)
                problems.append(
                    Problem("entry-taken", Severity.ERROR, result.display, line, col, f"目录条目 {key[0]} 第 {key[1]} 项已由 {owners[key]} 占用", path)
                )
            else:
                owners[key] = result.display
    return problems
