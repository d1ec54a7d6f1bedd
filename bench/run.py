"""The benchmark of issue 7 (`make bench`; not part of the tests).

    .venv/bin/python bench/run.py [--sizes 300,1000,3000] [--runs 3] [--edits 5]

For each size it writes a synthetic catalogue (bench/catalogue.py) into a
throwaway project under the system's temporary folder, and measures, in
fresh processes, --runs times each (medians are reported):

  validate   validation of every file without the cache (one process)
  cold       a full build from nothing, as `make site` after `make clean`
  unchanged  the same build again, nothing changed
  edit       the same build after editing one practice of one spec
  baseline   the same pages as plain Markdown, plain mkdocs-material
             (bench/baseline.py): cold (jieba's cache removed too) and warm

Then the Word throughput (one core, all cores), one build of the real specs
and the time an edit takes to show under `mkdocs serve` on a copy of them.
Results go to bench/out/results.json and the Chinese page
docs/pages/benchmark/index.md (--page to write elsewhere, --no-page for none;
--page-only writes the page again from the results, measuring nothing).

The code measured is copied when the run starts. To compare with another
version: `git archive <commit> generator schema mkdocs.yml docs | tar -x -C
/tmp/old` and `bench/run.py --code /tmp/old --builds-only --no-page --out
/tmp/old.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from baseline import make_baseline  # noqa: E402
from catalogue import write_catalogue  # noqa: E402
from measure import Measured, largest, load_average, machine, run, tree_size  # noqa: E402
from project import ROOT, clean, make_root, snapshot  # noqa: E402
from report import write_page  # noqa: E402
from serve import serve_latency  # noqa: E402

PYTHON = sys.executable
CHILD = str(HERE / "child.py")
EDITED = "p001-spec-001"
WORD_SPECS = 1000  # specs whose Word files the throughput test makes (2 files each)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure_size(work: Path, code: Path, specs: int, runs: int) -> dict[str, Any]:
    root = make_root(work / f"project-{specs}", code)
    write_catalogue(root / "specs", specs)
    base = work / f"baseline-{specs}"
    results: dict[str, Any] = {key: [] for key in ("validate", "cold", "unchanged", "edit", "baseline_cold", "baseline_warm")}
    results |= {
        "cpu": {"cold": [], "baseline_cold": []},
        "stages": {"cold": [], "unchanged": [], "edit": []},
        "peak_pss": [],
        "max_rss": [],
        "word_files_edit": [],
        "load": [],
    }
    for number in range(1, runs + 1):
        log(f"  {specs} specs, run {number}/{runs} (load average {load_average():.2f})")
        results["load"].append(load_average())
        checked = run([PYTHON, CHILD, "validate", str(root / "specs")], cwd=root)
        results["validate"].append(checked.data["seconds"])
        clean(root)
        for label in ("cold", "unchanged", "edit"):
            if label == "edit":
                _edit(root / "specs" / f"{EDITED}.yaml", number)
            built = run([PYTHON, CHILD, "build"], cwd=root)
            _record(results, label, built)
        results["word_files_edit"].append(built.data["word_files_run"])
        if number == 1:
            results["pages"] = make_baseline(root / "docs" / "generated", base, root / "mkdocs.yml")
        jieba_cache = work / f"tmp-{specs}-{number}"
        jieba_cache.mkdir()
        shutil.rmtree(base / "site", ignore_errors=True)
        for label in ("baseline_cold", "baseline_warm"):  # cold: no site/, no jieba cache; warm: both left by cold
            plain = run([PYTHON, "-m", "mkdocs", "build", "--quiet"], cwd=base, env={"TMPDIR": str(jieba_cache), "NO_MKDOCS_2_WARNING": "1"})
            results[label].append(plain.wall)
            if label == "baseline_cold":
                results["cpu"]["baseline_cold"].append(plain.cpu)
    results |= _sizes(root / "site", base / "site")
    shutil.rmtree(root, ignore_errors=True)
    shutil.rmtree(base, ignore_errors=True)
    return results


def _record(results: dict[str, Any], label: str, built: Measured) -> None:
    results[label].append(built.wall)
    results["stages"][label].append(built.data["seconds"])
    if label == "cold":
        results["cpu"]["cold"].append(built.cpu)
    results["peak_pss"].append(built.peak_pss)
    results["max_rss"].append(built.max_rss)


def _edit(path: Path, number: int) -> None:
    """Append to the first practice of the first task: one spec's text changes."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.lstrip().startswith("- 能"))
    lines[index] = lines[index].rstrip("\n") + f"，并记录第{number}次修订\n"
    path.write_text("".join(lines), encoding="utf-8")


