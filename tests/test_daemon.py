"""The scheduler: triggers, coalescing, failures, persistence and a clean stop on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlmodel import Session, select

from newstrack.crawler.config import ConfigError, load_config
from newstrack.scheduler.daemon import build_scheduler, check_schedules, daemon_settings, error_listener, make_trigger, schedule_sources
from newstrack.store.db import open_database
from newstrack.store.models import CrawlRun
from tests.conftest import ROOT

GOOD_SOURCES = """[[source]]
name = "a"
start_urls = ["http://127.0.0.1:9/a/"]
schedule = "every 6h"

[[source]]
name = "b"
start_urls = ["http://127.0.0.1:9/b/"]
schedule = "0 7 * * *"
"""


def settings_for(tmp_path: Path, sources: str) -> Path:
    (tmp_path / "sources.toml").write_text(sources, encoding="utf-8")
    path = tmp_path / "settings.toml"
    path.write_text('[sources]\nfile = "sources.toml"\n[schedule]\njitter = 0\n', encoding="utf-8")
    return path


def wait_for(predicate, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_triggers() -> None:
    interval = make_trigger("every 6h")
    assert isinstance(interval, IntervalTrigger) and interval.interval == timedelta(hours=6)
    assert isinstance(make_trigger("0 7 * * *"), CronTrigger)
    now = datetime(2026, 1, 1, 6, 0).astimezone()
    assert make_trigger("0 7 * * *", timezone="UTC").get_next_fire_time(None, now).hour == 7
    for bad in ("every", "every 0h", "sometimes", "61 * * * *", "0 7 * *"):
        with pytest.raises(ValueError):  # noqa: PT011 - APScheduler raises plain ValueError
            make_trigger(bad)


def test_bad_schedule_names_file_and_line(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, GOOD_SOURCES.replace('"0 7 * * *"', '"0 25 * * *"'))
    config = load_config(settings)
    with pytest.raises(ConfigError, match=r"sources.toml:9: schedule '0 25 \* \* \*' of source 'b'"):
        check_schedules(config, daemon_settings(config))


def test_missed_slots_coalesce_into_one_run(tmp_path: Path) -> None:
    counter = tmp_path / "count.txt"
    scheduler = build_scheduler(f"sqlite:///{tmp_path / 'jobs.db'}")
    scheduler.start(paused=True)
    # the job's slot was ten minutes ago and it fires every minute: ten missed slots
    scheduler.add_job(
        "tests.scheduler_jobs:count_job", IntervalTrigger(minutes=1), args=(str(counter),), id="j",
        next_run_time=datetime.now().astimezone() - timedelta(minutes=10), misfire_grace_time=3600, coalesce=True,
    )  # fmt: skip
    scheduler.resume()
    assert wait_for(counter.exists)
    time.sleep(1.0)
    scheduler.shutdown()
    assert counter.read_text().count("run") == 1


def test_a_failing_job_is_recorded_and_the_next_still_runs(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'daemon.db'}"
    open_database(db_url).dispose()
    counter = tmp_path / "count.txt"
    scheduler = build_scheduler(db_url)
    scheduler.add_listener(error_listener(db_url), EVENT_JOB_ERROR | EVENT_JOB_MISSED)
    scheduler.start()
    now = datetime.now().astimezone()
    scheduler.add_job("tests.scheduler_jobs:failing_job", "date", run_date=now, args=(str(counter),), id="crawl:broken")
    scheduler.add_job(
        "tests.scheduler_jobs:count_job", "date", run_date=now + timedelta(seconds=0.5), args=(str(counter),), id="crawl:fine"
    )
    assert wait_for(lambda: counter.exists() and counter.read_text().count("run") == 2)
    time.sleep(0.3)
    scheduler.shutdown()
    engine = open_database(db_url)
    with Session(engine) as session:
        runs = session.exec(select(CrawlRun)).all()
    engine.dispose()
    assert [(r.sources, r.status) for r in runs] == [("broken", "failed")]
    assert "this job always fails" in runs[0].errors


def test_restart_picks_up_persisted_jobs(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, GOOD_SOURCES)
    db_url = f"sqlite:///{tmp_path / 'daemon.db'}"
    config = load_config(settings, db_url)
    first = build_scheduler(db_url)
    first.start(paused=True)
    schedule_sources(first, config, str(settings), db_url)
    slots = {job.id: job.next_run_time for job in first.get_jobs()}
    first.shutdown()
    second = build_scheduler(db_url)
    second.start(paused=True)
    assert {job.id: job.next_run_time for job in second.get_jobs()} == slots == {"crawl:a": slots["crawl:a"], "crawl:b": slots["crawl:b"]}
    schedule_sources(second, config, str(settings), db_url)  # a restart keeps the persisted slots
    assert {job.id: job.next_run_time for job in second.get_jobs()} == slots
    second.shutdown()


def test_sigterm_stops_the_daemon_with_exit_0(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, GOOD_SOURCES)
    proc = subprocess.Popen(
        [sys.executable, "-m", "newstrack", "daemon", "--config", str(settings), "--db", f"sqlite:///{tmp_path / 'd.db'}"],
        cwd=ROOT, stderr=subprocess.PIPE, text=True, env={**os.environ},
    )  # fmt: skip
    assert proc.stderr is not None
    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        lines.append(line)
        if "scheduler started" in line or not line:
            break
    assert any("scheduler started with 2 jobs" in line for line in lines), lines
    start = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        assert proc.wait(timeout=15) == 0
        assert time.monotonic() - start < 10
    finally:
        proc.stderr.close()


def test_bad_cron_exits_2_at_start(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, GOOD_SOURCES.replace('"0 7 * * *"', '"every fortnight"'))
    result = subprocess.run(
        [sys.executable, "-m", "newstrack", "daemon", "--config", str(settings), "--db", f"sqlite:///{tmp_path / 'd.db'}"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "sources.toml:9" in result.stderr and "every fortnight" in result.stderr
