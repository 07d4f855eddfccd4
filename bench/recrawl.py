"""Re-crawls of one unchanged site by two trees of the code, alternating, on copies of one database.

    python bench/recrawl.py --pages 1000 --trees /path/to/before,/path/to/after --rounds 6
    python bench/recrawl.py --layouts --pages 1000 --trees A,B --rounds 6

A site is generated (bench/sitegen.py, or bench/layouts.py with --layouts) and served on a fixed port
of 127.0.0.1; the first tree crawls it once into a database; then each round runs ``newstrack crawl``
of every tree, in alternating order, on a fresh copy of that database.  Printed for each run: wall
time, CPU time of the crawl process and its children, and the time from the spider's opening to the
run's close (what the crawl itself took, without the process's start and exit); last, the medians.
This machine's speed drifts by much more than most changes make, so only alternating runs of the
same minutes compare.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import layouts  # noqa: E402
from bench.sitegen import generate  # noqa: E402
from newstrack.crawler.sampleserver import serve  # noqa: E402


def crawl(tree: Path, settings: Path, db: Path, base_url: str, *args: str) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds, spider open to run close in seconds, summary line) of one crawl."""
    env = {**os.environ, "NEWSTRACK_VAR_SITE": base_url, "PYTHONPATH": str(tree)}
    cmd = [sys.executable, "-m", "newstrack", "crawl", "-q", "--config", str(settings), "--db", f"sqlite:///{db}", *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(cmd, check=False, cwd=tree, env=env, capture_output=True, text=True)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        print(result.stderr[-3000:])
        raise SystemExit(f"the crawl by {tree} failed")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    with sqlite3.connect(db) as conn:
        finished, stats = conn.execute("SELECT finished_at, stats FROM crawlrun ORDER BY id DESC LIMIT 1").fetchone()
    opened = datetime.fromisoformat(json.loads(stats)["start_time"])
    closed = datetime.fromisoformat(finished).replace(tzinfo=UTC)
    return took, cpu, (closed - opened).total_seconds(), result.stdout.strip().splitlines()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--layouts", action="store_true", help="the site of other layouts (bench/layouts.py)")
    parser.add_argument("--trees", default=str(ROOT), help="comma-separated source trees to compare (default: this one)")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--port", type=int, default=18431)
    parser.add_argument("--schedule", action="store_true",
                        help="re-crawl under the re-check schedule; by default every stored article is re-checked "
                             "(--recheck-all, passed to the trees whose crawl command has it)")  # fmt: skip
    args = parser.parse_args()
    trees = [Path(t).resolve() for t in args.trees.split(",")]
    out = Path(tempfile.mkdtemp(prefix="recrawl-"))
    site = out / "site"
    print(f"site: {(layouts.generate if args.layouts else generate)(args.pages, site)}")
    settings = out / "settings.toml"
    settings.write_text(
        "[crawl]\nautothrottle = false\nconcurrent_requests = 16\nconcurrent_per_domain = 16\nextract_workers = -1\n"
        f'download_timeout = 30.0\nretry_times = 1\n[sources]\nfile = "{site / "sources.toml"}"\n',
        "utf-8",
    )
    first, db = out / "first.db", out / "run.db"
    runs: dict[Path, list[tuple[float, float, float, int]]] = {tree: [] for tree in trees}
    with serve(site, port=args.port) as server:
        took, cpu, _, summary = crawl(trees[0], settings, first, server.base_url)
        print(f"first crawl by {trees[0]}: {took:.1f} s, {cpu:.1f} s CPU | {summary}")
        for r in range(args.rounds):
            for tree in trees if r % 2 == 0 else trees[::-1]:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
                shutil.copy(first, db)
                recheck = () if args.schedule or "--recheck-all" not in (tree / "newstrack" / "cli.py").read_text("utf-8") else ("--recheck-all",)
                took, cpu, crawling, summary = crawl(tree, settings, db, server.base_url, *recheck)
                fetched = int(summary.split("fetched ")[1].split(",")[0])
                if "not due " in summary:  # pages of the site the re-crawl covered without asking for them
                    fetched += int(summary.split("not due ")[1].split(",")[0].split()[0])
                runs[tree].append((took, cpu, crawling, fetched))
                print(f"  {tree}: {fetched} pages in {took:.2f} s = {fetched / took:.0f} pages/s, {cpu:.2f} s CPU, "
                      f"{crawling:.2f} s from the spider's opening to the run's close")  # fmt: skip
    shutil.rmtree(out, ignore_errors=True)
    for tree, values in runs.items():
        pps = statistics.median(v[3] / v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        crawling = statistics.median(v[2] for v in values)
        print(f"{tree}: median {pps:.0f} pages/s, {cpu:.2f} s CPU, {crawling:.2f} s spider open to close ({len(values)} runs)")


if __name__ == "__main__":
    main()
