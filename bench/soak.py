"""A soak of the daemon under faults: does every run end as one row, and does nothing leak?

    python bench/soak.py [--runs 100] [--pages 40] [--db URL]

Serves a generated site on 127.0.0.1 and runs `newstrack daemon` with two sources: `main`, crawled
every 2 seconds, and `stuck`, whose start page never answers (a hanging host), so each of its runs
is killed at `crawl_timeout` (12 s).  While the runs accumulate the soak stops the daemon with
SIGTERM and restarts it, SIGKILLs it mid-crawl and restarts it, and takes the site down for a while
(connection refused).  The last incarnation of the daemon runs undisturbed to the end, so its
memory can be compared between its first and its last run.  Then it prints:

    RESULT runs_started=… runs_recorded=… runs_left_running=… statuses=… rows_equal_clean_crawl=…
           processes_left=… daemon_rss_first_mb=… daemon_rss_last_mb=… sigterm_stop_max_s=… seconds=…

`runs_started` counts the daemon's "crawl of … started" log lines (every incarnation), the rows
are the `crawlrun` table; `rows_equal_clean_crawl` compares every page of `main` (status, version)
and the document and figure counts with one plain `newstrack crawl` of the same site into a fresh
database; `processes_left` counts the processes started during the soak that are still alive after
the last daemon stopped (found by a variable in their environment).  Not a test: it takes several minutes.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlmodel import Session, func, select  # noqa: E402

from bench.sitegen import generate  # noqa: E402
from newstrack.crawler.sampleserver import SiteServer  # noqa: E402
from newstrack.store.db import open_database  # noqa: E402
from newstrack.store.models import CrawlRun, Document, Observation, Page  # noqa: E402


class Site:
    """The generated site on a fixed port, which can go down (connection refused) and come back."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.server: SiteServer | None = None
        self.port = 0
        self.up()

    def up(self) -> None:
        self.server = SiteServer(self.root, {"/hang/index.html": hang}, self.port)
        self.port = int(self.server.server_address[1])
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def down(self) -> None:
        assert self.server is not None
        self.server.shutdown()
        self.server.server_close()
        self.server = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def hang(handler: Any) -> None:
    """A host that accepts the connection and never answers (within any crawl's timeout)."""
    time.sleep(120)


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def soak_processes(marker: str) -> set[int]:
    """Live (not zombie) processes started by this soak: they carry NEWSTRACK_SOAK=marker in their
    environment (the daemons, their crawls, the crawls' extraction workers and resource trackers)."""
    found = set()
    needle = f"NEWSTRACK_SOAK={marker}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if state != "Z" and needle in environ.split(b"\0"):
            found.add(int(entry.name))
    return found


class Daemon:
    def __init__(self, settings: Path, db_url: str, log: Path, site: Site) -> None:
        self.handle = log.open("a", encoding="utf-8")
        env = {**os.environ, "NEWSTRACK_VAR_SITE": site.base_url, "PYTHONPATH": str(ROOT), "NEWSTRACK_SOAK": str(settings.parent)}
        cmd = [sys.executable, "-m", "newstrack", "daemon", "--config", str(settings), "--db", db_url]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.copier = threading.Thread(target=self._copy_log, daemon=True)
        self.copier.start()

    def _copy_log(self) -> None:
        """The daemon's log lines into the soak's log, each with the time it was read."""
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.handle.write(f"{time.strftime('%H:%M:%S')} {line}")
            self.handle.flush()

    #: seconds each SIGTERM took to end a daemon, for the report
    stop_seconds: list[float] = []  # noqa: RUF012 - one list for every daemon of the soak

    def stop(self, sig: int) -> int:
        began = time.monotonic()
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout=60)
        if sig == signal.SIGTERM:
            Daemon.stop_seconds.append(time.monotonic() - began)
            print(f"SIGTERM: the daemon exited {code} after {Daemon.stop_seconds[-1]:.1f} s", flush=True)
        self.copier.join()
        self.handle.close()
        return code


def run_rows(db_url: str) -> list[CrawlRun]:
    engine = open_database(db_url)
    with Session(engine) as session:
        rows = list(session.exec(select(CrawlRun)).all())
    engine.dispose()
    return rows


