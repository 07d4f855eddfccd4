"""Item pipelines, one concern each: extract (in worker processes), store (dedup included), figures.

Each is built ``from_crawler``, takes its configuration from settings and can be driven without a
running crawl (``tests/test_pipelines.py``).  The two database pipelines hand their work to one
``BatchWriter`` per crawl: one thread, so their writes happen in the order the items reached them,
and many pages to a transaction.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import multiprocessing
import os
import time
import weakref
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from newstrack.crawler.bounds import bounded, init_extraction_worker
from newstrack.crawler.figures import Figure
from newstrack.crawler.items import PageItem
from newstrack.crawler.template import SiteTemplates
from newstrack.crawler.worker import extract_job
from newstrack.store.db import open_database
from newstrack.store.models import Document, Page, Source
from newstrack.store.observations import record_observations
from newstrack.store.pages import FetchResult, Recorded, figures_on_record, record_page, record_unchanged
from newstrack.store.runs import close_run, finish_run, start_run
from newstrack.store.writer import BatchWriter

log = logging.getLogger(__name__)


_WRITERS: weakref.WeakKeyDictionary[Crawler, BatchWriter] = weakref.WeakKeyDictionary()


def db_writer(crawler: Crawler) -> BatchWriter:
    """The one writer (thread and engine) that does a crawl's database work.

    Store and observation pipelines share it, so their writes happen in the order the items
    reached them: a document's figures are never recorded after a later page has made it a reprint.
    """
    if crawler not in _WRITERS:
        _WRITERS[crawler] = BatchWriter(open_database(crawler.settings["NEWSTRACK_DB"]))
    return _WRITERS[crawler]


def close_db_writer(crawler: Crawler | None) -> None:
    """Finish the crawl's queued writes and close its writer (the first pipeline to close does it)."""
    writer = _WRITERS.pop(crawler, None) if crawler is not None else None
    if writer is not None:
        writer.close()
        writer.engine.dispose()


def _call_soon(loop: asyncio.AbstractEventLoop, callback: Any, *args: Any) -> None:
    """``loop.call_soon_threadsafe``, unless the loop is already closed (the crawl is over: whoever
    closed it has settled what was left)."""
    with contextlib.suppress(RuntimeError):
        loop.call_soon_threadsafe(callback, *args)


def _workers(setting: int) -> int:
    """Extraction processes for ``setting``: -1 means one per core but the one the crawl itself uses.

    The crawl process (reactor and database writer) keeps a core busy on its own: on 2 cores a
    second extraction process measured no faster (70 against 77 pages/s) and cost 180 MB; measured
    again once extraction got cheaper (``bench/run.py --compare-workers 1,2``), 31–33 against 22–32
    pages/s in alternating pairs, within the machine's noise, for 125 MB more at its peak."""
    return max(1, (os.cpu_count() or 1) - 1) if setting < 0 else setting


def known_bodies() -> Any:
    """(url, content_sha256) of the stored pages whose body need not be read again when it comes back
    unchanged: all but an article whose figures were never recorded (its crawl died between storing
    the page and recording the figures: ObservationsPipeline records them when it is read again)."""
    return select(Page.url, Page.content_sha256).where(col(Page.content_sha256).is_not(None), figures_on_record())


