"""Where the time goes: fetching, extraction, the whole pipeline, a re-crawl, memory, dedup lookups.

    python bench/run.py --pages 2000                  # the site bench/sitegen.py makes of the sample pages
    python bench/run.py --layouts --pages 2000        # the site of other layouts (bench/layouts.py)
    python bench/run.py --site DIR                    # any saved site: a bench site or a folder of .html

All on this machine, in the same run, against the site served on 127.0.0.1; prints the CPU per page
of each stage of extraction with trafilatura alone as the reference (bench/profile.py), then one
line per measure and, last, the RESULT line:

    RESULT pipeline_pps=… fetch_pps=… extract_pps=… ratio=… serial_ratio=… recrawl_speedup=…
           recrawl_scheduled_speedup=… peak_rss_mb=… lsh_growth=… job_over_trafilatura=…

ratio = pipeline_pps / min(fetch_pps, extract_pps); serial_ratio = pipeline_pps / (1 / (1/fetch_pps +
1/extract_pps)), the rate at which the two ceilings' work could run one after the other;
recrawl_speedup = recrawl_pps / pipeline_pps, the re-crawl that re-checks every stored article
(``crawl --recheck-all``); recrawl_scheduled_speedup = the same for the re-crawl under the re-check
schedule right after (no article due: listings only), counting the pages not due as covered; lsh_growth = lsh_ms_50k / lsh_ms_1k;
job_over_trafilatura = the extraction job's CPU per page / trafilatura's alone on the same pages.
No measure here is a test; the figures go in the README.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import layouts, profile  # noqa: E402
from bench.sitegen import generate, servable  # noqa: E402
from newstrack.crawler.sampleserver import serve  # noqa: E402


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    total = 0
    stack = [pid]
    seen = set()
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(c) for c in children)
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total / 1024


_TICK = os.sysconf("SC_CLK_TCK")


def _tree_cpu(pid: int, seen: dict[tuple[int, int], tuple[str, float]]) -> None:
    """Record the CPU seconds so far of every thread of ``pid``'s tree, by role."""
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                stat = (task / "stat").read_text()
                fields = stat[stat.rindex(")") + 2 :].split()
                tid = int(task.name)
                if p != pid:
                    role = "extraction workers"
                elif tid == pid:
                    role = "crawl: reactor thread"
                else:
                    role = "crawl: other threads (database writer, pool feeder)"
                seen[(p, tid)] = (role, (int(fields[11]) + int(fields[12])) / _TICK)
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
            continue


def run_measured(cmd: list[str], env: dict[str, str]) -> tuple[float, float, subprocess.CompletedProcess[str], dict[str, float]]:
    """(seconds, peak tree RSS in MB, result, CPU seconds by role) of a command."""
    peak = 0.0
    cpu: dict[tuple[int, int], tuple[str, float]] = {}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.2):
            peak = max(peak, _tree_rss_mb(proc.pid))
            _tree_cpu(proc.pid, cpu)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    took = time.perf_counter() - start
    done.set()
    sampler.join()
    by_role: dict[str, float] = {}
    for role, seconds in cpu.values():
        by_role[role] = by_role.get(role, 0.0) + seconds
    return took, peak, subprocess.CompletedProcess(cmd, proc.returncode, out, err), by_role


def print_cpu(by_role: dict[str, float], pages: int, took: float) -> float:
    """Print where the CPU went, per page; return the pages/s the machine's cores could give at best."""
    total = sum(by_role.values())
    for role, seconds in sorted(by_role.items(), key=lambda kv: -kv[1]):
        print(f"    {role}: {seconds:.1f} s CPU, {seconds / pages * 1000:.1f} ms a page")
    cores = os.cpu_count() or 1
    bound = pages / (total / cores) if total else float("nan")
    print(f"    all: {total:.1f} s CPU in {took:.1f} s on {cores} cores; the cores could do at most {bound:.0f} pages/s at this CPU cost")
    return bound


