"""The long-running scheduler: each source crawled on its own schedule until stopped.

APScheduler 3.x with a persistent SQLAlchemy job store in the project's database, so that after a
restart the jobs and their next run times are still there; ``max_instances=1`` (a slow crawl is never
run twice at once), ``coalesce=True`` and a misfire grace time (after downtime each missed job runs
once, not once per missed slot).

Each crawl runs in its own child process (Scrapy's reactor cannot restart), which leads its own
process group, so that the crawl and its extraction workers are stopped as one.  The daemon opens
the crawl's run row before starting it and closes it whatever happens to the process: one row per
crawl, ``finished``, ``failed``, ``timeout`` (killed after ``crawl_timeout``) or ``interrupted``.
On SIGTERM or SIGINT no crawl starts any more; running crawls get SIGTERM, then SIGKILL after
``stop_grace`` seconds.  A crawl whose daemon dies stops itself (crawler.lifeline), and the next
daemon start closes the runs that dead processes left ``running``.
"""

from __future__ import annotations

import logging
import re
import signal
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from types import FrameType
from typing import Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine

from newstrack.crawler.config import Config, ConfigError, line_of, load_config
from newstrack.crawler.lifeline import CrawlProcesses
from newstrack.store.db import make_engine, open_database
from newstrack.store.runs import close_dead_runs, close_run, fail_run, start_run

log = logging.getLogger(__name__)

_EVERY = re.compile(r"^\s*every\s+(\d+)\s*(s|sec|second|seconds|m|min|minute|minutes|h|hour|hours|d|day|days)\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class DaemonSettings:
    crawl_timeout: float = 3600.0
    misfire_grace_time: int = 3600
    jitter: int = 60
    default_schedule: str = "every 6h"
    #: seconds a crawl has to close after SIGTERM before its process group is killed
    stop_grace: float = 5.0


def daemon_settings(config: Config) -> DaemonSettings:
    data = config.raw.get("schedule", {})
    try:
        return DaemonSettings(
            crawl_timeout=float(data.get("crawl_timeout", 3600)),
            misfire_grace_time=int(data.get("misfire_grace_time", 3600)),
            jitter=int(data.get("jitter", 60)),
            default_schedule=str(data.get("default", "every 6h")),
            stop_grace=float(data.get("stop_grace", 5.0)),
        )
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"[schedule] settings must be numbers (crawl_timeout, misfire_grace_time, jitter, stop_grace): {exc}") from exc


def make_trigger(schedule: str, jitter: int = 0, timezone: str = "UTC") -> BaseTrigger:
    """'every 6h' → IntervalTrigger; a five-field cron line ('0 7 * * *') → CronTrigger.

    >>> make_trigger("every 30m")
    <IntervalTrigger (interval=datetime.timedelta(seconds=1800), start_date=..., timezone='UTC')>  # doctest: +SKIP
    """
    m = _EVERY.match(schedule)
    if m:
        seconds = int(m.group(1)) * _UNIT_SECONDS[m.group(2)[0].lower()]
        if seconds <= 0:
            raise ValueError("the interval must be positive")
        return IntervalTrigger(seconds=seconds, jitter=jitter or None, timezone=timezone)
    return CronTrigger(**_cron_fields(schedule), jitter=jitter or None, timezone=timezone)


def _cron_fields(schedule: str) -> dict[str, str]:
    fields = schedule.split()
    if len(fields) != 5:
        raise ValueError(f"a cron line has 5 fields (minute hour day month weekday), not {len(fields)}")
    minute, hour, day, month, day_of_week = fields
    CronTrigger.from_crontab(schedule)  # validates each field
    return {"minute": minute, "hour": hour, "day": day, "month": month, "day_of_week": day_of_week}


def check_schedules(config: Config, settings: DaemonSettings) -> dict[str, BaseTrigger]:
    """A trigger per enabled source; a bad schedule is a ConfigError naming the file and line."""
    triggers: dict[str, BaseTrigger] = {}
    for source in config.sources:
        if not source.enabled:
            continue
        schedule = source.schedule or settings.default_schedule
        try:
            triggers[source.name] = make_trigger(schedule, settings.jitter)
        except ValueError as exc:
            where = config.sources_file
            line = line_of(where, "schedule", f'"{source.name}"') if where else None
            raise ConfigError(
                f"{where}:{line or '?'}: schedule {schedule!r} of source {source.name!r} is not understood ({exc}); "
                'write "every 6h", "every 30m" or a cron line like "0 7 * * *"'
            ) from exc
    return triggers


