"""The re-check schedule of stored articles (crawler.revisit): intervals, what is due, the counts
kept on each page, and a crawl under the schedule against one with --recheck-all."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select

from newstrack.crawler.revisit import RECHECK_ALL, RecheckSchedule
from newstrack.crawler.runner import known_urls
from newstrack.crawler.sampleserver import SAMPLE_SITE, serve
from newstrack.store.db import open_database
from newstrack.store.models import Change, CrawlRun, Document, Page
from newstrack.store.pages import FetchResult, record_page, record_unchanged
from tests.conftest import ROOT, newstrack
from tests.test_recrawl import ADDED, REVISED, snapshot_2

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def test_interval_doubles_with_each_unchanged_check_up_to_the_longest() -> None:
    schedule = RecheckSchedule(min_hours=1.0, max_hours=24.0)
    assert [schedule.interval(k) / timedelta(hours=1) for k in range(7)] == [1, 2, 4, 8, 16, 24, 24]
    assert schedule.interval(10_000) == timedelta(hours=24)


def test_due_once_the_interval_has_passed() -> None:
    schedule = RecheckSchedule(min_hours=1.0, max_hours=720.0)
    assert not schedule.due(NOW - timedelta(minutes=59), 0, NOW)
    assert schedule.due(NOW - timedelta(minutes=60), 0, NOW)
    assert not schedule.due(NOW - timedelta(hours=7), 3, NOW)  # 8 hours after three unchanged checks
    assert schedule.due(NOW - timedelta(hours=8), 3, NOW)
    assert schedule.due((NOW - timedelta(hours=2)).replace(tzinfo=None), 0, NOW)  # SQLite gives naive UTC
    assert schedule.due(None, 5, NOW)


def test_interval_zero_or_recheck_all_checks_every_page() -> None:
    assert RECHECK_ALL.due(NOW, 50, NOW)
    assert RecheckSchedule(min_hours=0.0, max_hours=720.0).due(NOW, 3, NOW)


def _fetched(url: str, text: str) -> FetchResult:
    extraction = {"is_article": True, "text": text, "title": "标题", "published": "2020-06-13", "encoding": "utf-8"}
    return FetchResult(url=url, site="a", status="fetched", body=text.encode(), content_type="text/html", etag='"e"', extraction=extraction)


TEXT = "全县累计脱贫70319户272066人。\n贫困发生率从2013年末的47.99%下降到2019年末的7.67%。\n" * 3


def _checks(engine: Any, url: str) -> int:
    with Session(engine) as s:
        return s.exec(select(Page).where(Page.url == url)).one().unchanged_checks


def test_unchanged_fetches_are_counted_and_a_change_resets_the_count(sqlite_url: str) -> None:
    engine = open_database(sqlite_url)
    url = "http://a.example/content_1.html"
    with Session(engine) as s:
        assert record_page(s, _fetched(url, TEXT)).outcome == "new"
        s.commit()
    assert _checks(engine, url) == 0
    with Session(engine) as s:
        record_page(s, FetchResult(url=url, site="a", status="unchanged", http_status=304))  # a 304
        record_unchanged(s, [FetchResult(url=url, site="a", status="unchanged", http_status=304)])  # a batch of them
        assert record_page(s, _fetched(url, TEXT)).outcome == "unchanged"  # a new body, the same text
        s.commit()
    assert _checks(engine, url) == 3
    with Session(engine) as s:
        record_page(s, FetchResult(url=url, site="a", status="error", error="timeout"))  # a failure counts nothing
        s.commit()
    assert _checks(engine, url) == 3
    with Session(engine) as s:
        assert record_page(s, _fetched(url, TEXT.replace("7.67%", "7.60%"))).outcome == "changed"
        s.commit()
    assert _checks(engine, url) == 0
    engine.dispose()


def test_known_urls_leaves_out_what_is_not_due(sqlite_url: str) -> None:
    from newstrack.crawler.config import Source

    engine = open_database(sqlite_url)
    urls = [f"http://a.example/content_{i}.html" for i in range(5)]
    with Session(engine) as s:
        for url in urls:
            record_page(s, _fetched(url, TEXT + url))
        s.commit()
        documents = {d.url: d for d in s.exec(select(Document)).all()}
        for url in urls[:4]:  # the figures of the last one were never recorded (its crawl died)
            documents[url].figures_recorded_at = NOW
        pages = {p.url: p for p in s.exec(select(Page)).all()}
        pages[urls[0]].fetched_at = NOW - timedelta(minutes=10)  # just fetched: not due
        pages[urls[1]].fetched_at = NOW - timedelta(hours=3)  # due after an hour
        pages[urls[2]].fetched_at, pages[urls[2]].unchanged_checks = NOW - timedelta(hours=3), 2  # due after 4 hours
        pages[urls[3]].fetched_at, pages[urls[3]].status = NOW - timedelta(minutes=10), "error"  # failed: retried
        pages[urls[4]].fetched_at = NOW - timedelta(minutes=10)
        s.commit()
    source = Source(name="a", start_urls=("http://a.example/",))
    due, not_due = known_urls(engine, (source,), RecheckSchedule(1.0, 720.0), now=NOW)
    assert sorted(due["a"]) == [urls[1], urls[3], urls[4]]
    assert sorted(not_due["a"]) == [urls[0], urls[2]]
    due, not_due = known_urls(engine, (source,), RECHECK_ALL, now=NOW)
    assert sorted(due["a"]) == urls and not not_due
    engine.dispose()


def _crawl(settings: Path, db_url: str, base_url: str, *args: str) -> str:
    result = newstrack("crawl", "-q", "--config", str(settings), "--db", db_url, *args, env={"NEWSTRACK_VAR_SITE": base_url})
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_crawl_under_the_schedule_then_with_recheck_all(tmp_path: Path) -> None:
    """Minutes after the first crawl no stored article is due: the revised one is not asked for,
    the listings are, and the report new on them is found; --recheck-all then finds the revision."""
    settings = tmp_path / "settings.toml"
    settings.write_text(
        "[crawl]\ndownload_timeout = 5.0\nautothrottle = false\nextract_workers = 0\n"
        f'[sources]\nfile = "{ROOT / "seeds" / "sources.toml"}"\n',
        encoding="utf-8",
    )
    db = tmp_path / "revisit.db"
    db_url = f"sqlite:///{db}"
    site2 = snapshot_2(tmp_path)
    with serve(SAMPLE_SITE) as server:
        _crawl(settings, db_url, server.base_url)
        server.switch(site2)
        server.request_log.clear()
        summary = _crawl(settings, db_url, server.base_url)
        scheduled_log = list(server.request_log)
        server.request_log.clear()
        _crawl(settings, db_url, server.base_url, "--recheck-all")
        recheck_log = list(server.request_log)
    engine = open_database(db_url)
    with Session(engine) as s:
        runs = s.exec(select(CrawlRun).order_by(col(CrawlRun.id))).all()
        changes = s.exec(select(Change)).all()
        added = s.exec(select(Page).where(Page.url == server.base_url + ADDED)).one()
    engine.dispose()
    requested = {path for path, _ in scheduled_log}
    assert REVISED not in requested and "/lygov/index.html" in requested
    assert runs[1].pages_not_due == 9 and "not due 9" in summary
    assert runs[1].pages_new == 1 and runs[1].pages_changed == 0 and added.status == "ok"
    assert runs[2].pages_not_due == 0 and runs[2].pages_changed == 1 and len(changes) == 4
    assert (REVISED, 200) in recheck_log
    with sqlite3.connect(db) as conn:
        stats = conn.execute("SELECT stats FROM crawlrun WHERE id = ?", (runs[1].id,)).fetchone()[0]
    assert '"newstrack/pages_not_due": 9' in stats


@pytest.mark.parametrize("value", ["-1.0", '"1h"'])
def test_a_bad_recheck_setting_names_its_line(tmp_path: Path, value: str) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text(f"[crawl]\nautothrottle = false\nrecheck_min_hours = {value}\n", encoding="utf-8")
    result = newstrack("crawl", "--config", str(settings), "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert result.returncode == 2 and f"{settings}:3:" in result.stderr and "recheck_min_hours" in result.stderr