BARE_SPIDER = """
import json, logging, sys, time
from pathlib import Path
from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess
from scrapy.linkextractors import LinkExtractor

# argv: start URL, a JSON file of validators.  Without the file: follow every link, then write each
# URL's ETag to it.  With it: ask for every URL in it conditionally (If-None-Match), follow nothing.
validators_file = Path(sys.argv[2])
known = json.loads(validators_file.read_text()) if validators_file.exists() else None
seen = {}

class Bare(Spider):
    name = "bare"
    links = LinkExtractor()
    async def start(self):
        if known is None:
            yield Request(sys.argv[1])
        for url, etag in (known or {}).items():
            yield Request(url, headers={"If-None-Match": etag}, meta={"handle_httpstatus_list": [304]}, dont_filter=True)
    def parse(self, response):
        seen[response.url] = response.headers.get(b"ETag", b"").decode()
        if known is None and hasattr(response, "text"):
            for link in self.links.extract_links(response):
                yield response.follow(link.url, self.parse)

for name in ("scrapy", "twisted", "py.warnings"):
    logging.getLogger(name).setLevel(logging.WARNING)
process = CrawlerProcess({"LOG_LEVEL": "WARNING", "CONCURRENT_ITEMS": 10, "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "ROBOTSTXT_OBEY": True, "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor"})
crawler = process.create_crawler(Bare)
process.crawl(crawler)
cpu_before = time.process_time()
process.start()
if known is None:
    validators_file.write_text(json.dumps({u: e for u, e in seen.items() if e}))
print(time.process_time() - cpu_before)
print(crawler.stats.get_value("response_received_count", 0))
"""


def fetch_only(base: str, validators: Path) -> tuple[float, int, float]:
    """(seconds, responses, CPU seconds of the crawl itself) of a bare spider on the site; if
    ``validators`` exists, of the same spider re-checking every page it lists with If-None-Match."""
    script = Path(tempfile.mkdtemp()) / "bare.py"
    script.write_text(BARE_SPIDER)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, str(script), f"{base}/site/list_0.html", str(validators)], capture_output=True, text=True, check=True
    )
    took = time.perf_counter() - start
    cpu, responses = result.stdout.strip().splitlines()[-2:]
    return took, int(responses), float(cpu)


def _extract_and_sign(args: tuple[bytes, str, str]) -> float:
    """What a crawl's extraction worker does with a page: text, signature, figures (crawler.worker).
    Returns the CPU seconds it took."""
    from newstrack.crawler.worker import extract_job

    body, url, ctype = args
    before = time.process_time()
    extract_job(body, url, ctype, None, None)
    return time.process_time() - before


def extract_only(site: Path) -> tuple[float, int, float]:
    """(seconds, pages, CPU seconds) of the extraction stage on all cores, with no network."""
    headers = json.loads((site / "_headers.json").read_text("utf-8"))
    jobs = [((site / p.lstrip("/")).read_bytes(), "http://127.0.0.1" + p, ct) for p, ct in headers.items() if ct != "500"]
    with ProcessPoolExecutor(os.cpu_count()) as pool:
        list(pool.map(_extract_and_sign, jobs[:4]))  # warm the workers: imports, gazetteer, jieba
        start = time.perf_counter()
        cpu = sum(pool.map(_extract_and_sign, jobs, chunksize=8))
        took = time.perf_counter() - start
    return took, len(jobs), cpu


