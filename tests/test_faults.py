"""Faults an operator meets when newstrack runs for months: the daemon stopped or killed mid-crawl,
crawls that hang, a locked database, concurrent writers, distributed workers that die, huge pages.

Each test drives the real command (or the real store) against pages served on 127.0.0.1 and the
real PostgreSQL and Redis, and checks what is left: run rows, page rows, processes, Redis keys.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import Session, select

from newstrack.crawler.sampleserver import SiteServer, serve
from newstrack.store.db import open_database
from newstrack.store.models import CrawlRun
from newstrack.store.pages import FetchResult, record_page
from newstrack.store.runs import close_dead_runs, process_alive, start_run
from tests.conftest import ROOT


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


def group_members(pgid: int) -> list[int]:
    """Pids of the live processes in process group ``pgid``."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(entry.name))
    return members


@dataclass
class SlowSite:
    server: SiteServer
    sources: Path


@pytest.fixture(scope="module")
def slow_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SlowSite]:
    """A 300-page site answering in 0.3 s a page, and three sources on it (a crawl takes minutes)."""
    from bench.sitegen import generate

    root = tmp_path_factory.mktemp("slow")
    generate(300, root / "site")
    sources = root / "sources.toml"
    sources.write_text(
        "".join(
            f'[[source]]\nname = "{name}"\nstart_urls = ["{{site}}/site/list_0.html"]\nallow = ["{{site}}/site/"]\n'
            f"article = ['/a/\\d+/']\nlisting = ['/list_\\d+\\.html$']\ndepth = 100000\nschedule = \"every 1h\"\n\n"
            for name in ("s1", "s2", "s3")
        ),
        "utf-8",
    )
    with serve(root / "site") as server:
        server.delay = 0.3
        yield SlowSite(server, sources)


def daemon_settings(tmp_path: Path, sources: Path, **schedule: float) -> Path:
    values = {"jitter": 0, "stop_grace": 2, "crawl_timeout": 600, **schedule}
    path = tmp_path / "settings.toml"
    path.write_text(
        "[crawl]\nautothrottle = false\nextract_workers = 1\nretry_times = 0\ndownload_timeout = 5\nconcurrent_requests = 2\n"
        f'[sources]\nfile = "{sources}"\n[schedule]\n' + "".join(f"{k} = {v}\n" for k, v in values.items()),
        "utf-8",
    )
    return path


class Daemon:
    """`newstrack daemon --now` in a child process, its log in a file."""

    def __init__(self, started: list[Daemon], settings: Path, db_url: str, log: Path, site: str) -> None:
        started.append(self)
        self.log = log
        self.handle = log.open("a", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "newstrack", "daemon", "--now", "--config", str(settings), "--db", db_url],
            cwd=ROOT, stderr=self.handle, stdout=subprocess.DEVNULL, env={**os.environ, "NEWSTRACK_VAR_SITE": site},
        )  # fmt: skip

    def lines(self) -> list[str]:
        return self.log.read_text("utf-8").splitlines()

    def count(self, text: str) -> int:
        return sum(text in line for line in self.lines())

    def wait(self, timeout: float = 60) -> int:
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            self.handle.close()


@pytest.fixture
def daemons() -> Iterator[list[Daemon]]:
    """Daemons a test started; any still running at its end (a failed test) is killed."""
    started: list[Daemon] = []
    yield started
    for daemon in started:
        if daemon.proc.poll() is None:
            daemon.proc.kill()
            daemon.wait()


def runs(db_url: str) -> list[CrawlRun]:
    engine = open_database(db_url)
    with Session(engine) as session:
        rows = list(session.exec(select(CrawlRun).order_by(CrawlRun.id)).all())  # type: ignore[arg-type]
    engine.dispose()
    return rows


# ----------------------------------------------------------------------------- the daemon


