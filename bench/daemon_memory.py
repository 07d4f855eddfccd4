"""Does the daemon's memory stay flat over many scheduled runs?

    python bench/daemon_memory.py [--runs 100]

Starts `newstrack daemon` on one small source of the sample site (served on 127.0.0.1) scheduled
every second, reads the daemon process's own resident memory (its crawl children come and go) after
run 1 and after the last run, stops it with SIGTERM and prints
`RESULT rss_run1_mb=… rss_last_mb=… runs=… exit=…`.  Not a test: each run is a child process of a
few seconds, so 100 runs take several minutes.
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newstrack.crawler.sampleserver import serve  # noqa: E402


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def finished_runs(db: Path) -> int:
    try:
        with sqlite3.connect(db) as conn:
            return int(conn.execute("SELECT count(*) FROM crawlrun WHERE status != 'running'").fetchone()[0])
    except sqlite3.Error:
        return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="newstrack-daemon-bench-"))
    sources = tmp / "sources.toml"
    sources.write_text(
        '[[source]]\nname = "cwt"\nstart_urls = ["{site}/cwt/index.html"]\nallow = ["{site}/cwt/"]\n'
        "article = ['/art_\\\\d+\\\\.html$']\nlisting = ['/index(_\\\\d+)?\\\\.html$']\nschedule = \"every 1s\"\n",
        "utf-8",
    )
    settings = tmp / "settings.toml"
    settings.write_text(
        '[crawl]\nautothrottle = false\nextract_workers = 0\n[sources]\nfile = "sources.toml"\n[schedule]\njitter = 0\nmisfire_grace_time = 5\n',
        "utf-8",
    )
    db = tmp / "daemon.db"
    with serve() as server:
        env = {**os.environ, "NEWSTRACK_VAR_SITE": server.base_url, "PYTHONPATH": str(ROOT)}
        cmd = [sys.executable, "-m", "newstrack", "daemon", "--config", str(settings), "--db", f"sqlite:///{db}"]
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        first = last = 0.0
        start = time.monotonic()
        reported = 0
        while finished_runs(db) < args.runs and proc.poll() is None:
            time.sleep(0.5)
            done = finished_runs(db)
            if done >= 1 and not first:
                first = rss_mb(proc.pid)
                print(f"after run 1: daemon RSS {first:.1f} MB", flush=True)
            if done and done % 10 == 0 and done != reported:
                reported = done
                print(f"after run {done}: daemon RSS {rss_mb(proc.pid):.1f} MB ({time.monotonic() - start:.0f} s)", flush=True)
        last = rss_mb(proc.pid)
        runs = finished_runs(db)
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=60)
    print(f"RESULT rss_run1_mb={first:.1f} rss_last_mb={last:.1f} runs={runs} exit={code}")


if __name__ == "__main__":
    main()
