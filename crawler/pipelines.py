"""Item pipelines, one concern each: extract (in worker processes), then store (dedup included).

Both are built ``from_crawler``, take their configuration from settings and can be driven without a
running crawl (``tests/test_pipelines.py``).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import multiprocessing
import os
import time
import weakref
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from crawler.items import PageItem
from crawler.metrics import Observation as Extracted
from crawler.template import SiteTemplates
from crawler.worker import extract_job
from store.db import open_database
from store.models import Document, Page, Source
from store.observations import record_observations
from store.pages import FetchResult, record_page
from store.runs import finish_run, start_run

log = logging.getLogger(__name__)


_DB_THREADS: weakref.WeakKeyDictionary[Crawler, ThreadPoolExecutor] = weakref.WeakKeyDictionary()


def db_thread(crawler: Crawler) -> ThreadPoolExecutor:
    """The one thread that does a crawl's database work.

    Store and observation pipelines share it, so their writes happen in the order the items
    reached them: a document's figures are never recorded after a later page has made it a reprint.
    """
    if crawler not in _DB_THREADS:
        _DB_THREADS[crawler] = ThreadPoolExecutor(1, thread_name_prefix="newstrack-db")
    return _DB_THREADS[crawler]


def _workers(setting: int) -> int:
    return (os.cpu_count() or 1) if setting < 0 else setting


class ExtractPipeline:
    """Decodes and extracts each fetched page off the reactor thread, in a process pool.

    A body whose hash equals the one stored for its URL is marked ``unchanged`` and not extracted.
    """

    def __init__(self, stats: StatsCollector, workers: int, db_url: str, catalog: str | None = None) -> None:
        self.stats = stats
        self.catalog = catalog
        self.workers = workers
        self.db_url = db_url
        self.pool: Executor | None = None
        self.known_hashes: dict[str, str] = {}
        self.templates = SiteTemplates()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        s = crawler.settings
        return cls(crawler.stats, _workers(s.getint("NEWSTRACK_EXTRACT_WORKERS", -1)), s.get("NEWSTRACK_DB"), s.get("NEWSTRACK_CATALOG"))  # type: ignore[arg-type]

    def open_spider(self, spider: Spider | None = None) -> None:
        if self.workers > 0:
            # spawn, not fork: forking a process that runs a reactor and DB connections is unsafe
            self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        engine = open_database(self.db_url)
        with Session(engine) as session:
            rows = session.exec(select(Page.url, Page.content_sha256).where(col(Page.content_sha256).is_not(None))).all()
            for source in session.exec(select(Source)).all():
                self.templates.load_json(source.name, source.template)
        self.known_hashes = {url: sha for url, sha in rows if sha}
        engine.dispose()

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
        if self.known_hashes.get(item.url) == hashlib.sha256(item.body).hexdigest():
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
        )
        try:
            if self.pool is not None:
                item.extraction = await asyncio.wrap_future(self.pool.submit(extract_job, *args))  # type: ignore[arg-type]
            else:
                item.extraction = extract_job(*args)
        except Exception as exc:  # noqa: BLE001 - a page that breaks the extractor is a counted failure
            log.warning("extraction failed for %s: %s", item.url, exc)
            item.status, item.error = "error", f"extraction failed: {type(exc).__name__}: {exc}"
            self.stats.inc_value("newstrack/extract_failed")
            return item
        self.stats.inc_value("newstrack/extracted")
        lines = (item.extraction.get("text") or "").split("\n")
        self.templates.learn(item.source, lines)
        if item.extraction.get("is_article"):
            kept, dropped = self.templates.strip(item.source, lines)
            if dropped:
                item.extraction["text"] = "\n".join(kept)
                self.stats.inc_value("newstrack/template_lines_dropped", len(dropped))
        return item


class StorePipeline:
    """Writes each page to the database (Page, PageVersion, Document with its duplicate link)."""

    def __init__(self, stats: StatsCollector, db_url: str, run_id: int | None) -> None:
        self.stats = stats
        self.db_url = db_url
        self.run_id = run_id
        self.db_thread = ThreadPoolExecutor(1, thread_name_prefix="newstrack-db")  # from_crawler shares the crawl's
        self.errors: list[str] = []
        self.engine: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        s = crawler.settings
        run_id = s.get("NEWSTRACK_RUN_ID")
        pipeline = cls(crawler.stats, s.get("NEWSTRACK_DB"), int(run_id) if run_id else None)  # type: ignore[arg-type]
        pipeline.db_thread = db_thread(crawler)
        return pipeline

    def open_spider(self, spider: Spider | None = None) -> None:
        self.engine = open_database(self.db_url)
        if self.run_id is None:
            self.run_id = start_run(self.engine, command="scrapy crawl", sources=getattr(spider, "name", ""))

    def close_spider(self, spider: Spider | None = None) -> None:
        if self.engine is None:
            return
        self.db_thread.shutdown(wait=True)
        reason = self.stats.get_value("finish_reason") or "finished"
        finish_run(
            self.engine,
            self.run_id or 0,
            self.stats.get_stats(),
            self.errors,
            status="finished" if reason in ("finished", "closespider_itemcount") else f"stopped: {reason}",
        )
        self.engine.dispose()

    async def process_item(self, item: PageItem) -> PageItem:
        # database work runs in this pipeline's own thread, so the reactor goes on fetching and
        # handing pages to the extraction workers meanwhile
        return await asyncio.get_running_loop().run_in_executor(self.db_thread, self._store, item)

    def _store(self, item: PageItem) -> PageItem:
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
        )
        for attempt in range(5):
            try:
                with Session(self.engine) as session:
                    recorded = record_page(session, result)
                    session.commit()
                break
            except OperationalError as exc:  # a locked SQLite file or a dropped server connection
                if attempt < 4:
                    time.sleep(0.2 * (attempt + 1))
                if attempt == 4:
                    self.stats.inc_value("newstrack/pages_store_failed")
                    self.errors.append(f"{item.url}: not stored: {exc.orig}")
                    log.error("could not store %s: %s", item.url, exc.orig)
                    item.outcome = "store_failed"
                    return item
            except Exception as exc:
                log.exception("storing %s failed", item.url)
                return self._record_failure(item, f"storing failed: {type(exc).__name__}: {exc}")
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

    def _record_failure(self, item: PageItem, reason: str) -> PageItem:
        """Store the page as an error with its reason, so the failure is visible and retried next run."""
        self.stats.inc_value("newstrack/pages_failed")
        self.errors.append(f"{item.url}: {reason}")
        item.outcome, item.error, item.body = "failed", reason, b""
        try:
            with Session(self.engine) as session:
                record_page(
                    session, FetchResult(url=item.url, site=item.source, status="error", error=reason, http_status=item.http_status)
                )
                session.commit()
        except Exception:
            log.exception("could not record the failure of %s", item.url)
        return item


class ObservationsPipeline:
    """Records the figures of each new or changed document, and the changes of their series."""

    def __init__(self, stats: StatsCollector, db_url: str, run_id: int | None) -> None:
        self.stats = stats
        self.db_url = db_url
        self.run_id = run_id
        self.engine: Any = None
        self.db_thread = ThreadPoolExecutor(1, thread_name_prefix="newstrack-db")  # from_crawler shares the crawl's

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ObservationsPipeline:
        s = crawler.settings
        run_id = s.get("NEWSTRACK_RUN_ID")
        pipeline = cls(crawler.stats, s.get("NEWSTRACK_DB"), int(run_id) if run_id else None)  # type: ignore[arg-type]
        pipeline.db_thread = db_thread(crawler)
        return pipeline

    def open_spider(self, spider: Spider | None = None) -> None:
        self.engine = open_database(self.db_url)

    def close_spider(self, spider: Spider | None = None) -> None:
        if self.engine is not None:
            self.db_thread.shutdown(wait=True)
            self.engine.dispose()

    async def process_item(self, item: PageItem) -> PageItem:
        if item.outcome not in ("new", "changed") or item.document_id is None or not item.extraction:
            return item
        return await asyncio.get_running_loop().run_in_executor(self.db_thread, self._record, item)

    def _record(self, item: PageItem) -> PageItem:
        extraction = item.extraction or {}
        for reason, n in (extraction.get("metric_stats") or {}).items():
            self.stats.inc_value(f"newstrack/figures_skipped/{reason}", n)
        extracted = [
            Extracted(**{k: v for k, v in row.items() if k not in ("document_id", "url")}) for row in extraction.get("observations", [])
        ]
        for attempt in range(5):
            try:
                with Session(self.engine) as session:
                    document = session.get(Document, item.document_id)
                    if document is None:
                        return item
                    page = session.get(Page, document.page_id)
                    recorded = record_observations(session, document, extracted, version=page.version if page else 0, run_id=self.run_id)
                    session.commit()
                break
            except OperationalError:  # another worker's write in between (SQLite snapshot, a lock): read again
                if attempt == 4:
                    log.exception("recording the figures of %s failed", item.url)
                    self.stats.inc_value("newstrack/observations_failed")
                    return item
                time.sleep(0.2 * (attempt + 1))
            except Exception:
                log.exception("recording the figures of %s failed", item.url)
                self.stats.inc_value("newstrack/observations_failed")
                return item
        self.stats.inc_value("newstrack/observations", recorded.added)
        self.stats.inc_value("newstrack/changes", len(recorded.changes))
        return item
