"""The long-running scheduler: each source crawled on its own schedule until stopped.

APScheduler 3.x with a persistent SQLAlchemy job store in the project's database, so that after a
restart the jobs and their next run times are still there; ``max_instances=1`` (a slow crawl is never
run twice at once), ``coalesce=True`` and a misfire grace time (after downtime each missed job runs
once, not once per missed slot).  Each crawl runs in its own child process (Scrapy's reactor cannot
restart) with a timeout that kills a hung crawl; an error listener records a failed run and the
daemon goes on.  SIGTERM and SIGINT stop it within seconds, cutting a running crawl and recording it.
"""

from __future__ import annotations

import logging
import re
import signal
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import FrameType
from typing import Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from newstrack.crawler.config import Config, ConfigError, line_of, load_config
from newstrack.store.db import make_engine, open_database
from newstrack.store.runs import fail_run, start_run

log = logging.getLogger(__name__)

_EVERY = re.compile(r"^\s*every\s+(\d+)\s*(s|sec|second|seconds|m|min|minute|minutes|h|hour|hours|d|day|days)\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class DaemonSettings:
    crawl_timeout: float = 3600.0
    misfire_grace_time: int = 3600
    jitter: int = 60
    default_schedule: str = "every 6h"


def daemon_settings(config: Config) -> DaemonSettings:
    data = config.raw.get("schedule", {})
    try:
        return DaemonSettings(
            crawl_timeout=float(data.get("crawl_timeout", 3600)),
            misfire_grace_time=int(data.get("misfire_grace_time", 3600)),
            jitter=int(data.get("jitter", 60)),
            default_schedule=str(data.get("default", "every 6h")),
        )
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"[schedule] settings must be numbers (crawl_timeout, misfire_grace_time, jitter): {exc}") from exc


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


_running: dict[str, Any] = {}
_running_lock = threading.Lock()


def crawl_job(config_path: str | None, db_url: str, source: str, variables: dict[str, str] | None = None) -> int:
    """One scheduled crawl of one source, in a child process; returns the run id.

    A module-level function with plain arguments, so the persistent job store can keep it."""
    from newstrack.crawler.runner import CrawlRequest, crawl_in_subprocess
    from newstrack.scheduler.notify import notify_run

    config = load_config(config_path, db_url, variables)
    settings = daemon_settings(config)
    status, value = crawl_in_subprocess(
        config, CrawlRequest(sources=(source,)), db_url, timeout=settings.crawl_timeout, command="daemon", registry=_running, key=source
    )
    if status == "timeout":
        engine = open_database(db_url)
        run_id = start_run(engine, command="daemon", sources=source)
        fail_run(engine, run_id, f"crawl of {source} killed after {settings.crawl_timeout:.0f} s")
        engine.dispose()
        raise TimeoutError(f"crawl of {source} took longer than {settings.crawl_timeout:.0f} s and was killed")
    if status != "ok":
        raise RuntimeError(f"crawl of {source} failed: {value}")
    if config.notify:
        engine = open_database(db_url)
        try:
            notify_run(engine, config.notify, int(value))
        finally:
            engine.dispose()
    return int(value)


def close_stale_runs(db_url: str, older_than: float) -> int:
    """Mark runs left 'running' by a crawl process that was killed as failed; returns how many."""
    from datetime import UTC

    from sqlmodel import Session, col, select

    from newstrack.store.models import CrawlRun

    engine = open_database(db_url)
    cutoff = datetime.now(UTC) - timedelta(seconds=older_than)
    n = 0
    with Session(engine) as session:
        for run in session.exec(select(CrawlRun).where(CrawlRun.status == "running", col(CrawlRun.started_at) <= cutoff)).all():
            run.status = "failed"
            run.finished_at = datetime.now(UTC)
            run.errors = (run.errors + "\n" if run.errors else "") + "the crawl process was stopped before it closed its run"
            session.add(run)
            n += 1
        session.commit()
    engine.dispose()
    return n


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
        if not isinstance(event.exception, (TimeoutError, RuntimeError)):
            # a crawl that ran recorded its own run; anything else failed before it could
            record_failure(db_url, source, f"{type(event.exception).__name__}: {event.exception}")

    return on_error


def run_daemon(config: Config, config_path: str | None, variables: dict[str, str] | None = None, run_now: bool = False) -> int:
    """Run until SIGTERM/SIGINT; returns the exit status (0 on a clean stop)."""
    open_database(config.db_url).dispose()
    settings = daemon_settings(config)
    check_schedules(config, settings)  # a bad schedule stops the start (exit 2), not a later run
    stale = close_stale_runs(config.db_url, settings.crawl_timeout)
    if stale:
        log.warning("%d runs left open by an earlier daemon were marked failed", stale)
    scheduler = build_scheduler(config.db_url)
    stop = threading.Event()

    scheduler.add_listener(error_listener(config.db_url), EVENT_JOB_ERROR | EVENT_JOB_MISSED)

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        log.info("received signal %d: stopping", signum)
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
    # cut running crawls: Scrapy stops on SIGTERM and closes its run as "stopped: shutdown"
    with _running_lock:
        procs = [p for p in _running.values() if p.is_alive()]
    for proc in procs:
        proc.terminate()
    for proc in procs:
        proc.join(10)
        if proc.is_alive():
            proc.kill()
    scheduler.shutdown(wait=True)
    close_stale_runs(config.db_url, 0)
    log.info("scheduler stopped")
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


def in_future(delta: timedelta, now: datetime | None = None) -> datetime:
    return (now or datetime.now().astimezone()) + delta
