"""Downloader middlewares."""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, Response
from scrapy.statscollectors import StatsCollector
from scrapy.utils.response import get_meta_refresh
from sqlmodel import Session, col, select
from w3lib.url import safe_url_string

from newstrack.crawler.config import Source
from newstrack.crawler.hosts import STAT_PREFIX, refusal
from newstrack.store.db import open_database
from newstrack.store.models import Page
from newstrack.store.pages import figures_on_record

_REDIRECT_STATUSES = (301, 302, 303, 307, 308)


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
                    Page.status == "ok",
                    (col(Page.etag).is_not(None)) | (col(Page.last_modified).is_not(None)),
                    # an article without figures on record is fetched whole (see figures_on_record)
                    figures_on_record(),
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
        if response.status in _REDIRECT_STATUSES and raw_location:
            location = safe_url_string(raw_location.decode("latin-1"))
            target = response.urljoin(location)
            chain = {request.url, *request.meta.get("redirect_urls", [])}
            if target in chain:
                raise IgnoreRequest(f"redirect loop: {request.url} redirects back to {target}")
        return response


def _source_of(crawler: Crawler, request: Request) -> Source | None:
    """The configured source a request belongs to (None for Scrapy's own requests, e.g. robots.txt)."""
    name = request.meta.get("source")
    source_named = getattr(crawler.spider, "source_named", None)
    if name is None or source_named is None:
        return None
    try:
        source: Source = source_named(name)
    except KeyError:
        return None
    return source


class HostGuardMiddleware:
    """Refuses every request that leaves its source's hosts (``newstrack.crawler.hosts``), whatever
    led to it, and counts it as ``newstrack/refused/<reason>``.

    Runs right after Scrapy's OffsiteMiddleware (50), which filters by the union of all sources'
    hosts; this one holds each request to its own source, its scheme and the address rule, before
    the robots.txt middleware (100) would ask the host anything."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostGuardMiddleware:
        from scrapy import signals

        from newstrack.crawler.resolver import permit_spider_hosts

        crawler.signals.connect(permit_spider_hosts, signal=signals.spider_opened)
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        source = _source_of(self.crawler, request)
        if source is None:
            return
        reason = refusal(request.url, source)
        if reason is not None:
            if self.crawler.stats:
                self.crawler.stats.inc_value(STAT_PREFIX + reason)
            raise IgnoreRequest(f"refused ({reason}): {request.url} is outside source {source.name!r}")


class RedirectGuardMiddleware:
    """Refuses a redirect (3xx ``Location`` or ``<meta http-equiv=refresh>``) that leaves its source's
    hosts: the page is recorded as an error with the reason, and the other host's body is never
    fetched, let alone stored under the source's URL.

    Runs before RedirectMiddleware (600) and MetaRefreshMiddleware (580) see the response (its
    priority is above theirs).  Counted as ``newstrack/refused/redirect_<reason>``."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.meta_refresh = crawler.settings.getbool("METAREFRESH_ENABLED")
        self.ignore_tags = crawler.settings.getlist("METAREFRESH_IGNORE_TAGS")
        self.max_delay = crawler.settings.getint("METAREFRESH_MAXDELAY")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectGuardMiddleware:
        return cls(crawler)

    def redirect_target(self, request: Request, response: Response) -> str | None:
        """Where the response sends the client next, as RedirectMiddleware or MetaRefreshMiddleware would follow it."""
        raw_location = response.headers.get(b"Location")
        if response.status in _REDIRECT_STATUSES and raw_location:
            location = safe_url_string(raw_location)
            if raw_location.startswith(b"//"):
                location = request.url.split(":", 1)[0] + "://" + location.lstrip("/")
            return urljoin(request.url, location)
        if self.meta_refresh and isinstance(response, HtmlResponse):
            interval, url = get_meta_refresh(response, ignore_tags=self.ignore_tags)
            if url and interval is not None and float(interval) < self.max_delay:
                return url
        return None

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        if request.meta.get("dont_redirect"):
            return response
        source = _source_of(self.crawler, request)
        target = self.redirect_target(request, response) if source is not None else None
        if source is None or target is None:
            return response
        reason = refusal(target, source)
        if reason is not None:
            if self.crawler.stats:
                self.crawler.stats.inc_value(f"{STAT_PREFIX}redirect_{reason}")
            hint = "; to follow it, add its host to the source's allow" if reason == "other_host" else ""
            raise IgnoreRequest(f"refused: redirect to {target} ({reason.replace('_', ' ')}), outside source {source.name!r}{hint}")
        return response
