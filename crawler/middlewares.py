"""Downloader middlewares."""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector
from sqlmodel import Session, col, select
from w3lib.url import safe_url_string

from newstrack.store.db import open_database
from newstrack.store.models import Page


class ConditionalGetMiddleware:
    """Asks for stored article pages conditionally (If-None-Match / If-Modified-Since), so an unchanged
    article costs a 304 and no extraction.  Listing pages are fetched whole (their links matter; an
    unchanged body is still not re-extracted, see ExtractPipeline).  Off with
    ``NEWSTRACK_CONDITIONAL_GET = False``."""

    def __init__(self, stats: StatsCollector, db_url: str) -> None:
        self.stats = stats
        self.db_url = db_url
        self.validators: dict[str, tuple[str | None, str | None]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalGetMiddleware:
        if not crawler.settings.getbool("NEWSTRACK_CONDITIONAL_GET", True):
            raise NotConfigured
        mw = cls(crawler.stats, crawler.settings.get("NEWSTRACK_DB"))  # type: ignore[arg-type]
        from scrapy import signals

        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider: Spider) -> None:
        engine = open_database(self.db_url)
        with Session(engine) as session:
            rows = session.exec(
                select(Page.url, Page.etag, Page.last_modified).where(
                    Page.status == "ok", (col(Page.etag).is_not(None)) | (col(Page.last_modified).is_not(None))
                )
            ).all()
        engine.dispose()
        self.validators = {url: (etag, lm) for url, etag, lm in rows}

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        validators = self.validators.get(request.url)
        # listings are always fetched whole: their links are how new reports are found
        if (
            validators is None
            or request.meta.get("nt_listing")
            or b"If-None-Match" in request.headers
            or b"If-Modified-Since" in request.headers
        ):
            return
        etag, last_modified = validators
        if etag:
            request.headers[b"If-None-Match"] = etag
        if last_modified:
            request.headers[b"If-Modified-Since"] = last_modified
        # let the 304 reach the spider's callback instead of HttpErrorMiddleware's filter
        request.meta["handle_httpstatus_list"] = [*request.meta.get("handle_httpstatus_list", []), 304]
        self.stats.inc_value("newstrack/conditional_requests")


class RedirectLoopMiddleware:
    """Turns a redirect back to a URL of the same chain into a recorded failure.

    Scrapy's RedirectMiddleware would hand the looping request to the duplicate filter, which drops it
    silently, and the page would vanish from the record.  Runs before RedirectMiddleware (priority
    above 600, so its process_response sees the 3xx first)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectLoopMiddleware:
        return cls()

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        raw_location = response.headers.get(b"Location")
        if response.status in (301, 302, 303, 307, 308) and raw_location:
            location = safe_url_string(raw_location.decode("latin-1"))
            target = response.urljoin(location)
            chain = {request.url, *request.meta.get("redirect_urls", [])}
            if target in chain:
                raise IgnoreRequest(f"redirect loop: {request.url} redirects back to {target}")
        return response
