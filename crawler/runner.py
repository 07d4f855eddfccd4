"""Running one crawl: configuration → Scrapy settings → CrawlerProcess → a recorded CrawlRun.

A Twisted reactor cannot be restarted, so one process runs one crawl; the daemon and the tests run
each crawl in a child process (``crawl_in_subprocess``).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from newstrack.crawler import settings as default_settings
from newstrack.crawler.config import Config, Source
from newstrack.crawler.lifeline import CrawlProcesses, stop_process_group, stop_when_orphaned
from newstrack.crawler.revisit import RECHECK_ALL, RecheckSchedule
from newstrack.crawler.spiders.news import NewsSpider
from newstrack.store.db import open_database
from newstrack.store.models import CrawlRun, Page
from newstrack.store.pages import figures_on_record
from newstrack.store.runs import claim_run, fail_run, start_run

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CrawlRequest:
    """What to crawl: configured sources by name (all enabled ones if empty) or one ad-hoc URL."""

    sources: tuple[str, ...] = ()
    url: str | None = None
    depth: int | None = None
    #: distributed mode: the Redis holding the shared frontier, and the name of the shared run
    redis_url: str | None = None
    run_key: str | None = None
    idle_close: float = 10.0
    #: re-check every stored article, whether or not its re-check is due (crawler.revisit)
    recheck_all: bool = False


def scrapy_settings(config: Config, db_url: str, run_id: int | None = None, progress: bool = False) -> Settings:
    """Scrapy settings for ``config``: the project's settings module overlaid with the user's values."""
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    c = config.crawl
    ua = c.user_agent if not c.contact_url or c.contact_url in c.user_agent else f"{c.user_agent} (+{c.contact_url})"
    settings.setdict(
        {
            "USER_AGENT": ua,
            "ROBOTSTXT_OBEY": c.obey_robots,
            "AUTOTHROTTLE_ENABLED": c.autothrottle,
            "DOWNLOAD_TIMEOUT": c.download_timeout,
            "DOWNLOAD_DELAY": c.download_delay,
            "RETRY_TIMES": c.retry_times,
            "DOWNLOAD_MAXSIZE": c.max_page_bytes,
            "DOWNLOAD_WARNSIZE": max(c.max_page_bytes // 2, 1),
            "CONCURRENT_REQUESTS": c.concurrent_requests,
            "CONCURRENT_REQUESTS_PER_DOMAIN": c.concurrent_per_domain,
            "HTTPCACHE_ENABLED": c.http_cache,
            "LOG_LEVEL": c.log_level,
            "NEWSTRACK_DB": db_url,
            "NEWSTRACK_EXTRACT_WORKERS": c.extract_workers,
            "NEWSTRACK_PROGRESS": progress,
            "NEWSTRACK_RUN_ID": run_id,
            "NEWSTRACK_CATALOG": str(config.catalog),
            "NEWSTRACK_WORDS": str(config.words),
        },
        priority="cmdline",
    )
    return settings


def quiet_scrapy_loggers(level: str) -> None:
    # With LOG_LEVEL alone Scrapy still builds every debug record its handler then drops; setting
    # the level on the loggers themselves skips that work (measured: a large share of a bare crawl).
    for name in ("scrapy", "twisted", "py.warnings", "protego", "trafilatura", "htmldate", "jieba", "filelock"):
        logging.getLogger(name).setLevel(getattr(logging, level.upper(), logging.WARNING))


def select_sources(config: Config, request: CrawlRequest) -> tuple[Source, ...]:
    if request.url:
        return ()
    if request.sources:
        return tuple(config.source(name) for name in request.sources)
    return tuple(s for s in config.sources if s.enabled)


def known_urls(
    engine: Any, sources: tuple[Source, ...], schedule: RecheckSchedule = RECHECK_ALL, now: datetime | None = None
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Article pages stored by earlier runs, per source: those to re-check this run (revisions,
    removals), and those whose re-check is not due under ``schedule`` (not requested at all)."""
    names = [s.name for s in sources]
    if not names:
        return {}, {}
    due: dict[str, list[str]] = {}
    not_due: dict[str, list[str]] = {}
    now = now or datetime.now(UTC)
    with Session(engine) as session:
        columns = (col(Page.site), col(Page.url), col(Page.status), col(Page.fetched_at), col(Page.unchanged_checks))
        rows = session.connection().execute(
            sa_select(*columns).where(col(Page.site).in_(names), col(Page.status).in_(("ok", "error")))
        ).all()
        # an article whose figures were never recorded is read again at once (see figures_on_record)
        unrecorded: set[str] = set()
        if schedule.active:
            unrecorded = set(
                session.exec(select(Page.url).where(col(Page.site).in_(names), col(Page.status) == "ok", ~figures_on_record())).all()
            )
    for site, url, status, fetched_at, checks in rows:
        skip = status == "ok" and url not in unrecorded and not schedule.due(fetched_at, checks, now)
        (not_due if skip else due).setdefault(site, []).append(url)
    return due, not_due


