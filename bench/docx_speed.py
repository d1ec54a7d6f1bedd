"""Benchmark the Word outputs (not a test): documents per second, medians.

    .venv/bin/python bench/docx_speed.py [--specs 400] [--runs 5] [--profile]

Renders the specs of specs/ over and over (each copy with its own id and page
address, so every QR code differs) as spec documents, exam-site forms and
compilation volumes, on one core and on all cores, and prints the median rate.
For comparison it also times the same content written through python-docx's
object model (Document(), add_paragraph, add_table, cell merges), the plain way.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import cProfile
import dataclasses
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.build import gather  # noqa: E402
from generator.model import Spec  # noqa: E402
from generator.render.docx import build_docx  # noqa: E402
from generator.render.forms import build_form  # noqa: E402
from generator.render.volume import build_volume  # noqa: E402
from generator.settings import Settings  # noqa: E402
from generator.wordml.spec import SpecContext, spec_context  # noqa: E402

Item = tuple[Spec, SpecContext]


def corpus(count: int) -> tuple[list[Item], object]:
    catalogue, _ = gather(Settings(root=ROOT))
    base = [(spec, spec_context(catalogue, spec, "https://zxnl.example.org/")) for spec in catalogue.specs]
    items = []
    for i in range(count):
        spec, ctx = base[i % len(base)]
        copy = dataclasses.replace(spec, id=f"{spec.id}-{i}")
        items.append((copy, dataclasses.replace(ctx, page_url=f"https://zxnl.example.org/{copy.url}")))
    return items, catalogue.lists[0]


def one_docx(item: Item) -> int:
    return len(build_docx(*item))


def one_form(item: Item) -> int:
    return len(build_form(item[0], item[1].page_url))


def rate(func: Callable[[Item], int], items: Sequence[Item], runs: int) -> float:
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        for item in items:
            func(item)
        rates.append(len(items) / (time.perf_counter() - start))
    return statistics.median(rates)


def rate_parallel(func: Callable[[Item], int], items: Sequence[Item], runs: int) -> float:
    rates = []
    with concurrent.futures.ProcessPoolExecutor() as pool:
        list(pool.map(func, items[: os.cpu_count() or 1]))  # start the workers, build their templates
        for _ in range(runs):
            start = time.perf_counter()
            list(pool.map(func, items, chunksize=8))
            rates.append(len(items) / (time.perf_counter() - start))
    return statistics.median(rates)


def plain_python_docx(item: Item) -> int:
    """The same content through python-docx's object model, for comparison."""
    import io

    import docx

    spec, _ = item
    doc = docx.Document()
    doc.add_heading(spec.title, 0)
    for heading, text in (("一、定义", spec.definition), ("二、适用对象", spec.audience)):
        doc.add_heading(heading, 1)
        doc.add_paragraph(text)
    rows = sum(task.rows for task in spec.tasks)
    table = doc.add_table(rows=2 + rows, cols=4)
    row = 2
    for task in spec.tasks:
        table.cell(row, 0).text, table.cell(row, 3).text = task.title, f"{task.weight}%"
        for i in range(task.rows):
            table.cell(row + i, 1).text = task.practices[i] if i < len(task.practices) else ""
            table.cell(row + i, 2).text = task.knowledge[i] if i < len(task.knowledge) else ""
        if task.rows > 1:
            table.cell(row, 0).merge(table.cell(row + task.rows - 1, 0))
            table.cell(row, 3).merge(table.cell(row + task.rows - 1, 3))
        row += task.rows
    buffer = io.BytesIO()
    doc.save(buffer)
    return len(buffer.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specs", type=int, default=400)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print where the time of the spec documents goes")
    args = parser.parse_args()
    items, lst = corpus(args.specs)
    one_docx(items[0])  # build the template once, as every worker does
    print(f"{args.specs} spec copies of {len({s.id.rsplit('-', 1)[0] for s, _ in items})} specs, {args.runs} runs, {os.cpu_count()} cores; medians")
    print(f"spec documents, one core:  {rate(one_docx, items, args.runs):7.1f} docs/s")
    print(f"spec documents, all cores: {rate_parallel(one_docx, items, args.runs):7.1f} docs/s")
    print(f"exam-site forms, one core: {rate(one_form, items, args.runs):7.1f} docs/s")
    print(f"exam-site forms, all cores:{rate_parallel(one_form, items, args.runs):7.1f} docs/s")
    volume = tuple(items[:100])
    start = time.perf_counter()
    build_volume(lst, volume, (1, 1, len(volume)), "https://zxnl.example.org/downloads/x.docx")  # type: ignore[arg-type]
    print(f"volume of {len(volume)} specs, one core: {len(volume) / (time.perf_counter() - start):7.1f} specs/s")
    print(f"plain python-docx (comparison), one core: {rate(plain_python_docx, items[:40], max(1, args.runs // 2)):7.1f} docs/s")
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(lambda: [one_docx(item) for item in items[:200]])
        pstats.Stats(profile).sort_stats("tottime").print_stats(20)


if __name__ == "__main__":
    main()