# ----------------------------------------------------------------------------- the job


#: the crawl processes of this daemon (one daemon per process)
_crawls = CrawlProcesses()


def crawl_job(config_path: str | None, db_url: str, source: str, variables: dict[str, str] | None = None) -> int | None:
    """One scheduled crawl of one source, in a child process; returns the run id (None: not started).

    A module-level function with plain arguments, so the persistent job store can keep it.  The
    run row is opened here and closed here whatever the crawl process did, so each crawl is one row;
    the outcome is logged, not raised (a timeout or a failure is an expected event, not a traceback)."""
    from newstrack.crawler.runner import CrawlRequest, crawl_in_subprocess
    from newstrack.scheduler.notify import notify_run

    if _crawls.stopping:
        log.info("crawl of %s not started: the daemon is stopping", source)
        return None
    config = load_config(config_path, db_url, variables)
    settings = daemon_settings(config)
    engine = open_database(db_url)
    try:
        run_id = start_run(engine, command="daemon", sources=source)
        log.info("crawl of %s started: run %d", source, run_id)
        began = time.monotonic()
        try:
            status, value = crawl_in_subprocess(
                config, CrawlRequest(sources=(source,)), db_url, timeout=settings.crawl_timeout, command="daemon",
                processes=_crawls, key=source, run_id=run_id, grace=settings.stop_grace,
            )  # fmt: skip
        except Exception as exc:  # noqa: BLE001 - the crawl could not be started: its row says why
            status, value = "error", f"the crawl process could not be started: {type(exc).__name__}: {exc}"
        settle_run(engine, run_id, status, value, settings)
        log.info("crawl of %s ended: %s in %.1f s", source, run_summary(engine, run_id), time.monotonic() - began)
        if status == "ok" and config.notify:
            try:
                notify_run(engine, config.notify, run_id)
            except Exception:
                log.exception("the notification of run %d failed", run_id)
    finally:
        engine.dispose()
    return run_id


def settle_run(engine: Engine, run_id: int, status: str, value: Any, settings: DaemonSettings) -> None:
    """Close the run row after its process ended: the crawl's own status stands unless it was killed."""
    if status == "timeout":
        close_run(engine, run_id, "timeout", f"killed after {settings.crawl_timeout:.0f} s (crawl_timeout)", force=True)
    elif status == "interrupted":
        close_run(engine, run_id, "interrupted", "stopped by the daemon's shutdown")
    elif status == "error":
        close_run(engine, run_id, "failed", str(value))
    else:
        close_run(engine, run_id, "failed", "the crawl ended without closing its run")


def run_summary(engine: Engine, run_id: int) -> str:
    """'run 12 finished: fetched 30, new 2, changed 0, failed 0' for the log."""
    from sqlmodel import Session

    from newstrack.store.models import CrawlRun

    with Session(engine) as session:
        run = session.get(CrawlRun, run_id)
    if run is None:
        return f"run {run_id} (no row)"
    return f"run {run_id} {run.status}: fetched {run.pages_fetched}, new {run.pages_new}, changed {run.pages_changed}, failed {run.pages_failed}"


def record_failure(db_url: str, source: str, message: str) -> None:
    """An error listener's record of a failed run (the crawl's own run row may not exist)."""
    try:
        engine = open_database(db_url)
        run_id = start_run(engine, command="daemon", sources=source)
        fail_run(engine, run_id, message)
        engine.dispose()
    except Exception:
        log.exception("could not record the failed run of %s", source)


# ----------------------------------------------------------------------------- the scheduler


def build_scheduler(db_url: str, jobstore_url: str | None = None) -> BackgroundScheduler:
    engine = make_engine(jobstore_url or db_url)
    return BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=engine)},
        executors={"default": ThreadPoolExecutor(max_workers=2)},
        job_defaults={"coalesce": True, "max_instances": 1},
        timezone="UTC",
    )