def _sizes(site: Path, baseline_site: Path) -> dict[str, Any]:
    size, files = tree_size(site)
    return {
        "site_bytes": size,
        "site_files": files,
        "search_bytes": (site / "search" / "search_index.json").stat().st_size,
        "baseline_site_bytes": tree_size(baseline_site)[0],
        "baseline_search_bytes": (baseline_site / "search" / "search_index.json").stat().st_size,
        "largest_page": largest(site, "**/*.html"),
        "largest_spec_page": largest(site, "specs/*/index.html"),
        "catalogue_page": (site / "catalogue" / "index.html").stat().st_size,
    }


def throughput(work: Path, code: Path, runs: int) -> dict[str, Any]:
    """Validation (specs/s, one process) and Word files (documents/s)."""
    root = make_root(work / "throughput", code)
    write_catalogue(root / "specs", 1000)
    validated = [run([PYTHON, CHILD, "validate", str(root / "specs")], cwd=root).data for _ in range(runs)]
    word = [run([PYTHON, CHILD, "word", str(root), str(WORD_SPECS)], cwd=root).data for _ in range(runs)]
    shutil.rmtree(root, ignore_errors=True)
    return {
        "validate_specs": validated[0]["specs"],
        "validate_per_second": [v["specs"] / v["seconds"] for v in validated],
        "word_documents": word[0]["documents"],
        "word_one_core": [w["rates"]["one_core"] for w in word],
        "word_all_cores": [w["rates"]["all_cores"] for w in word],
    }


def real_catalogue(work: Path, code: Path) -> dict[str, Any]:
    """One cold build of the real specs/: the size of what readers load."""
    root = make_root(work / "real", code, specs=code / "specs")
    built = run([PYTHON, CHILD, "build"], cwd=root)
    site = root / "site"
    result = {
        "specs": len(list((root / "specs").glob("*.yaml"))),
        "cold": built.wall,
        "site_bytes": tree_size(site)[0],
        "search_bytes": (site / "search" / "search_index.json").stat().st_size,
        "largest_page": largest(site, "**/*.html"),
    }
    shutil.rmtree(root, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="300,1000,3000", help="catalogue sizes (full specs), comma-separated; default 300,1000,3000")
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement; medians are reported (default 3)")
    parser.add_argument("--edits", type=int, default=5, help="edits timed under mkdocs serve (default 5; 0 to skip)")
    parser.add_argument("--page", type=Path, default=ROOT / "docs" / "pages" / "benchmark" / "index.md", help="results page to write")
    parser.add_argument("--no-page", action="store_true", help="write only bench/out/results.json")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway projects")
    parser.add_argument(
        "--code", type=Path, default=ROOT, help="measure the code in this folder (e.g. an older version, from git archive); default: this checkout"
    )
    parser.add_argument("--builds-only", action="store_true", help="only the builds of each size: no throughput, real catalogue or serve")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "results.json", help="where the results go (JSON)")
    parser.add_argument("--page-only", action="store_true", help="measure nothing: write the page again from the results in --out")
    args = parser.parse_args()
    if args.page_only:
        print(write_page(json.loads(args.out.read_text(encoding="utf-8")), args.page))
        return
    sizes = [int(size) for size in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="zx-bench-"))
    log(f"working in {work}; {os.cpu_count()} cores; load average {load_average():.2f}")
    results: dict[str, Any] = {"machine": machine(), "runs": args.runs, "load_before": load_average(), "sizes": {}}
    code = snapshot(work / "code", args.code)
    try:
        for specs in sizes:
            results["sizes"][str(specs)] = measure_size(work, code, specs, args.runs)
        if not args.builds_only:
            log("  throughput, real catalogue")
            results["throughput"] = throughput(work, code, args.runs)
            results["real"] = real_catalogue(work, code)
        if args.edits and not args.builds_only:
            log("  mkdocs serve")
            results["serve"] = serve_latency(work, code, args.edits)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    results["load_after"] = load_average()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    text = write_page(results, None if args.no_page else args.page)
    print(text)


if __name__ == "__main__":
    main()
