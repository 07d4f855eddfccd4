"""Crawl runs: a row per run, opened before the crawl starts and closed with its counts and errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from newstrack.store.models import CrawlRun

# Scrapy stats → CrawlRun counters
_COUNTERS = {
    "pages_new": "newstrack/pages_new",
    "pages_changed": "newstrack/pages_changed",
    "pages_unchanged": "newstrack/pages_unchanged",
    "pages_failed": "newstrack/pages_failed",
    "pages_gone": "newstrack/pages_gone",
    "not_articles": "newstrack/pages_not_article",
    "duplicates": "newstrack/duplicates",
    "observations": "newstrack/observations",
    "changes": "newstrack/changes",
}


def start_run(engine: Engine, command: str, sources: str) -> int:
    with Session(engine) as session:
        run = CrawlRun(command=command, sources=sources)
        session.add(run)
        session.commit()
        return run.id or 0


def finish_run(engine: Engine, run_id: int, stats: dict[str, Any], errors: list[str], status: str = "finished") -> None:
    with Session(engine) as session:
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


def fail_run(engine: Engine, run_id: int, reason: str) -> None:
    """Record a run that broke before or during the crawl."""
    with Session(engine) as session:
        run = session.get(CrawlRun, run_id)
        if run is None:
            return
        run.finished_at = datetime.now(UTC)
        run.status = "failed"
        run.errors = (run.errors + "\n" if run.errors else "") + reason
        session.add(run)
        session.commit()