def schedule_sources(
    scheduler: BackgroundScheduler,
    config: Config,
    config_path: str | None,
    db_url: str,
    variables: dict[str, str] | None = None,
    run_now: bool = False,
    now: datetime | None = None,
) -> list[str]:
    """Add (or replace) one job per enabled source; remove jobs of sources no longer configured."""
    settings = daemon_settings(config)
    triggers = check_schedules(config, settings)
    ids = []
    for name, trigger in triggers.items():
        job_id = f"crawl:{name}"
        existing = scheduler.get_job(job_id)
        kwargs: dict[str, Any] = {}
        if run_now:
            kwargs["next_run_time"] = now or datetime.now().astimezone()
        elif existing is not None and existing.next_run_time is not None:
            kwargs["next_run_time"] = existing.next_run_time  # keep the persisted slot over a restart
        scheduler.add_job(
            crawl_job,
            trigger=trigger,
            args=(config_path, db_url, name, variables),
            id=job_id,
            name=f"crawl {name}",
            replace_existing=True,
            misfire_grace_time=settings.misfire_grace_time,
            coalesce=True,
            max_instances=1,
            **kwargs,
        )
        ids.append(job_id)
    for job in scheduler.get_jobs():
        if job.id.startswith("crawl:") and job.id not in ids:
            scheduler.remove_job(job.id)
    return ids


def error_listener(db_url: str) -> Any:
    """Logs a failed or missed run and records a failed one; the scheduler goes on either way."""

    def on_error(event: JobExecutionEvent) -> None:
        source = event.job_id.removeprefix("crawl:")
        if event.code == EVENT_JOB_MISSED:
            log.warning("run of %s missed its slot (scheduled %s)", source, event.scheduled_run_time)
            return
        log.error("run of %s failed: %s", source, event.exception)
        # a crawl that started has its run row closed by crawl_job; this job failed before that
        record_failure(db_url, source, f"{type(event.exception).__name__}: {event.exception}")

    return on_error


def run_daemon(config: Config, config_path: str | None, variables: dict[str, str] | None = None, run_now: bool = False) -> int:
    """Run until SIGTERM/SIGINT; returns the exit status (0 on a clean stop)."""
    engine = open_database(config.db_url)
    settings = daemon_settings(config)
    check_schedules(config, settings)  # a bad schedule stops the start (exit 2), not a later run
    stale = close_dead_runs(engine, settings.crawl_timeout)
    if stale:
        log.warning("%d runs left running by processes that are gone were marked interrupted", stale)
    scheduler = build_scheduler(config.db_url)
    stop = threading.Event()

    scheduler.add_listener(error_listener(config.db_url), EVENT_JOB_ERROR | EVENT_JOB_MISSED)

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    scheduler.start(paused=True)
    schedule_sources(scheduler, config, config_path, config.db_url, variables, run_now=run_now)
    scheduler.resume()
    for job in scheduler.get_jobs():
        log.info("scheduled %s: next run %s", job.name, job.next_run_time)
    log.info("scheduler started with %d jobs", len(scheduler.get_jobs()))
    while not stop.wait(1.0):
        pass
    log.info("stopping: no crawl starts any more; running crawls get %.0f s to close", settings.stop_grace)
    scheduler.pause()
    cut = _crawls.stop_all(settings.stop_grace)
    # the job threads now close the rows of the cut crawls; jobs still queued return at once.
    # APScheduler's thread, woken by the shutdown, tries to submit the jobs that are due to the
    # executor it has just shut down and logs each refusal with a traceback: expected here, not news
    logging.getLogger("apscheduler.scheduler").setLevel(logging.CRITICAL)
    scheduler.shutdown(wait=True)
    close_dead_runs(engine, settings.crawl_timeout)
    engine.dispose()
    log.info("scheduler stopped (%d running crawls interrupted)", cut)
    return 0


def next_runs(db_url: str) -> list[tuple[str, datetime | None]]:
    """The persisted jobs and their next run times (for `newstrack status`)."""
    try:
        store = SQLAlchemyJobStore(engine=make_engine(db_url))
        store.start(None, "default")  # type: ignore[arg-type]
        jobs = store.get_all_jobs()
    except Exception:  # noqa: BLE001 - no job table yet: no daemon has run
        return []
    return [(job.name, job.next_run_time) for job in jobs]
