"""What run.py measures, each in a fresh process started in a project root
(see project.py); each prints one line of JSON.

    child.py build                 what `make site` runs
    child.py validate SPECS_DIR    validation without cache (one process)
    child.py word ROOT COUNT       Word files of COUNT specs, 1 process, then all cores
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))  # the project root, with its own copy of the generator

from generator.settings import Settings


def child_build() -> dict[str, object]:
    """Exactly what `python -m generator build` (make site) does, reported as data."""
    from generator.build import build

    report = build(Settings())
    sync = report.sync
    return {
        "seconds": report.seconds,
        "jobs_run": sync.jobs_run,
        "word_files_run": [path for path in sync.written if path.endswith(".docx")],
        "written": len(sync.written),
        "removed": len(sync.removed),
    }


def child_validate(specs: Path) -> dict[str, object]:
    from generator.validation import validate

    start = time.perf_counter()
    result = validate([specs], specs_dir=specs)
    seconds = time.perf_counter() - start
    if not result.ok:
        raise SystemExit(f"synthetic specs do not validate: {result.problems[:3]}")
    return {"seconds": seconds, "specs": sum(1 for f in result.files if f.kind == "spec")}


def child_word(root: Path, count: int) -> dict[str, object]:
    """Spec documents and exam-site forms (not volumes) of ``count`` specs,
    through the build's own job runner (workers write their files)."""
    from generator.build import gather, render
    from generator.output import OutputTree

    os.chdir(root)
    settings = Settings()
    catalogue, _ = gather(settings)
    template = render(catalogue, settings)
    specs = {spec.id for spec in catalogue.specs[:count]}
    jobs = {path: job for path, job in template.jobs.items() if path.startswith("specs/") and path.split("/")[1] in specs}
    rates = {}
    for label, processes in (("one_core", 1), ("all_cores", os.cpu_count() or 1)):
        with tempfile.TemporaryDirectory() as folder:
            out = OutputTree(Path(folder))
            out.jobs = dict(jobs)
            start = time.perf_counter()
            done = out.start(processes=processes).finish().jobs_run
            rates[label] = done / (time.perf_counter() - start)
    return {"documents": len(jobs), "rates": rates, "processes": os.cpu_count()}


def main() -> None:
    command, *args = sys.argv[1:]
    if command == "build":
        data = child_build()
    elif command == "validate":
        data = child_validate(Path(args[0]))
    elif command == "word":
        data = child_word(Path(args[0]), int(args[1]))
    else:
        raise SystemExit(__doc__)
    print(json.dumps(data, ensure_ascii=False))


if __name__ == "__main__":
    main()
