"""Crawl runs: a row per run, opened before the crawl starts and closed with its counts and errors.

Each row names the process that runs the crawl (``pid``, ``host``): a row left ``running`` by a
process that no longer exists is closed as ``interrupted`` by the next daemon start
(``close_dead_runs``), while a crawl still running elsewhere is left alone.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from newstrack.store.db import DatabaseError, busy_timeout, redact
from newstrack.store.models import CrawlRun

T = TypeVar("T")

# Scrapy stats → CrawlRun counters
_COUNTERS = {
    "pages_new": "newstrack/pages_new",
    "pages_changed": "newstrack/pages_changed",
    "pages_unchanged": "newstrack/pages_unchanged",
    "pages_failed": "newstrack/pages_failed",
    "pages_gone": "newstrack/pages_gone",
    "pages_not_due": "newstrack/pages_not_due",
    "not_articles": "newstrack/pages_not_article",
    "duplicates": "newstrack/duplicates",
    "observations": "newstrack/observations",
    "changes": "newstrack/changes",
}

#: statuses of a run that is over
CLOSED = ("finished", "failed", "timeout", "interrupted")


def this_host() -> str:
    return socket.gethostname()[:255]


def _write(engine: Engine, operation: Callable[[Session], T]) -> T:
    """Run ``operation`` in one transaction; a database that stays locked or unreachable is a
    DatabaseError that names it (the command exits 3), not a driver traceback."""
    try:
        with Session(engine) as session:
            return operation(session)
    except OperationalError as exc:
        reason = str(getattr(exc, "orig", exc) or exc).strip().splitlines()[0]
        hint = (
            f"another program holds a write lock on it; waited {busy_timeout():.0f} s (NEWSTRACK_DB_BUSY_TIMEOUT)"
            if "locked" in reason
            else "check that the server is running and the URL is right"
        )
        raise DatabaseError(f"cannot write to database {redact(engine.url.render_as_string(hide_password=False))}: {reason} ({hint})") from exc


def start_run(engine: Engine, command: str, sources: str, pid: int | None = None) -> int:
    """Open a run row owned by process ``pid`` (this process by default); returns its id."""

    def insert(session: Session) -> int:
        run = CrawlRun(command=command, sources=sources, pid=pid or os.getpid(), host=this_host())
        session.add(run)
        session.commit()
        return run.id or 0

    return _write(engine, insert)


def claim_run(engine: Engine, run_id: int, pid: int | None = None) -> None:
    """The process that runs the crawl of ``run_id`` (opened by its parent) puts its own pid on it."""

    def claim(session: Session) -> None:
        run = session.get(CrawlRun, run_id)
        if run is not None:
            run.pid, run.host = pid or os.getpid(), this_host()
            session.add(run)
            session.commit()

    _write(engine, claim)


def finish_run(engine: Engine, run_id: int, stats: dict[str, Any], errors: list[str], status: str = "finished") -> None:
    def finish(session: Session) -> None:
        run = session.get(CrawlRun, run_id)
        if run is None:
            return
        run.finished_at = datetime.now(UTC)
        run.status = status
        run.pages_fetched = int(stats.get("response_received_count", 0))
        for field, key in _COUNTERS.items():
            setattr(run, field, int(stats.get(key, 0)))
        run.errors = "\n".join(errors[:1000])
        run.stats = json.dumps(dict(stats.items()), default=str, ensure_ascii=False)
        session.add(run)
        session.commit()

    _write(engine, finish)


def fail_run(engine: Engine, run_id: int, reason: str) -> None:
    """Record a run that broke before or during the crawl."""
    close_run(engine, run_id, "failed", reason, force=True)


def close_run(engine: Engine, run_id: int, status: str, reason: str, force: bool = False) -> str | None:
    """Close run ``run_id`` as ``status`` with ``reason`` appended to its errors; returns its status after.

    Without ``force`` a run the crawl closed itself keeps its status: only a run still ``running``
    (or stopped by a signal: ``interrupted``) takes the new one.  With ``force`` (a timeout, which the
    crawl cannot know it ran into) the status is set whatever the crawl wrote."""

    def close(session: Session) -> str | None:
        run = session.get(CrawlRun, run_id)
        if run is None:
            return None
        if force or run.status in ("running", "interrupted"):
            run.finished_at = run.finished_at or datetime.now(UTC)
            run.status = status
            run.errors = (run.errors + "\n" if run.errors else "") + reason
            session.add(run)
            session.commit()
        return run.status

    return _write(engine, close)


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` exists on this host (a zombie counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def close_dead_runs(engine: Engine, older_than: float) -> int:
    """Close as ``interrupted`` the runs left ``running`` by a process that no longer exists; returns how many.

    A run of this host is checked by its pid; a run of another host (or without a pid) only once it
    is older than ``older_than`` seconds, since its process cannot be seen from here."""
    host = this_host()
    cutoff = datetime.now(UTC) - timedelta(seconds=older_than)

    def close(session: Session) -> int:
        closed = 0
        for run in session.exec(select(CrawlRun).where(CrawlRun.status == "running")).all():
            if run.host == host and run.pid:
                dead = not process_alive(run.pid)
            else:
                started = run.started_at if run.started_at.tzinfo else run.started_at.replace(tzinfo=UTC)
                dead = started <= cutoff
            if not dead:
                continue
            run.status = "interrupted"
            run.finished_at = datetime.now(UTC)
            run.errors = (run.errors + "\n" if run.errors else "") + "the crawl process stopped before it closed its run"
            session.add(run)
            closed += 1
        session.commit()
        return closed

    return _write(engine, close)