def wait_until(predicate: Any, timeout: float = 300.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


def stored(db_url: str) -> tuple[dict[str, tuple[str, int]], int, int]:
    """(path → (status, version) of every page of `main`, documents, current figures)."""
    engine = open_database(db_url)
    with Session(engine) as session:
        pages = {p.url.split("/", 3)[-1]: (p.status, p.version) for p in session.exec(select(Page).where(Page.site == "main")).all()}
        documents = session.exec(select(func.count()).select_from(Document)).one()
        figures = session.exec(select(func.count()).select_from(Observation).where(Observation.withdrawn_at == None)).one()  # noqa: E711
    engine.dispose()
    return pages, int(documents), int(figures)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--db", help="database URL (default: a SQLite file in a temporary folder)")
    args = parser.parse_args()
    began = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="newstrack-soak-"))
    generate(args.pages, tmp / "site")
    sources = tmp / "sources.toml"
    sources.write_text(
        '[[source]]\nname = "main"\nstart_urls = ["{site}/site/list_0.html"]\nallow = ["{site}/site/"]\n'
        "article = ['/a/\\d+/']\nlisting = ['/list_\\d+\\.html$']\ndepth = 100000\nschedule = \"every 2s\"\n\n"
        '[[source]]\nname = "stuck"\nstart_urls = ["{site}/hang/index.html"]\nschedule = "every 5s"\n',
        "utf-8",
    )
    settings = tmp / "settings.toml"
    settings.write_text(
        "[crawl]\nautothrottle = false\nextract_workers = 1\nretry_times = 0\ndownload_timeout = 30\n"
        '[sources]\nfile = "sources.toml"\n[schedule]\njitter = 0\nmisfire_grace_time = 5\ncrawl_timeout = 12\nstop_grace = 3\n',
        "utf-8",
    )
    db_url = args.db or f"sqlite:///{tmp / 'soak.db'}"
    log = tmp / "daemon.log"
    print(f"the daemons' log: {log}", flush=True)
    site = Site(tmp / "site")

    def recorded() -> int:
        return len(run_rows(db_url))

    def crawl_running() -> bool:
        return any(r.status == "running" and r.sources == "main" for r in run_rows(db_url))

    daemon = Daemon(settings, db_url, log, site)
    events = [
        (0.10, "SIGTERM and restart", lambda d: d.stop(signal.SIGTERM)),
        (0.20, "SIGKILL mid-crawl and restart", lambda d: wait_until(crawl_running) and d.stop(signal.SIGKILL)),
        (0.35, "SIGTERM mid-crawl and restart", lambda d: wait_until(crawl_running) and d.stop(signal.SIGTERM)),
        (0.45, "SIGKILL mid-crawl and restart", lambda d: wait_until(crawl_running) and d.stop(signal.SIGKILL)),
    ]
    outage_at, outage_done = 0.55, False
    for share, what, stop in events:
        wait_until(lambda share=share: recorded() >= share * args.runs, timeout=1800)
        stop(daemon)
        print(f"{recorded()} runs: {what}", flush=True)
        daemon = Daemon(settings, db_url, log, site)
    wait_until(lambda: recorded() >= outage_at * args.runs, timeout=1800)
    site.down()
    print(f"{recorded()} runs: the site is down", flush=True)
    time.sleep(15)
    site.up()
    outage_done = True
    print(f"{recorded()} runs: the site is back", flush=True)
    # the last incarnation runs undisturbed: its memory after its first run and after the last
    daemon.stop(signal.SIGTERM)
    daemon = Daemon(settings, db_url, log, site)
    first_count = recorded()
    wait_until(lambda: recorded() > first_count + 1, timeout=600)
    rss_first = rss_mb(daemon.proc.pid)
    wait_until(lambda: recorded() >= args.runs and not crawl_running(), timeout=3600)
    rss_last = rss_mb(daemon.proc.pid)
    exit_code = daemon.stop(signal.SIGTERM)
    time.sleep(5)  # crawls of a SIGKILLed daemon stop themselves within their grace
    left = sorted(soak_processes(str(tmp)))

    rows = run_rows(db_url)
    started = sum("started: run" in line for line in log.read_text("utf-8").splitlines())
    statuses = Counter(r.status for r in rows)
    clean_url = f"sqlite:///{tmp / 'clean.db'}"
    env = {**os.environ, "NEWSTRACK_VAR_SITE": site.base_url, "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-m", "newstrack", "crawl", "-q", "--source", "main", "--config", str(settings), "--db", clean_url],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    soaked, clean = stored(db_url), stored(clean_url)
    site.down()
    print(
        f"RESULT runs_started={started} runs_recorded={len(rows)} runs_left_running={statuses.get('running', 0)} "
        f"statuses={dict(sorted(statuses.items()))} rows_equal_clean_crawl={soaked == clean} "
        f"pages={len(soaked[0])} documents={soaked[1]} figures={soaked[2]} outage={outage_done} "
        f"processes_left={len(left)} daemon_rss_first_mb={rss_first:.1f} daemon_rss_last_mb={rss_last:.1f} "
        f"daemon_exit={exit_code} sigterm_stop_max_s={max(Daemon.stop_seconds):.1f} seconds={time.monotonic() - began:.0f}"
    )
    if soaked != clean:
        diff = {k: (soaked[0].get(k), clean[0].get(k)) for k in soaked[0].keys() | clean[0].keys() if soaked[0].get(k) != clean[0].get(k)}
        print(f"differences: {diff} documents {soaked[1]}/{clean[1]} figures {soaked[2]}/{clean[2]}")
    if left:
        print("left:", [Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")[:120] for pid in left if Path(f"/proc/{pid}").exists()])


if __name__ == "__main__":
    main()