class ExtractPipeline:
    """Decodes and extracts each fetched page off the reactor thread, in a process pool.

    A body whose hash equals the one stored for its URL is marked ``unchanged`` and not extracted.
    """

    def __init__(
        self,
        stats: StatsCollector,
        workers: int,
        db_url: str,
        catalog: str | None = None,
        words: str | None = None,
        page_timeout: float = 0.0,
        memory_mb: int = 0,
    ) -> None:
        self.stats = stats
        #: bounds on one page's extraction in a worker (crawler.bounds)
        self.page_timeout = page_timeout
        self.memory_mb = memory_mb
        self.catalog = catalog
        self.words = words
        self.workers = workers
        self.db_url = db_url
        self.pool: Executor | None = None
        self.known_hashes: dict[str, str] = {}
        self.templates = SiteTemplates()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        s = crawler.settings
        return cls(
            crawler.stats,
            _workers(s.getint("NEWSTRACK_EXTRACT_WORKERS", -1)),
            s.get("NEWSTRACK_DB"),  # type: ignore[arg-type]
            s.get("NEWSTRACK_CATALOG"),
            s.get("NEWSTRACK_WORDS"),
            s.getfloat("NEWSTRACK_EXTRACT_TIMEOUT", 60.0),
            s.getint("NEWSTRACK_EXTRACT_MEMORY_MB", 1536),
        )

    def open_spider(self, spider: Spider | None = None) -> None:
        # the pool is made when the first page is to be extracted: a re-crawl of an unchanged site
        # needs none (making it starts multiprocessing's resource tracker, a Python process)
        engine = open_database(self.db_url)
        with Session(engine) as session:
            rows = session.exec(known_bodies()).all()
            for source in session.exec(select(Source)).all():
                self.templates.load_json(source.name, source.template)
        self.known_hashes = {url: sha for url, sha in rows if sha}
        engine.dispose()

    def _new_pool(self) -> Executor:
        """The extraction workers: spawned, not forked (forking a process that runs a reactor and DB
        connections is unsafe); each exits when the crawl process dies (a killed crawl leaves no
        orphaned workers) and has its memory capped."""
        return ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=init_extraction_worker,
            initargs=(os.getpid(), self.memory_mb),
        )

    def close_spider(self, spider: Spider | None = None) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        self._save_templates()

    def _save_templates(self) -> None:
        """Persist what was learnt of each site's template (source.template)."""
        if not self.templates.pages:
            return
        engine = open_database(self.db_url)
        try:
            with Session(engine) as session:
                for site in self.templates.pages:
                    source = session.exec(select(Source).where(Source.name == site)).first() or Source(name=site)
                    source.template = self.templates.to_json(site)
                    session.add(source)
                session.commit()
        except Exception:
            log.exception("could not save the learnt site templates")
        finally:
            engine.dispose()

    async def process_item(self, item: PageItem) -> PageItem:
        if item.status != "fetched":
            return item
        item.content_sha256 = hashlib.sha256(item.body).hexdigest()
        if self.known_hashes.get(item.url) == item.content_sha256:
            item.status = "unchanged"
            self.stats.inc_value("newstrack/hash_unchanged")
            return item
        args = (
            item.body,
            item.final_url or item.url,
            item.content_type,
            item.content_xpath,
            item.article_hint,
            item.region_hint,
            self.catalog,
            self.words,
            self.templates.template_lines(item.source),
        )
        if self.pool is None and self.workers > 0:
            self.pool = self._new_pool()
        try:
            if self.pool is not None:
                item.extraction = await asyncio.wrap_future(self.pool.submit(bounded, self.page_timeout, extract_job, *args))  # type: ignore[arg-type]
            else:
                item.extraction = extract_job(*args)
        except BrokenProcessPool as exc:
            # a worker died (killed from outside): the pool is unusable, so a new one takes its place
            log.error("an extraction worker died (%s); starting new workers", exc)
            self.pool.shutdown(wait=False, cancel_futures=True)  # type: ignore[union-attr]
            self.pool = self._new_pool()
            item.status, item.error = "error", "extraction failed: its worker process died"
            self.stats.inc_value("newstrack/extract_failed")
            return item
        except Exception as exc:  # noqa: BLE001 - a page that breaks the extractor is a counted failure
            log.warning("extraction failed for %s: %s", item.url, exc)
            item.status, item.error = "error", f"extraction failed: {type(exc).__name__}: {exc}"
            self.stats.inc_value("newstrack/extract_failed")
            return item
        assert item.extraction is not None
        self.stats.inc_value("newstrack/extracted")
        # the worker dropped the site's template lines known when the page was handed to it, before
        # the signature and the figures were taken; the template learns from each page's short lines
        self.templates.learn(item.source, item.extraction.pop("learn_lines", []))
        dropped = item.extraction.pop("template_lines_dropped", [])
        if dropped:
            self.stats.inc_value("newstrack/template_lines_dropped", len(dropped))
        return item


