"""The item pipelines and the database writer, driven without a running crawl."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from scrapy.statscollectors import MemoryStatsCollector
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, func, select, text

from newstrack.crawler.items import PageItem
from newstrack.crawler.pipelines import ExtractPipeline, ObservationsPipeline, StorePipeline
from newstrack.crawler.sampleserver import SAMPLE_SITE
from newstrack.store.db import open_database
from newstrack.store.models import Document, Observation, Page, PageVersion
from newstrack.store.writer import BatchWriter


class _Stats(MemoryStatsCollector):
    def __init__(self) -> None:  # no crawler needed for counting
        self._stats: dict[str, Any] = {}
        self._dump = False


def _make_table(session: Session) -> None:
    session.execute(text("CREATE TABLE IF NOT EXISTS t (n INTEGER UNIQUE)"))


def test_operations_queued_while_busy_share_one_transaction(sqlite_url: str) -> None:
    engine = open_database(sqlite_url)
    writer = BatchWriter(engine)
    writer.submit(_make_table).result()
    gate = threading.Event()
    blocker = writer.submit(lambda s: gate.wait(5))
    futures = [writer.submit(lambda s, n=n: s.execute(text("INSERT INTO t VALUES (:n)"), {"n": n}).rowcount) for n in range(40)]
    gate.set()
    assert blocker.result() is True
    assert [f.result() for f in futures] == [1] * 40
    writer.close()
    # the 40 inserts queued behind the blocked operation ran in one transaction, not 40
    assert writer.operations == 42
    assert writer.batches <= 4
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 40


def test_a_failing_operation_costs_the_others_of_its_batch_nothing(sqlite_url: str) -> None:
    engine = open_database(sqlite_url)
    writer = BatchWriter(engine)
    writer.submit(_make_table).result()
    gate = threading.Event()
    writer.submit(lambda s: gate.wait(5))
    good = [writer.submit(lambda s, n=n: s.execute(text("INSERT INTO t VALUES (:n)"), {"n": n})) for n in (1, 2)]
    bad = writer.submit(lambda s: s.execute(text("INSERT INTO t VALUES (1)")))  # unique: fails
    more = writer.submit(lambda s: s.execute(text("INSERT INTO t VALUES (3)")))
    gate.set()
    for f in [*good, more]:
        f.result()
    with pytest.raises(Exception, match="UNIQUE"):
        bad.result()
    writer.close()
    with engine.connect() as conn:
        assert sorted(conn.execute(text("SELECT n FROM t")).scalars()) == [1, 2, 3]


def test_a_locked_database_is_retried_then_reported(sqlite_url: str) -> None:
    engine = open_database(sqlite_url)
    writer = BatchWriter(engine, attempts=3, pause=0.01)
    calls = {"n": 0}

    def flaky(session: Session) -> str:
        calls["n"] += 1
        if calls["n"] < 3:
            raise OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))
        return "stored"

    assert writer.submit(flaky).result() == "stored"
    assert calls["n"] == 3

    def always_locked(session: Session) -> None:
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))

    with pytest.raises(OperationalError, match="locked"):
        writer.submit(always_locked).result()
    writer.close()
    with pytest.raises(RuntimeError, match="closed"):
        writer.submit(flaky)


def _item(path: str, content_types: dict[str, str]) -> PageItem:
    return PageItem(
        url="http://127.0.0.1:1" + path,
        source=path.split("/")[1],
        status="fetched",
        http_status=200,
        body=(SAMPLE_SITE / path.lstrip("/")).read_bytes(),
        content_type=content_types[path],
    )


def _open_pipelines(db_url: str) -> tuple[_Stats, ExtractPipeline, StorePipeline, ObservationsPipeline]:
    """The crawl's three pipelines on ``db_url``, opened, extracting inline, sharing one stats."""
    stats = _Stats()
    extract = ExtractPipeline(stats, workers=0, db_url=db_url)
    store = StorePipeline(stats, db_url, run_id=None)
    figures = ObservationsPipeline(stats, db_url, run_id=None)
    for pipeline in (extract, store, figures):
        pipeline.open_spider()
    return stats, extract, store, figures