def test_sigterm_interrupts_running_crawls_and_starts_no_more(tmp_path: Path, slow_site: SlowSite, daemons: list[Daemon]) -> None:
    """Three crawls due at once, two run (two executor threads), the third waits: SIGTERM cuts the
    two, never starts the third, leaves one `interrupted` row per started crawl and no process."""
    db_url = f"sqlite:///{tmp_path / 'd.db'}"
    daemon = Daemon(daemons, daemon_settings(tmp_path, slow_site.sources), db_url, tmp_path / "daemon.log", slow_site.server.base_url)
    assert wait_for(lambda: daemon.count("crawl of") >= 2 and len(slow_site.server.request_log) > 10), daemon.lines()
    time.sleep(1.0)  # the crawls are fetching
    daemon.proc.send_signal(signal.SIGTERM)
    assert daemon.wait(timeout=30) == 0, daemon.lines()
    lines = daemon.lines()
    started = [line for line in lines if "started: run" in line]
    stop_at = next(i for i, line in enumerate(lines) if "stopping" in line)
    assert len(started) == 2 and all(lines.index(line) < stop_at for line in started), lines
    assert any("crawl of s3 not started" in line for line in lines[stop_at:]), lines
    rows = runs(db_url)
    assert [r.status for r in rows] == ["interrupted", "interrupted"], [(r.status, r.errors) for r in rows]
    assert sum("ended: run" in line for line in lines) == 2, lines
    for row in rows:
        assert row.pid and not process_alive(row.pid) and not group_members(row.pid)


def test_a_crawl_past_its_timeout_is_killed_with_its_workers_and_recorded_once(tmp_path: Path, slow_site: SlowSite, daemons: list[Daemon]) -> None:
    db_url = f"sqlite:///{tmp_path / 'd.db'}"
    sources = tmp_path / "one.toml"
    sources.write_text(slow_site.sources.read_text("utf-8").split("\n\n")[0] + "\n", "utf-8")
    daemon = Daemon(daemons, daemon_settings(tmp_path, sources, crawl_timeout=4), db_url, tmp_path / "daemon.log", slow_site.server.base_url)
    try:
        assert wait_for(lambda: daemon.count("ended: run") == 1, timeout=90), daemon.lines()
        rows = runs(db_url)
        assert [r.status for r in rows] == ["timeout"], [(r.status, r.errors) for r in rows]
        assert "crawl_timeout" in rows[0].errors
        assert rows[0].pid and not process_alive(rows[0].pid) and not group_members(rows[0].pid)
    finally:
        daemon.proc.send_signal(signal.SIGTERM)
        assert daemon.wait(timeout=30) == 0


def test_a_crawl_whose_daemon_is_killed_stops_and_the_next_daemon_closes_its_run(tmp_path: Path, slow_site: SlowSite, daemons: list[Daemon]) -> None:
    db_url = f"sqlite:///{tmp_path / 'd.db'}"
    sources = tmp_path / "one.toml"
    sources.write_text(slow_site.sources.read_text("utf-8").split("\n\n")[0] + "\n", "utf-8")
    settings = daemon_settings(tmp_path, sources)
    daemon = Daemon(daemons, settings, db_url, tmp_path / "daemon.log", slow_site.server.base_url)
    assert wait_for(lambda: any(r.pid != daemon.proc.pid for r in runs(db_url)) if daemon.count("started: run") else False), daemon.lines()
    crawl_pid = runs(db_url)[0].pid
    assert crawl_pid and crawl_pid != daemon.proc.pid
    time.sleep(1.0)
    daemon.proc.send_signal(signal.SIGKILL)
    daemon.wait()
    assert wait_for(lambda: not process_alive(crawl_pid) and not group_members(crawl_pid), timeout=30)  # it watched its parent
    second = Daemon(daemons, settings, db_url, tmp_path / "daemon2.log", slow_site.server.base_url)
    assert wait_for(lambda: second.count("scheduler started") == 1), second.lines()
    second.proc.send_signal(signal.SIGTERM)
    assert second.wait(timeout=30) == 0
    rows = runs(db_url)
    assert rows[0].status == "interrupted", (rows[0].status, rows[0].errors)
    assert all(r.status != "running" for r in rows)


