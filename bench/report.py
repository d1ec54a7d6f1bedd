"""The results page (Chinese), written from bench/out/results.json by run.py.

.venv/bin/python bench/report.py [results.json]   rewrite the page only
"""

from __future__ import annotations

import json
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PAGE = HERE.parent / "docs" / "pages" / "benchmark" / "index.md"
MB = 1024 * 1024
STAGES = (("gather", "读取与校验"), ("generate", "生成页面（Word 在后台）"), ("mkdocs", "mkdocs"), ("wait", "等待 Word"))


def med(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ratio(ours: Sequence[float], base: Sequence[float]) -> float:
    return med(ours) / med(base)


def write_page(results: dict[str, Any], page: Path | None) -> str:
    sections = (_head, _table, _targets, _overhead, _stages, _other, _method)
    text = "\n".join(line for section in sections for line in section(results)) + "\n"
    if page is not None:
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(text, encoding="utf-8")
    return text


def _head(results: dict[str, Any]) -> list[str]:
    m = results["machine"]
    packages = "，".join(f"{name} {version}" for name, version in m["packages"].items())
    loads = [load for size in results["sizes"].values() for load in size.get("load", [])] or [float("nan")]
    return [
        "---",
        '{"title": "性能测试", "search": {"exclude": true}}',
        "---",
        "",
        "# 性能测试",
        "",
        "本页由 `make bench`（bench/run.py）生成，请勿手工编辑。测试用合成目录：每份规范的文字取自本站的示例规范，"
        "每份 3–8 项工作任务并附设备清单；每 100 份规范组成一份省级目录（另有 20 个尚无全文的条目），分两批。",
        "",
        f"- 测试时间：{m['date']}；每项测量运行 {results['runs']} 次，表中为中位数。",
        f"- 机器：{m['cores']} 核，{m['cpu']}，内存 {m['memory_gb']} GB，{m['system']}；Python {m['python']}。",
        f"- 软件包：{packages}。",
        f"- 系统负载（1 分钟平均）：测试开始时 {results['load_before']:.2f}，各次运行开始时 {min(loads):.2f}–{max(loads):.2f}，结束时 {results['load_after']:.2f}"
        "。1 分钟平均负载也计入本测试刚结束的上一次构建（一个构建进程约为 1）；明显高于此值说明有其他程序同时运行："
        "时间偏长，而且我们的构建同时用两个核（mkdocs 和 Word 工作进程），受影响比只用一个核的基线更大。",
        "",
    ]


def _table(results: dict[str, Any]) -> list[str]:
    lines = [
        "## 结果",
        "",
        "| 规范数 | 页面数 | 校验 | 全新构建 | 基线 | 比值 | 无改动重建 | 基线（热） | 比值 | 改一份后重建 | 每份规范 | 峰值内存 | 输出 | 搜索索引 | 最大页面 |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for specs, r in results["sizes"].items():
        cold = med(r["cold"])
        largest = r["largest_page"]
        lines.append(
            f"| {int(specs):,} | {r['pages']:,} | {med(r['validate']):.1f} 秒 | {cold:.1f} 秒 | {med(r['baseline_cold']):.1f} 秒 "
            f"| {ratio(r['cold'], r['baseline_cold']):.2f}× | {med(r['unchanged']):.1f} 秒 | {med(r['baseline_warm']):.1f} 秒 "
            f"| {ratio(r['unchanged'], r['baseline_warm']):.2f}× | {med(r['edit']):.1f} 秒 | {cold / int(specs) * 1000:.1f} 毫秒 "
            f"| {max(r['peak_pss']) / MB:.0f} MB | {r['site_bytes'] / MB:.0f} MB | {r['search_bytes'] / 1024:.0f} KB "
            f"| {largest[1] / 1024:.0f} KB |"
        )
    lines += [
        "",
        "各列：",
        "",
        "- **页面数**：网站的 Markdown 页面数（规范、条目、目录和索引页）。",
        "- **校验**：不用缓存校验全部规范和目录文件（单进程）。",
        "- **全新构建**：`make clean` 之后的 `make site`：校验（无缓存）、页面、每份规范的 Word 文件和考点申请表、各目录的汇编、开放数据、mkdocs；jieba 的词典缓存也是全新的。",
        "- **基线**：同样的页面作为写好的 Markdown，用不加任何东西的 mkdocs-material 构建（导航只有索引页，Material 搜索和 jieba 中文分词与我们相同；没有钩子，没有 Word 文件），jieba 缓存全新。**比值**为我们的时间除以基线时间。",
        "- **无改动重建**：紧接着再运行一次 `make site`，输入没有变化；与 jieba 缓存已存在的基线（**基线（热）**）相比。",
        "- **改一份后重建**：修改一份规范的一条操作规范后的 `make site`。",
        "- **每份规范**：全新构建时间除以规范数。",
        "- **峰值内存**：构建进程及其全部子进程（生成 Word 的工作进程）同时占用内存之和的最大值（PSS，共享的内存页按进程数分摊；每 200 毫秒采样），取各次构建中的最大值。",
        "- **输出**：site/ 中全部文件的大小（含 Word 文件）；**搜索索引**：site/search/search_index.json；**最大页面**：site/ 中最大的 HTML 文件。",
        "",
    ]
    return lines


def _targets(results: dict[str, Any]) -> list[str]:
    sizes = results["sizes"]
    big, small = max(sizes, key=int), min(sizes, key=int)
    r = sizes[big]
    rows: list[tuple[str, str, str, bool | None]] = []
    cold_ratio = ratio(r["cold"], r["baseline_cold"])
    rows.append((f"全新构建（{int(big):,} 份）", "≤ 1.5× 基线", f"{cold_ratio:.2f}×", cold_ratio <= 1.5))
    unchanged_ratio = ratio(r["unchanged"], r["baseline_warm"])
    rows.append((f"无改动重建（{int(big):,} 份）", "≤ 1.1× 基线", f"{unchanged_ratio:.2f}×", unchanged_ratio <= 1.1))
    if "serve" in results:
        serve = med(results["serve"]["edits"])
        rows.append((f"预览中修改一份规范（实际目录，{results['serve']['specs']} 个文件）", "< 5 秒", f"{serve:.1f} 秒", serve < 5))
    peak = max(max(s["peak_pss"]) for s in sizes.values())
    rows.append(("峰值内存（全部规模）", "< 1 GB", f"{peak / MB:.0f} MB", peak < 1024 * MB))
    if big != small:
        growth = (med(r["cold"]) / int(big)) / (med(sizes[small]["cold"]) / int(small))
        rows.append((f"每份规范耗时：{int(big):,} 份 / {int(small):,} 份", "≤ 1.25", f"{growth:.2f}", growth <= 1.25))
    if "throughput" in results:
        t = results["throughput"]
        validate = med(t["validate_per_second"])
        rows.append(("校验速度（单核）", "≥ 300 份/秒", f"{validate:.0f} 份/秒", validate >= 300))
        one, every = med(t["word_one_core"]), med(t["word_all_cores"])
        cores = results["machine"]["cores"]
        rows.append((f"Word 生成用满全部核（{cores} 核）", f"全部核 ≈ {cores} × 单核", f"{one:.0f} → {every:.0f} 份/秒（{every / one:.2f}×）", None))
    edited = sorted({len(files) for files in r["word_files_edit"]})
    rows.append(("改一份规范后重新生成的 Word 文件", "只有改动的规范", f"{'、'.join(map(str, edited))} 个（该规范的 Word 文件及其汇编分册）", None))
    if "real" in results:
        search = results["real"]["search_bytes"]
        rows.append(("搜索索引（实际目录）", "< 3 MB", f"{search / 1024:.0f} KB", search < 3 * MB))
    lines = ["## 目标", "", "| 目标 | 要求 | 实测 | 达到 |", "|---|---|---|---|"]
    lines += [f"| {name} | {want} | {got} | {'是' if ok else '否' if ok is not None else '见实测'} |" for name, want, got, ok in rows]
    return [*lines, ""]


def _overhead(results: dict[str, Any]) -> list[str]:
    """What our build does beyond the baseline, from the stage times."""
    lines = ["## 比基线多出的时间", ""]
    for specs, r in results["sizes"].items():
        for label, base, title in (("cold", "baseline_cold", "全新构建"), ("unchanged", "baseline_warm", "无改动重建")):
            stages = {key: med([s.get(key, 0.0) for s in r["stages"][label]]) for key, _ in STAGES}
            total, plain = med(r[label]), med(r[base])
            startup = total - sum(stages.values())
            lines.append(
                f"- {int(specs):,} 份，{title}：比基线多 {total - plain:+.1f} 秒。其中读取与校验 {stages['gather']:.1f} 秒，"
                f"生成页面 {stages['generate']:.1f} 秒，启动 Python 与导入 {startup:.1f} 秒，"
                f"mkdocs 阶段 {stages['mkdocs']:.1f} 秒（基线整个构建 {plain:.1f} 秒，差 {stages['mkdocs'] - plain:+.1f} 秒），"
                f"等待 Word {stages['wait']:.1f} 秒。"
            )
    lines += [
        "",
        "mkdocs 阶段包括：读入配置、mkdocs 本身（与基线相同的页面），以及基线没有的工作：把 Word 文件链接进网站、"
        "删除旧的 site/；全新构建时还有一个生成 Word 文件的工作进程在另一个核上同时运行。",
        "",
    ]
    return lines


def _stages(results: dict[str, Any]) -> list[str]:
    lines = [
        "## 各阶段耗时",
        "",
        "构建函数 `generator.build.build` 返回的各阶段时间（秒，中位数）。“生成页面”包括渲染全部页面和数据并写入 docs/generated/；"
        "Word 文件由工作进程在 mkdocs 运行的同时生成（mkdocs 只用一个核），“等待 Word”是 mkdocs 结束后仍需等待的时间。"
        "表外的时间是启动 Python 和导入模块。",
        "",
        "| 规范数 | 构建 | " + " | ".join(title for _, title in STAGES) + " | 合计（墙钟） |",
        "|---:|---|" + "---:|" * (len(STAGES) + 1),
    ]
    names = {"cold": "全新", "unchanged": "无改动", "edit": "改一份"}
    for specs, r in results["sizes"].items():
        for label, title in names.items():
            stages = r["stages"][label]
            cells = " | ".join(f"{med([s.get(key, 0.0) for s in stages]):.2f}" for key, _ in STAGES)
            lines.append(f"| {int(specs):,} | {title} | {cells} | {med(r[label]):.2f} |")
    return [*lines, ""]


def _other(results: dict[str, Any]) -> list[str]:
    lines = ["## 其他测量", ""]
    for specs, r in results["sizes"].items():
        size = r["largest_spec_page"][1]
        lines.append(
            f"- {int(specs):,} 份：最大的规范页面 {size / 1024:.0f} KB，规范目录页 {r['catalogue_page'] / 1024:.0f} KB（列出全部条目），"
            f"网站 {r['site_files']:,} 个文件；基线输出 {r['baseline_site_bytes'] / MB:.0f} MB、搜索索引 {r['baseline_search_bytes'] / 1024:.0f} KB；"
            f"全新构建 CPU 时间 {med(r['cpu']['cold']):.0f} 秒（基线 {med(r['cpu']['baseline_cold']):.0f} 秒）。"
        )
    if "throughput" in results:
        t = results["throughput"]
        lines.append(
            f"- 校验：{t['validate_specs']:,} 份规范，单进程 {med(t['validate_per_second']):.0f} 份/秒。"
            f"Word：{t['word_documents']:,} 个文件（规范全文和考点申请表），单核 {med(t['word_one_core']):.0f} 个/秒，"
            f"{results['machine']['cores']} 核 {med(t['word_all_cores']):.0f} 个/秒。"
        )
    if "real" in results:
        real = results["real"]
        lines.append(
            f"- 实际目录（specs/ 中的 {real['specs']} 份规范）：全新构建 {real['cold']:.1f} 秒，网站 {real['site_bytes'] / MB:.0f} MB，"
            f"搜索索引 {real['search_bytes'] / 1024:.0f} KB，最大页面 {real['largest_page'][1] / 1024:.0f} KB。"
        )
    if "serve" in results:
        serve = results["serve"]
        edits = "、".join(f"{s:.1f}" for s in serve["edits"])
        lines.append(f"- `make serve`：首次构建 {serve['first_build']:.1f} 秒；每次修改后到页面显示新内容：{edits} 秒，中位数 {med(serve['edits']):.1f} 秒。")
    return [*lines, ""]


def _method(results: dict[str, Any]) -> list[str]:
    return [
        "## 测量方法",
        "",
        "- 每次构建都在新的进程中运行，与 `make site` 运行的代码相同（bench/child.py 调用 `generator.build.build`）；项目是临时目录中的副本（代码、配置和规范在测试开始时复制），不碰仓库的 site/。",
        "- 时间是墙钟时间，包括启动 Python；同时记录 CPU 时间（用户态 + 内核态，含子进程），见 bench/out/results.json。",
        "- 预览：在实际规范的副本上运行真实的 `mkdocs serve`，修改一份规范的 YAML 文件（像编辑器那样保存），每 50 毫秒请求一次该规范的页面，直到出现新内容。",
        "- 校验速度：1,000 份合成规范，单进程、不用缓存，包括编译校验器的时间。Word 速度：1,000 份规范的全文和考点申请表，经构建本身的任务执行器（工作进程直接写文件）。",
        "- 快速试跑：`.venv/bin/python bench/run.py --sizes 300 --runs 1 --edits 2 --no-page`。",
        "",
    ]


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "out" / "results.json"
    write_page(json.loads(source.read_text(encoding="utf-8")), PAGE)


if __name__ == "__main__":
    main()