def test_pipelines_store_a_sample_page_and_its_figures(
    sqlite_url: str, content_types: dict[str, str], manifest: list[dict[str, Any]]
) -> None:
    stats, extract, store, figures = _open_pipelines(sqlite_url)
    articles = [p for p in manifest if p["kind"] == "article"]
    original = next(p for p in articles if p["duplicate_of"] is None and any(q["duplicate_of"] == p["path"] for q in articles))
    reprint = next(p for p in articles if p["duplicate_of"] == original["path"])

    async def run(path: str) -> PageItem:
        item = _item(path, content_types)
        for pipeline in (extract, store, figures):
            item = await pipeline.process_item(item)
        return item

    async def both() -> list[PageItem]:
        # both at once, as a crawl hands them over: the writer orders and batches them
        return list(await asyncio.gather(run(original["path"]), run(reprint["path"])))

    first, second = asyncio.run(both())
    for pipeline in (figures, store, extract):
        pipeline.close_spider()
    assert (first.outcome, second.outcome) == ("new", "new")
    assert first.body == b"" and second.body == b""  # not kept alive after storing
    engine = open_database(sqlite_url)
    with Session(engine) as session:
        docs = {d.url.split(":1", 1)[1]: d for d in session.exec(select(Document)).all()}
        assert set(docs) == {original["path"], reprint["path"]}
        root, copy = sorted(docs.values(), key=lambda d: d.duplicate_of is not None)
        assert root.duplicate_of is None and copy.duplicate_of == root.id
        # figures are kept once, on the story's root
        per_doc = dict(session.exec(select(Observation.document_id, func.count()).group_by(Observation.document_id)).all())
        assert per_doc.get(root.id, 0) > 0 and per_doc.get(copy.id, 0) == 0
        version = session.exec(select(PageVersion).where(PageVersion.page_id == root.page_id)).one()
        assert version.raw_html and version.content_sha256 == session.get(Page, root.page_id).content_sha256  # type: ignore[union-attr]
    assert stats.get_value("newstrack/pages_new") == 2
    assert stats.get_value("newstrack/duplicates") == 1
    assert stats.get_value("newstrack/observations") == per_doc[root.id]
    assert stats.get_value("newstrack/db_transactions") >= 1


def _impatient_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, _Stats, StorePipeline]:
    """A StorePipeline on a fresh SQLite file that gives up on a lock after two short tries."""
    monkeypatch.setenv("NEWSTRACK_DB_BUSY_TIMEOUT", "0.05")
    url = f"sqlite:///{tmp_path / 'x.db'}"
    stats = _Stats()
    store = StorePipeline(stats, url, run_id=None)
    store.open_spider()
    assert store.writer is not None
    store.writer.attempts, store.writer.pause = 2, 0.01
    return url, stats, store


def test_store_pipeline_reports_a_page_it_cannot_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, stats, store = _impatient_store(tmp_path, monkeypatch)
    # another program holds the write lock for longer than the writer's retries
    blocker = sqlite3.connect(tmp_path / "x.db")
    blocker.execute("BEGIN IMMEDIATE")
    item = PageItem(url="http://127.0.0.1:1/x.html", source="x", status="gone", http_status=404)
    result = asyncio.run(store.process_item(item))
    blocker.rollback()
    blocker.close()
    assert result.outcome == "store_failed"
    assert stats.get_value("newstrack/pages_store_failed") == 1
    assert any("not stored" in e and "locked" in e for e in store.errors)
    store.close_spider()