def _lsh_database(n_docs: int) -> Any:
    """A SQLite database with ``n_docs`` documents and their LSH bands (random signatures)."""
    import numpy as np

    from newstrack.signature import NUM_PERM, band_keys, from_bytes
    from newstrack.store.db import open_database
    from newstrack.store.models import Document, LshBucket, Page

    tmp = Path(tempfile.mkdtemp()) / "lsh.db"
    engine = open_database(f"sqlite:///{tmp}")
    rng = np.random.default_rng(3)
    day = datetime(2026, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(
            Page.__table__.insert(),
            [
                {"url": f"http://x/{i}", "site": "x", "status": "ok", "version": 1, "first_seen": day, "fetched_at": day}
                for i in range(n_docs)
            ],
        )  # type: ignore[attr-defined]
        docs, buckets = [], []
        for i in range(n_docs):
            sig = rng.integers(0, 2**32 - 1, NUM_PERM, dtype=np.uint64)
            docs.append(
                {
                    "id": i + 1,
                    "page_id": i + 1,
                    "url": f"http://x/{i}",
                    "site": "x",
                    "text": f"文本{i}",
                    "norm_sha256": f"{i:064d}",
                    "minhash": sig.tobytes(),
                    "first_seen": day,
                    "updated_at": day,
                }
            )
            buckets += [{"band": b, "bucket": k, "document_id": i + 1} for b, k in band_keys(from_bytes(sig.tobytes()))]
        conn.execute(Document.__table__.insert(), docs)  # type: ignore[attr-defined]
        conn.execute(LshBucket.__table__.insert(), buckets)  # type: ignore[attr-defined]
    return engine


def _lookup_round(engine: Any, probes: list[tuple[Any, Any]]) -> float:
    from sqlmodel import Session

    from newstrack.store.dedup import find_duplicate

    with Session(engine) as session:
        start = time.perf_counter()
        for doc, sig in probes:
            find_duplicate(session, doc, sig)
        return time.perf_counter() - start


def lsh_lookup_ms(sizes: tuple[int, ...] = (1_000, 50_000), lookups: int = 300, rounds: int = 7) -> list[float]:
    """Average near-duplicate lookup time with each number of documents indexed in SQLite.

    The databases are built first, then timed in alternating rounds, and each keeps its best round
    (as timeit does): this machine's speed drifts by half from one minute to the next, which would
    otherwise show as growth or shrinkage between two sizes measured one after the other."""
    from newstrack.signature import from_bytes, minhash, signature_bytes
    from newstrack.store.models import Document

    engines = [_lsh_database(n) for n in sizes]
    texts = [f"全县累计脱贫{i}户{i * 3}人，贫困发生率降至{i % 7}.{i % 10}%。" * 20 for i in range(lookups)]
    probes = [
        (Document(page_id=0, url="", site="", text=text, norm_sha256="probe", minhash=b""), from_bytes(signature_bytes(minhash(text))))
        for text in texts
    ]
    best = [float("inf")] * len(sizes)
    for _ in range(rounds + 1):  # the first round warms SQLite's page cache
        for i, engine in enumerate(engines):
            best[i] = min(best[i], _lookup_round(engine, probes))
    for engine in engines:
        engine.dispose()
    return [b / lookups * 1000 for b in best]


def distributed(pages: int, delay: float, concurrency: int, redis_url: str, pg_admin: str) -> None:
    """One worker against two on PostgreSQL, the site I/O-bound (each answer waits ``delay`` s)."""
    import uuid

    import psycopg

    from newstrack.store.db import open_database

    out = ROOT / "bench" / "out"
    site = out / f"site-{pages}"
    generate(pages, site)
    settings = out / "bench-distributed.toml"
    settings.write_text(
        f"[crawl]\nautothrottle = false\nconcurrent_requests = {concurrency}\nconcurrent_per_domain = {concurrency}\n"
        f'extract_workers = 1\nretry_times = 0\n[sources]\nfile = "{site / "sources.toml"}"\n',
        "utf-8",
    )
    admin = psycopg.connect(pg_admin, autocommit=True)
    base_url = pg_admin.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    results = {}
    with serve(site) as server:
        server.delay = delay
        for workers in (1, 2):
            name = f"newstrack_bench_{uuid.uuid4().hex[:8]}"
            admin.execute(f'CREATE DATABASE "{name}"')
            db = f"{base_url}/{name}"
            env = {**os.environ, "NEWSTRACK_VAR_SITE": server.base_url, "PYTHONPATH": str(ROOT)}
            key = f"bench-{uuid.uuid4().hex[:8]}"
            cmd = [sys.executable, "-m", "newstrack", "crawl", "-q", "--config", str(settings), "--db", db,
                   "--workers-redis", redis_url, "--run-key", key, "--idle-close", "1"]  # fmt: skip
            open_database(db).dispose()  # migrated before the clock starts
            start = time.perf_counter()
            procs = [
                subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(workers)
            ]
            for proc in procs:
                proc.communicate()
            took = time.perf_counter() - start
            with psycopg.connect(pg_admin.rsplit("/", 1)[0] + f"/{name}") as conn:
                n = conn.execute("SELECT count(*) FROM page").fetchone()[0]  # type: ignore[index]
            results[workers] = n / took
            print(
                f"{workers} worker(s) on PostgreSQL, {delay * 1000:.0f} ms per answer: {n} pages in {took:.1f} s = {n / took:.0f} pages/s"
            )
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    print(f"RESULT one_worker_pps={results[1]:.0f} two_workers_pps={results[2]:.0f} speedup={results[2] / results[1]:.2f}")


def first_crawl(site: Path, base: str, workers: int, out: Path) -> tuple[float, int, float, dict[str, float], str]:
    """(seconds, pages fetched, peak tree RSS in MB, CPU seconds by role, the crawl's summary line) of
    a first crawl of the site into a new SQLite database with ``workers`` extraction processes."""
    settings = out / f"bench-settings-{workers}.toml"
    settings.write_text(
        f"[crawl]\nautothrottle = false\nconcurrent_requests = 16\nconcurrent_per_domain = 16\nextract_workers = {workers}\n"
        f'download_timeout = 30.0\nretry_times = 1\n[sources]\nfile = "{site / "sources.toml"}"\n',
        "utf-8",
    )
    db = out / f"bench-{site.name}-{workers}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    env = {**os.environ, "NEWSTRACK_VAR_SITE": base, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "newstrack", "crawl", "-q", "--config", str(settings), "--db", f"sqlite:///{db}"]
    took, peak, result, cpu_used = run_measured(cmd, env)
    if result.returncode != 0:
        print(result.stderr[-3000:])
        raise SystemExit("the crawl failed")
    return took, int(result.stdout.split("fetched ")[1].split(",")[0]), peak, cpu_used, result.stdout.strip().splitlines()[0]


def compare_workers(site: Path, counts: list[int], repeat: int, out: Path) -> None:
    """First crawls with each number of extraction processes, alternating, ``repeat`` times each;
    prints every run and the median of each count."""
    import statistics

    runs: dict[int, list[tuple[float, float, float]]] = {n: [] for n in counts}
    with serve(site) as server:
        for r in range(repeat):
            for n in counts if r % 2 == 0 else list(reversed(counts)):
                took, fetched, peak, cpu_used, _ = first_crawl(site, server.base_url, n, out)
                cpu_ms = sum(cpu_used.values()) / fetched * 1000
                runs[n].append((fetched / took, peak, cpu_ms))
                print(f"  extraction processes = {n}: {fetched} pages in {took:.1f} s = {fetched / took:.0f} pages/s, "
                      f"peak RSS {peak:.0f} MB, {cpu_ms:.1f} ms CPU a page")  # fmt: skip
    for n, values in runs.items():
        pps = statistics.median(v[0] for v in values)
        print(f"extraction processes = {n}: median {pps:.0f} pages/s, peak RSS {statistics.median(v[1] for v in values):.0f} MB")
    print("RESULT " + " ".join(f"workers_{n}_pps={statistics.median(v[0] for v in values):.0f}" for n, values in runs.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--site", type=Path, help="a saved site to run on instead of a generated one (see bench/profile.py)")
    parser.add_argument("--layouts", action="store_true", help="generate the site of other layouts (bench/layouts.py)")
    parser.add_argument("--profile-pages", type=int, default=300, help="pages the stage profile reads (0: no profile)")
    parser.add_argument("--workers", type=int, default=-1, help="extraction processes for the crawl (-1: the default)")
    parser.add_argument("--compare-workers", help="only first crawls with these numbers of extraction processes, e.g. 1,2")
    parser.add_argument("--repeat", type=int, default=3, help="alternating runs of each count for --compare-workers")
    parser.add_argument("--skip-lsh", action="store_true")
    parser.add_argument("--only-lsh", action="store_true", help="just the near-duplicate lookup measure")
    parser.add_argument("--distributed", action="store_true", help="one worker against two, Redis + PostgreSQL, I/O-bound site")
    parser.add_argument("--delay", type=float, default=0.2, help="seconds per answer in --distributed mode")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    if args.distributed:
        distributed(args.pages, args.delay, 4, args.redis, args.pg)
        return
    if args.only_lsh:
        lsh_1k, lsh_50k = lsh_lookup_ms()
        print(f"near-duplicate lookup: {lsh_1k:.2f} ms with 1,000 documents, {lsh_50k:.2f} ms with 50,000")
        print(f"RESULT lsh_ms_1k={lsh_1k:.2f} lsh_ms_50k={lsh_50k:.2f} lsh_growth={lsh_50k / lsh_1k:.2f}")
        return

    out = ROOT / "bench" / "out"
    if args.site:
        site = servable(args.site.resolve(), out / f"saved-{args.site.resolve().name}")
        print(f"site: {site}")
    elif args.layouts:
        site = out / f"layouts-{args.pages}"
        print(f"site: {layouts.generate(args.pages, site)} at {site}")
    else:
        site = out / f"site-{args.pages}"
        print(f"site: {generate(args.pages, site)} at {site}")
    cpu = os.cpu_count()
    if args.compare_workers:
        print(f"machine: {cpu} cores, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; first crawls, alternating:")
        compare_workers(site, [int(n) for n in args.compare_workers.split(",")], args.repeat, out)
        return
    print(f"machine: {cpu} cores, {os.uname().machine}, Python {sys.version.split()[0]}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    job_ratio = float("nan")
    if args.profile_pages:
        pages = profile.site_pages(site, args.profile_pages)
        stages = profile.profile(pages)
        profile.print_profile(stages, len(pages), site.name)
        job_ratio = stages["extraction job"] / stages["trafilatura alone"]

    with serve(site) as server:
        base = server.base_url
        validators = Path(tempfile.mkdtemp()) / "validators.json"
        took, fetched, fetch_cpu = fetch_only(base, validators)
        fetch_pps = fetched / took
        print(f"fetch only (bare Scrapy spider): {fetched} responses in {took:.1f} s = {fetch_pps:.0f} pages/s")

        took, n, extract_cpu = extract_only(site)
        extract_pps = n / took
        print(f"extract + dedup signature + metrics, {cpu} processes, no network: {n} pages in {took:.1f} s = {extract_pps:.0f} pages/s")
        # Both ceilings are CPU-bound here. A crawl does both jobs on the same cores, so even with
        # no work of its own beyond them (no database, no waiting) it cannot beat this:
        fetch_ms, extract_ms = fetch_cpu / fetched * 1000, extract_cpu / n * 1000
        both_pps = (cpu or 1) * 1000 / (fetch_ms + extract_ms)
        ceiling_bound = min(both_pps, fetch_pps) / min(fetch_pps, extract_pps)
        print(
            f"ceilings' CPU: fetching {fetch_ms:.1f} ms a page, extraction {extract_ms:.1f} ms a page; doing both on "
            f"{cpu} cores allows at most {both_pps:.0f} pages/s, a ratio of {ceiling_bound:.2f} with nothing else to do"
        )

        took, fetched, peak, cpu_used, summary = first_crawl(site, base, args.workers, out)
        pipeline_pps = fetched / took
        print(f"full crawl into SQLite: {fetched} pages in {took:.1f} s = {pipeline_pps:.0f} pages/s, peak RSS {peak:.0f} MB")
        print("  " + summary)
        cpu_bound_pps = print_cpu(cpu_used, fetched, took)
        # the re-crawl: the same command on the database the first crawl filled
        env = {**os.environ, "NEWSTRACK_VAR_SITE": base, "PYTHONPATH": str(ROOT)}
        recrawl_cmd = [sys.executable, "-m", "newstrack", "crawl", "-q", "--config", str(out / f"bench-settings-{args.workers}.toml"),
                       "--db", f"sqlite:///{out / f'bench-{site.name}-{args.workers}.db'}"]  # fmt: skip

        took_bare, rechecked, _ = fetch_only(base, validators)
        print(
            f"re-check floor (the bare spider asking for each page again with If-None-Match): {rechecked} responses in "
            f"{took_bare:.1f} s = {rechecked / took_bare:.0f} pages/s"
        )
        # every stored article re-checked (--recheck-all), then the same minutes later under the
        # re-check schedule, where no stored article is due yet and only the listings are fetched
        took2, peak2, result2, cpu2 = run_measured([*recrawl_cmd, "--recheck-all"], env)
        fetched2 = int(result2.stdout.split("fetched ")[1].split(",")[0])
        recrawl_pps = fetched2 / took2
        print(f"re-crawl of the unchanged site, every article re-checked (--recheck-all): {fetched2} pages in {took2:.1f} s = "
              f"{recrawl_pps:.0f} pages/s, peak RSS {peak2:.0f} MB")  # fmt: skip
        print("  " + result2.stdout.strip().splitlines()[0])
        print_cpu(cpu2, fetched2, took2)
        took3, peak3, result3, cpu3 = run_measured(recrawl_cmd, env)
        fetched3 = int(result3.stdout.split("fetched ")[1].split(",")[0])
        not_due3 = int(result3.stdout.split("not due ")[1].split(",")[0].split()[0])
        scheduled_pps = (fetched3 + not_due3) / took3
        print(f"re-crawl under the re-check schedule (no article due yet): {fetched3} pages fetched and {not_due3} not due in "
              f"{took3:.1f} s = {scheduled_pps:.0f} pages of the site a second, peak RSS {peak3:.0f} MB")  # fmt: skip
        print("  " + result3.stdout.strip().splitlines()[0])
        print_cpu(cpu3, fetched3, took3)
        peak2 = max(peak2, peak3)

    lsh_1k = lsh_50k = float("nan")
    if not args.skip_lsh:
        lsh_1k, lsh_50k = lsh_lookup_ms()
        print(f"near-duplicate lookup: {lsh_1k:.2f} ms with 1,000 documents, {lsh_50k:.2f} ms with 50,000")

    ratio = pipeline_pps / min(fetch_pps, extract_pps)
    serial = 1 / (1 / fetch_pps + 1 / extract_pps)
    print(
        f"one after the other: fetching at {fetch_pps:.0f} and extracting at {extract_pps:.0f} pages/s give "
        f"1 / (1/fetch + 1/extract) = {serial:.0f} pages/s; the crawl did {pipeline_pps / serial:.2f} of it"
    )
    print(
        f"CPU budget: the first crawl spent its CPU as above; at that cost per page the {cpu} cores allow at most "
        f"{cpu_bound_pps:.0f} pages/s, a ratio of {cpu_bound_pps / min(fetch_pps, extract_pps):.2f} at best"
    )
    print(
        f"RESULT pipeline_pps={pipeline_pps:.0f} fetch_pps={fetch_pps:.0f} extract_pps={extract_pps:.0f} ratio={ratio:.2f} "
        f"serial_ratio={pipeline_pps / serial:.2f} recrawl_speedup={recrawl_pps / pipeline_pps:.1f} "
        f"recrawl_scheduled_speedup={scheduled_pps / pipeline_pps:.1f} "
        f"peak_rss_mb={max(peak, peak2):.0f} lsh_growth={lsh_50k / lsh_1k:.2f} job_over_trafilatura={job_ratio:.2f}"
    )


if __name__ == "__main__":
    main()
