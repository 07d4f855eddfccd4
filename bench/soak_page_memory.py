"""How much memory and time does one extraction worker take on a 9 MB page of one text node?

    python bench/soak_page_memory.py [--mb 9] [--memory-mb 1536] [--timeout 60]

Builds a page of ``--mb`` megabytes whose body is a single <p> (the worst case for the figure
reader: one text of millions of characters), hands it to an extraction worker set up exactly as
a crawl sets up its pool (crawler.bounds: address-space cap, per-page time limit) and prints
`RESULT mb=… outcome=… seconds=… worker_peak_rss_mb=… worker_base_rss_mb=…`.  Then hands the same
worker a small page, to show that it goes on after a page that hit a bound.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARAGRAPH = "全县累计脱贫70319户272066人，贫困发生率从47.99%下降到7.67%。" * 10


def one_node_page(megabytes: float) -> bytes:
    repeat = int(megabytes * 1_000_000) // len(PARAGRAPH.encode())
    return ("<html><head><title>报告</title></head><body><div><p>" + PARAGRAPH * repeat + "</p></div></body></html>").encode()


def rss(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def measured_job(timeout: float, body: bytes) -> dict[str, Any]:
    """In the worker: extract one page within the bounds; the worker's own memory before and after."""
    from newstrack.crawler.bounds import bounded
    from newstrack.crawler.worker import extract_job

    base = rss("VmRSS")
    start = time.monotonic()
    try:
        result = bounded(timeout, extract_job, body, "http://127.0.0.1/a.html", "text/html; charset=utf-8", None, True)
        outcome = f"ok:text_chars={len(result.get('text', ''))}"
    except Exception as exc:  # noqa: BLE001 - the outcome is what this measures
        outcome = type(exc).__name__
    return {"outcome": outcome, "seconds": time.monotonic() - start, "peak": rss("VmHWM"), "base": base, "pid": os.getpid()}


def main() -> None:
    from newstrack.crawler.bounds import init_extraction_worker

    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=9.0)
    parser.add_argument("--memory-mb", type=int, default=1536)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    page = one_node_page(args.mb)
    small = one_node_page(0.005)
    with ProcessPoolExecutor(1, mp_context=get_context("spawn"), initializer=init_extraction_worker, initargs=(os.getpid(), args.memory_mb)) as pool:
        pool.submit(measured_job, args.timeout, small).result()  # imports and word lists loaded
        big = pool.submit(measured_job, args.timeout, page).result()
        after = pool.submit(measured_job, args.timeout, small).result()
    print(
        f"RESULT mb={len(page) / 1e6:.1f} memory_cap_mb={args.memory_mb} timeout_s={args.timeout:.0f} outcome={big['outcome']} "
        f"seconds={big['seconds']:.1f} worker_base_rss_mb={big['base']:.0f} worker_peak_rss_mb={big['peak']:.0f} "
        f"next_page={after['outcome']} same_worker={after['pid'] == big['pid']}"
    )


if __name__ == "__main__":
    main()