def test_runs_left_running_by_dead_processes_are_closed_and_live_ones_kept(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'r.db'}")
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    dead_run = start_run(engine, command="daemon", sources="a", pid=gone.pid)
    live_run = start_run(engine, command="crawl", sources="b")  # this process: alive
    assert close_dead_runs(engine, older_than=3600) == 1
    with Session(engine) as session:
        assert session.get(CrawlRun, dead_run).status == "interrupted"  # type: ignore[union-attr]
        assert session.get(CrawlRun, live_run).status == "running"  # type: ignore[union-attr]
    engine.dispose()


# ----------------------------------------------------------------------------- the database


def test_a_locked_sqlite_database_exits_3_naming_it(tmp_path: Path) -> None:
    """Another program holds the write lock past the busy timeout: exit 3 with a message that names
    the database, not a driver traceback."""
    import sqlite3

    from tests.conftest import newstrack

    path = tmp_path / "locked.db"
    open_database(f"sqlite:///{path}").dispose()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE source SET template = '{}'")
    try:
        result = newstrack("crawl", "-q", "--url", "http://127.0.0.1:9/x", "--db", f"sqlite:///{path}", env={"NEWSTRACK_DB_BUSY_TIMEOUT": "1"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 3, result.stderr[-2000:]
    assert str(path) in result.stderr and "locked" in result.stderr and "Traceback" not in result.stderr


ARTICLE = "全县累计脱贫70319户272066人。\n贫困发生率从2013年末的47.99%下降到2019年末的7.67%。\n" * 3


def article(text: str, extracted: str, body: bytes) -> FetchResult:
    return FetchResult(
        url="http://a.example/content_1.html", site="a", status="fetched", body=body, content_type="text/html",
        extraction={"is_article": True, "text": text, "title": "标题", "published": "2020-06-13", "encoding": "utf-8",
                    "extracted_sha256": extracted},
    )  # fmt: skip


def test_an_unchanged_text_gets_no_version_whatever_template_was_learnt(sqlite_url: str) -> None:
    """Two crawls read the same page; one had learnt that '返回首页' is the site's chrome and dropped
    it, the other had not: the page's text did not change, so it keeps one version."""
    engine = open_database(sqlite_url)
    with_chrome = ARTICLE + "返回首页"
    with Session(engine) as session:
        first = record_page(session, article(with_chrome, "e1", b"<html>visits: 1</html>"))
        session.commit()
    with Session(engine) as session:
        second = record_page(session, article(ARTICLE, "e1", b"<html>visits: 2</html>"))
        session.commit()
    with Session(engine) as session:
        third = record_page(session, article(ARTICLE + "新的一段。", "e2", b"<html>visits: 3</html>"))
        session.commit()
    engine.dispose()
    assert (first.outcome, second.outcome, third.outcome) == ("new", "unchanged", "changed")
    assert third.version == 2


def test_a_unique_key_race_is_retried_and_never_stored_as_an_error(postgres_url: str) -> None:
    """Two writers insert the same new page at once: the one that loses the race on the unique url
    runs again, finds the other's row and reports the page unchanged; the page stays `ok`."""
    import threading

    from sqlalchemy import text

    from newstrack.store.models import Page, PageVersion
    from newstrack.store.writer import BatchWriter

    engine = open_database(postgres_url)
    first = Session(engine)
    record_page(first, article(ARTICLE, "e1", b"<html>1</html>"))
    first.flush()  # the row exists, uncommitted: the other writer's insert waits on the unique index
    writer = BatchWriter(open_database(postgres_url))
    racing = writer.submit(lambda session: record_page(session, article(ARTICLE, "e1", b"<html>1</html>")))

    def waiting_on_lock() -> bool:
        with engine.connect() as conn:
            return bool(conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).scalar())

    assert wait_for(waiting_on_lock, timeout=30)
    threading.Thread(target=first.commit).start()
    recorded = racing.result(timeout=30)
    writer.close()
    first.close()
    with Session(engine) as session:
        pages = session.exec(select(Page)).all()
        versions = session.exec(select(PageVersion)).all()
    engine.dispose()
    writer.engine.dispose()
    assert recorded.outcome == "unchanged"
    assert [(p.status, p.version) for p in pages] == [("ok", 1)] and len(versions) == 1


def page_rows(db_url: str) -> dict[str, tuple[str, int, bool]]:
    """url → (status, version, is a reprint) of every page."""
    from newstrack.store.models import Document, Page

    engine = open_database(db_url)
    with Session(engine) as session:
        reprints = {d.page_id for d in session.exec(select(Document)).all() if d.duplicate_of is not None}
        rows = {p.url.split("/", 3)[-1]: (p.status, p.version, p.id in reprints) for p in session.exec(select(Page)).all()}
    engine.dispose()
    return rows


@pytest.fixture
def postgres_url_2() -> Iterator[str]:
    """A second fresh PostgreSQL database (for a clean crawl to compare with)."""
    from tests.conftest import postgres_url as make

    yield from make.__wrapped__()  # type: ignore[attr-defined]


def test_two_plain_crawls_into_one_postgres_store_what_one_crawl_stores(tmp_path: Path, postgres_url: str, postgres_url_2: str) -> None:
    from tests.conftest import newstrack

    settings = tmp_path / "settings.toml"
    settings.write_text(
        f'[crawl]\nautothrottle = false\nextract_workers = 0\n[sources]\nfile = "{ROOT / "seeds" / "sources.toml"}"\n', "utf-8"
    )
    with serve() as server:
        env = {**os.environ, "NEWSTRACK_VAR_SITE": server.base_url}
        clean = newstrack("crawl", "-q", "--config", str(settings), "--db", postgres_url_2, env=env)
        assert clean.returncode == 0, clean.stderr[-2000:]
        cmd = [sys.executable, "-m", "newstrack", "crawl", "-q", "--config", str(settings), "--db", postgres_url]
        procs = [subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
        results = [p.communicate(timeout=300) for p in procs]
    for proc, (_out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err[-2000:]
    together, alone = page_rows(postgres_url), page_rows(postgres_url_2)
    assert together == alone
    assert all(status != "error" and version <= 1 for status, version, _ in together.values())


# ----------------------------------------------------------------------------- distributed runs

REDIS_URL = os.environ.get("NEWSTRACK_TEST_REDIS", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_url() -> str:
    import redis

    from tests.conftest import skip_or_fail

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means: no Redis here
        skip_or_fail(f"Redis not reachable at {REDIS_URL}: {exc}")
    return REDIS_URL


def observation_count(db_url: str) -> int:
    from sqlmodel import func

    from newstrack.store.models import Observation

    engine = open_database(db_url)
    with Session(engine) as session:
        n = session.exec(select(func.count()).select_from(Observation).where(Observation.withdrawn_at == None)).one()  # noqa: E711
    engine.dispose()
    return int(n)


def test_a_killed_worker_is_replaced_and_the_run_loses_nothing(tmp_path: Path, redis_url: str, postgres_url: str, postgres_url_2: str) -> None:
    """Two workers of one run (the default run key), one SIGKILLed mid-crawl and a new one started:
    the requests the killed worker held go back to the queue, and the run stores the same pages as
    one clean crawl; the run leaves nothing in Redis, and the next run with the same key fetches."""
    import uuid

    import redis

    from bench.sitegen import generate

    name = f"f{uuid.uuid4().hex[:8]}"
    site = tmp_path / "site"
    made = generate(150, site)
    sources = site / "sources.toml"
    sources.write_text(sources.read_text("utf-8").replace('name = "bench"', f'name = "{name}"'), "utf-8")
    settings = tmp_path / "settings.toml"
    settings.write_text(
        "[crawl]\nautothrottle = false\nextract_workers = 0\nconcurrent_requests = 4\nconcurrent_per_domain = 4\nretry_times = 0\n"
        f'[sources]\nfile = "{sources}"\n',
        "utf-8",
    )

    def worker(db_url: str, *args: str) -> subprocess.Popen[str]:
        cmd = [sys.executable, "-m", "newstrack", "crawl", "-q", "--config", str(settings), "--db", db_url,
               "--workers-redis", redis_url, "--idle-close", "3", *args]  # fmt: skip
        env = {**os.environ, "NEWSTRACK_VAR_SITE": server.base_url}
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    server_keys = redis.Redis.from_url(redis_url)
    with serve(site) as server:
        server.delay = 0.05
        clean = worker(postgres_url_2)  # alone in its run: a clean crawl
        assert clean.communicate(timeout=300) and clean.returncode == 0
        assert not server_keys.keys(f"newstrack:crawl:{name}*")
        first, second = worker(postgres_url), worker(postgres_url)
        assert wait_for(lambda: sum(1 for p, _ in server.request_log[-400:] if "/a/" in p) >= 40 + made["articles"], timeout=120)
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=30)
        replacement = worker(postgres_url)
        for proc in (second, replacement):
            _out, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, err[-2000:]
        assert not server_keys.keys(f"newstrack:crawl:{name}*")  # the run left nothing behind
        after_kill = page_rows(postgres_url)
        next_run = worker(postgres_url, "--recheck-all")  # minutes later no stored article is due otherwise
        out, err = next_run.communicate(timeout=300)
        assert next_run.returncode == 0, err[-2000:]
    clean_rows = page_rows(postgres_url_2)
    # which copy of a reprint pair (same date) is the original depends on which was stored first
    assert {url: row[:2] for url, row in after_kill.items()} == {url: row[:2] for url, row in clean_rows.items()}
    assert sum(row[2] for row in after_kill.values()) == sum(row[2] for row in clean_rows.values())
    assert sum(1 for status, _, _ in after_kill.values() if status == "ok") >= made["articles"] - made["reprints"]
    assert observation_count(postgres_url) == observation_count(postgres_url_2)
    engine = open_database(postgres_url)
    with Session(engine) as session:
        recovered = sum(json.loads(r.stats).get("newstrack/requests_recovered", 0) for r in session.exec(select(CrawlRun)).all())
    engine.dispose()
    assert recovered > 0  # the killed worker held requests, and a live worker gave them back to the queue
    fetched = int(out.split("fetched ", 1)[1].split(",", 1)[0])
    assert fetched > made["articles"]  # the next run with the same key fetched the site again
    assert not server_keys.keys(f"newstrack:crawl:{name}*")


def test_queued_requests_are_json_and_a_foreign_class_is_refused() -> None:
    from scrapy import Request

    from newstrack.crawler.distributed import decode_request, encode_request

    request = Request("http://127.0.0.1/a.html", body=b"\x00\xff", headers={"X-A": "1"}, meta={"source": "s", "nt_depth": 2}, priority=3)
    data = encode_request(request, None)
    assert json.loads(data)["url"] == "http://127.0.0.1/a.html"
    back = decode_request(data, None)
    assert (back.url, back.body, back.headers.get("X-A"), back.meta, back.priority) == (request.url, b"\x00\xff", b"1", request.meta, 3)
    forged = json.loads(data) | {"_class": "os.system"}
    with pytest.raises(ValueError, match="may not name the class"):
        decode_request(json.dumps(forged), None)
    with pytest.raises(ValueError, match="may not name the callback"):
        decode_request(json.dumps(json.loads(data) | {"callback": "close"}), None)


def test_a_held_request_stays_in_redis_until_done_and_returns_when_its_worker_dies(redis_url: str) -> None:
    """The reliable queue on the real Redis: a request taken is held in its worker's in-flight hash
    until done; when that worker's heartbeat expires the other worker puts it back in the queue; the
    last worker to leave deletes the run's keys."""
    import uuid

    import redis
    from scrapy import Request, Spider

    from newstrack.crawler.distributed import INFLIGHT_META, SharedRunScheduler

    server = redis.Redis.from_url(redis_url)
    key = f"newstrack:unit-{uuid.uuid4().hex[:8]}"
    spider = Spider(name="unit")
    dying, staying = (SharedRunScheduler(server, key, heartbeat=0.2, worker_ttl=1) for _ in range(2))
    dying.open(spider)
    staying.open(spider)
    assert dying.run_id == staying.run_id
    queue, held_by = f"{dying.base}:requests", f"{dying.base}:inflight:{dying.worker}"
    for n in range(2):
        dying.enqueue_request(Request(f"http://127.0.0.1/{n}.html"))
    first = dying.next_request()
    assert first is not None and (server.zcard(queue), server.hlen(held_by)) == (1, 1)
    dying.done(first.meta[INFLIGHT_META])
    assert server.hlen(held_by) == 0
    held = dying.next_request()
    assert held is not None and (server.zcard(queue), server.hlen(held_by)) == (0, 1)
    dying._stop.set()  # the worker dies: its heartbeat stops, it never leaves the run
    assert wait_for(lambda: server.zcard(queue) == 1, timeout=15)
    assert not server.exists(held_by) and server.smembers(f"{dying.base}:workers") == {staying.worker.encode()}
    again = staying.next_request()
    assert again is not None and again.url == held.url
    staying.done(again.meta[INFLIGHT_META])
    staying.close("finished")
    assert not server.keys(f"{key}*")


# ----------------------------------------------------------------------------- bounded extraction


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def test_an_extraction_worker_is_bounded_in_memory_and_time_and_goes_on() -> None:
    """A worker set up as a crawl's pool sets it up: an allocation past its address-space cap is a
    MemoryError for that page; a page past its time limit is PageTooSlowError; the worker then
    extracts the next page."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from newstrack.crawler.bounds import PageTooSlowError, bounded, init_extraction_worker
    from newstrack.crawler.worker import extract_job

    page = ("<html><body><p>" + "全县累计脱贫70319户272066人，贫困发生率下降到7.67%。" * 20 + "</p></body></html>").encode()
    with ProcessPoolExecutor(1, mp_context=get_context("spawn"), initializer=init_extraction_worker, initargs=(os.getpid(), 800)) as pool:
        first = pool.submit(os.getpid).result()
        with pytest.raises(MemoryError):
            pool.submit(bounded, 0, _allocate, 1200).result()
        with pytest.raises(PageTooSlowError):
            pool.submit(bounded, 0.2, time.sleep, 30).result()
        result = pool.submit(bounded, 60, extract_job, page, "http://127.0.0.1/a.html", "text/html; charset=utf-8", None, True).result()
        assert "7.67%" in result["text"] and pool.submit(os.getpid).result() == first


def test_a_killed_crawl_leaves_no_extraction_worker_behind(tmp_path: Path, slow_site: SlowSite) -> None:
    """`newstrack crawl` SIGKILLed mid-crawl: its extraction workers (and multiprocessing's resource
    tracker) see their parent gone and exit; nothing stays behind under PID 1."""
    sources = tmp_path / "one.toml"
    sources.write_text(slow_site.sources.read_text("utf-8").split("\n\n")[0] + "\n", "utf-8")
    settings = daemon_settings(tmp_path, sources)
    db_url = f"sqlite:///{tmp_path / 'c.db'}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "newstrack", "crawl", "-q", "--config", str(settings), "--db", db_url],
        cwd=ROOT, env={**os.environ, "NEWSTRACK_VAR_SITE": slow_site.server.base_url}, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert wait_for(lambda: len(group_members(proc.pid)) >= 3, timeout=60)  # the crawl, a worker, the tracker
        before = len(slow_site.server.request_log)
        assert wait_for(lambda: len(slow_site.server.request_log) > before + 5, timeout=60)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert wait_for(lambda: not group_members(proc.pid), timeout=30), group_members(proc.pid)
    finally:
        if group_members(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)


def test_a_crawl_of_a_site_that_is_down_is_a_failed_run(tmp_path: Path) -> None:
    """Nothing could be fetched (connection refused): the run says failed and why, not 'finished, 0 pages'."""
    from tests.conftest import newstrack

    db_url = f"sqlite:///{tmp_path / 'down.db'}"
    result = newstrack("crawl", "-q", "--url", "http://127.0.0.1:9/news/", "--db", db_url)
    assert result.returncode == 0, result.stderr[-2000:]
    rows = runs(db_url)
    assert [(r.status, r.pages_fetched) for r in rows] == [("failed", 0)]
    assert "no page could be fetched" in rows[0].errors