def run_crawl(
    config: Config, request: CrawlRequest, db_url: str, progress: bool = False, command: str = "crawl", run_id: int | None = None
) -> int:
    """Run one crawl in this process; returns the CrawlRun id.  Call at most once per process.

    ``run_id`` is a run row opened by the caller (the daemon), which this process claims; without
    it the crawl opens its own."""
    # Until the crawl starts, this process imports Scrapy and its components and reads the database:
    # objects that live as long as the crawl, and no garbage.  The cyclic collector is off meanwhile,
    # and what was made is frozen when the crawl starts: the collections during the crawl, and the
    # one at the process's exit, no longer walk it (re-crawl of 1,000 unchanged pages: exit 0.5 → 0.05 s).
    gc.disable()
    try:
        return _run_crawl(config, request, db_url, progress, command, run_id)
    finally:
        gc.enable()


def _start(process: CrawlerProcess) -> None:
    gc.freeze()
    gc.enable()
    process.start()


def _run_crawl(config: Config, request: CrawlRequest, db_url: str, progress: bool, command: str, run_id: int | None) -> int:
    engine = open_database(db_url)
    if request.redis_url:
        from newstrack.crawler.distributed import check_redis

        check_redis(request.redis_url)
    sources = select_sources(config, request)
    label = request.url or ",".join(s.name for s in sources)
    if run_id is None:
        run_id = start_run(engine, command=command, sources=label)
    else:
        claim_run(engine, run_id)
    quiet_scrapy_loggers(config.crawl.log_level)
    try:
        settings = scrapy_settings(config, db_url, run_id, progress)
        if request.redis_url:
            import warnings

            from newstrack.crawler.distributed import redis_settings

            # scrapy-redis 0.9 still passes spider= to the stats collector; not ours to fix
            warnings.filterwarnings("ignore", message="Passing a 'spider' argument")

            shared = redis_settings(request.redis_url, request.run_key or f"crawl:{label}", request.idle_close)
            shared["EXTENSIONS"] = {**settings.getdict("EXTENSIONS"), **shared["EXTENSIONS"]}
            settings.setdict(shared, priority="cmdline")
        process = CrawlerProcess(settings)
        depth = request.depth if request.depth is not None else config.crawl.depth
        schedule = RECHECK_ALL if request.recheck_all else RecheckSchedule(config.crawl.recheck_min_hours, config.crawl.recheck_max_hours)
        if request.url:
            from newstrack.crawler.spiders.news import adhoc_source

            host_source = adhoc_source(request.url, depth)
            known, not_due = known_urls(engine, (host_source,), schedule)
            process.crawl(NewsSpider, url=request.url, depth=depth, known_urls=known, not_due_urls=not_due)
        else:
            known, not_due = known_urls(engine, sources, schedule)
            process.crawl(NewsSpider, sources=sources, known_urls=known, not_due_urls=not_due)
        _start(process)
    except Exception as exc:
        fail_run(engine, run_id, f"crawl failed: {type(exc).__name__}: {exc}")
        # the traceback only for --debug / NEWSTRACK_DEBUG=1; the run's errors and the CLI say what failed
        log.error("crawl failed: %s: %s", type(exc).__name__, exc, exc_info=os.environ.get("NEWSTRACK_DEBUG", "") not in ("", "0"))
        raise
    finally:
        with Session(engine) as session:
            run = session.get(CrawlRun, run_id)
            if run is not None and run.status == "running":
                run.status = "failed"
                run.errors = (run.errors + "\n" if run.errors else "") + "the crawl ended without closing its run"
                session.add(run)
                session.commit()
        engine.dispose()
    return run_id


def _child(config: Config, request: CrawlRequest, db_url: str, command: str, queue: Any, run_id: int | None = None,
           parent_pid: int | None = None, grace: float = 5.0) -> None:  # fmt: skip
    """The crawl process: leads its own process group (its extraction workers join it, so the group
    is killed as one) and stops itself when the process that started it dies."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    if parent_pid is not None:
        stop_when_orphaned(parent_pid, grace)
    try:
        queue.put(("ok", run_crawl(config, request, db_url, command=command, run_id=run_id)))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which decides
        queue.put(("error", f"{type(exc).__name__}: {exc}"))


def crawl_in_subprocess(
    config: Config,
    request: CrawlRequest,
    db_url: str,
    timeout: float | None = None,
    command: str = "crawl",
    processes: CrawlProcesses | None = None,
    key: str = "",
    run_id: int | None = None,
    grace: float = 5.0,
) -> tuple[str, Any]:
    """Run one crawl in a fresh child process, in its own process group.

    Returns ``("ok", run_id)``, ``("error", message)``, ``("timeout", None)`` (the group was killed
    after ``timeout`` seconds) or ``("interrupted", None)`` (``processes`` was stopped: the crawl was
    cut, or not started).  ``run_id`` is a run row opened by the caller, which the crawl fills."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    args = (config, request, db_url, command, queue, run_id, os.getpid(), grace)
    proc = ctx.Process(target=_child, args=args, daemon=False)
    if processes is None:
        proc.start()
    elif not processes.start(key, proc):
        return ("interrupted", None)
    try:
        proc.join(timeout)
        if processes is not None and processes.stopping:
            proc.join()  # the stop kills it, if it has not ended by itself
            return ("interrupted", None)
        if proc.is_alive():
            stop_process_group(proc, grace)
            proc.join()
            return ("timeout", None)
    finally:
        if processes is not None:
            processes.done(key)
    try:
        return queue.get(timeout=5)  # type: ignore[no-any-return]
    except Exception:  # noqa: BLE001 - the child died without a word
        return ("error", f"crawl process exited with code {proc.exitcode}")