def run_status(finish_reason: str, stats: dict[str, Any]) -> str:
    """The status a crawl closes its run with.

    ``interrupted`` when a signal stopped it (Scrapy's reason ``shutdown``); ``failed`` when it
    requested pages and could fetch none (a site outage), so that an outage is not a quiet
    ``finished`` with 0 pages."""
    if finish_reason == "shutdown":
        return "interrupted"
    if finish_reason not in ("finished", "closespider_itemcount"):
        return f"stopped: {finish_reason}"[:20]
    if not stats.get("response_received_count") and stats.get("downloader/exception_count"):
        return "failed"
    return "finished"


#: unchanged pages written together: at most this many, gathered for at most this many seconds
UNCHANGED_BATCH = 200
UNCHANGED_WAIT = 2.0


class StorePipeline:
    """Writes each page to the database (Page, PageVersion, Document with its duplicate link)."""

    def __init__(self, stats: StatsCollector, db_url: str, run_id: int | None, crawler: Crawler | None = None) -> None:
        self.stats = stats
        self.db_url = db_url
        self.run_id = run_id
        self.crawler = crawler
        self.errors: list[str] = []
        self.engine: Any = None
        self.writer: BatchWriter | None = None
        #: unchanged pages not written yet, and when the first of them came (see process_item)
        self.unchanged: list[FetchResult] = []
        self.unchanged_since = 0.0
        #: writes of unchanged pages not waited for, with their URLs
        self.unsettled: dict[Future[Any], list[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        s = crawler.settings
        run_id = s.get("NEWSTRACK_RUN_ID")
        pipeline = cls(crawler.stats, s.get("NEWSTRACK_DB"), int(run_id) if run_id else None, crawler)  # type: ignore[arg-type]
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def spider_closed(self, spider: Spider | None = None, reason: str = "finished") -> None:
        """Scrapy tells why the crawl closed only after the pipelines have closed (and written the
        run as finished): a crawl stopped by a signal (``shutdown``) or another reason is corrected."""
        status = run_status(reason, self.stats.get_stats())
        if self.run_id is None or status in ("finished", "failed"):
            return
        engine = open_database(self.db_url)
        try:
            close_run(engine, self.run_id, status, f"the crawl was stopped ({reason})", force=True)
        finally:
            engine.dispose()

    def open_spider(self, spider: Spider | None = None) -> None:
        self.engine = open_database(self.db_url)
        self.writer = db_writer(self.crawler) if self.crawler is not None else BatchWriter(self.engine)
        if self.run_id is None:
            self.run_id = start_run(self.engine, command="scrapy crawl", sources=getattr(spider, "name", ""))

    def close_spider(self, spider: Spider | None = None) -> None:
        if self.engine is None:
            return
        self.write_unchanged()
        if self.crawler is not None:
            close_db_writer(self.crawler)
        elif self.writer is not None:
            self.writer.close()
        # the writer has run everything queued: settle what the reactor has not heard of yet
        for future in list(self.unsettled):
            self._settle(future)
        if self.writer is not None:
            self.stats.set_value("newstrack/db_transactions", self.writer.batches)
        # Scrapy names the reason only after the pipelines close; a crawl asked to stop (a signal, its
        # daemon's death) has stopped crawling by now, so its run is written interrupted at once and a
        # kill before the reason arrives cannot leave it "finished"
        stopped = self.crawler is not None and not getattr(self.crawler, "crawling", True)
        reason = self.stats.get_value("finish_reason") or ("shutdown" if stopped else "finished")
        status = run_status(reason, self.stats.get_stats())
        if status == "failed":
            self.errors.insert(0, "no page could be fetched (is the site down?)")
        finish_run(self.engine, self.run_id or 0, self.stats.get_stats(), self.errors, status=status)
        self.engine.dispose()

    async def process_item(self, item: PageItem) -> PageItem:
        # the database work runs in the writer's thread, so the reactor goes on fetching and handing
        # pages to the extraction workers meanwhile
        assert self.writer is not None, "open_spider first"
        result = FetchResult(
            url=item.url,
            site=item.source,
            status=item.status,
            final_url=item.final_url,
            http_status=item.http_status,
            body=item.body,
            content_type=item.content_type,
            etag=item.etag,
            last_modified=item.last_modified,
            error=item.error,
            fetched_at=item.fetched_at,
            extraction=item.extraction,
            content_sha256=item.content_sha256,
            body_zlib=item.extraction.pop("body_zlib", None) if item.extraction else None,
        )
        if self.unchanged and time.monotonic() - self.unchanged_since > UNCHANGED_WAIT:
            self.write_unchanged()
        if item.status == "unchanged" and not item.extraction:
            # A 304 or a hash-equal body: its row only gets a new fetch time and validators, and
            # nothing after this pipeline needs the outcome, so the item goes on without waiting for
            # the write, and the writes are gathered: one statement for many pages (a re-crawl is
            # mostly such pages).  A write that fails is still counted and reported.
            if not self.unchanged:
                self.unchanged_since = time.monotonic()
            self.unchanged.append(result)
            if len(self.unchanged) >= UNCHANGED_BATCH:
                self.write_unchanged()
            self.stats.inc_value("newstrack/pages_unchanged")
            item.outcome, item.body = "unchanged", b""
            return item
        try:
            recorded: Recorded = await asyncio.wrap_future(self.writer.submit(lambda session: record_page(session, result)))
        except SQLAlchemyError as exc:
            # still locked, the server still gone, or a unique-key race lost every retry: the page's
            # stored state stays as it was (an error row would overwrite a good page another writer stored)
            reason = getattr(exc, "orig", None) or exc
            self.stats.inc_value("newstrack/pages_store_failed")
            self.errors.append(f"{item.url}: not stored: {reason}")
            log.error("could not store %s: %s", item.url, reason)
            item.outcome, item.body = "store_failed", b""
            return item
        except Exception as exc:
            log.exception("storing %s failed", item.url)
            return await self._record_failure(item, f"storing failed: {type(exc).__name__}: {exc}")
        item.outcome = recorded.outcome
        item.document_id = recorded.document_id
        self.stats.inc_value(f"newstrack/pages_{recorded.outcome}")
        if recorded.duplicate_of is not None and recorded.outcome in ("new", "changed"):
            self.stats.inc_value("newstrack/duplicates")
        if recorded.outcome in ("failed", "gone"):
            self.errors.append(f"{item.url}: {item.error}")
        # the body has been stored compressed; do not keep it alive in Scrapy's stats or logs
        item.body = b""
        return item

    def write_unchanged(self) -> None:
        """Hand the unchanged pages gathered so far to the writer, as one operation."""
        if not self.unchanged or self.writer is None:
            return
        batch, self.unchanged = self.unchanged, []
        writer = self.writer
        if writer.closed:  # the other database pipeline closed the crawl's writer first
            writer = BatchWriter(self.engine)
        future = writer.submit(lambda session: record_unchanged(session, batch))
        self.unsettled[future] = [result.url for result in batch]
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # closing: close_spider settles it once the writer is through
            loop = None
        if loop is not None:
            future.add_done_callback(lambda done: self._written(loop, done))
        if writer is not self.writer:
            writer.close()

    def _written(self, loop: asyncio.AbstractEventLoop, future: Future[Any]) -> None:
        """In the writer's thread: a write that went through is forgotten here (one dict operation,
        atomic); only a failed one wakes the reactor to be counted."""
        if future.exception() is None:
            self.unsettled.pop(future, None)
        else:
            _call_soon(loop, self._settle, future)

    def _settle(self, future: Future[Any]) -> None:
        """Count the failure of unchanged pages' write that was not waited for (reactor thread)."""
        urls = self.unsettled.pop(future, None)
        if urls is None or future.exception() is None:
            return
        exc = future.exception()
        reason = getattr(exc, "orig", None) or exc
        self.stats.inc_value("newstrack/pages_unchanged", -len(urls))
        self.stats.inc_value("newstrack/pages_store_failed", len(urls))
        for url in urls:
            self.errors.append(f"{url}: not stored: {reason}")
        log.error("could not store %d unchanged pages (%s ...): %s", len(urls), urls[0], reason)

    async def _record_failure(self, item: PageItem, reason: str) -> PageItem:
        """Store the page as an error with its reason, so the failure is visible and retried next run."""
        assert self.writer is not None
        self.stats.inc_value("newstrack/pages_failed")
        self.errors.append(f"{item.url}: {reason}")
        item.outcome, item.error, item.body = "failed", reason, b""
        failure = FetchResult(url=item.url, site=item.source, status="error", error=reason, http_status=item.http_status)
        try:
            await asyncio.wrap_future(self.writer.submit(lambda session: record_page(session, failure)))
        except Exception:
            log.exception("could not record the failure of %s", item.url)
        return item


class ObservationsPipeline:
    """Records the figures of each new or changed document, and the changes of their series."""

    def __init__(self, stats: StatsCollector, db_url: str, run_id: int | None, crawler: Crawler | None = None) -> None:
        self.stats = stats
        self.db_url = db_url
        self.run_id = run_id
        self.crawler = crawler
        self.writer: BatchWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ObservationsPipeline:
        s = crawler.settings
        run_id = s.get("NEWSTRACK_RUN_ID")
        return cls(crawler.stats, s.get("NEWSTRACK_DB"), int(run_id) if run_id else None, crawler)  # type: ignore[arg-type]

    def open_spider(self, spider: Spider | None = None) -> None:
        self.writer = db_writer(self.crawler) if self.crawler is not None else BatchWriter(open_database(self.db_url))

    def close_spider(self, spider: Spider | None = None) -> None:
        if self.crawler is not None:
            close_db_writer(self.crawler)
        elif self.writer is not None:
            self.writer.close()
            self.writer.engine.dispose()

    async def process_item(self, item: PageItem) -> PageItem:
        # "unchanged" with a fresh extraction: the text was stored before, maybe by a write whose commit
        # went through although its connection was lost; record its figures if none are on record
        if item.outcome not in ("new", "changed", "unchanged") or item.document_id is None or not item.extraction:
            return item
        only_if_missing = item.outcome == "unchanged"
        assert self.writer is not None, "open_spider first"
        extraction = item.extraction
        for reason, n in (extraction.get("metric_stats") or {}).items():
            self.stats.inc_value(f"newstrack/figures_skipped/{reason}", n)
        extracted = [
            Figure(**{k: v for k, v in row.items() if k not in ("document_id", "url")}) for row in extraction.get("observations", [])
        ]
        document_id, run_id = item.document_id, self.run_id

        def record(session: Session) -> tuple[int, int] | None:
            document = session.get(Document, document_id)
            if document is None:
                return None
            if only_if_missing and document.figures_recorded_at is not None:
                return 0, 0
            page = session.get(Page, document.page_id)
            recorded = record_observations(session, document, extracted, version=page.version if page else 0, run_id=run_id)
            return recorded.added, len(recorded.changes)

        try:
            counts = await asyncio.wrap_future(self.writer.submit(record))
        except Exception:
            log.exception("recording the figures of %s failed", item.url)
            self.stats.inc_value("newstrack/observations_failed")
            return item
        if counts is not None:
            self.stats.inc_value("newstrack/observations", counts[0])
            self.stats.inc_value("newstrack/changes", counts[1])
        return item
