"""Distributed mode on the real services: two workers share a frontier in Redis and write one
PostgreSQL database; a worker killed mid-crawl loses nothing (tests/test_faults.py has the run
compared page by page with a clean crawl)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, func, select

from newstrack.crawler.sampleserver import serve
from newstrack.store.db import open_database
from newstrack.store.models import Document, Observation, Page
from tests.conftest import ROOT, skip_or_fail

REDIS_URL = os.environ.get("NEWSTRACK_TEST_REDIS", "redis://127.0.0.1:6379/15")


@pytest.fixture(scope="module")
def redis_url() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means: no Redis here
        skip_or_fail(f"Redis not reachable at {REDIS_URL}: {exc}")
    return REDIS_URL


def worker(settings: Path, db_url: str, redis_url: str, run_key: str, base: str) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "newstrack", "crawl", "-q", "--config", str(settings), "--db", db_url,
           "--workers-redis", redis_url, "--run-key", run_key, "--idle-close", "2"]  # fmt: skip
    env = {**os.environ, "NEWSTRACK_VAR_SITE": base}
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def counts(db_url: str) -> dict[str, Any]:
    engine = open_database(db_url)
    with Session(engine) as s:
        out = {
            "pages": s.exec(select(func.count()).select_from(Page)).one(),
            "documents": s.exec(select(func.count()).select_from(Document)).one(),
            "duplicates": s.exec(select(func.count()).select_from(Document).where(Document.duplicate_of != None)).one(),  # noqa: E711
            "observations": s.exec(select(func.count()).select_from(Observation).where(Observation.withdrawn_at == None)).one(),  # noqa: E711
            "statuses": Counter(s.exec(select(Page.status)).all()),
        }
    engine.dispose()
    return out


def test_two_workers_share_one_frontier(tmp_path: Path, redis_url: str, postgres_url: str) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text(
        f'[crawl]\nautothrottle = false\nextract_workers = 0\n[sources]\nfile = "{ROOT / "seeds" / "sources.toml"}"\n', "utf-8"
    )
    run_key = f"test-{uuid.uuid4().hex[:8]}"
    with serve() as server:
        procs = [worker(settings, postgres_url, redis_url, run_key, server.base_url) for _ in range(2)]
        results = [p.communicate(timeout=180) for p in procs]
        log = [path for path, _ in server.request_log]
    for proc, (_out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err[-2000:]
    fetched = Counter(p for p in log if p.endswith((".html", ".htm")))
    assert fetched and max(fetched.values()) == 1, [p for p, n in fetched.items() if n > 1]  # every page fetched once
    found = counts(postgres_url)
    assert (found["pages"], found["documents"], found["duplicates"], found["observations"]) == (29, 9, 2, 71)
    import redis

    assert not redis.Redis.from_url(redis_url).keys(f"newstrack:{run_key}:*")  # the last worker cleaned up


def test_a_killed_worker_loses_nothing(tmp_path: Path, redis_url: str) -> None:
    from bench.sitegen import generate

    site = tmp_path / "site"
    made = generate(120, site)
    settings = tmp_path / "settings.toml"
    settings.write_text(
        "[crawl]\nautothrottle = false\nextract_workers = 0\nconcurrent_requests = 2\n"
        "concurrent_per_domain = 2\nretry_times = 0\n"
        f'[sources]\nfile = "{site / "sources.toml"}"\n',
        "utf-8",
    )
    db_url = f"sqlite:///{tmp_path / 'killed.db'}"
    run_key = f"test-{uuid.uuid4().hex[:8]}"
    with serve(site) as server:
        server.delay = 0.05
        first = worker(settings, db_url, redis_url, run_key, server.base_url)
        deadline = time.monotonic() + 60
        while sum(1 for p, _ in server.request_log if "/a/" in p) < 30 and time.monotonic() < deadline:
            time.sleep(0.1)
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=30)
        second = worker(settings, db_url, redis_url, run_key, server.base_url)  # joins the same run
        _out, err = second.communicate(timeout=180)
        assert second.returncode == 0, err[-2000:]
        third = worker(settings, db_url, redis_url, f"{run_key}-next", server.base_url)  # the next run
        _out, err = third.communicate(timeout=180)
        assert third.returncode == 0, err[-2000:]
    found = counts(db_url)
    assert found["statuses"]["ok"] == made["articles"], found  # every article stored, once (url is unique)
    assert found["documents"] == made["articles"]
    import redis

    redis.Redis.from_url(redis_url).delete(*redis.Redis.from_url(redis_url).keys(f"newstrack:{run_key}*") or ["none"])


def test_unreachable_redis_exits_3(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "newstrack", "crawl", "--workers-redis", "redis://127.0.0.1:1/0", "--db", f"sqlite:///{tmp_path / 'x.db'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 3
    assert "redis://127.0.0.1:1/0" in result.stderr


def test_database_connections_dropped_mid_crawl_lose_nothing(tmp_path: Path, postgres_url: str) -> None:
    """The server drops every connection of the crawl (a restart, a failover): the writes in flight
    are retried on new connections and the crawl ends with the same rows as an undisturbed one."""
    import psycopg

    from tests.conftest import PG_ADMIN_URL

    settings = tmp_path / "settings.toml"
    settings.write_text(
        "[crawl]\nautothrottle = false\nextract_workers = 0\nconcurrent_requests = 2\nconcurrent_per_domain = 2\n"
        f'[sources]\nfile = "{ROOT / "seeds" / "sources.toml"}"\n',
        "utf-8",
    )
    name = postgres_url.rsplit("/", 1)[1]
    with serve() as server, psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        server.delay = 0.3  # slow answers: the crawl is still running when its connections drop
        cmd = [sys.executable, "-m", "newstrack", "crawl", "-q", "--config", str(settings), "--db", postgres_url]
        env = {**os.environ, "NEWSTRACK_VAR_SITE": server.base_url}
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        stored = 0
        deadline = time.time() + 60
        while stored < 3 and time.time() < deadline and proc.poll() is None:
            time.sleep(0.2)
            try:
                with psycopg.connect(PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name, autocommit=True) as probe:
                    stored = probe.execute("SELECT count(*) FROM page").fetchone()[0]  # type: ignore[index]
            except psycopg.Error:
                stored = 0  # tables not created yet
        assert proc.poll() is None, "the crawl ended before its connections could be dropped"
        dropped = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (name,)
        ).fetchone()[0]  # type: ignore[index]
        out, err = proc.communicate(timeout=180)
    assert dropped >= 1
    assert proc.returncode == 0, err[-2000:]
    found = counts(postgres_url)
    assert (found["pages"], found["documents"], found["duplicates"], found["observations"]) == (29, 9, 2, 71), err[-3000:]
    assert "fetched" in out


def test_an_idle_worker_looks_at_the_shared_queue_again_soon(redis_url: str) -> None:
    """Scrapy's engine re-asks an empty scheduler only on its 5-second heartbeat; a worker of a
    shared run shortens it on its own engine (NEWSTRACK_IDLE_POLL), and only there."""
    from types import SimpleNamespace

    from scrapy.settings import Settings
    from scrapy.signalmanager import SignalManager

    from newstrack.crawler.distributed import SharedRun, redis_settings

    settings = Settings(redis_settings(redis_url, f"poll-{uuid.uuid4().hex[:8]}"))
    settings.set("NEWSTRACK_IDLE_POLL", 0.25)
    slot = SimpleNamespace(add_response_request=lambda result, request: None, finish_response=lambda result, request: None)
    engine = SimpleNamespace(_SLOT_HEARTBEAT_INTERVAL=5.0, scraper=SimpleNamespace(slot=slot))
    crawler = SimpleNamespace(settings=settings, signals=SignalManager(), engine=engine)
    run = SharedRun.from_crawler(crawler)  # type: ignore[arg-type]
    run.spider_opened()
    assert engine._SLOT_HEARTBEAT_INTERVAL == 0.25
    from scrapy.core.engine import ExecutionEngine

    assert ExecutionEngine._SLOT_HEARTBEAT_INTERVAL == 5.0  # other crawls keep Scrapy's default


def test_a_request_is_marked_seen_and_queued_in_one_step(redis_url: str) -> None:
    """The duplicate filter and the queue change together (one Redis script): a worker killed between
    the two would leave a request seen and never queued, lost for good (its listing, fetched again,
    yields it as a duplicate)."""
    import redis
    from scrapy import Request, Spider

    from newstrack.crawler.distributed import SharedRunScheduler

    server = redis.Redis.from_url(redis_url)
    scheduler = SharedRunScheduler(server, f"enq-{uuid.uuid4().hex[:8]}", heartbeat=60)
    scheduler.open(Spider(name="enqueue"))
    try:
        assert scheduler.enqueue_request(Request("http://127.0.0.1/a/1.html"))
        assert not scheduler.enqueue_request(Request("http://127.0.0.1/a/1.html"))  # seen
        assert scheduler.enqueue_request(Request("http://127.0.0.1/list.html", dont_filter=True))
        assert scheduler.enqueue_request(Request("http://127.0.0.1/list.html?page=2", dont_filter=True))
        sent: list[str] = []
        execute = server.execute_command

        def counting(*args: Any, **kwargs: Any) -> Any:
            sent.append(str(args[0]))
            return execute(*args, **kwargs)

        server.execute_command = counting  # type: ignore[method-assign]
        try:
            assert scheduler.enqueue_request(Request("http://127.0.0.1/a/2.html", priority=5))
        finally:
            server.execute_command = execute  # type: ignore[method-assign]
        assert sent == ["EVALSHA"]  # one script: no moment where it is seen but not queued
        assert server.zcard(f"{scheduler.base}:requests") == 4
        assert server.scard(scheduler.df.key) == 2  # a request never filtered is not marked seen
        taken = [scheduler.next_request() for _ in range(4)]
        # higher priority first, then the newest first
        assert [r.url for r in taken if r is not None] == [
            "http://127.0.0.1/a/2.html",
            "http://127.0.0.1/list.html?page=2",
            "http://127.0.0.1/list.html",
            "http://127.0.0.1/a/1.html",
        ]
        assert scheduler.next_request() is None
    finally:
        for token in list(scheduler.held):
            scheduler.done(token)
        scheduler.close("finished")
    assert not server.keys(f"{scheduler.run_key}*")