def test_figures_are_recorded_when_a_stored_page_comes_back_unchanged_without_them(
    sqlite_url: str, content_types: dict[str, str], manifest: list[dict[str, Any]]
) -> None:
    """A store whose commit went through but whose answer was lost (the connection dropped during
    COMMIT) is run again and finds the page unchanged: its figures must still be recorded, once."""
    stats, extract, store, figures = _open_pipelines(sqlite_url)
    path = next(p["path"] for p in manifest if p["kind"] == "article" and p["duplicate_of"] is None)

    async def run() -> tuple[PageItem, PageItem]:
        first = await store.process_item(await extract.process_item(_item(path, content_types)))  # figures lost
        again = await store.process_item(await extract.process_item(_item(path, content_types)))
        again = await figures.process_item(again)
        once_more = await figures.process_item(await store.process_item(await extract.process_item(_item(path, content_types))))
        return first, once_more

    first, last = asyncio.run(run())
    for pipeline in (figures, store, extract):
        pipeline.close_spider()
    assert (first.outcome, last.outcome) == ("new", "unchanged")
    with Session(open_database(sqlite_url)) as session:
        recorded = session.exec(select(func.count()).select_from(Observation)).one()
    assert recorded > 0
    assert stats.get_value("newstrack/observations") == recorded  # recorded once, not again on the third pass


@pytest.mark.parametrize(
    ("setting", "cores", "expected"),
    [(-1, 1, 1), (-1, 2, 1), (-1, 8, 7), (0, 8, 0), (3, 2, 3)],
)
def test_extract_workers_default_leaves_the_crawler_a_core(
    monkeypatch: pytest.MonkeyPatch, setting: int, cores: int, expected: int
) -> None:
    from newstrack.crawler import pipelines

    monkeypatch.setattr(pipelines.os, "cpu_count", lambda: cores)
    assert pipelines._workers(setting) == expected


def test_an_unchanged_page_is_not_waited_for_but_a_failed_write_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url, stats, store = _impatient_store(tmp_path, monkeypatch)
    stored = PageItem(url="http://127.0.0.1:1/a.html", source="x", status="unchanged", http_status=304)
    lost = PageItem(url="http://127.0.0.1:1/b.html", source="x", status="unchanged", http_status=304)
    blocker = sqlite3.connect(tmp_path / "x.db")

    async def run() -> list[PageItem]:
        first = await store.process_item(stored)
        store.write_unchanged()
        assert store.writer is not None
        store.writer.submit(lambda s: None).result()  # the first write is through
        blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock from now on
        second = await store.process_item(lost)
        store.write_unchanged()
        return [first, second]

    items = asyncio.run(run())
    assert [i.outcome for i in items] == ["unchanged", "unchanged"]  # both went on at once
    pending = {tuple(u): f for f, u in store.unsettled.items()}
    assert pending[("http://127.0.0.1:1/b.html",)].exception(timeout=10) is not None  # the writer gave up on it
    blocker.rollback()
    blocker.close()
    store.close_spider()  # settles what the reactor had not heard of
    assert stats.get_value("newstrack/pages_unchanged") == 1
    assert stats.get_value("newstrack/pages_store_failed") == 1
    assert [e.split(": ")[0] for e in store.errors] == ["http://127.0.0.1:1/b.html"] and "locked" in store.errors[0]
    with Session(open_database(url)) as session:
        assert session.exec(select(Page.url)).all() == ["http://127.0.0.1:1/a.html"]


def test_unchanged_pages_are_written_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A re-crawl is mostly 304s: they are gathered and written by one operation of the writer, not
    one each, and each row still gets its fetch time and validators (a page never stored too)."""
    from newstrack.crawler import pipelines

    monkeypatch.setattr(pipelines, "UNCHANGED_BATCH", 4)
    url, stats, store = _impatient_store(tmp_path, monkeypatch)
    engine = open_database(url)
    with Session(engine) as session:
        for n in range(5):
            session.add(Page(url=f"http://127.0.0.1:1/{n}.html", site="x", status="error" if n == 0 else "ok", etag='"old"'))
        session.commit()
    items = [PageItem(url=f"http://127.0.0.1:1/{n}.html", source="x", status="unchanged", http_status=304, etag='"new"') for n in range(5)]
    items.append(PageItem(url="http://127.0.0.1:1/never.html", source="x", status="unchanged", http_status=304))

    async def run() -> None:
        for item in items[:4]:
            await store.process_item(item)
        assert not store.unchanged  # the fourth filled the batch: handed to the writer as one operation
        for item in items[4:]:
            await store.process_item(item)
        assert len(store.unchanged) == 2  # waiting for more

    asyncio.run(run())
    assert store.writer is not None
    store.writer.submit(lambda s: None).result()
    assert store.writer.operations == 2  # one for four pages, and the one above
    store.close_spider()  # writes the last two
    assert stats.get_value("newstrack/pages_unchanged") == 6
    assert not stats.get_value("newstrack/pages_store_failed")
    with Session(engine) as session:
        pages = {p.url: p for p in session.exec(select(Page)).all()}
    assert len(pages) == 6 and pages["http://127.0.0.1:1/never.html"].status == "not_article"
    for n, item in enumerate(items[:5]):
        page = pages[item.url]
        assert (page.etag, page.http_status) == ('"new"', 304)
        assert page.fetched_at is not None and page.fetched_at.replace(tzinfo=None) == item.fetched_at.replace(tzinfo=None)
        assert page.status == ("not_article" if n == 0 else "ok")  # an error row answered again is no error


def test_the_extraction_workers_start_only_when_a_page_is_to_be_extracted(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A re-crawl of an unchanged site extracts nothing: it starts no worker processes (nor
    multiprocessing's resource tracker, which making the pool starts)."""
    from concurrent.futures import Executor, Future

    made: list[Executor] = []

    class Inline(Executor):
        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
            future: Future[Any] = Future()
            future.set_result({"is_article": False, "reason": "test"})
            return future

    def new_pool(self: ExtractPipeline) -> Executor:
        made.append(Inline())
        return made[-1]

    monkeypatch.setattr(ExtractPipeline, "_new_pool", new_pool)
    extract = ExtractPipeline(_Stats(), workers=1, db_url=sqlite_url)
    extract.open_spider()
    extract.known_hashes = {"http://127.0.0.1:1/a.html": hashlib.sha256(b"<p>a</p>").hexdigest()}

    def item(path: str) -> PageItem:
        return PageItem(url="http://127.0.0.1:1" + path, source="x", status="fetched", http_status=200, body=b"<p>a</p>")

    async def run() -> list[PageItem]:
        return [
            await extract.process_item(item("/a.html")),
            await extract.process_item(PageItem(url="http://127.0.0.1:1/b.html", source="x", status="unchanged")),
        ]

    assert [i.status for i in asyncio.run(run())] == ["unchanged", "unchanged"]
    assert made == []  # nothing to extract: no pool
    assert asyncio.run(extract.process_item(item("/c.html"))).extraction == {"is_article": False, "reason": "test"}
    assert len(made) == 1
    extract.close_spider()


class _FakeCrawler(SimpleNamespace):
    """A stand-in for Scrapy's crawler that the crawl's writer table can key by identity."""

    __hash__ = object.__hash__


def test_a_crawl_asked_to_stop_is_written_interrupted_before_scrapy_names_the_reason(tmp_path: Path) -> None:
    from newstrack.store.models import CrawlRun
    from newstrack.store.runs import start_run

    url = f"sqlite:///{tmp_path / 'r.db'}"
    statuses = []
    for crawling in (False, True):
        run_id = start_run(open_database(url), command="crawl", sources="x")
        # what the pipeline reads of Scrapy's crawler: its settings and whether it still crawls
        crawler = _FakeCrawler(settings={"NEWSTRACK_DB": url}, crawling=crawling)
        store = StorePipeline(_Stats(), url, run_id, crawler)  # type: ignore[arg-type]
        store.open_spider()
        store.close_spider()
        with Session(open_database(url)) as session:
            run = session.get(CrawlRun, run_id)
            assert run is not None
            statuses.append(run.status)
    assert statuses == ["interrupted", "finished"]
